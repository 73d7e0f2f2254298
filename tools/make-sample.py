#!/usr/bin/env python3
"""Writes vectors/sample/sample.json: the scenario behind the committed sample datadir
(vectors/sample/blocks, see vectors/sample/README.md and tools/make-sample.sh).

Deterministic: no randomness beyond a fixed-seed random.Random, so running it twice
gives the same file. The scenario format is vectors/SCENARIO-FORMAT.md.

What the chain holds (regtest parameter set, FIRST 688; epochs end at 750/800/850):
  * namespace `sample`   (v1, burn; coeff 250 base 4) revealed/readied in epoch 1,
    300 names preordered and registered over ~40 blocks;
  * namespace `imported` (v1, burn; flat curve coeff 1 base 2) revealed in epoch 1,
    names imported by the revealer and its import-keychain children, then readied;
    an import after the ready (rejected);
  * namespace `creator`  (v2, pay-to-creator) revealed in epoch 3; names registered
    with the preorder fee paid to the creator (and one paid to the burn address
    inside the fee window: rejected);
  * namespace `pending`  (v1) revealed but never readied;
  * updates, transfers (keeping and clearing data), renewals, two revokes, a
    p2sh-multisig registrant (epoch 2), a p2sh-p2wpkh registrant (epoch 3), and a
    handful of ops the reference rejects (each with the reason in `note`);
  * filler payments in every block.
"""
import json
import random
import sys

RNG = random.Random(20261122)

FIRST = 688
N_USERS = 40
SAMPLE_NAMES = 300
CREATOR_NAMES = 24

ADJ = ["amber", "brave", "calm", "dusty", "eager", "fuzzy", "glad", "hazel", "icy",
       "jolly", "keen", "lucky", "mellow", "noble", "olive", "proud", "quiet", "rapid",
       "sunny", "tidy", "urban", "vivid", "witty", "young", "zesty"]
NOUN = ["otter", "falcon", "maple", "harbor", "comet", "pixel", "meadow", "lantern",
        "cobalt", "willow", "ember", "canyon", "pepper", "quartz", "tundra", "violet",
        "walrus", "yonder", "zephyr", "badger", "cedar", "dynamo", "fjord", "garnet"]


def make_names(count, taken):
    out = []
    while len(out) < count:
        a, n = RNG.choice(ADJ), RNG.choice(NOUN)
        style = RNG.random()
        if style < 0.6:
            base = a + n
        elif style < 0.8:
            base = "%s-%s" % (a, n)
        else:
            base = "%s%s%d" % (a, n, RNG.randrange(1, 99))
        if base in taken:
            continue
        taken.add(base)
        out.append(base)
    return out


def zonefile(fqn, version):
    return "$ORIGIN %s\n$TTL 3600\n_http._tcp URI 10 1 \"https://example.org/%s/v%d\"\n" % (
        fqn, fqn.split(".")[0], version)


