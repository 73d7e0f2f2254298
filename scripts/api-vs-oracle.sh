#!/usr/bin/env bash
# api-vs-oracle.sh DIR [--params FILE] [--network NET] [--queries FILE] [--answers FILE] [--keep]
#
# Replays the blocks directory DIR, serves it with bns-api (example serve_blocks), asks
# every question of the reference oracle's answers file and prints each difference
# (status, content type, JSON with int/float/str/null types kept apart, or raw body).
# Without --answers, runs ../shared/oracle/run.sh --api-answers on DIR first (its default
# questions, or with --queries the paths of FILE, one a line).
# Answers where the reference itself failed with a 5xx are not compared (reference
# defects; see api/README.md) but counted.
# Exit: 0 no difference, 1 differences, 2 usage, 3 a tool failed.
set -euo pipefail
usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }
[[ "${1:-}" == "--help" || "${1:-}" == "-h" ]] && { usage; exit 0; }
[[ $# -ge 1 ]] || { usage >&2; exit 2; }
DIR=$1; shift
PARAMS=""; NETWORK=regtest; ANSWERS=""; QUERIES=""; KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --params) PARAMS=$2; shift 2;;
    --network) NETWORK=$2; shift 2;;
    --answers) ANSWERS=$2; shift 2;;
    --queries) QUERIES=$2; shift 2;;
    --keep) KEEP=1; shift;;
    *) echo "api-vs-oracle.sh: error: unknown argument $1" >&2; exit 2;;
  esac
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${BNS_SHARED_DIR:-$ROOT/../shared}
[[ -d "$SHARED/oracle" ]] || SHARED=$(cd "$ROOT/../../shared" 2>/dev/null && pwd || true)
TMP=$(mktemp -d)
SERVER_PID=""
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true; [[ $KEEP == 1 ]] || rm -rf "$TMP"; }
trap cleanup EXIT
trap 'echo "api-vs-oracle.sh: interrupted" >&2; exit 130' INT
trap 'echo "api-vs-oracle.sh: interrupted" >&2; exit 143' TERM

PARGS=(); [[ -n "$PARAMS" ]] && PARGS=(--params "$PARAMS")
if [[ -z "$ANSWERS" ]]; then
  ANSWERS=$TMP/answers.jsonl
  QARGS=(); [[ -n "$QUERIES" ]] && QARGS=(--api-queries "$QUERIES")
  "$SHARED/oracle/run.sh" --blocks "$DIR" --network "$NETWORK" "${PARGS[@]}" "${QARGS[@]}" --api-answers "$ANSWERS" \
    > "$TMP/oracle.out" 2> "$TMP/oracle.err" || { echo "api-vs-oracle.sh: error: the oracle failed (see $TMP/oracle.err)" >&2; KEEP=1; exit 3; }
fi
(cd "$ROOT" && cargo build -q -p bns-api --example serve_blocks) || exit 3
BIN=$ROOT/target/debug/examples/serve_blocks
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" --blocks "$DIR" --network "$NETWORK" "${PARGS[@]}" --listen "127.0.0.1:$PORT" 2> "$TMP/server.err" &
SERVER_PID=$!
for _ in $(seq 1 600); do
  grep -q "listening" "$TMP/server.err" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.err" >&2; exit 3; }
  sleep 0.2
done
python3 - "$ANSWERS" "$PORT" <<'PY'
import http.client, json, sys

def typed(v):
    """JSON value with Python's bool/int/float distinctions made explicit."""
    if isinstance(v, bool): return ("bool", v)
    if isinstance(v, int): return ("int", v)
    if isinstance(v, float): return ("float", v)
    if isinstance(v, list): return ("list", [typed(x) for x in v])
    if isinstance(v, dict): return ("dict", sorted((k, typed(x)) for k, x in v.items()))
    return (type(v).__name__, v)

def first_diff(a, b, where="$"):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a: return "%s.%s: only ours has it (%r)" % (where, k, b[k])
            if k not in b: return "%s.%s: missing (reference %r)" % (where, k, a[k])
            d = first_diff(a[k], b[k], "%s.%s" % (where, k))
            if d: return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b): return "%s: %d items, reference %d" % (where, len(b), len(a))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, "%s[%d]" % (where, i))
            if d: return d
        return None
    if typed(a) != typed(b): return "%s: ours %r, reference %r" % (where, b, a)
    return None

answers, port = sys.argv[1], int(sys.argv[2])
asked = same = skipped = 0
diffs = []
for line in open(answers):
    ref = json.loads(line)
    path = ref["path"]
    if ref["status"] >= 500:
        skipped += 1
        continue
    asked += 1
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    ctype = resp.getheader("content-type", "")
    conn.close()
    problems = []
    if resp.status != ref["status"]:
        problems.append("status %d, reference %d" % (resp.status, ref["status"]))
    if ctype != ref.get("content_type"):
        problems.append("content type %r, reference %r" % (ctype, ref.get("content_type")))
    if "json" in ref:
        try:
            ours = json.loads(body)
            d = first_diff(ref["json"], ours)
            if d: problems.append(d)
        except ValueError:
            problems.append("body is not JSON: %r" % body[:200])
    elif "body" in ref and body.decode("utf-8", "replace") != ref["body"]:
        problems.append("body %r, reference %r" % (body[:200], ref["body"][:200]))
    if problems:
        diffs.append((path, problems))
    else:
        same += 1
for path, problems in diffs:
    print("DIFF %s: %s" % (path, "; ".join(problems)))
print("api-vs-oracle: %d asked, %d identical, %d different, %d reference 5xx not compared"
      % (asked, same, len(diffs), skipped))
sys.exit(1 if diffs else 0)
PY
