#!/usr/bin/env python3
"""Writes the request targets of scripts/api-load.sh: one file per route family
(OUT/<route>.txt, one request target a line) and OUT/mix.txt, the weighted mix.

    api-load-paths.py URL OUT [--keys N] [--seed S] [--mix SPEC] [--history-name NAME]

Keys are asked of the server at URL itself (the same files then go to every server
loaded, ours and the reference's): names from K spread `/v1/names?page=` pages, their
owners' addresses, blocks from the first block to the tip. Deterministic for a given
server state and seed.

SPEC (default DEFAULT_MIX): comma-separated route=weight; the mix file holds
MIX_LINES targets drawn by weight (seeded). Routes:
  name            /v1/names/{name}
  history         /v1/names/{name}/history?page=0
  namespace       /v1/namespaces, /v1/namespaces/{ns}
  names_page      /v1/names?page={p}, /v1/namespaces/{ns}/names?page={p}
  address         /v1/addresses/bitcoin/{addr}
  consensus       /v1/blockchains/bitcoin/consensus, .../consensus/{h}
  operations      /v1/blockchains/bitcoin/operations/{h}
  prices          /v1/prices/names/{name}, /v1/prices/namespaces/{ns}
  did             /v1/dids/did:stack:v0:{addr}-0
  account         /v1/accounts/{addr}/tokens, .../STACKS/balance, .../history?page=0
  hot_history     /v1/names/{hot}/history?page=N (every page), /x/v1/names/{hot}/history
                  (only with --history-name: a name with a long history)
"""
import argparse
import json
import random
import sys
import urllib.error
import urllib.parse
import urllib.request

DEFAULT_MIX = ("name=30,history=10,namespace=4,names_page=6,address=8,consensus=6,"
               "operations=4,prices=10,did=8,account=14")
MIX_LINES = 20000
PAGE_NAMES = 100  # names per /v1/names page (the reference's)


def get(url):
    with urllib.request.urlopen(url, timeout=120) as r:
        return json.load(r)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("out")
    ap.add_argument("--keys", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mix", default=DEFAULT_MIX)
    ap.add_argument("--history-name")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    base = a.url.rstrip("/")

    info = get(base + "/v1/info")
    tip = int(info["last_block_processed"])
    first = int(info.get("first_block", 0) or 0)
    namespaces = get(base + "/v1/namespaces")
    count = get(base + "/v1/blockchains/bitcoin/name_count")["names_count"]
    pages_n = max(1, (count + PAGE_NAMES - 1) // PAGE_NAMES)
    names = []
    for p in sorted(rng.sample(range(pages_n), min(pages_n, max(1, a.keys // PAGE_NAMES)))):
        names += get("%s/v1/names?page=%d" % (base, p))
    rng.shuffle(names)
    names = names[:a.keys]
    if not names:
        sys.exit("api-load-paths.py: the server lists no names")
    records = []
    for n in names[:min(len(names), 300)]:
        records.append(get("%s/v1/names/%s" % (base, urllib.parse.quote(n))))
    addresses = sorted({r["address"] for r in records if r.get("address")})
    rng.shuffle(addresses)
    heights = [h for h in range(max(first, tip - 2000), tip + 1)]
    rng.shuffle(heights)
    heights = heights[:a.keys]

    routes = {
        "name": ["/v1/names/%s" % n for n in names],
        "history": ["/v1/names/%s/history?page=0" % n for n in names],
        "namespace": ["/v1/namespaces"] + ["/v1/namespaces/%s" % ns for ns in namespaces],
        "names_page": (["/v1/names?page=%d" % p for p in range(pages_n)]
                       + ["/v1/namespaces/%s/names?page=%d" % (ns, p) for ns in namespaces
                          for p in range(min(pages_n, 50))]),
        "address": ["/v1/addresses/bitcoin/%s" % ad for ad in addresses],
        "consensus": ["/v1/blockchains/bitcoin/consensus"]
        + ["/v1/blockchains/bitcoin/consensus/%d" % h for h in heights],
        "operations": ["/v1/blockchains/bitcoin/operations/%d" % h for h in heights],
        "prices": ["/v1/prices/names/%s" % n for n in names]
        + ["/v1/prices/namespaces/%s" % ns for ns in namespaces],
        "did": ["/v1/dids/did:stack:v0:%s-0" % ad for ad in addresses],
        "account": [p % ad for ad in addresses for p in
                    ("/v1/accounts/%s/tokens", "/v1/accounts/%s/STACKS/balance",
                     "/v1/accounts/%s/history?page=0")],
    }
    if a.history_name:
        hot = a.history_name
        pages = []
        p = 0
        while p < 1000:
            try:
                page = get("%s/v1/names/%s/history?page=%d" % (base, hot, p))
            except urllib.error.HTTPError:  # past the last page: 404 (the reference's answer)
                break
            if not page:
                break
            pages.append("/v1/names/%s/history?page=%d" % (hot, p))
            p += 1
        routes["hot_history"] = pages + ["/x/v1/names/%s/history" % hot]
    for route, targets in routes.items():
        with open("%s/%s.txt" % (a.out, route), "w") as f:
            f.write("\n".join(targets) + "\n")
    weights = []
    for part in a.mix.split(","):
        route, _, w = part.partition("=")
        if route not in routes:
            sys.exit("api-load-paths.py: unknown route %r in --mix (known: %s)" % (route, ", ".join(routes)))
        weights.append((route, float(w or 1)))
    chosen = rng.choices([r for r, _ in weights], weights=[w for _, w in weights], k=MIX_LINES)
    with open("%s/mix.txt" % a.out, "w") as f:
        for route in chosen:
            f.write(rng.choice(routes[route]) + "\n")
    print("paths: %d names, %d addresses, %d heights (%d..%d), %d namespaces, %d name pages"
          % (len(names), len(addresses), len(heights), min(heights), max(heights), len(namespaces), pages_n))


if __name__ == "__main__":
    main()
