#!/usr/bin/env python3
"""Writes the scenario behind the snapshot benchmark's 100k-name state
(snapshots/BENCHMARKS.md) to stdout. tools/make-bench-100k.sh runs it, then chaingen
and replay; the generated data lives outside the repository and is never committed.

Deterministic (no randomness at all): the same arguments give the same file. Format:
vectors/SCENARIO-FORMAT.md.

What the chain holds (parameter set `regtest`, FIRST 688, no genesis rows of its own):
  * one namespace `benchnames` (v1, burn) with a flat, cheap curve (coeff 1, base 2,
    every bucket 1, no discounts), preordered/revealed/readied in the first blocks;
  * WALLETS/100 bank wallets funded by chaingen's prelude, paying 0.02 BTC (4 UTXOs)
    to each name wallet with `fund` ops in the first two blocks;
  * WALLETS p2pkh wallets (key = SHA256("bns-bench-100k-wNNNNN"), the oracle's seed
    rule), each registering NAMES_PER_WALLET names to itself, below the reference's
    quota of 25 names per owner script (config.MAX_NAMES_PER_SENDER; register.py
    rejects a registration when the sender already owns 25);
  * each wallet works in slots of SLOT names: it preorders SLOT names in one block
    (one funding UTXO each) and registers them in the next block (spending the
    preorders' change outputs); PER_BLOCK names are preordered per block, so every
    block after the first carries PER_BLOCK registrations + PER_BLOCK preorders.

  * with HOT_UPDATES > 0 (default 0: the snapshot benchmark's state is unchanged): one
    more name, `hot.benchnames`, owned by nsadmin, preordered with the first names block,
    registered in the next and then updated HOT_UPDATES times, one NAME_UPDATE per block
    after the names blocks (a name with a long history, for the REST API's history
    routes; BENCHMARKS.md "REST API").

Usage: make-bench-100k.py [WALLETS [NAMES_PER_WALLET [PER_BLOCK [HOT_UPDATES]]]]
       (defaults 4200, 24, 1500, 0: 100,800 names in 68 name blocks)
"""
import json
import sys

SLOT = 4  # names a wallet preorders in one block = its funding UTXOs
BANK_ROUNDS = 2  # funding blocks
BANK_UTXOS = 50  # payments per bank per funding block
NAMESPACE = "benchnames"
HOT = "hot." + NAMESPACE  # the long-history name (HOT_UPDATES)


