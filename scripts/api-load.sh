#!/usr/bin/env bash
# api-load.sh (--blocks DIR | --url http://HOST:PORT [--pid PID]) [--name NAME] [--history NAME]
#             [--connections N] [--duration SECS] [--threads N] [--oracle] [--network NET]
#
# Load on bns-api (issue 10 §5). With --blocks, serves DIR with the release build of the
# example serve_blocks (in-memory model); with --url, loads a server already running
# (e.g. `replay --store DIR serve`; give --pid to sample its memory). Runs `oha` if
# installed (cargo install oha), else `wrk` (apt-get install wrk) against
# /v1/names/NAME and /v1/names/HISTORY/history?page=0 at N connections (default 64)
# for SECS seconds (default 30) each, sampling the server's RSS every second, and
# prints req/s, latency percentiles, RSS min/max and the load average.
# --oracle: also start the reference's REST API on the same blocks
# (../shared/oracle/run.sh --blocks DIR --network NET --serve-api PORT) and load it the
# same way (1 connection and 64, for the ratio).
# Exit: 0 ok, 2 usage, 3 a tool failed.
set -euo pipefail
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
[[ "${1:-}" == "--help" || "${1:-}" == "-h" ]] && { usage; exit 0; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${BNS_SHARED_DIR:-$ROOT/../shared}
[[ -d "$SHARED/oracle" ]] || SHARED=$(cd "$ROOT/../../shared" 2>/dev/null && pwd || true)
BLOCKS=""; URL=""; PID=""; NAME=""; HIST=""; CONN=64; DUR=30; THREADS=2; ORACLE=0; NETWORK=regtest
while [[ $# -gt 0 ]]; do
  case "$1" in
    --blocks) BLOCKS=$2; shift 2;;
    --url) URL=$2; shift 2;;
    --pid) PID=$2; shift 2;;
    --name) NAME=$2; shift 2;;
    --history) HIST=$2; shift 2;;
    --connections) CONN=$2; shift 2;;
    --duration) DUR=$2; shift 2;;
    --threads) THREADS=$2; shift 2;;
    --oracle) ORACLE=1; shift;;
    --network) NETWORK=$2; shift 2;;
    *) echo "api-load.sh: error: unknown argument $1" >&2; exit 2;;
  esac
done
[[ -n "$BLOCKS" || -n "$URL" ]] || { usage >&2; exit 2; }
TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'echo "api-load.sh: interrupted" >&2; exit 130' INT
trap 'echo "api-load.sh: interrupted" >&2; exit 143' TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # URL PID
  for _ in $(seq 1 1500); do
    curl -fsS -o /dev/null "$1/v1/ping" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.2
  done; return 1
}
if [[ -n "$BLOCKS" ]]; then
  (cd "$ROOT" && nice -n 5 cargo build -q --release -p bns-api --example serve_blocks) || exit 3
  PORT=$(free_port)
  "$ROOT/target/release/examples/serve_blocks" --blocks "$BLOCKS" --network "$NETWORK" --listen "127.0.0.1:$PORT" 2> "$TMP/server.err" &
  PID=$!; PIDS+=("$PID"); URL="http://127.0.0.1:$PORT"
  wait_http "$URL" "$PID" || { cat "$TMP/server.err" >&2; exit 3; }
fi
if [[ -z "$NAME" ]]; then
  NAME=$(curl -fsS "$URL/v1/names?page=0" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0])')
fi
[[ -n "$HIST" ]] || HIST=$NAME
TOOL=$(command -v oha || command -v wrk || true)
[[ -n "$TOOL" ]] || { echo "api-load.sh: error: neither oha nor wrk found (cargo install oha, or apt-get install wrk)" >&2; exit 3; }
load() { # LABEL URL CONNECTIONS SERVER_PID
  local label=$1 url=$2 conn=$3 spid=${4:-}
  local rss=$TMP/rss.$RANDOM
  if [[ -n "$spid" ]]; then
    ( while kill -0 "$spid" 2>/dev/null; do awk '/VmRSS/{print $2}' "/proc/$spid/status" >> "$rss" 2>/dev/null || true; sleep 1; done ) &
    local sampler=$!
  fi
  echo "== $label: $url, $conn connections, ${DUR}s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ "$(basename "$TOOL")" == oha ]]; then
    "$TOOL" --no-tui -z "${DUR}s" -c "$conn" "$url" | grep -E "Requests/sec|Slowest|Fastest|Average|50.00%|90.00%|99.00%|99.90%|\[2|\[4|\[5" || true
  else
    "$TOOL" -t "$(( conn < THREADS ? conn : THREADS ))" -c "$conn" -d "${DUR}s" --latency "$url" | grep -E "Requests/sec|Latency|50%|75%|90%|99%|Non-2xx|requests in|Socket errors" || true
  fi
  if [[ -n "$spid" ]]; then
    kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
    [[ -s "$rss" ]] && sort -n "$rss" | awk 'NR==1{min=$1} {max=$1} END{printf "   server RSS: min %d KiB, max %d KiB over %d samples\n", min, max, NR}'
  fi
  echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores visible; tool: $(basename "$TOOL")"
load "ours /v1/names/$NAME" "$URL/v1/names/$NAME" "$CONN" "$PID"
load "ours history $HIST" "$URL/v1/names/$HIST/history?page=0" "$CONN" "$PID"
if [[ $ORACLE == 1 ]]; then
  [[ -n "$BLOCKS" ]] || { echo "api-load.sh: error: --oracle needs --blocks" >&2; exit 2; }
  OPORT=$(free_port)
  "$SHARED/oracle/run.sh" --blocks "$BLOCKS" --network "$NETWORK" --serve-api "$OPORT" > "$TMP/oracle.out" 2>&1 &
  OPID=$!; PIDS+=("$OPID")
  wait_http "http://127.0.0.1:$OPORT" "$OPID" || { tail -20 "$TMP/oracle.out" >&2; exit 3; }
  load "reference /v1/names/$NAME" "http://127.0.0.1:$OPORT/v1/names/$NAME" 1 ""
  load "reference /v1/names/$NAME" "http://127.0.0.1:$OPORT/v1/names/$NAME" "$CONN" ""
fi
