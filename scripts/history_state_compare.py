#!/usr/bin/env python3
"""history_state_compare.py ORACLE_DUMP OUR_STATE

Compare the final BNS state the reference oracle dumped (`run.sh --dump`, oracle
README §5) with ours: the engine's State as JSON lists, either a replay store's rows
(`cargo run --release -p bns-store --example state_json -- STORE OUT.json`, what
scripts/history-vs-oracle.sh compares) or the generator's (`chaingen history
--state-out`). A NULL column is `null` on both sides (account `metadata`, issue 12).

Compared, every row and every stored field:
  names       (key: name)               all fields of our NameRecord but the engine's
                                        bookkeeping `last_update_consensus_hash`
  namespaces  (key: namespace_id)       all fields of our NamespaceRecord
  preorders   (key: preorder_hash+txid) all fields
  accounts    (key: address, type)      all stored fields, plus balance = credit − debit
  consensus hashes (height → hash)      every height incl. the 4 genesis rows
Prints one line per difference (at most 50 per table) and a summary; exit 0 when
identical, 1 when not, 2 on bad input.
"""
import json
import sys

SKIP = {"last_update_consensus_hash"}


def op_fee(v):
    """Our OpFee is {"Int": n} / {"Float": x}; the oracle prints the number."""
    if isinstance(v, dict) and len(v) == 1:
        return next(iter(v.values()))
    return v


def norm(key, v):
    if key == "op_fee":
        v = op_fee(v)
        return float(v) if isinstance(v, (int, float)) else v
    if key == "buckets" and isinstance(v, str):
        return json.loads(v)
    return v


def compare_table(name, ours, theirs, keyf, field_map=None):
    field_map = field_map or {}
    ours_by = {keyf(r, False): r for r in ours}
    theirs_by = {keyf(r, True): r for r in theirs}
    diffs = []
    for k in sorted(set(ours_by) | set(theirs_by), key=str):
        a, b = ours_by.get(k), theirs_by.get(k)
        if a is None:
            diffs.append("%s %s: only in the oracle" % (name, k))
            continue
        if b is None:
            diffs.append("%s %s: only in ours" % (name, k))
            continue
        for f, va in sorted(a.items()):
            if f in SKIP:
                continue
            fb = field_map.get(f, f)
            if fb not in b:
                diffs.append("%s %s: field %s missing in the oracle dump" % (name, k, fb))
                continue
            x, y = norm(f, va), norm(f, b[fb])
            if x != y:
                diffs.append("%s %s: %s ours %r oracle %r" % (name, k, f, x, y))
    for d in diffs[:50]:
        print(d)
    if len(diffs) > 50:
        print("%s: %d more difference(s)" % (name, len(diffs) - 50))
    print("%-17s %7d ours %7d oracle  %s" % (name, len(ours_by), len(theirs_by),
                                           "identical" if not diffs else "%d DIFFERENCE(S)" % len(diffs)))
    return not diffs


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    try:
        oracle = json.load(open(sys.argv[1]))
        ours = json.load(open(sys.argv[2]))
    except (OSError, ValueError) as e:
        sys.stderr.write("history_state_compare: %s\n" % e)
        return 2
    ok = True
    ok &= compare_table("names", ours["names"], oracle["names"], lambda r, _o: r["name"])
    ok &= compare_table("namespaces", ours["namespaces"], oracle["namespaces"], lambda r, _o: r["namespace_id"])
    ok &= compare_table("preorders", ours["preorders"], oracle["preorders"],
                        lambda r, _o: (r["preorder_hash"], r["txid"]))
    for a in ours["accounts"]:
        a["balance"] = str(int(a["credit_value"]) - int(a["debit_value"]))
    ok &= compare_table("accounts", ours["accounts"], oracle["accounts"],
                        lambda r, o: (r["address"], r["type"] if o else r["token_type"]),
                        {"token_type": "type"})
    ours_ch = [{"height": int(h), "ch": c} for h, c in ours["consensus_hashes"].items()]
    theirs_ch = [{"height": int(s[0]), "ch": s[1]} for s in oracle["snapshots"]]
    ok &= compare_table("consensus_hashes", ours_ch, theirs_ch, lambda r, _o: r["height"])
    if ours.get("last_block") != oracle.get("last_block"):
        print("last_block ours %r oracle %r" % (ours.get("last_block"), oracle.get("last_block")))
        ok = False
    print("final state: %s" % ("IDENTICAL" if ok else "DIFFERENT"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
