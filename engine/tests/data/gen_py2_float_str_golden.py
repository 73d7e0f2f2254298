# Python 2.7: golden table of str(float) for random doubles (bit patterns in hex).
import random, struct
random.seed(20261122)
vals = []
for i in range(1500):
    bits = random.getrandbits(64)
    x = struct.unpack('<d', struct.pack('<Q', bits))[0]
    if x != x or x in (float('inf'), float('-inf')):
        continue
    vals.append(x)
for i in range(1500):
    # prices and fees live in 1e-6 .. 1e14; also ties at 12 digits
    e = random.randint(-8, 15)
    vals.append(random.randint(1, 10**13) * 10.0 ** (e - 12))
    vals.append(random.randint(0, 10**12) + 0.5)
    vals.append(random.randint(1, 10**6) * random.choice([0.1, 0.01, 1.0, 1e-5]))
for x in vals:
    print '%016x\t%s' % (struct.unpack('<Q', struct.pack('<d', x))[0], str(x))
