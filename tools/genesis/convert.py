#!/usr/bin/env python3
"""Convert the reference's mainnet STX genesis block into our data files.

Reads the PyPI sdist blockstack-22.0.0.0.tar.gz (blockstack/lib/genesis_block.py and
blockstack/data/blockchain-airdrop-2020.csv) WITHOUT importing or copying its code:
genesis_block.py is a file of literals, evaluated here in an empty namespace, and only
its data is written out.

Writes (into OUT_DIR, default engine/data):
  mainnet-genesis.tsv          rows, patches and history hashes (format below)
  blockchain-airdrop-2020.csv  the bulk-patch address list, byte for byte

Format of mainnet-genesis.tsv (tab-separated; '#' lines are comments):
  G  history_hash                                   sha256 of the genesis history
  R  address original type value lock_send rw metadata vesting vesting_total
  P  height db_version history_hash                 a direct patch at `height`
  A  height address original type value lock_send rw metadata vesting vesting_total
  D  height address                                 a row deleted by that patch
  B  height path sha256 line_start line_end type value lock_send rw metadata vesting vesting_total history_hash
`address` is the account address as the mainnet reference stores it (c32 -> base58
with the c32->bitcoin version map, then re-encoded for mainnet: p2pkh 0, p2sh 5), or
the original string when that fails (unspendable rows); `original` is the string in
the genesis block. rw = receive_whitelisted (1/0). vesting = "height:amount,..." in
ascending height order, or empty.

Usage: convert.py SDIST_TAR_GZ [OUT_DIR] [--verify-with PYTHON2]
--verify-with runs the installed reference (python2 with blockstack importable) to
recompute every address normalisation and history hash independently.
"""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile

C32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
C32_TO_BTC = {22: 0, 20: 5, 26: 111, 21: 196}
BTC_TO_C32 = {v: k for k, v in C32_TO_BTC.items()}


def dsha(b):
    return hashlib.sha256(hashlib.sha256(b).digest()).digest()


def b58check_encode(version, payload):
    raw = bytes([version]) + payload
    raw += dsha(raw)[:4]
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(raw) - len(raw.lstrip(b"\0"))
    return "1" * pad + out


