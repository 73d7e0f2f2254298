#!/usr/bin/env python3
"""zonefile-queries.py DUMP ZONEFILES [OUT]

The zone-file questions the oracle's default set does not ask (its default asks only
/v1/names/{name}/zonefile), for api-vs-oracle.sh --zonefiles: from the oracle's --dump
(its names) and a name_zonefiles.txt file (hash line, escaped zone file), one path a line:
* /v1/zonefiles/{h} for every stored hash, its uppercase form and a hash nobody has;
* /v1/names/{n}/zonefile?raw=1 for every name;
* /v1/names/{n}/zonefile/{h} (and ?raw=1) for every name with its current value hash
  and with the first CROSS stored hashes (the reference answers 404 "No such zonefile"
  unless the name's history set h), plus the uppercase form of a name's own hash (never
  matches: exact string compare). About 8 questions a name: the oracle answers ~50/s."""
import json
import sys
import urllib.parse

UNKNOWN = "0123456789abcdef0123456789abcdef01234567"
CROSS = 2


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    dump = json.load(open(sys.argv[1]))
    lines = open(sys.argv[2]).read().split("\n")
    hashes = [lines[i] for i in range(0, len(lines) - 1, 2) if len(lines[i]) == 40]
    names = sorted(set(r["name"] for r in dump["names"]))
    q = []
    for h in hashes:
        q += ["/v1/zonefiles/%s" % h, "/v1/zonefiles/%s" % h.upper()]
    q += ["/v1/zonefiles/%s" % UNKNOWN]
    for n in names:
        qn = urllib.parse.quote(n, safe="")
        q += ["/v1/names/%s/zonefile?raw=1" % qn, "/v1/names/%s/zonefile/%s" % (qn, UNKNOWN)]
        own = sorted(set(r["value_hash"] for r in dump["names"] if r["name"] == n and r.get("value_hash")))
        for h in own + [h for h in hashes[:CROSS] if h not in own]:
            q += ["/v1/names/%s/zonefile/%s" % (qn, h), "/v1/names/%s/zonefile/%s?raw=1" % (qn, h)]
        q += ["/v1/names/%s/zonefile/%s" % (qn, h.upper()) for h in own]
    out = open(sys.argv[3], "w") if len(sys.argv) == 4 else sys.stdout
    out.write("".join(p + "\n" for p in q))


if __name__ == "__main__":
    main()
