#!/usr/bin/env bash
# Builds the snapshot benchmark's chaingen state (snapshots/BENCHMARKS.md): ~100k names
# registered through real transactions, replayed into an LMDB store.
#   1. tools/make-bench-100k.py [ARGS]  -> $OUT/bench-100k.json (the scenario)
#   2. chaingen scenario ... --seed 1   -> $OUT/blocks
#   3. replay --network regtest         -> $OUT/store
#   4. replay hashes/name queries       -> checks the name count in the store
#
#   tools/make-bench-100k.sh [WALLETS [NAMES_PER_WALLET [PER_BLOCK]]]
#   OUT=/some/dir tools/make-bench-100k.sh      (default /work/bench-data/snap-100k)
#
# Then: BNS_BENCH_STORE=$OUT/store cargo bench -p bns-benches --bench snapshots
# The generated data is large and must stay outside the repository.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="${OUT:-/work/bench-data/snap-100k}"
mkdir -p "$out"

python3 tools/make-bench-100k.py "$@" > "$out/bench-100k.json"
rm -rf "$out/blocks" "$out/store"
/usr/bin/time -f "chaingen: %e s wall, %M KiB max RSS" \
    cargo run -q --release -p bns-vectors --bin chaingen -- scenario "$out/bench-100k.json" \
    --seed 1 --out "$out/blocks" | head -n 3
/usr/bin/time -f "replay: %e s wall, %M KiB max RSS" \
    cargo run -q --release -p bns-replay --bin replay -- --from "$out/blocks" --network regtest \
    --store "$out/store" --confirmations 0 --quiet
du -sh "$out/blocks" "$out/store"
