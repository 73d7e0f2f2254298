#!/usr/bin/env bash
# explorer-screenshot.sh [--blocks DIR] [--network NET] [--out PNG] [--path /PATH] [--size WxH]
#
# Serves a chain (default: the sample chain, vectors/sample/blocks) with bns-api's
# example serve_blocks and takes a headless-Chromium screenshot of the explorer page
# (default path: `/?q=` of the first sample name; any explorer URL path works).
# Needs Debian's `chromium` (apt-get install chromium). Default --out:
# target/explorer.png (not committed).
# Exit: 0 ok, 2 usage, 3 a tool failed.
set -euo pipefail
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }
[[ "${1:-}" == "--help" || "${1:-}" == "-h" ]] && { usage; exit 0; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BLOCKS=$ROOT/vectors/sample/blocks; NETWORK=regtest; OUT=$ROOT/target/explorer.png; URLPATH="/"; SIZE=1280,1600
while [[ $# -gt 0 ]]; do
  case "$1" in
    --blocks) BLOCKS=$2; shift 2;;
    --network) NETWORK=$2; shift 2;;
    --out) OUT=$2; shift 2;;
    --path) URLPATH=$2; shift 2;;
    --size) SIZE=${2/x/,}; shift 2;;
    *) echo "explorer-screenshot.sh: error: unknown argument $1" >&2; exit 2;;
  esac
done
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$CHROMIUM" ]] || { echo "explorer-screenshot.sh: error: chromium not found (apt-get install chromium)" >&2; exit 3; }
TMP=$(mktemp -d)
SERVER_PID=""
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'echo "explorer-screenshot.sh: interrupted" >&2; exit 130' INT
trap 'echo "explorer-screenshot.sh: interrupted" >&2; exit 143' TERM
(cd "$ROOT" && nice -n 5 cargo build -q -p bns-api --example serve_blocks) || exit 3
BIN=$ROOT/target/debug/examples/serve_blocks
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" --blocks "$BLOCKS" --network "$NETWORK" --listen "127.0.0.1:$PORT" 2> "$TMP/server.err" &
SERVER_PID=$!
for _ in $(seq 1 600); do
  grep -q "listening" "$TMP/server.err" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.err" >&2; exit 3; }
  sleep 0.2
done
mkdir -p "$(dirname "$OUT")"
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
  --user-data-dir="$TMP/profile" --hide-scrollbars --window-size="$SIZE" \
  --screenshot="$OUT" "http://127.0.0.1:$PORT$URLPATH" > "$TMP/chromium.log" 2>&1 \
  || { cat "$TMP/chromium.log" >&2; exit 3; }
[[ -s "$OUT" ]] || { echo "explorer-screenshot.sh: error: no screenshot written" >&2; cat "$TMP/chromium.log" >&2; exit 3; }
echo "$OUT"
