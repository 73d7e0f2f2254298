#!/usr/bin/env bash
# Run the reference oracle over chains written by chaingen, plain and messy layouts,
# and check that it reads them without complaint, prints one line per block from FIRST
# to the tip, gives the same consensus hashes for both layouts (same best chain), and
# ends in the state the scenario's `expect` section describes.
#
# Not part of `cargo test` (needs the oracle: ../shared/oracle/setup.sh).
# Usage: vectors/oracle-check.sh [SCENARIO ...]   (default: vectors/scenarios/examples/*.json)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
oracle="${ORACLE:-$repo/../shared/oracle/run.sh}"
[ -x "$oracle" ] || { echo "oracle-check: oracle not installed at $oracle (set ORACLE=...)"; exit 2; }
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=("$here"/scenarios/examples/*.json)
work="$(mktemp -d /tmp/chaingen-oracle.XXXXXX)"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && cargo build -q -p bns-vectors --bin chaingen)
chaingen="$repo/target/debug/chaingen"
fail=0
for scenario in "${scenarios[@]}"; do
  name="$(basename "$scenario" .json)"
  for layout in plain messy; do
    out="$work/$name-$layout"
    case $layout in
      plain) extra=() ;;
      messy) extra=(--xor random --out-of-order 8 --stale-forks 3 --truncate-tail --max-file-size 200KiB --padding-chunk 1MiB) ;;
    esac
    "$chaingen" scenario "$scenario" --seed 7 --out "$out" --params-out "$work/$name.params.json" "${extra[@]}" > "$out.gen.txt"
    # The same chain again, printing the inline engine's hash lines (oracle format).
    "$chaingen" scenario "$scenario" --seed 7 --out "$out.again" --print-hashes > "$out.engine-lines"
    if ! "$oracle" --blocks "$out" --network regtest --params "$work/$name.params.json" --dump "$out.dump.json" > "$out.lines" 2> "$out.err"; then
      echo "FAIL $name/$layout: oracle exited non-zero (see below)"; tail -5 "$out.err"; fail=1; continue
    fi
  done
  python3 - "$work/$name" "$work/$name-plain/scenario-manifest.json" <<'PY' || fail=1
import json, sys
base, manifest_path = sys.argv[1], sys.argv[2]
m = json.load(open(manifest_path))
first, tip = m["first_block"], m["blocks"][-1]["height"]
plain = open(base + "-plain.lines").read().split("\n")[:-1]
messy = open(base + "-messy.lines").read().split("\n")[:-1]
name = m["scenario"]
ok = True
def bad(msg):
    global ok
    ok = False
    print("FAIL %s: %s" % (name, msg))
if len(plain) != tip - first + 1:
    bad("oracle printed %d lines, expected %d (heights %d..%d)" % (len(plain), tip - first + 1, first, tip))
for line, block in zip(plain, m["blocks"][first:]):
    h, bh, ch = line.split()
    if int(h) != block["height"] or bh != block["hash"]:
        bad("line %r does not match block %d %s" % (line, block["height"], block["hash"]))
        break
if plain != messy:
    bad("messy layout gave different lines than the plain one")
engine = open(base + "-plain.engine-lines").read().split("\n")[:-1]
for o, e in zip(plain, engine):
    if o != e:
        bad("engine and oracle differ first at: oracle %r, engine %r" % (o, e))
        break
if len(engine) != len(plain):
    bad("engine printed %d lines, oracle %d" % (len(engine), len(plain)))
dump = json.load(open(base + "-plain.dump.json"))
addr = {w["name"]: w["address"] for w in m["wallets"]}
accepted = {a["txid"] for a in dump["accepted_ops"]}
for op in m["ops"]:
    want = op["expect"] == "accepted"
    if (op["txid"] in accepted) != want and op["op"] not in ("announce", "fund", "raw"):
        bad("op %s %s at %d: expected %s, oracle %s" % (op["op"], op.get("name") or op.get("namespace_id"), op["height"], op["expect"], "accepted" if op["txid"] in accepted else "not accepted"))
names = {}
for row in dump["names"]:
    names[row["name"]] = row
exp = m.get("expect") or {}
for fqn, fields in (exp.get("names") or {}).items():
    row = names.get(fqn)
    if row is None:
        bad("name %s missing from the oracle state" % fqn); continue
    for k, v in fields.items():
        got = row.get("address") if k == "owner" else row.get(k)
        want = addr.get(v, v) if k in ("owner", "importer", "recipient") else v
        if got != want:
            bad("name %s: %s = %r, expected %r" % (fqn, k, got, want))
for fqn in exp.get("absent_names") or []:
    if fqn in names and names[fqn].get("registered"):
        bad("name %s should be absent" % fqn)
nss = {n["namespace_id"]: n for n in dump["namespaces"]}
for ns, fields in (exp.get("namespaces") or {}).items():
    row = nss.get(ns)
    if row is None:
        bad("namespace %s missing" % ns); continue
    for k, v in fields.items():
        got = row.get("recipient_address") if k == "recipient" else row.get(k)
        want = addr.get(v, v) if k == "recipient" else v
        if got != want:
            bad("namespace %s: %s = %r, expected %r" % (ns, k, got, want))
print("%s %s: %d blocks %d..%d, %d accepted ops, %d names, plain == messy: %s, engine == oracle: %s" % (
    "OK  " if ok else "FAIL", name, len(plain), first, tip, len(dump["accepted_ops"]), len(names), plain == messy, plain == engine))
sys.exit(0 if ok else 1)
PY
done
exit $fail