def b58check_decode(text):
    n = 0
    for ch in text:
        i = B58.find(ch)
        if i < 0:
            raise ValueError("bad b58")
        n = n * 58 + i
    pad = len(text) - len(text.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    raw = b"\0" * pad + body
    if len(raw) < 5 or dsha(raw[:-4])[:4] != raw[-4:]:
        raise ValueError("bad b58 checksum")
    return raw[0], raw[1:-4]


def c32_decode_data(text):
    n = 0
    for ch in text:
        n = n * 32 + C32.index(ch)
    zeros = len(text) - len(text.lstrip("0"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * zeros + body


def c32_encode_data(data):
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 32)
        out = C32[r] + out
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "0" * zeros + out


def c32_address_decode(addr):
    """(version, hash160) of a c32check address, or None."""
    norm = addr.upper().replace("O", "0").replace("L", "1").replace("I", "1")
    if len(norm) < 3 or norm[0] != "S" or any(c not in C32 for c in norm[1:]):
        return None
    version = C32.index(norm[1])
    data = c32_decode_data(norm[2:])
    if len(data) < 4:
        return None
    payload, checksum = data[:-4], data[-4:]
    if dsha(bytes([version]) + payload)[:4] != checksum or len(payload) != 20:
        return None
    return version, payload


def c32_address(version, hash160):
    checksum = dsha(bytes([version]) + hash160)[:4]
    return "S" + C32[version] + c32_encode_data(hash160 + checksum)


def normalize_mainnet(addr):
    """The accounts-table address on mainnet, or None if the reference raises ValueError."""
    dec = c32_address_decode(addr)
    if dec is not None:
        version, h = dec
        version = C32_TO_BTC.get(version, version)
    else:
        try:
            version, h = b58check_decode(addr)
        except (ValueError, OverflowError):
            return None
        if len(h) != 20:
            return None
    if version in (0, 111):
        return b58check_encode(0, h)
    if version in (5, 196):
        return b58check_encode(5, h)
    return None


def b58_to_c32(addr):
    version, h = b58check_decode(addr)
    return c32_address(BTC_TO_C32.get(version, version), h)


def history_hash(obj):
    return hashlib.sha256(json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def field(text):
    s = str(text)
    assert "\t" not in s and "\n" not in s, s
    return s


def vesting_text(v):
    return ",".join("%d:%d" % (int(h), v[h]) for h in sorted(v, key=int))


def row_fields(row):
    addr = normalize_mainnet(row["address"])
    if addr is None:
        # the reference then requires receive_whitelisted == False (else it aborts)
        assert row.get("receive_whitelisted") is False, row["address"]
        addr = row["address"]
    assert sum(row["vesting"].values()) == row["vesting_total"], row["address"]
    return [addr, row["address"], row["type"], str(row["value"]), str(row.get("lock_send", 0)),
            "1" if row.get("receive_whitelisted", True) else "0", row.get("metadata") or "",
            vesting_text(row["vesting"]), str(row["vesting_total"])]


def main():
    args = [a for a in sys.argv[1:]]
    verify = None
    if "--verify-with" in args:
        i = args.index("--verify-with")
        verify = args[i + 1]
        del args[i:i + 2]
    sdist = args[0]
    out_dir = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "engine", "data")
    with tarfile.open(sdist, "r:gz") as tar:
        src = tar.extractfile("blockstack-22.0.0.0/blockstack/lib/genesis_block.py").read().decode()
        csv = tar.extractfile("blockstack-22.0.0.0/blockstack/data/blockchain-airdrop-2020.csv").read()
    namespace = {}
    exec(compile(src, "genesis_block.py", "exec"), namespace)  # literals only
    genesis = namespace["GENESIS_BLOCK"]
    patches = namespace["GENESIS_BLOCK_PATCHES"]
    patch_files = namespace["GENESIS_BLOCK_PATCHES_FILES"]

    lines = ["# STX genesis block of Blockstack Core 22.0.0.0 (see engine/data/README.md)"]
    lines.append("\t".join(["G", history_hash(genesis["history"])]))
    for row in genesis["rows"]:
        lines.append("\t".join(["R"] + [field(f) for f in row_fields(row)]))
    for height in sorted(patches, key=int):
        p = patches[height]
        lines.append("\t".join(["P", height, field(p["db_version"]), history_hash({"add": p["add"], "del": p["del"]})]))
        for row in p["add"]:
            lines.append("\t".join(["A", height] + [field(f) for f in row_fields(row)]))
        for addr in p["del"]:
            assert normalize_mainnet(addr) is None, addr  # only unspendable rows may be removed
            lines.append("\t".join(["D", height, field(addr)]))
    csv_lines = csv.decode().split("\n")
    for height in sorted(patch_files, key=int):
        pf = patch_files[height]
        assert hashlib.sha256(csv).hexdigest() == pf["sha256"]
        rows = []
        for line in csv_lines[pf["line_start"]:pf["line_end"]]:
            rows.append({"address": b58_to_c32(line.strip()), "receive_whitelisted": pf["receive_whitelisted"],
                         "metadata": pf["metadata"], "lock_send": pf["lock_send"], "type": pf["type"],
                         "value": pf["value"], "vesting": pf["vesting"], "vesting_total": pf["vesting_total"]})
            assert normalize_mainnet(line.strip()) is not None, line
        lines.append("\t".join(["B", height, pf["path"], pf["sha256"], str(pf["line_start"]), str(pf["line_end"]),
                                pf["type"], str(pf["value"]), str(pf["lock_send"]),
                                "1" if pf["receive_whitelisted"] else "0", field(pf["metadata"]),
                                vesting_text(pf["vesting"]), str(pf["vesting_total"]),
                                history_hash({"add": rows, "del": []})]))
    with open(os.path.join(out_dir, "mainnet-genesis.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out_dir, "blockchain-airdrop-2020.csv"), "wb") as f:
        f.write(csv)
    print("wrote %d lines; csv %d bytes sha256 %s" % (len(lines), len(csv), hashlib.sha256(csv).hexdigest()))

    if verify:
        run_verification(verify, lines, csv_lines, genesis, patches, patch_files)


VERIFY_PY2 = r'''
import json, sys, hashlib
sys.path.insert(0, sys.argv[1])
import ripemd160_shim; ripemd160_shim.install()
import virtualchain
from blockstack.lib.scripts import is_c32_address, address_as_b58
from blockstack.lib.c32 import b58ToC32
from blockstack.lib.nameset.db import namedb_genesis_block_history_hash
req = json.load(sys.stdin)
out = {"addr": [], "b58toc32": [], "hashes": []}
for a in req["addr"]:
    try:
        x = str(a)
        if is_c32_address(x):
            x = address_as_b58(x)
        out["addr"].append(virtualchain.address_reencode(x))
    except ValueError:
        out["addr"].append(None)
out["b58toc32"] = [b58ToC32(str(a)) for a in req["b58toc32"]]
out["hashes"] = [namedb_genesis_block_history_hash(h) for h in req["hashes"]]
json.dump(out, sys.stdout)
'''


def run_verification(python2, lines, csv_lines, genesis, patches, patch_files):
    originals = [l.split("\t") for l in lines if l[:2] in ("R\t", "A\t")]
    addrs = [r[2] if r[0] == "R" else r[3] for r in originals]
    ours = [r[1] if r[0] == "R" else r[2] for r in originals]
    sample = [l.strip() for l in csv_lines[:322146:97]]
    hist = [genesis["history"]] + [{"add": p["add"], "del": p["del"]} for _, p in sorted(patches.items())]
    req = {"addr": addrs, "b58toc32": sample, "hashes": hist}
    # ../shared beside the checkout (BNS_SHARED_DIR to override).
    shared = os.environ.get("BNS_SHARED_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared")
    oracle_py2 = os.path.join(shared, "oracle", "py2")
    res = subprocess.run([python2, "-c", VERIFY_PY2, oracle_py2], input=json.dumps(req).encode(),
                         capture_output=True)
    if res.returncode != 0:
        sys.stderr.write(res.stderr.decode()[-3000:])
        raise SystemExit("reference verification failed to run")
    got = json.loads(res.stdout)
    for orig, mine, theirs in zip(addrs, ours, got["addr"]):
        assert (theirs or orig) == mine, (orig, mine, theirs)
    for a, theirs in zip(sample, got["b58toc32"]):
        assert b58_to_c32(a) == theirs, (a, theirs)
    assert [history_hash(h) for h in hist] == got["hashes"]
    print("verified %d addresses, %d b58->c32 conversions, %d history hashes against the reference"
          % (len(addrs), len(sample), len(hist)))


if __name__ == "__main__":
    main()
