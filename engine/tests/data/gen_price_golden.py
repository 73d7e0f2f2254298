# Python 2.7, run under the installed reference (see tests/data/README.md):
# prints a golden table of the reference's own price_name / price_name_stacks /
# price_namespace for the parameter set given as argv[1] (a params JSON whose "env"
# is exported before the reference is imported, as the oracle does).
import json, os, sys
params = json.load(open(sys.argv[1]))
for k, v in params.get("env", {}).items():
    os.environ[k] = str(v)
if os.environ.get("BLOCKSTACK_TEST"):
    os.environ["BLOCKSTACK_TEST_FIRST_BLOCK"] = str(params["first_block"])
sys.path.insert(0, sys.argv[2])          # oracle py2 dir, for ripemd160_shim
import ripemd160_shim
ripemd160_shim.install()
from blockstack.lib.scripts import price_name, price_name_stacks, price_namespace

heights = [int(h) for h in sys.argv[3].split(",")]
curves = [
    (250, 4, [6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 10, 10),
    (1, 1, [1] * 16, 1, 1),
    (255, 255, [15] * 16, 15, 15),
    (0, 7, [3] * 16, 0, 0),
    (3, 0, [0, 1] * 8, 2, 3),
    (17, 13, [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 7, 11),
]
names = []
for n in range(1, 21):
    names += ["a" * n, "b" * n, ("b1" * n)[:n], ("a-" * n)[:n]]
def show(x):
    return repr(x) if isinstance(x, float) else str(x)
for h in heights:
    for (coeff, base, buckets, nonalpha, novowel) in curves:
        for version in (1, 3):
            ns = {"version": version, "coeff": coeff, "base": base, "buckets": buckets,
                  "nonalpha_discount": nonalpha, "no_vowel_discount": novowel,
                  "namespace_id": "test"}
            for name in names:
                p = price_name(name, ns, h)
                s = price_name_stacks(name, ns, h)
                print "N\t%d\t%d\t%d\t%d\t%s\t%d\t%d\t%s\t%s\t%s" % (
                    h, version, coeff, base, ",".join(map(str, buckets)), nonalpha, novowel,
                    name, show(p), show(s))
    for units in ("BTC", "STACKS"):
        for n in range(0, 22):
            p = price_namespace("x" * n, h, units)
            print "S\t%d\t%s\t%d\t%s" % (h, units, n, "None" if p is None else show(p))
