#!/usr/bin/env bash
# api-load.sh (--store DIR | --blocks DIR | --url URL [--pid PID]) [options]
#
# Load on bns-api (issue 10 §5, BENCHMARKS.md "REST API") with wrk and a mix of routes.
#   --store DIR         serve DIR with `replay --store DIR serve` (release build)
#   --blocks DIR        replay DIR into a temporary store first (--network NET), then serve it
#   --in-memory         with --blocks: serve with api/examples/serve_blocks (in-memory model)
#   --url URL [--pid P] load a server already running (P: its pid, for the RSS samples)
#   --routes LIST       comma-separated route families loaded one after another (default
#                       all of: name,history,namespace,names_page,address,consensus,
#                       operations,prices,did,account; `none`: only the mixed run; with
#                       --history-name also hot_history). See scripts/api-load-paths.py.
#   --mix SPEC          weights of the mixed run, route=weight,... (api-load-paths.py default)
#   --duration S        seconds per route run (default 10)
#   --mixed-duration S  seconds of the mixed run (default: --duration; 0 skips it)
#   --connections N     wrk connections on our server (default 64); --threads N (default 2)
#   --keys N            names sampled for the request targets (default 1000)
#   --history-name NAME a name with a long history: adds the hot_history route (every
#                       /v1 history page of NAME and /x/v1/names/NAME/history)
#   --rss-every S       sample our server's RSS every S seconds over the whole script
#                       (default 10); start, peak and end are printed at the end
#   --reference         also serve the same blocks with the reference's own REST API
#                       (../shared/oracle/run.sh --blocks DIR --network NET --serve-api PORT)
#                       and load it right after ours with the same targets, for the ratio
#   --reference-blocks DIR   the blocks for --reference when ours is --store or --url
#   --reference-connections N   wrk connections on the reference (default 8: it serves one
#                       request at a time, more only queue)
#   --network NET       regtest (default) or mainnet; --out DIR keeps targets and raw output
# Prints the CPU, the load average before and after each run, one line per run and a
# markdown table (req/s, p50, p99 per route; ratio ours/reference).
# Exit: 0 ok, 2 usage, 3 a tool failed.
set -euo pipefail
usage() { sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; }
[[ "${1:-}" == "--help" || "${1:-}" == "-h" ]] && { usage; exit 0; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${BNS_SHARED_DIR:-$ROOT/../shared}
[[ -d "$SHARED/oracle" ]] || SHARED=$(cd "$ROOT/../../shared" 2>/dev/null && pwd || true)
STORE=""; BLOCKS=""; INMEM=0; URL=""; PID=""; ROUTES=""; MIX=""; DUR=10; MDUR=""; CONN=64; THREADS=2
KEYS=1000; HOT=""; RSS_EVERY=10; REF=0; REF_BLOCKS=""; REF_CONN=8; NETWORK=regtest; OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --store) STORE=$2; shift 2;;
    --blocks) BLOCKS=$2; shift 2;;
    --in-memory) INMEM=1; shift;;
    --url) URL=$2; shift 2;;
    --pid) PID=$2; shift 2;;
    --routes) ROUTES=$2; shift 2;;
    --mix) MIX=$2; shift 2;;
    --duration) DUR=$2; shift 2;;
    --mixed-duration) MDUR=$2; shift 2;;
    --connections) CONN=$2; shift 2;;
    --threads) THREADS=$2; shift 2;;
    --keys) KEYS=$2; shift 2;;
    --history-name) HOT=$2; shift 2;;
    --rss-every) RSS_EVERY=$2; shift 2;;
    --reference|--oracle) REF=1; shift;;
    --reference-blocks) REF_BLOCKS=$2; shift 2;;
    --reference-connections) REF_CONN=$2; shift 2;;
    --network) NETWORK=$2; shift 2;;
    --out) OUT=$2; shift 2;;
    *) echo "api-load.sh: error: unknown argument $1" >&2; exit 2;;
  esac
