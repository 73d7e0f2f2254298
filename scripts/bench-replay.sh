#!/usr/bin/env bash
# bench-replay.sh [DATA_DIR] [--threads N] [--no-drop]
#
# End-to-end throughput of `replay` on a bulk dataset (default bench-data/bulk-2g in the checkout,
# make one with: chaingen bulk --size 2200MiB --out bench-data/bulk-2g), compared
# with `cat blk*.dat > /dev/null` and a naive pipeline (rust-bitcoin full decode of every
# block + txid of every transaction: replay/examples/naive_pipeline.rs), each measured
# from the page cache (warm, after one untimed read and one untimed run of the same
# command) and after dropping it (cold; needs
# root for /proc/sys/vm/drop_caches; --no-drop skips the cold runs). Wall time, CPU time
# (user+sys; on a shared machine wall time mostly measures the neighbours), MB/s and
# peak RSS come from /usr/bin/time -v. Data never goes into the repository.
# A `bbparser` row runs the crates.io parser `bitcoin-block-parser` (its own parallel
# parser over the blk files, --threads threads, every block decoded and every txid
# computed: benches/block-parser-baseline, a crate outside the workspace); it is
# skipped with a message if that crate cannot be built (e.g. no crates.io access).
# REPLAY_BIN=path benches another replay binary (e.g. a copy of an older build).
# ROUNDS=N repeats the rows N times, alternating (default 1).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/bench-data/bulk-2g" THREADS=2 DROP=1
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) THREADS="$2"; shift 2;;
    --no-drop) DROP=0; shift;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
    *) DATA="$1"; shift;;
  esac
done
[ -d "$DATA" ] || { echo "no dataset at $DATA" >&2; exit 2; }

cargo build --quiet --release --manifest-path "$ROOT/Cargo.toml" -p bns-replay --bin replay --example naive_pipeline
REPLAY="${REPLAY_BIN:-$ROOT/target/release/replay}"
NAIVE="$ROOT/target/release/examples/naive_pipeline"
BBP_DIR="$ROOT/benches/block-parser-baseline"
BBP="$BBP_DIR/target/release/block-parser-baseline"
if ! cargo build --quiet --release --manifest-path "$BBP_DIR/Cargo.toml" 2>/dev/null || [ ! -x "$BBP" ]; then
  echo "note: benches/block-parser-baseline (bitcoin-block-parser) cannot be built here; its row is skipped" >&2
  BBP=""
fi
ROUNDS="${ROUNDS:-1}"
BYTES=$(cat "$DATA"/blk*.dat | wc -c)
TMP="$(mktemp -d /tmp/bench-replay.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT

drop_cache() { sync; echo 3 > /proc/sys/vm/drop_caches; }

# measure NAME MODE CMD... : prints one table row
measure() {
  local name="$1" mode="$2"; shift 2
  if [ "$mode" = cold ]; then
    rm -rf "$TMP/store"
    drop_cache
  else
    # One untimed run of the same command first (as farm-bench does): the first run
    # after the page cache was filled by another reader costs replay up to 0.2 s more
    # system time (the kernel's page-cache bookkeeping), whichever reader it was.
    cat "$DATA"/blk*.dat > /dev/null
    rm -rf "$TMP/store"
    "$@" > /dev/null 2>&1 || true
    rm -rf "$TMP/store"
  fi
  /usr/bin/time -v "$@" > "$TMP/out" 2> "$TMP/time"
  local secs rss cpu
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$TMP/time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$TMP/time")
  # cpu MB/s: bytes per CPU-second (what the run would reach alone on one core).
  awk -v n="$name" -v m="$mode" -v s="$secs" -v b="$BYTES" -v r="$rss" -v c="$cpu" \
    'BEGIN { printf "%-8s %-5s %8.2f s wall %9.1f MB/s  %7.2f s cpu %9.1f MB/cpu-s %8.1f MB RSS\n", n, m, s, b/1e6/s, c, b/1e6/(c>0?c:1e-9), r/1024 }'
}

echo "dataset $DATA: $((BYTES / 1000000)) MB in $(ls "$DATA"/blk*.dat | wc -l) file(s); threads $THREADS; $(nproc) core(s)"
MODES="warm"; [ "$DROP" = 1 ] && MODES="warm cold"
for round in $(seq "$ROUNDS"); do
for mode in $MODES; do
  echo "round $round, $mode: load average $(cut -d' ' -f1-3 /proc/loadavg)"
  measure cat "$mode" sh -c "cat '$DATA'/blk*.dat > /dev/null"
  # default: every best-chain block parsed and merkle-checked, as the oracle does
  measure replay "$mode" "$REPLAY" --from "$DATA" --store "$TMP/store" --confirmations 0 --quiet --threads "$THREADS"
  # --trust-blocks: files as a node wrote them (only checked blocks), no merkle pass
  measure replay-t "$mode" "$REPLAY" --from "$DATA" --store "$TMP/store" --confirmations 0 --quiet --threads "$THREADS" --trust-blocks
  measure naive "$mode" "$NAIVE" "$DATA" --threads "$THREADS"
  # bitcoin-block-parser: BlockParser::new_with_opts + parse(closure), unordered, on its own pool
  if [ -n "$BBP" ]; then measure bbparser "$mode" "$BBP" "$DATA" --threads "$THREADS"; fi
done
done
