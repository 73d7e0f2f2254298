#!/usr/bin/env bash
# Regenerates vectors/scenarios/<name>.oracle.txt: builds each scenario's chain exactly
# as vectors/tests/golden_scenarios.rs does (generator seed 1, the engine supplying the
# consensus hashes the ops cite), writes it as blk*.dat plus the oracle params file
# (the `write_oracle_inputs` ignored test), runs the reference oracle over it, and
# stores the oracle's `HEIGHT BLOCKHASH CONSENSUS_HASH` lines after a comment line
# giving the exact command, followed by `# oracle-accepted HEIGHT TXID` lines (the
# accepted ops of the oracle's --dump). The full dump is kept next to the blocks (not
# committed).
#
#   vectors/scenarios/run-oracle.sh [NAME ...]     (default: every scenario)
#   WORK=/tmp/dir to keep the generated chains somewhere else.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
oracle="${ORACLE:-$root/../shared/oracle/run.sh}"
work="${WORK:-/tmp/golden-scenarios}"
mkdir -p "$work"

if [ "$#" -eq 0 ]; then
    set -- $(cd "$here" && ls *.json | sed 's/\.json$//')
fi

for name in "$@"; do
    rm -rf "${work:?}/$name"
    (cd "$root" && GOLDEN_OUT="$work" GOLDEN_SCENARIO="$name" \
        cargo test -q -p bns-vectors --test golden_scenarios -- --ignored write_oracle_inputs --nocapture) \
        | grep -E '^(WROTE|SKIP)' || true
    if [ ! -f "$work/$name/params.json" ]; then
        echo "no chain for $name (see SKIP above)" >&2
        continue
    fi
    cmd="$oracle --blocks $work/$name/blocks --network regtest --params $work/$name/params.json --dump $work/$name/oracle-dump.json"
    if out="$($cmd 2>"$work/$name/oracle.stderr")"; then
        {
            echo "# ../shared/oracle/run.sh --blocks \$WORK/$name/blocks --network regtest --params \$WORK/$name/params.json --dump \$WORK/$name/oracle-dump.json"
            echo "$out"
            # the oracle's accepted ops (from its --dump), checked against each op's expect
            python3 -c 'import json, sys
for op in json.load(open(sys.argv[1]))["accepted_ops"]:
    print("# oracle-accepted %d %s" % (op["block_id"], op["txid"]))' "$work/$name/oracle-dump.json"
        } > "$here/$name.oracle.txt"
        echo "oracle: $name: $(echo "$out" | wc -l) blocks"
    else
        echo "oracle FAILED for $name (exit $?; see $work/$name/oracle.stderr)" >&2
    fi
done