done
[[ -n "$STORE" || -n "$BLOCKS" || -n "$URL" ]] || { usage >&2; exit 2; }
[[ -n "$MDUR" ]] || MDUR=$DUR
[[ -n "$REF_BLOCKS" ]] || REF_BLOCKS=$BLOCKS
[[ $REF == 0 || -n "$REF_BLOCKS" ]] || { echo "api-load.sh: error: --reference needs --blocks or --reference-blocks" >&2; exit 2; }
command -v wrk > /dev/null || { echo "api-load.sh: error: wrk not found (apt-get install wrk)" >&2; exit 3; }
TMP=$(mktemp -d)
[[ -n "$OUT" ]] || OUT=$TMP/out
mkdir -p "$OUT"
PIDS=()
RGROUP=""
cleanup() {
  [[ -z "$RGROUP" ]] || kill -- "-$RGROUP" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'echo "api-load.sh: interrupted" >&2; exit 130' INT
trap 'echo "api-load.sh: interrupted" >&2; exit 143' TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # URL PID
  for _ in $(seq 1 36000); do
    curl -fsS -o /dev/null "$1/v1/ping" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.2
  done; return 1
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release

# --- our server
if [[ -n "$BLOCKS" && -z "$STORE" && -z "$URL" && $INMEM == 0 ]]; then
  (cd "$ROOT" && nice -n 5 cargo build -q --release -p bns-replay --bin replay) || exit 3
  STORE=$TMP/store
  "$BIN/replay" --from "$BLOCKS" --network "$NETWORK" --store "$STORE" --confirmations 0 --quiet > /dev/null || exit 3
fi
if [[ -n "$STORE" ]]; then
  (cd "$ROOT" && nice -n 5 cargo build -q --release -p bns-replay --bin replay) || exit 3
  PORT=$(free_port)
  "$BIN/replay" --store "$STORE" serve --listen "127.0.0.1:$PORT" 2> "$TMP/server.err" &
  PID=$!; PIDS+=("$PID"); URL="http://127.0.0.1:$PORT"
  wait_http "$URL" "$PID" || { cat "$TMP/server.err" >&2; exit 3; }
elif [[ -n "$BLOCKS" && -z "$URL" ]]; then
  (cd "$ROOT" && nice -n 5 cargo build -q --release -p bns-api --example serve_blocks) || exit 3
  PORT=$(free_port)
  "$BIN/examples/serve_blocks" --blocks "$BLOCKS" --network "$NETWORK" --listen "127.0.0.1:$PORT" 2> "$TMP/server.err" &
  PID=$!; PIDS+=("$PID"); URL="http://127.0.0.1:$PORT"
  wait_http "$URL" "$PID" || { cat "$TMP/server.err" >&2; exit 3; }
fi

# --- RSS sampler (our server), over the whole script
RSS_LOG=$OUT/rss.txt
: > "$RSS_LOG"
if [[ -n "$PID" ]]; then
  ( t=0; while kill -0 "$PID" 2>/dev/null; do
      echo "$t $(awk '/VmRSS/{print $2}' "/proc/$PID/status" 2>/dev/null)" >> "$RSS_LOG"
      sleep "$RSS_EVERY"; t=$((t + RSS_EVERY)); done ) &
  PIDS+=("$!")
fi

# --- the reference's server
RURL=""
if [[ $REF == 1 ]]; then
  RPORT=$(free_port)
  # Its own process group (setsid): run.sh starts the Python server as a child, which a
  # kill of run.sh alone left running after the script ended.
  setsid nice -n 5 "$SHARED/oracle/run.sh" --blocks "$REF_BLOCKS" --network "$NETWORK" --serve-api "$RPORT" \
    --workdir "$TMP/oracle" --dump "$TMP/oracle-state.json" > "$TMP/oracle.out" 2>&1 &
  RPID=$!; PIDS+=("$RPID"); RGROUP=$RPID; RURL="http://127.0.0.1:$RPORT"
  wait_http "$RURL" "$RPID" || { tail -20 "$TMP/oracle.out" >&2; exit 3; }
fi

# --- request targets, asked of our server
MIXARG=(); [[ -z "$MIX" ]] || MIXARG=(--mix "$MIX")
HOTARG=(); [[ -z "$HOT" ]] || HOTARG=(--history-name "$HOT")
python3 "$ROOT/scripts/api-load-paths.py" "$URL" "$OUT" --keys "$KEYS" "${MIXARG[@]}" "${HOTARG[@]}" || exit 3
if [[ -z "$ROUTES" ]]; then
  ROUTES=name,history,namespace,names_page,address,consensus,operations,prices,did,account
  [[ -z "$HOT" ]] || ROUTES=$ROUTES,hot_history
fi
[[ "$ROUTES" != none ]] || ROUTES=""

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores visible," \
  "flags: $(grep -m1 -o -w -e avx512f /proc/cpuinfo | head -1) $(grep -m1 -o -w sha_ni /proc/cpuinfo | head -1);" \
  "wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), $THREADS threads, on the same cores as the servers"
