#!/usr/bin/env bash
# export-vs-oracle.sh DIR [--network regtest|mainnet] [--params FILE] [--first-block N]
#                     [--last-block N] [--height H] [--zonefiles FILE] [--oracle-out DIR]
#                     [--release] [--keep]
#
# Replays the blocks in DIR into a new store with our `replay` (`replay --from DIR
# --store S --confirmations 0 [--end N]`), imports the zone files (`replay zonefiles
# import`), writes the Stacks 2.0 export (`replay --store S export stacks-v2 --out O
# [--export-height H]`), runs the reference's own v22.2.0.0 export over the same files
# (../shared/oracle/run.sh --export-dir, README §5b there), and compares the four files
# byte for byte. --last-block N = the tip T (both sides stop there); --height H = the
# export height X (default: the tip); --zonefiles = zone files (name_zonefiles.txt
# format) given to both sides; --oracle-out DIR = keep the oracle's export in DIR and,
# if DIR already holds one, reuse it (the oracle is slow). Exit 0 when identical, 1 when
# not, 2 on a failure to run either side.
#
# The oracle needs two v22.2.0.0 source files in $BNS_EXPORT_SOURCE (default
# ~/bns-ref-v22.2): blockstackd-v22.2.0.0.py and db-v22.2.0.0.py. If they are missing and
# $BNS_REF_GIT points to a blockstack-core git directory, they are extracted from it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The oracle: $BNS_ORACLE, else shared/oracle/run.sh in the nearest folder above the checkout.
ORACLE="${BNS_ORACLE:-}"
if [ -z "$ORACLE" ]; then
  d="$ROOT"
  while [ "$d" != / ] && [ ! -x "$d/shared/oracle/run.sh" ]; do d="$(dirname "$d")"; done
  ORACLE="$d/shared/oracle/run.sh"
fi
SRC="${BNS_EXPORT_SOURCE:-$HOME/bns-ref-v22.2}"

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] && [ "$1" != -h ] && [ "$1" != --help ] || usage
DIR="$1"; shift
NETWORK=regtest PROFILE=dev KEEP=0 ORACLE_OUT="" ZONEFILES=""
REPLAY=() EXPORT=() THEIRS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --network) NETWORK="$2"; shift 2;;
    --params|--first-block) REPLAY+=("$1" "$2"); THEIRS+=("$1" "$2"); shift 2;;
    --last-block) REPLAY+=(--end "$2"); THEIRS+=(--last-block "$2"); shift 2;;
    --height) EXPORT+=(--export-height "$2"); THEIRS+=(--export-block "$2"); shift 2;;
    --zonefiles) ZONEFILES="$2"; THEIRS+=(--zonefiles "$2"); shift 2;;
    --oracle-out) ORACLE_OUT="$2"; shift 2;;
    --release) PROFILE=release; shift;;
    --keep) KEEP=1; shift;;
    -h|--help) usage;;
    *) echo "unknown argument: $1" >&2; usage;;
  esac
done
[ -d "$DIR" ] || { echo "no such directory: $DIR" >&2; exit 2; }

TMP="$(mktemp -d /tmp/export-vs-oracle.XXXXXX)"
[ "$KEEP" = 1 ] && echo "keeping $TMP" >&2 || trap 'rm -rf "$TMP"' EXIT
[ -n "$ORACLE_OUT" ] || ORACLE_OUT="$TMP/oracle"

if [ ! -f "$ORACLE_OUT/chainstate.txt" ]; then
  if [ ! -f "$SRC/blockstackd-v22.2.0.0.py" ] || [ ! -f "$SRC/db-v22.2.0.0.py" ]; then
    [ -n "${BNS_REF_GIT:-}" ] || { echo "no v22.2.0.0 sources in $SRC (set BNS_EXPORT_SOURCE or BNS_REF_GIT)" >&2; exit 2; }
    mkdir -p "$SRC"
    git --git-dir="$BNS_REF_GIT" show v22.2.0.0:blockstack/blockstackd.py > "$SRC/blockstackd-v22.2.0.0.py"
    git --git-dir="$BNS_REF_GIT" show v22.2.0.0:blockstack/lib/nameset/db.py > "$SRC/db-v22.2.0.0.py"
  fi
fi

cargo build --quiet --manifest-path "$ROOT/Cargo.toml" -p bns-replay --bin replay --profile "$PROFILE"
BIN="$ROOT/target/$([ "$PROFILE" = dev ] && echo debug || echo release)/replay"

# Our side: replay into a new store, import the zone files, export.
"$BIN" --from "$DIR" --store "$TMP/store" --network "$NETWORK" --confirmations 0 --quiet \
  ${REPLAY[@]+"${REPLAY[@]}"} > "$TMP/replay.txt" 2> "$TMP/replay.err" \
  || { echo "our replay failed:" >&2; tail -3 "$TMP/replay.err" >&2; exit 2; }
if [ -n "$ZONEFILES" ]; then
  "$BIN" --store "$TMP/store" --quiet zonefiles import "$ZONEFILES" > "$TMP/zonefiles.txt" \
    || { echo "zone-file import failed" >&2; exit 2; }
fi
"$BIN" --store "$TMP/store" export stacks-v2 --out "$TMP/ours" ${EXPORT[@]+"${EXPORT[@]}"} > "$TMP/ours.txt" \
  || { echo "our export failed" >&2; exit 2; }

# The reference's side (or its kept export).
if [ ! -f "$ORACLE_OUT/chainstate.txt" ]; then
  mkdir -p "$(dirname "$ORACLE_OUT")"
  "$ORACLE" --blocks "$DIR" --network "$NETWORK" --dump "$TMP/oracle-state.json" \
    --export-dir "$ORACLE_OUT" --export-source "$SRC" ${THEIRS[@]+"${THEIRS[@]}"} \
    > "$TMP/oracle.txt" 2> "$TMP/oracle.err" \
    || { echo "oracle failed:" >&2; tail -5 "$TMP/oracle.err" >&2; rm -rf "$ORACLE_OUT"; exit 2; }
fi

SUMMARY="$(sed 's/^wrote [^:]*: //' "$TMP/ours.txt")"
STATUS=0
for f in chainstate.txt chainstate.txt.sha256 name_zonefiles.txt name_zonefiles.txt.sha256; do
  if ! cmp -s "$ORACLE_OUT/$f" "$TMP/ours/$f"; then
    STATUS=1
    echo "DIFFERENT $f ($DIR): first lines of the diff (--- oracle, +++ ours):"
    diff -u "$ORACLE_OUT/$f" "$TMP/ours/$f" | head -20 || true
  fi
done
if [ "$STATUS" = 0 ]; then
  echo "identical: 4 files, $SUMMARY ($DIR)"
fi
exit "$STATUS"
