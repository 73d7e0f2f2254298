#!/usr/bin/env bash
# Regenerates the committed sample datadir (vectors/sample, see its README.md):
#   1. tools/make-sample.py            -> vectors/sample/sample.json (the scenario)
#   2. chaingen scenario ... --seed 1  -> vectors/sample/blocks/{blk0000[0-2].dat,xor.dat}
#      (messy layout: xor.dat, out-of-order storage in windows of 8, 2 stale forks,
#      256 KiB files, the last one zero-padded to a 64 KiB multiple) and
#      vectors/sample/scenario-manifest.json (which tx is which op)
#   3. with --oracle: the reference oracle over the blocks -> vectors/sample/expected-hashes.txt
#      (first line: `# ` + the exact oracle command). The oracle's default regtest
#      parameter set is exactly what this scenario needs (params.base "regtest",
#      genesis_stx "base"), so no --params file is passed.
#
#   tools/make-sample.sh [--oracle]     (run from anywhere; ~1 s, +~60 s with --oracle)
#
# vectors/tests/sample.rs checks that step 2 reproduces the committed files byte for
# byte, and that the engine's hashes equal expected-hashes.txt.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
sample=vectors/sample

# The exact chaingen layout flags; vectors/tests/sample.rs uses the same list.
CHAINGEN_FLAGS=(--seed 1 --stale-forks 2 --xor random --out-of-order 8 --max-file-size 256KiB --padding-chunk 64KiB)

python3 tools/make-sample.py > "$sample/sample.json"
rm -rf "$sample/blocks"
summary="$(cargo run -q -p bns-vectors --bin chaingen -- scenario "$sample/sample.json" \
    --out "$sample/blocks" "${CHAINGEN_FLAGS[@]}")"
echo "${summary%%$'\n'*}"
mv "$sample/blocks/scenario-manifest.json" "$sample/scenario-manifest.json"
du -b "$sample"/blocks/*

if [ "${1:-}" = "--oracle" ]; then
    dump="${TMPDIR:-/tmp}/bns-sample-oracle-dump.json"
    oracle="${BNS_ORACLE:-../shared/oracle/run.sh}"
    [ -x "$oracle" ] || oracle="$(git rev-parse --path-format=absolute --git-common-dir)/../../shared/oracle/run.sh"
    # The header names the command relative to the checkout, never this machine's paths.
    cmd="../shared/oracle/run.sh --blocks $sample/blocks --network regtest --dump DUMP.json"
    out="$("$oracle" --blocks "$sample/blocks" --network regtest --dump "$dump" 2>"${TMPDIR:-/tmp}/bns-sample-oracle.stderr")"
    { echo "# $cmd"; echo "$out"; } > "$sample/expected-hashes.txt"
    echo "oracle: $(echo "$out" | wc -l) blocks; dump in $dump"
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print("oracle dump: %d names, %d namespaces, %d accepted ops, %d preorders" % (
    len(d["names"]), len(d["namespaces"]), len(d["accepted_ops"]), len(d["preorders"])))' "$dump"
fi