def main():
    wallets_n = int(sys.argv[1]) if len(sys.argv) > 1 else 4200
    per_wallet = int(sys.argv[2]) if len(sys.argv) > 2 else 24
    per_block = int(sys.argv[3]) if len(sys.argv) > 3 else 1500
    hot_updates = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    if hot_updates < 0 or hot_updates > 10000:
        sys.exit("HOT_UPDATES: 0 to 10,000")
    if per_wallet % SLOT or per_block % SLOT or per_wallet > 25:
        sys.exit("NAMES_PER_WALLET and PER_BLOCK must be multiples of %d, NAMES_PER_WALLET <= 25" % SLOT)
    wallets_per_block = per_block // SLOT
    if wallets_n > 30000 or 2 * wallets_per_block > wallets_n:
        sys.exit("WALLETS: more than two blocks' worth (a wallet must not preorder and register in one "
                 "block), at most 30,000 (bank wallets need mature coinbases)")

    # chaingen funds every wallet at FIRST-2 with its own transaction spending at least
    # one mature coinbase, and regtest has only ~590 of them: so only BANKS bank
    # wallets are funded there, and they pay the name wallets with `fund` ops (2 rounds
    # in the first two scenario blocks, one bank UTXO per payment, change reused).
    # Per name wallet: 2 * per_wallet ops at ~10,100 sat miner fee each, 5,500 sat dust
    # per registration, a price of a few hundred sat per name: 0.02 BTC is ample.
    per_bank = BANK_ROUNDS * BANK_UTXOS
    banks = ["bank%03d" % b for b in range((wallets_n + per_bank - 1) // per_bank)]
    wallets = [{"name": "nsadmin", "seed": "bns-bench-100k-nsadmin", "btc": 5000000000, "utxos": 4}]
    for b in banks:
        wallets.append({"name": b, "seed": "bns-bench-100k-" + b, "btc": BANK_UTXOS * 5000000,
                        "utxos": BANK_UTXOS})
    users = ["w%05d" % i for i in range(wallets_n)]
    for u in users:
        wallets.append({"name": u, "seed": "bns-bench-100k-" + u, "btc": 0})
    funding = [[] for _ in range(BANK_ROUNDS)]
    for i, u in enumerate(users):
        bank, k = divmod(i, per_bank)
        funding[k // BANK_UTXOS].append({"op": "fund", "from": banks[bank], "to": u, "amount": 2000000,
                                        "utxos": SLOT})

    blocks = [
        {"label": "namespace preorder, funding 1", "ops": [
            {"op": "namespace_preorder", "from": "nsadmin", "namespace_id": NAMESPACE, "reveal": "nsadmin",
             "fee": "price"}] + funding[0]},
        {"label": "namespace reveal, funding 2", "ops": [
            {"op": "namespace_reveal", "from": "nsadmin", "namespace_id": NAMESPACE, "reveal": "nsadmin",
             "lifetime": 52595, "coeff": 1, "base": 2, "buckets": [1] * 16,
             "nonalpha_discount": 1, "no_vowel_discount": 1, "version": 1}] + funding[1]},
        {"label": "namespace ready", "ops": [
            {"op": "namespace_ready", "from": "nsadmin", "namespace_id": NAMESPACE}]},
    ]

    # Slots in order: round r, wallet w -> names w*per_wallet + r*SLOT .. + SLOT.
    slots = []
    for r in range(per_wallet // SLOT):
        for w in range(wallets_n):
            slots.append((users[w], [w * per_wallet + r * SLOT + k for k in range(SLOT)]))
    groups = [slots[i:i + wallets_per_block] for i in range(0, len(slots), wallets_per_block)]

    def fqn(index):
        return "n%06d.%s" % (index, NAMESPACE)

    pending = []
    for k, group in enumerate(groups + [[]]):
        ops = []
        for wallet, names in pending:
            for i in names:
                ops.append({"op": "name_register", "from": wallet, "name": fqn(i)})
        for wallet, names in group:
            for i in names:
                ops.append({"op": "name_preorder", "from": wallet, "name": fqn(i)})
        if hot_updates and k == 0:
            ops.append({"op": "name_preorder", "from": "nsadmin", "name": HOT})
        if hot_updates and k == 1:
            ops.append({"op": "name_register", "from": "nsadmin", "name": HOT})
        blocks.append({"label": "names %d" % k, "ops": ops})
        pending = group
    for u in range(hot_updates):
        value_hash = "%040x" % (u + 1)
        blocks.append({"label": "hot update %d" % u, "ops": [
            {"op": "name_update", "from": "nsadmin", "name": HOT, "value_hash": value_hash}]})
    blocks.append({"advance": 2})

    total = wallets_n * per_wallet
    scenario = {
        "format": 1,
        "name": "bench-100k",
        "source": "hand-written",
        "description": ("Snapshot benchmark state (snapshots/BENCHMARKS.md), written by "
                        "tools/make-bench-100k.py: %d names in namespace `%s` registered by %d "
                        "wallets (%d each), %d preorders per block." % (total, NAMESPACE, wallets_n,
                                                                       per_wallet, per_block)),
        "params": {"base": "regtest", "genesis_stx": "base"},
        "wallets": wallets,
        "blocks": blocks,
        "expect": {
            "names": {fqn(i): {"owner": users[i // per_wallet]} for i in (0, total // 2, total - 1)},
            "namespaces": {NAMESPACE: {"ready": True, "version": 1, "recipient": "nsadmin"}},
        },
    }
    json.dump(scenario, sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