echo "ours: $URL${STORE:+ (store $STORE)}${RURL:+; reference: $RURL (blocks $REF_BLOCKS)}"

run() { # SIDE URL FILE CONN SECS LABEL
  local side=$1 url=$2 file=$3 conn=$4 secs=$5 label=$6 raw
  raw=$OUT/wrk.$side.$label.txt
  echo "== $side $label: $conn connections, ${secs}s, $(wc -l < "$file") targets, load average $(loadavg)"
  wrk -t "$(( conn < THREADS ? conn : THREADS ))" -c "$conn" -d "${secs}s" --timeout 10s --latency \
    -s "$ROOT/scripts/api-load.lua" "$url" -- "$file" > "$raw" 2>&1 || { cat "$raw" >&2; exit 3; }
  local res; res=$(grep '^RESULT' "$raw" || true)
  [[ -n "$res" ]] || { cat "$raw" >&2; exit 3; }
  echo "   $res; load average after $(loadavg)"
  echo "$side $label $res" >> "$OUT/results.txt"
}
: > "$OUT/results.txt"
IFS=, read -r -a ROUTE_LIST <<< "$ROUTES"
for r in "${ROUTE_LIST[@]}"; do
  [[ -s "$OUT/$r.txt" ]] || { echo "api-load.sh: error: unknown or empty route $r" >&2; exit 2; }
  run ours "$URL" "$OUT/$r.txt" "$CONN" "$DUR" "$r"
  [[ -z "$RURL" ]] || run reference "$RURL" "$OUT/$r.txt" "$REF_CONN" "$DUR" "$r"
done
if [[ "$MDUR" != 0 ]]; then
  run ours "$URL" "$OUT/mix.txt" "$CONN" "$MDUR" mix
  [[ -z "$RURL" ]] || run reference "$RURL" "$OUT/mix.txt" "$REF_CONN" "$MDUR" mix
fi

# --- summary
echo
python3 - "$OUT/results.txt" "$CONN" "$REF_CONN" <<'EOF'
import sys
rows = {}
order = []
for line in open(sys.argv[1]):
    side, label, _, *kv = line.split()
    d = dict(x.split("=", 1) for x in kv)
    rows[(side, label)] = d
    if label not in order:
        order.append(label)
ref = any(s == "reference" for s, _ in rows)
ms = lambda us: "%.2f ms" % (int(us) / 1000.0)
head = "| route | ours req/s (%s conn) | p50 | p99 | non-2xx |" % sys.argv[2]
if ref:
    head += " reference req/s (%s conn) | p50 | p99 | ratio |" % sys.argv[3]
print(head)
print("|" + "---|" * (head.count("|") - 1))
for label in order:
    o = rows.get(("ours", label))
    line = "| %s | %s | %s | %s | %s |" % (label, "{:,.0f}".format(float(o["rps"])), ms(o["p50_us"]), ms(o["p99_us"]), o["non2xx"]) if o else "| %s | | | | |" % label
    r = rows.get(("reference", label))
    if ref and r:
        ratio = float(o["rps"]) / float(r["rps"]) if o and float(r["rps"]) > 0 else float("nan")
        line += " %s | %s | %s | %.0f× |" % ("{:,.1f}".format(float(r["rps"])), ms(r["p50_us"]), ms(r["p99_us"]), ratio)
    print(line)
EOF
if [[ -s "$RSS_LOG" ]]; then
  awk 'NF==2 && $2 != "" {if (n==0) first=$2; if ($2>peak) peak=$2; last=$2; lt=$1; n++}
       END {printf "our server RSS (every %s s, %d samples over %d s): start %.1f MiB, peak %.1f MiB, end %.1f MiB\n", "'"$RSS_EVERY"'", n, lt, first/1024, peak/1024, last/1024}' "$RSS_LOG"
fi
echo "load average at the end: $(loadavg)"
