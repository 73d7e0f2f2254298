#!/usr/bin/env python3
"""zonefiles-from-scenario.py SCENARIO.json [OUT]

Collect every `zonefile` text of a chaingen scenario (vectors/SCENARIO-FORMAT.md) and
write them in the Stacks genesis `name_zonefiles.txt` format (a hash line, then the zone
file with every LF written as the two characters \\n), one pair per distinct zone file,
for `export-vs-oracle.sh --zonefiles` (both our export and the oracle's storage read it).
Hash = RIPEMD-160(SHA-256(bytes)), as BNS hashes zone files."""
import hashlib
import json
import sys


def walk(value, out):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "zonefile" and isinstance(item, str):
                out.append(item)
            else:
                walk(item, out)
    elif isinstance(value, list):
        for item in value:
            walk(item, out)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        texts = []
        walk(json.load(f), texts)
    seen, lines = set(), []
    for text in texts:
        data = text.encode("utf-8")
        digest = hashlib.new("ripemd160", hashlib.sha256(data).digest()).hexdigest()
        if digest in seen or "\\n" in text or not data:
            continue  # duplicates; texts whose escaping would not round-trip; empty files
        seen.add(digest)
        lines.append(digest + "\n" + text.replace("\n", "\\n") + "\n")
    out = open(sys.argv[2], "w") if len(sys.argv) == 3 else sys.stdout
    out.write("".join(lines))
    print("%d zone file(s)" % len(lines), file=sys.stderr)


if __name__ == "__main__":
    main()
