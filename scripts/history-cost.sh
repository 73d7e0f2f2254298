#!/usr/bin/env bash
# history-cost.sh --old-replay BIN [--runs N] [--network NET] [--work DIR] DATASET...
#
# The cost of the history tables (store format 4, issue 10 §1; BENCHMARKS.md "REST
# API"): replays each DATASET (a blk*.dat directory) into a fresh store with this
# checkout's release `replay` and with BIN, a `replay` built from the last format-3
# commit (no history tables), alternating the two in each of N rounds (default 3), and
# prints wall, user and sys seconds, peak RSS and the store's size for every replay,
# then the medians side by side. The two must print the same last hash line (checked).
# Stores go to DIR (default a temporary directory) and are deleted after each replay.
#
# Build BIN without touching this checkout, e.g.:
#   git worktree add --detach /tmp/f3 0007e4f
#   (cd /tmp/f3 && CARGO_TARGET_DIR=/tmp/f3-target cargo build --release -p bns-replay --bin replay)
#   scripts/history-cost.sh --old-replay /tmp/f3-target/release/replay DATA...
#   git worktree remove /tmp/f3
# Exit: 0 ok, 1 the two binaries disagree, 2 usage, 3 a replay failed.
set -euo pipefail
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OLD=""; RUNS=3; NETWORK=regtest; WORK=""; DATA=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --old-replay) OLD=$2; shift 2;;
    --runs) RUNS=$2; shift 2;;
    --network) NETWORK=$2; shift 2;;
    --work) WORK=$2; shift 2;;
    -h|--help) usage; exit 0;;
    -*) echo "history-cost.sh: error: unknown argument $1" >&2; exit 2;;
    *) DATA+=("$1"); shift;;
  esac
done
[[ -x "$OLD" && ${#DATA[@]} -gt 0 ]] || { usage >&2; exit 2; }
(cd "$ROOT" && nice -n 5 cargo build -q --release -p bns-replay --bin replay) || exit 3
NEW=${CARGO_TARGET_DIR:-$ROOT/target}/release/replay
TMP=$(mktemp -d ${WORK:+-p "$WORK"})
trap 'rm -rf "$TMP"' EXIT
trap 'echo "history-cost.sh: interrupted" >&2; exit 130' INT
trap 'echo "history-cost.sh: interrupted" >&2; exit 143' TERM
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores visible"
echo "new: $NEW (format 4, history tables); old: $OLD (format 3)"
RESULTS=$TMP/results.txt
: > "$RESULTS"
one() { # LABEL BIN DATASET ROUND
  local label=$1 bin=$2 data=$3 round=$4 store=$TMP/store
  rm -rf "$store"
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%e %U %S %M" -o "$TMP/time" "$bin" --from "$data" --network "$NETWORK" --store "$store" \
    --confirmations 0 --quiet > "$TMP/hashes.$label" || { echo "history-cost.sh: $label replay of $data failed" >&2; exit 3; }
  local size; size=$(du -sb "$store" | cut -f1)
  read -r wall user sys rss < "$TMP/time"
  echo "$(basename "$data") $label $round $wall $user $sys $rss $size $load" >> "$RESULTS"
  printf '%-12s %-4s round %s: wall %6.1f s, user %6.1f s, sys %5.1f s, peak RSS %5d MiB, store %7.1f MB (load %s)\n' \
    "$(basename "$data")" "$label" "$round" "$wall" "$user" "$sys" $((rss / 1024)) "$(echo "$size / 1000000" | bc -l)" "$load"
  rm -rf "$store"
}
for round in $(seq 1 "$RUNS"); do
  for data in "${DATA[@]}"; do
    # Alternate which binary goes first, so neither always meets the warmer cache.
    if (( round % 2 )); then order="new old"; else order="old new"; fi
    for label in $order; do
      if [[ $label == new ]]; then one new "$NEW" "$data" "$round"; else one old "$OLD" "$data" "$round"; fi
    done
    if [[ "$(tail -n 1 "$TMP/hashes.new")" != "$(tail -n 1 "$TMP/hashes.old")" ]]; then
      echo "history-cost.sh: the two replays of $data end on different lines" >&2; exit 1
    fi
  done
done
echo
python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
print("| dataset | format | runs | wall s (median, min–max) | user s | sys s | peak RSS MiB | store MB |")
print("|---|---|---|---|---|---|---|---|")
for data in dict.fromkeys(r[0] for r in rows):
    med = {}
    for label, fmt in (("old", "3 (no history)"), ("new", "4 (history)")):
        rs = [r for r in rows if r[0] == data and r[1] == label]
        col = lambda i: [float(r[i]) for r in rs]
        med[label] = {k: statistics.median(col(i)) for k, i in (("wall", 3), ("user", 4), ("sys", 5), ("rss", 6), ("size", 7))}
        print("| %s | %s | %d | %.1f (%.1f–%.1f) | %.1f | %.1f | %.0f | %.1f |" % (
            data, fmt, len(rs), med[label]["wall"], min(col(3)), max(col(3)), med[label]["user"],
            med[label]["sys"], med[label]["rss"] / 1024, med[label]["size"] / 1e6))
    o, n = med["old"], med["new"]
    print("| %s | 4 / 3 | | %.2f× | %.2f× | %.2f× | %.2f× | %.2f× |" % (
        data, n["wall"] / o["wall"], n["user"] / o["user"], n["sys"] / max(o["sys"], 0.01), n["rss"] / o["rss"],
        n["size"] / o["size"]))
EOF