def vhash(text):
    import hashlib
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def main():
    wallets = [
        {"name": "nsadmin", "seed": "bns-sample-nsadmin", "btc": 5000000000, "utxos": 6},
        {"name": "importer", "seed": "bns-sample-importer", "btc": 2000000000, "utxos": 6},
        {"name": "creator", "seed": "bns-sample-creator", "btc": 2000000000, "utxos": 6},
    ]
    for i in range(3):
        wallets.append({"name": "imp%d" % i, "keychain_child": {"of": "importer", "index": i},
                        "btc": 100000000, "utxos": 4})
    users = ["u%02d" % i for i in range(N_USERS)]
    for i, u in enumerate(users):
        w = {"name": u, "seed": "bns-sample-" + u, "btc": 300000000, "utxos": 6}
        if i % 7 == 3:
            w["compressed"] = False
        wallets.append(w)
    wallets.append({"name": "ms", "kind": "p2sh-multisig", "m": 2, "btc": 300000000, "utxos": 6,
                    "keys": [{"seed": "bns-sample-ms-%d" % k} for k in range(3)]})
    wallets.append({"name": "sw", "kind": "p2sh-p2wpkh", "seed": "bns-sample-sw",
                    "btc": 300000000, "utxos": 6})

    blocks = []

    def block(ops, label=None, filler=None):
        b = {"ops": ops}
        if label:
            b["label"] = label
        b["filler"] = filler if filler is not None else RNG.randrange(1, 6)
        blocks.append(b)

    def height_of_next():
        h = FIRST
        for b in blocks:
            h += b.get("advance", 1)
        return h

    taken = set()
    owners = {}  # fqn -> wallet
    std_buckets = [6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]

    # --- namespaces (epoch 1, inside the genesis consensus-hash window) ---------------
    block([
        {"op": "namespace_preorder", "from": "nsadmin", "namespace_id": "sample", "reveal": "nsadmin", "fee": "price"},
        {"op": "namespace_preorder", "from": "importer", "namespace_id": "imported", "reveal": "importer", "fee": "price"},
        {"op": "namespace_preorder", "from": "nsadmin", "namespace_id": "pending", "reveal": "nsadmin", "fee": "price"},
    ], "namespace preorders")
    block([
        {"op": "namespace_reveal", "from": "nsadmin", "namespace_id": "sample", "reveal": "nsadmin",
         "lifetime": 52595, "coeff": 250, "base": 4, "buckets": std_buckets,
         "nonalpha_discount": 10, "no_vowel_discount": 10, "version": 1},
        {"op": "namespace_reveal", "from": "importer", "namespace_id": "imported", "reveal": "importer",
         "lifetime": 52595, "coeff": 1, "base": 2, "buckets": [1] * 16,
         "nonalpha_discount": 1, "no_vowel_discount": 1, "version": 1},
        {"op": "namespace_reveal", "from": "nsadmin", "namespace_id": "pending", "reveal": "nsadmin",
         "lifetime": 5000, "coeff": 4, "base": 3, "buckets": [5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1],
         "nonalpha_discount": 2, "no_vowel_discount": 5, "version": 1},
    ], "namespace reveals")

    # imports into `imported` (revealed, not ready)
    imp_names = ["%s.imported" % n for n in make_names(12, taken)]
    block([
        {"op": "namespace_ready", "from": "nsadmin", "namespace_id": "sample"},
        {"op": "name_import", "from": "importer", "name": imp_names[0], "recipient": "u00",
         "value_hash": vhash(imp_names[0]), "note": "first import: from the reveal address"},
    ], "ready `sample`, first import")
    block([
        {"op": "name_import", "from": "imp%d" % (i % 3), "name": imp_names[i], "recipient": users[i],
         "value_hash": vhash(imp_names[i])} for i in range(1, 6)
    ] + [
        {"op": "namespace_ready", "from": "u01", "namespace_id": "imported", "expect": "rejected",
         "note": "only the revealer may ready a namespace"},
    ], "imports by keychain children")
    block([
        {"op": "name_import", "from": "imp%d" % (i % 3), "name": imp_names[i], "recipient": users[i],
         "value_hash": vhash(imp_names[i])} for i in range(6, 11)
    ] + [
        {"op": "name_import", "from": "imp1", "name": imp_names[2], "recipient": users[12],
         "value_hash": vhash(imp_names[2] + "again"), "note": "re-import overwrites the owner"},
        {"op": "name_import", "from": "u05", "name": "outsider.imported", "recipient": "u05",
         "value_hash": vhash("outsider"), "expect": "rejected", "note": "sender not in the import keychain"},
    ], "more imports")
    for i in range(11):
        owners[imp_names[i]] = users[i]
    owners[imp_names[2]] = users[12]
    block([{"op": "namespace_ready", "from": "importer", "namespace_id": "imported"}], "ready `imported`")
    block([
        {"op": "name_import", "from": "importer", "name": imp_names[11], "recipient": "u11",
         "value_hash": vhash(imp_names[11]), "expect": "rejected", "note": "namespace already ready"},
    ], "late import")

    # --- 300 names in `sample`: preorder in one block, register in the next ----------
    sample_names = ["%s.sample" % n for n in make_names(SAMPLE_NAMES, taken)]
    batches = []
    i = 0
    while i < len(sample_names):
        size = RNG.randrange(5, 14)
        batches.append(sample_names[i:i + size])
        i += size
    user_cycle = 0
    pending = []  # (fqn, wallet) preordered in the previous block
    rejected_done = False
    for k, batch in enumerate(batches + [[]]):
        ops = []
        for fqn, w in pending:
            ops.append({"op": "name_register", "from": w, "name": fqn, "zonefile": zonefile(fqn, 1)})
            owners[fqn] = w
        new_pending = []
        for fqn in batch:
            w = users[user_cycle % N_USERS]
            user_cycle += 1
            ops.append({"op": "name_preorder", "from": w, "name": fqn})
            new_pending.append((fqn, w))
        if k == 3:
            # a register with no preorder
            ops.append({"op": "name_register", "from": "u20", "name": "nopreorder.sample", "expect": "rejected",
                        "note": "no matching preorder"})
        if k == 5:
            # someone preorders a name registered two blocks ago; its register is rejected below
            stolen = batches[2][0]
            ops.append({"op": "name_preorder", "from": "u33", "name": stolen, "note": "preorder of a taken name"})
        if k == 6:
            ops.append({"op": "name_register", "from": "u33", "name": batches[2][0], "expect": "rejected",
                        "note": "name already registered"})
        if k == 8:
            ops.append({"op": "name_preorder", "from": "u21", "name": "underpaid.sample", "fee": 1000,
                        "note": "fee far below the price; the register is rejected"})
        if k == 9:
            ops.append({"op": "name_register", "from": "u21", "name": "underpaid.sample", "expect": "rejected",
                        "note": "preorder paid less than the name price"})
        RNG.shuffle(ops)
        block(ops, "sample batch %d" % k, filler=RNG.randrange(2, 8))
        pending = new_pending
        if RNG.random() < 0.25:
            blocks.append({"advance": RNG.randrange(1, 3)})

    # --- updates and transfers (epoch 1) ---------------------------------------------
    registered = [n for n in sample_names if n in owners]
    upd = RNG.sample(registered, 40)
    for chunk_start in range(0, 40, 10):
        ops = []
        for fqn in upd[chunk_start:chunk_start + 10]:
            ops.append({"op": "name_update", "from": owners[fqn], "name": fqn, "zonefile": zonefile(fqn, 2)})
        block(ops, "updates", filler=RNG.randrange(2, 6))
    # an update by a non-owner
    victim = upd[0]
    thief = next(u for u in users if u != owners[victim])
    block([
        {"op": "name_update", "from": thief, "name": victim, "zonefile": "$ORIGIN hijack\n", "expect": "rejected",
         "note": "sender does not own the name"},
        {"op": "name_update", "from": owners[imp_names[3]], "name": imp_names[3], "zonefile": zonefile(imp_names[3], 2),
         "note": "update of an imported name by its owner"},
    ], "update by a non-owner")
    xfer = RNG.sample([n for n in registered if n not in upd[:1]], 16)
    ops = []
    for j, fqn in enumerate(xfer[:8]):
        to = users[(users.index(owners[fqn]) + 17) % N_USERS]
        ops.append({"op": "name_transfer", "from": owners[fqn], "name": fqn, "recipient": to, "keep_data": j % 2 == 0})
        owners[fqn] = to
    block(ops, "transfers", filler=4)
    blocks.append({"advance": 2})
    ops = []
    for j, fqn in enumerate(xfer[8:]):
        to = users[(users.index(owners[fqn]) + 5) % N_USERS]
        ops.append({"op": "name_transfer", "from": owners[fqn], "name": fqn, "recipient": to, "keep_data": j % 3 != 0})
        owners[fqn] = to
    # transfer by a non-owner
    fqn = xfer[0]
    not_owner = next(u for u in users if u != owners[fqn])
    ops.append({"op": "name_transfer", "from": not_owner, "name": fqn, "recipient": not_owner, "expect": "rejected",
                "note": "sender does not own the name"})
    block(ops, "more transfers", filler=4)

    # --- into epoch 2 (751-800): multisig registrant, renewals, revokes ----------------
    h = height_of_next()
    if h < 752:
        blocks.append({"advance": 752 - h})
    ms_names = ["%s.sample" % n for n in make_names(3, taken)]
    block([{"op": "name_preorder", "from": "ms", "name": n} for n in ms_names], "multisig preorders (epoch 2)")
    block([{"op": "name_register", "from": "ms", "name": n, "zonefile": zonefile(n, 1)} for n in ms_names],
          "multisig registers")
    for n in ms_names:
        owners[n] = "ms"
    renew = RNG.sample([n for n in registered if n not in xfer], 12)
    block([{"op": "name_renew", "from": owners[n], "name": n} for n in renew[:6]], "renewals")
    block([{"op": "name_renew", "from": owners[n], "name": n} for n in renew[6:]] + [
        {"op": "name_renew", "from": "u39" if owners[xfer[1]] != "u39" else "u38", "name": xfer[1],
         "expect": "rejected", "note": "renewal by a non-owner"},
    ], "more renewals")
    revoked = [n for n in registered if n not in xfer and n not in renew and n not in upd][:2]
    block([{"op": "name_revoke", "from": owners[n], "name": n} for n in revoked], "revokes")
    blocks.append({"advance": 3})
    block([
        {"op": "name_update", "from": owners[revoked[0]], "name": revoked[0], "zonefile": "$ORIGIN again\n",
         "expect": "rejected", "note": "the name is revoked"},
    ] + [
        {"op": "name_update", "from": owners[n], "name": n, "zonefile": zonefile(n, 3)} for n in xfer[:5]
    ], "updates after transfers")

    # --- epoch 3 (801-850): a pay-to-creator namespace -----------------------------------
    h = height_of_next()
    if h < 802:
        blocks.append({"advance": 802 - h})
    block([{"op": "namespace_preorder", "from": "creator", "namespace_id": "creator", "reveal": "creator", "fee": "price"}],
          "preorder `creator` (epoch 3)")
    block([{"op": "namespace_reveal", "from": "creator", "namespace_id": "creator", "reveal": "creator",
            "lifetime": 52595, "coeff": 100, "base": 3, "buckets": [7, 6, 5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
            "nonalpha_discount": 4, "no_vowel_discount": 4, "version": 2}], "reveal `creator` (v2)")
    block([{"op": "namespace_ready", "from": "creator", "namespace_id": "creator"}], "ready `creator`")
    creator_names = ["%s.creator" % n for n in make_names(CREATOR_NAMES, taken)]
    pending = []
    cbatches = [creator_names[0:8], creator_names[8:16], creator_names[16:24], []]
    for k, batch in enumerate(cbatches):
        ops = []
        for fqn, w in pending:
            ops.append({"op": "name_register", "from": w, "name": fqn, "zonefile": zonefile(fqn, 1)})
            owners[fqn] = w
        new_pending = []
        for fqn in batch:
            w = "sw" if fqn == batch[0] and k == 1 else users[user_cycle % N_USERS]
            user_cycle += 1
            ops.append({"op": "name_preorder", "from": w, "name": fqn})
            new_pending.append((fqn, w))
        if k == 0:
            ops.append({"op": "name_preorder", "from": "u07", "name": "burnedfee.creator", "burn_to": "burn",
                        "note": "pays the burn address inside the creator's fee window"})
        if k == 1:
            ops.append({"op": "name_register", "from": "u07", "name": "burnedfee.creator", "expect": "rejected",
                        "note": "v2 namespace: the fee must go to the creator"})
        RNG.shuffle(ops)
        block(ops, "creator batch %d" % k, filler=RNG.randrange(2, 6))
        pending = new_pending
    block([{"op": "name_update", "from": owners[n], "name": n, "zonefile": zonefile(n, 2)} for n in creator_names[:4]]
          + [{"op": "name_transfer", "from": owners[creator_names[5]], "name": creator_names[5], "recipient": "u00",
              "keep_data": False}], "epoch 3 updates")
    owners[creator_names[5]] = "u00"
    blocks.append({"advance": 6})

    alive = {n: w for n, w in owners.items() if n not in revoked}
    scenario = {
        "format": 1,
        "name": "sample",
        "source": "hand-written",
        "description": ("The README's sample datadir (vectors/sample): written by tools/make-sample.py. "
                        "Namespaces `sample` (v1 burn), `imported` (v1, imports before ready), `creator` "
                        "(v2 pay-to-creator, epoch 3) and `pending` (revealed, never ready); %d names "
                        "registered or imported, with updates, transfers, renewals, revokes and a few "
                        "rejected ops; filler payments in every block." % len(owners)),
        "params": {"base": "regtest", "genesis_stx": "base"},
        "wallets": wallets,
        "blocks": blocks,
        "expect": {
            "names": {n: {"owner": alive[n]} for n in sorted(RNG.sample(sorted(alive), 25))},
            "absent_names": sorted(revoked + ["nopreorder.sample", "underpaid.sample", "burnedfee.creator",
                                              "outsider.imported", imp_names[11]]),
            "namespaces": {
                "sample": {"ready": True, "version": 1, "recipient": "nsadmin"},
                "imported": {"ready": True, "version": 1, "recipient": "importer"},
                "creator": {"ready": True, "version": 2, "recipient": "creator"},
                "pending": {"ready": False, "version": 1},
            },
        },
    }
    json.dump(scenario, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
