#!/usr/bin/env bash
# replay-vs-oracle.sh DIR [--network regtest|mainnet] [--params FILE] [--first-block N]
#                     [--freeze-height N|none] [--last-block N] [--release]
#
# Runs our `replay` and the reference oracle (../shared/oracle/run.sh) over the same
# block directory and diffs their `HEIGHT BLOCK_HASH CONSENSUS_HASH` lines. Both go to
# the best tip (replay --confirmations 0, as the oracle's NUM_CONFIRMATIONS is 0 in
# test mode and it always indexes to the tip). Exit 0 when identical, 1 when not.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORACLE="${BNS_ORACLE:-$ROOT/../shared/oracle/run.sh}"
# A worktree: the shared folder sits beside the main checkout.
[ -x "$ORACLE" ] || ORACLE="$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir)/../../shared/oracle/run.sh"

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] && [ "$1" != -h ] && [ "$1" != --help ] || usage
DIR="$1"; shift
NETWORK=regtest PARAMS="" PROFILE=dev
OVERRIDES=() LAST=() END=()
while [ $# -gt 0 ]; do
  case "$1" in
    --network) NETWORK="$2"; shift 2;;
    --params) PARAMS="$2"; shift 2;;
    --first-block|--freeze-height) OVERRIDES+=("$1" "$2"); shift 2;;
    --last-block) LAST=(--last-block "$2"); END=(--end "$2"); shift 2;;
    --release) PROFILE=release; shift;;
    -h|--help) usage;;
    *) echo "unknown argument: $1" >&2; usage;;
  esac
done
[ -d "$DIR" ] || { echo "no such directory: $DIR" >&2; exit 2; }

cargo build --quiet --manifest-path "$ROOT/Cargo.toml" -p bns-replay --bin replay --profile "$PROFILE"
BIN="$ROOT/target/$([ "$PROFILE" = dev ] && echo debug || echo release)/replay"

TMP="$(mktemp -d /tmp/replay-vs-oracle.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
PARAMS_ARG=()
[ -n "$PARAMS" ] && PARAMS_ARG=(--params "$PARAMS")
PARAMS_ARG+=(${OVERRIDES[@]+"${OVERRIDES[@]}"})

"$BIN" --from "$DIR" --store "$TMP/store" --network "$NETWORK" --confirmations 0 --quiet ${END[@]+"${END[@]}"} \
  ${PARAMS_ARG[@]+"${PARAMS_ARG[@]}"} > "$TMP/replay.txt"
"$ORACLE" --blocks "$DIR" --network "$NETWORK" --dump "$TMP/oracle-state.json" ${LAST[@]+"${LAST[@]}"} \
  ${PARAMS_ARG[@]+"${PARAMS_ARG[@]}"} > "$TMP/oracle.txt" 2> "$TMP/oracle.err" \
  || { echo "oracle failed:" >&2; tail -5 "$TMP/oracle.err" >&2; exit 2; }

if diff -u "$TMP/oracle.txt" "$TMP/replay.txt" > "$TMP/diff.txt"; then
  echo "identical: $(wc -l < "$TMP/replay.txt") line(s) ($DIR)"
else
  echo "DIFFERENT ($DIR): first lines of the diff (--- oracle, +++ replay):"
  head -20 "$TMP/diff.txt"
  exit 1
fi
