#!/usr/bin/env bash
# Builds the snapshot benchmark's chaingen state (snapshots/BENCHMARKS.md): ~100k names
# registered through real transactions, replayed into an LMDB store.
#   1. tools/make-bench-100k.py [ARGS]  -> $OUT/bench-100k.json (the scenario)
#   2. chaingen scenario ... --seed 1   -> $OUT/blocks
#   3. replay --network regtest         -> $OUT/store
#   4. replay hashes/name queries       -> checks the name count in the store
#
#   tools/make-bench-100k.sh [WALLETS [NAMES_PER_WALLET [PER_BLOCK]]]
#   OUT=/some/dir tools/make-bench-100k.sh      (default bench-data/snap-100k in the checkout)
#
# Then: BNS_BENCH_STORE=$OUT/store cargo bench -p bns-benches --bench snapshots
# The generated data is large and must stay outside the repository.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="${OUT:-$(cd "$(dirname "$0")/.." && pwd)/bench-data/snap-100k}"
mkdir -p "$out"

python3 tools/make-bench-100k.py "$@" > "$out/bench-100k.json"
rm -rf "$out/blocks" "$out/store"
cargo build -q --release -p bns-vectors --bin chaingen
cargo build -q --release -p bns-replay --bin replay
bin="${CARGO_TARGET_DIR:-$root/target}/release"
# chaingen prints one line per op (~206k): keep them in a log, show the summary line.
/usr/bin/time -f "chaingen: %e s wall, %U s user, %M KiB max RSS" \
    "$bin/chaingen" scenario "$out/bench-100k.json" --seed 1 --out "$out/blocks" > "$out/chaingen.log"
head -n 1 "$out/chaingen.log"
echo "ops the engine accepted: $(grep -c 'engine: accepted' "$out/chaingen.log")" \
    "(expect 3 namespace ops + 2 per name); rejected:" \
    "$(grep 'engine:' "$out/chaingen.log" | grep -v -c -e 'engine: accepted' -e ' fund ')"
/usr/bin/time -f "replay: %e s wall, %U s user, %M KiB max RSS" \
    "$bin/replay" --from "$out/blocks" --network regtest --store "$out/store" --confirmations 0 --quiet \
    > "$out/replay-hashes.txt"
tail -n 1 "$out/replay-hashes.txt"
du -sh "$out/blocks" "$out/store"
# Spot checks: the first and last name are registered (the bench prints the full count).
"$bin/replay" --store "$out/store" name n000000.benchnames > "$out/first-name.json"
grep -q '"name": "n000000.benchnames"' "$out/first-name.json" || { echo "n000000 missing" >&2; exit 1; }
last="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted(d["expect"]["names"])[-1])' "$out/bench-100k.json")"
"$bin/replay" --store "$out/store" name "$last" > "$out/last-name.json"
grep -q "\"name\": \"$last\"" "$out/last-name.json" || { echo "$last missing" >&2; exit 1; }
echo "store ok: $out/store (first and last name present)"
