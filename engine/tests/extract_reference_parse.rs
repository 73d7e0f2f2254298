//! Differential check of the payload decoders against the reference's own `parse()`
//! functions (`blockstack/lib/operations/*.py`, the installed oracle copy).
//!
//! `GENERATOR` (below) is a Python 2 script that feeds deterministic edge-case payloads
//! (every truncation, single-byte substitutions with `\0 \n . + A \xff > ~ …`, random
//! bytes) of every opcode, under one mainnet height per epoch for the epoch-dependent
//! ops, to the reference parser and prints the parsed fields in a canonical text form.
//! * `reference_parse_sample`: a committed every-40th-line sample of its output
//!   (generated with `/opt/bns-oracle/venv27/bin/python gen.py`, see `GENERATOR`), run by
//!   default.
//! * `reference_parse_full` (`#[ignore]`, needs the oracle installed): runs the
//!   generator live and compares all of its ~21,700 cases.
//!
//! The generator also prints the reference's script class and nulldata verdict for ~2,900
//! scripts (`bits.py btc_script_classify`, `keys.py btc_script_deserialize`, the
//! `blocks.py handle_block` rule) and keylib's key hash for ~380 scriptSig pushes
//! (`keys.py BitcoinPublicKey(push).address()`), checked against `script::classify`,
//! `script::nulldata` and `extract::keylib_pubkey_hash`.

use bns_engine::extract::keylib_pubkey_hash;
use bns_engine::script::{classify, nulldata, NullData, ScriptClass};
use bns_engine::types::Opcode;
use bns_engine::wire::{self, Payload};
use bns_engine::Params;

/// The canonical text the generator prints for a parsed payload.
fn canon(p: &Payload) -> String {
    fn hx(bytes: impl AsRef<[u8]>) -> String {
        hex::encode(bytes)
    }
    let opt_u64 = |v: Option<u64>| v.map_or("None".to_string(), |v| v.to_string());
    match p {
        Payload::NamePreorder(p) => format!(
            "hash={};ch={};fee={};units={}",
            hx(p.preorder_hash),
            hx(p.consensus_hash),
            opt_u64(p.token.as_ref().map(|t| t.amount)),
            p.token.as_ref().map_or("None".to_string(), |t| hx(&t.units))
        ),
        Payload::NameRegistration(p) => format!(
            "name={};vh={};fee={}",
            hx(p.name.as_bytes()),
            p.value_hash.map_or("None".to_string(), hx),
            opt_u64(p.token_fee)
        ),
        Payload::NameUpdate(p) => format!("nch={};vh={}", hx(p.name_consensus_hash), hx(p.value_hash)),
        Payload::NameTransfer(p) => format!(
            "keep={};nh={};ch={}",
            if p.keep_data { "True" } else { "False" },
            hx(p.name_hash128),
            hx(p.consensus_hash)
        ),
        Payload::NameRevoke(p) => format!("name={}", hx(p.name.as_bytes())),
        Payload::NameImport(p) => format!("name={}", hx(p.name.as_bytes())),
        Payload::NamespacePreorder(p) => {
            format!("hash={};ch={};fee={}", hx(p.preorder_hash), hx(p.consensus_hash), opt_u64(p.token_fee))
        }
        Payload::NamespaceReveal(p) => format!(
            "life={};coeff={};base={};buckets={};nonalpha={};novowel={};version={};ns={}",
            p.lifetime,
            p.coeff,
            p.base,
            p.buckets.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(","),
            p.nonalpha_discount,
            p.no_vowel_discount,
            p.version,
            hx(p.namespace_id.as_bytes())
        ),
        Payload::NamespaceReady(p) => format!("ns={}", hx(p.namespace_id.as_bytes())),
        Payload::Announce(p) => format!("mh={}", hx(p.message_hash)),
        Payload::TokenTransfer(p) => format!(
            "ch={};type={};amount={};scratch={}",
            hx(p.consensus_hash),
            hx(&p.token_type),
            p.amount,
            hx(&p.scratch_area)
        ),
    }
}

/// `btc_script_classify`'s name for a class (`None` for non-standard).
fn class_name(class: ScriptClass) -> Option<&'static str> {
    Some(match class {
        ScriptClass::P2pkh => "p2pkh",
        ScriptClass::P2sh => "p2sh",
        ScriptClass::P2wpkh => "p2wpkh",
        ScriptClass::P2wsh => "p2wsh",
        ScriptClass::Nulldata => "nulldata",
        ScriptClass::Multisig => "multisig",
        ScriptClass::P2pk => "p2pk",
        ScriptClass::Nonstandard => return None,
    })
}

fn check_script(v: &serde_json::Value) -> Option<String> {
    let script = hex::decode(v["s"].as_str().expect("s")).expect("hex");
    let class = class_name(classify(&script));
    let data = match nulldata(&script) {
        NullData::NotNulldata => "notnulldata".to_string(),
        NullData::Malformed => "malformed".to_string(),
        NullData::Payload(d) => format!("payload:{}", hex::encode(d)),
    };
    let expected = (v["class"].as_str(), v["nulldata"].as_str().expect("nulldata"));
    (expected != (class, data.as_str()))
        .then(|| format!("script {}: reference {expected:?}, ours {:?}", hex::encode(&script), (class, data)))
}

fn check_pubkey(v: &serde_json::Value) -> Option<String> {
    let push = hex::decode(v["push"].as_str().expect("push")).expect("hex");
    let ours = keylib_pubkey_hash(&push).map(hex::encode);
    let expected = v["hash"].as_str().map(str::to_string);
    (ours != expected)
        .then(|| format!("pubkey {}: reference {expected:?}, ours {ours:?}", hex::encode(&push)))
}

/// Compare every JSON line; returns (cases per kind [payload, script, pubkey],
/// mismatches as text).
fn compare(lines: &str) -> ([usize; 3], Vec<String>) {
    let params = Params::mainnet();
    let mut cases = [0usize; 3];
    let mut bad = Vec::new();
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        match v["kind"].as_str().expect("kind") {
            "payload" => cases[0] += 1,
            "script" => {
                cases[1] += 1;
                bad.extend(check_script(&v));
            }
            "pubkey" => {
                cases[2] += 1;
                bad.extend(check_pubkey(&v));
            }
            other => panic!("unknown kind {other}"),
        }
        if v["kind"] != "payload" {
            continue;
        }
        let op = v["op"].as_str().expect("op").as_bytes()[0];
        let opcode = Opcode::from_byte(op).expect("opcode");
        let height = u32::try_from(v["h"].as_u64().expect("h")).expect("u32");
        let payload = hex::decode(v["p"].as_str().expect("p")).expect("hex");
        let expected = v["r"].as_str().map(str::to_string);
        let ours = wire::decode(opcode, &payload, &params.features_at(height)).ok().map(|p| canon(&p));
        if ours != expected {
            bad.push(format!(
                "{} h={} p={}: reference {:?}, ours {:?}",
                op as char,
                height,
                hex::encode(&payload),
                expected,
                ours
            ));
        }
    }
    (cases, bad)
}

/// `shared/oracle/py2` (the oracle's Python 2 helpers), found by walking up from the crate.
fn oracle_py2_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/oracle/py2"))
        .find(|candidate| candidate.is_dir())
        .expect("shared/oracle/py2 beside the checkout (the project's shared/ folder)")
}

#[test]
#[ignore = "runs the installed reference oracle (python2); see the module header"]
fn reference_parse_full() {
    let dir = std::env::temp_dir().join(format!("bns-extract-refparse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let script = dir.join("gen.py");
    std::fs::write(&script, GENERATOR).expect("write generator");
    let out = std::process::Command::new("/opt/bns-oracle/venv27/bin/python")
        .env("BNS_ORACLE_PY2", oracle_py2_dir())
        .arg(&script)
        .output()
        .expect("oracle python (run ../shared/oracle/setup.sh)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf8");
    let (cases, bad) = compare(&text);
    assert!(cases[0] > 18_000 && cases[1] > 2_900 && cases[2] > 350, "only {cases:?} cases");
    assert!(bad.is_empty(), "{} of {cases:?} differ:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn reference_parse_sample() {
    let (cases, bad) = compare(SAMPLE);
    assert!(cases[0] > 450 && cases[1] > 70 && cases[2] > 8, "only {cases:?} cases");
    assert!(bad.is_empty(), "{} of {cases:?} differ:\n{}", bad.len(), bad.join("\n"));
}

const GENERATOR: &str = r####"# Reference-parse vector generator: runs the installed Blockstack Core parse() of every
# op over deterministic edge-case payloads and prints one JSON line per case.
import sys, json, random, binascii, logging
import os
sys.path.insert(0, os.environ["BNS_ORACLE_PY2"])
import ripemd160_shim
ripemd160_shim.install()
logging.disable(logging.CRITICAL)
from blockstack.lib.operations import preorder, register, update, transfer, revoke, nameimport
from blockstack.lib.operations import namespacepreorder, namespacereveal, namespaceready, announce, tokentransfer
H = binascii.hexlify
HEIGHTS = [400000, 450000, 500000, 550000, 600000, 620000]
SENDER = '76a914' + '11' * 20 + '88ac'
RECIPIENT = '76a914' + '22' * 20 + '88ac'

def canon(op, r):
    if r is None:
        return None
    if op == '?':
        u = r['token_units']
        return 'hash=%s;ch=%s;fee=%s;units=%s' % (r['preorder_hash'], r['consensus_hash'], r['token_fee'], None if u is None else H(u))
    if op == ':':
        return 'name=%s;vh=%s;fee=%s' % (H(r['name']), r['value_hash'], r['token_fee'])
    if op == '+':
        return 'nch=%s;vh=%s' % (r['name_consensus_hash'], r['value_hash'])
    if op == '>':
        return 'keep=%s;nh=%s;ch=%s' % (r['keep_data'], r['name_hash128'], r['consensus_hash'])
    if op in '~;':
        return 'name=%s' % H(r['name'])
    if op == '*':
        return 'hash=%s;ch=%s;fee=%s' % (r['preorder_hash'], r['consensus_hash'], r['token_fee'])
    if op == '&':
        return 'life=%d;coeff=%d;base=%d;buckets=%s;nonalpha=%d;novowel=%d;version=%d;ns=%s' % (
            r['lifetime'], r['coeff'], r['base'], ','.join(str(b) for b in r['buckets']),
            r['nonalpha_discount'], r['no_vowel_discount'], r['version'], H(r['namespace_id']))
    if op == '!':
        return 'ns=%s' % H(r['namespace_id'])
    if op == '#':
        return 'mh=%s' % r['message_hash']
    if op == '$':
        return 'ch=%s;type=%s;amount=%d;scratch=%s' % (r['consensus_hash'], H(r['token_units']), r['token_fee'], r['scratch_area'])

def parse(op, payload, height):
    try:
        if op == '?': return preorder.parse(payload, height)
        if op == ':': return register.parse(payload, height)
        if op == '+': return update.parse(payload)
        if op == '>': return transfer.parse(payload, RECIPIENT)
        if op == '~': return revoke.parse(payload)
        if op == ';': return nameimport.parse(payload, RECIPIENT, '33' * 20)
        if op == '*': return namespacepreorder.parse(payload, height)
        if op == '&': return namespacereveal.parse(payload, SENDER, 'mfWxJ45yp2SFn7UciZyNpvDKrzbhyfKrY8')
        if op == '!': return namespaceready.parse(payload)
        if op == '#': return announce.parse(payload)
        if op == '$': return tokentransfer.parse(payload, height)
    except Exception:
        return None

EPOCHED = '?:*$'
rng = random.Random(20261122)
INTERESTING = ['\x00', '\n', '.', '+', 'A', '\xff', '>', '~', '-', '_', '0', 'z', '\r', ' ']

def pad(s, n):
    return (s + '\x00' * n)[:n]

bases = {
    '?': ['\x11' * 20 + '\x22' * 16, '\x11' * 20 + '\x22' * 16 + '\x00' * 7 + '\x64' + pad('STACKS', 19),
          '\x11' * 20 + '\x22' * 16 + '\x01' * 8 + '\x00STACKS\x00' + '\x00' * 11],
    ':': ['hello.test', 'a.b', 'x' * 30 + '.id', pad('hello.test', 37) + '\x33' * 20,
          pad('hello.test', 37) + '\x33' * 20 + '\x00' * 8, pad('hello.test', 37) + '\x33' * 20 + '\x00' * 7 + '\x05',
          'abc.id\n', 'abc\n.id', pad('abc.id\n', 37) + '\x33' * 20],
    '+': ['\x11' * 16 + '\x22' * 20],
    '>': ['>' + '\x11' * 16 + '\x22' * 16, '~' + '\x11' * 16 + '\x22' * 16],
    '~': ['hello.test', 'a_b-c.d', 'abc.id\n'],
    ';': ['hello.test', 'x' * 33 + '.id', 'n\n.id'],
    '*': ['\x11' * 20 + '\x22' * 16, '\x11' * 20 + '\x22' * 16 + '\x00' * 7 + '\x09'],
    '&': [binascii.unhexlify('0000cd73fa046543210000000000aa000174657374'),
          binascii.unhexlify('111111110203404142434445464715000168656c6c6f'),
          '\xff' * 4 + '\x00\x00' + '\x00' * 8 + '\x11' + '\x00\x03' + 'a' * 19],
    '!': ['.hello', '.a', '.' + 'a' * 19, '.id\n'],
    '#': ['\x11' * 20],
    '$': ['\x7c' * 16 + pad('STACKS', 19) + '\x00' * 7 + 'd', '\x00' * 16 + '\x00' * 13 + 'STACKS' + '\x00' * 7 + 'd' + 'TEST!',
          '\x01' * 16 + '\x00\x01\x00' + '\x00' * 16 + '\xff' * 8 + 'x' * 30],
}

cases = []
for op, plist in sorted(bases.items()):
    variants = set()
    for p in plist:
        variants.add(p)
        for n in range(0, len(p) + 3):
            variants.add(p[:n])
        variants.add(p + '\x00')
        variants.add(p + 'a')
        for i in range(len(p)):
            for c in rng.sample(INTERESTING, 3):
                variants.add(p[:i] + c + p[i + 1:])
    for _ in range(60):
        variants.add(''.join(chr(rng.randrange(256)) for _ in range(rng.randrange(0, 80))))
    for p in sorted(variants):
        for height in (HEIGHTS if op in EPOCHED else [HEIGHTS[2]]):
            cases.append((op, height, p))

for op, height, p in cases:
    print json.dumps({'kind': 'payload', 'op': op, 'h': height, 'p': H(p), 'r': canon(op, parse(op, p, height))}, sort_keys=True)

# ---- tokenizer / classifier / nulldata (virtualchain bits.py, keys.py, blocks.py) ----
from virtualchain.lib.blockchain.bitcoin_blockchain import bits, keys
def nulldata_of(script_hex):
    if bits.btc_script_classify(script_hex) != 'nulldata':
        return 'notnulldata'
    toks = bits.btc_script_deserialize(script_hex)
    if len(toks) == 2 and isinstance(toks[1], (str, unicode)):
        return 'payload:' + toks[1]
    return 'malformed'

PIECES = ['\x00', '\x4f', '\x51', '\x60', '\x61', '\x6a', '\x76', '\xa9', '\x87', '\x88', '\xac', '\xae', '\x14', '\x20',
          '\x4c', '\x4d', '\x4e', '\x01', '\x02', '\x05', '\x21', '\x41', '\x4b', '\xff']
scripts = set(['', '6a', '6a00', '6a52', '6a4c00', '6a4d05', '6a4e0100', '6a05aabb', '76a914' + '00' * 20 + '88ac',
               'a914' + '00' * 20 + '87', '0014' + '00' * 20, '0020' + '00' * 32, '0014' + '00' * 19, '21' + '02' * 33 + 'ac',
               '5121' + '02' * 33 + '51ae', '76a914' + '00' * 20 + '88ad', '6a0169016a'])
for _ in range(3000):
    s = ''.join(rng.choice(PIECES) if rng.random() < 0.7 else chr(rng.randrange(256)) for _ in range(rng.randrange(0, 40)))
    if rng.random() < 0.3:
        s = '\x6a' + s
    scripts.add(H(s))
for s in sorted(scripts):
    print json.dumps({'kind': 'script', 's': s, 'class': bits.btc_script_classify(s), 'nulldata': nulldata_of(s)}, sort_keys=True)

# ---- keylib public keys as get_public_key_hex_from_tx sees them ----
def key_hash(push_hex):
    try:
        pk = keys.BitcoinPublicKey(push_hex)
        return H(keylib.b58check.b58check_decode(pk.address()))
    except Exception:
        return None
import keylib
pushes = set()
P = 2**256 - 2**32 - 977
for i in range(1, 12):
    priv = keylib.ECPrivateKey('%064x' % (i * 7919 + 1))
    pub = priv.public_key().to_hex()          # compressed
    x = int(pub[2:], 16)
    unc = keylib.key_formatting.decompress(pub)   # 04 x y hex
    pushes.update([pub, unc, unc[2:], '06' + unc[2:], '07' + unc[2:], '05' + pub[2:], '04' + pub[2:],
                   pub[:-2] + '%02x' % ((int(pub[-2:], 16) + 1) % 256), unc[:-2] + '%02x' % ((int(unc[-2:], 16) + 1) % 256),
                   '02' + '%064x' % (x + P) if x + P < 2**256 else pub, '02' + 'ff' * 32, H('\x00' * 33), H(unc[2:66].decode('hex'))])
for _ in range(300):
    n = rng.choice([32, 33, 64, 65, 20, 0])
    pushes.add(H(''.join(chr(rng.randrange(256)) for _ in range(n))))
for p in sorted(pushes):
    print json.dumps({'kind': 'pubkey', 'push': p, 'hash': key_hash(p)}, sort_keys=True)
"####;

/// Every 40th line of the generator output.
const SAMPLE: &str = r####"
{"h": 500000, "kind": "payload", "op": "!", "p": "", "r": null}
{"h": 500000, "kind": "payload", "op": "!", "p": "2e616161613e6161616161616161616161616161", "r": null}
{"h": 500000, "kind": "payload", "op": "!", "p": "2e616161616161616161616161616161615f6161", "r": "ns=616161616161616161616161616161615f6161"}
{"h": 500000, "kind": "payload", "op": "!", "p": "2e69", "r": "ns=69"}
{"h": 500000, "kind": "payload", "op": "!", "p": "8b10938535c81e4250e5ee0e5e23ddbc5f94eb670984370e6c569374ea3d2d70296920381199d632145988e2f73452b29e11f45e83ef0c829ded5538cb98", "r": null}
{"h": 500000, "kind": "payload", "op": "#", "p": "1111", "r": null}
{"h": 500000, "kind": "payload", "op": "#", "p": "111111111111111111111111111111112e111111", "r": "mh=111111111111111111111111111111112e111111"}
{"h": 500000, "kind": "payload", "op": "#", "p": "271d36e5f72db92d44ef28b3655b707cbc0e05d433d512768da54c4bfb", "r": null}
{"h": 500000, "kind": "payload", "op": "#", "p": "cd01870cd978", "r": null}
{"h": 450000, "kind": "payload", "op": "$", "p": "00000000", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "00000000000000000000", "r": null}
{"h": 550000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000000000", "r": null}
{"h": 450000, "kind": "payload", "op": "$", "p": "000000000000000000000000000000000000000000000000", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "00000000000000000000000000000000000000000000000000000000002e5441434b5300000000000000645445535421", "r": "ch=00000000000000000000000000000000;type=2e5441434b53;amount=100;scratch=5445535421"}
{"h": 550000, "kind": "payload", "op": "$", "p": "00000000000000000000000000000000000000000000000000000000005354412d4b5300000000000000645445535421", "r": "ch=00000000000000000000000000000000;type=5354412d4b53;amount=100;scratch=5445535421"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000000000000000000000000000000000535441434b2d00000000000000645445535421", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000000000000000000000000000000000535441434b530000000000", "r": null}
{"h": 550000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000000000000000000000000000000000535441434b5300000000000000642b45535421", "r": "ch=00000000000000000000000000000000;type=535441434b53;amount=100;scratch=2b45535421"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000000000000000000000000000000000535441434b530000000000000064544553", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000000000000000000000000000000000535441434b530000000000000064544553542100", "r": "ch=00000000000000000000000000000000;type=535441434b53;amount=100;scratch=544553542100"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000000000000000000000000000000000535441434b530000000000000064ff45535421", "r": "ch=00000000000000000000000000000000;type=535441434b53;amount=100;scratch=ff45535421"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000000000000000000000000000000000535441434b5300000000007e00645445535421", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000000000000000000000000000000000535441434b53000000ff000000645445535421", "r": "ch=00000000000000000000000000000000;type=535441434b53;amount=1095216660580;scratch=5445535421"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000000000000000000000000000000000535441434b532e000000000000645445535421", "r": "ch=00000000000000000000000000000000;type=535441434b53;amount=3314649325744685156;scratch=5445535421"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000000000000000000000000000000000537e41434b5300000000000000645445535421", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000000000000000000000000000002000535441434b5300000000000000645445535421", "r": "ch=00000000000000000000000000000000;type=2000535441434b53;amount=100;scratch=5445535421"}
{"h": 550000, "kind": "payload", "op": "$", "p": "000000000000000000000000000000000000000000000000000d000000535441434b5300000000000000645445535421", "r": "ch=00000000000000000000000000000000;type=0d000000535441434b53;amount=100;scratch=5445535421"}
{"h": 450000, "kind": "payload", "op": "$", "p": "00000000000000000000000000000000000000000000005f0000000000535441434b5300000000000000645445535421", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "00000000000000000000000000000000000000002b0000000000000000535441434b5300000000000000645445535421", "r": "ch=00000000000000000000000000000000;type=2b0000000000000000535441434b53;amount=100;scratch=5445535421"}
{"h": 550000, "kind": "payload", "op": "$", "p": "00000000000000000000000000000000003e0000000000000000000000535441434b5300000000000000645445535421", "r": "ch=00000000000000000000000000000000;type=3e0000000000000000000000535441434b53;amount=100;scratch=5445535421"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0000000000000000000000000000004100000000000000000000000000535441434b5300000000000000645445535421", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "000000000000000000000000007e000000000000000000000000000000535441434b5300000000000000645445535421", "r": "ch=000000000000000000000000007e0000;type=535441434b53;amount=100;scratch=5445535421"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0000000000000000000020000000000000000000000000000000000000535441434b5300000000000000645445535421", "r": "ch=00000000000000000000200000000000;type=535441434b53;amount=100;scratch=5445535421"}
{"h": 450000, "kind": "payload", "op": "$", "p": "00000000000000007a0000000000000000000000000000000000000000535441434b5300000000000000645445535421", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "00000000000a0000000000000000000000000000000000000000000000535441434b5300000000000000645445535421", "r": "ch=00000000000a00000000000000000000;type=535441434b53;amount=100;scratch=5445535421"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0000004100000000000000000000000000000000000000000000000000535441434b5300000000000000645445535421", "r": "ch=00000041000000000000000000000000;type=535441434b53;amount=100;scratch=5445535421"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0041000000000000000000000000000000000000000000000000000000535441434b5300000000000000645445535421", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "01010101", "r": null}
{"h": 550000, "kind": "payload", "op": "$", "p": "0101010101010101010101", "r": null}
{"h": 450000, "kind": "payload", "op": "$", "p": "010101010101010101010101010101010001", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "010101010101010101010101010101010001000000000000", "r": null}
{"h": 550000, "kind": "payload", "op": "$", "p": "01010101010101010101010101010101000100000000000000000000000000", "r": null}
{"h": 450000, "kind": "payload", "op": "$", "p": "01010101010101010101010101010101000100000000000000000000000000000000007affffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffff00ffffffffff787878787878787878787878787878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446463698244468735;scratch=787878787878787878787878787878787878787878787878787878787878"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffff", "r": null}
{"h": 450000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffff41ffff787878787878787878787878787878787878787878787878787878787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffff7a787878787878787878787878787878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551482;scratch=787878787878787878787878787878787878787878787878787878787878"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff784178787878787878787878787878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551615;scratch=784178787878787878787878787878787878787878787878787878787878"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff78787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff78787878782e787878787878787878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551615;scratch=78787878782e787878787878787878787878787878787878787878787878"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff787878787878782078787878787878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551615;scratch=787878787878782078787878787878787878787878787878787878787878"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff7878787878787878780d7878787878787878787878787878787878787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff787878787878787878785f78787878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551615;scratch=787878787878787878785f78787878787878787878787878787878787878"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff787878787878787878787878307878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551615;scratch=787878787878787878787878307878787878787878787878787878787878"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff787878787878787878787878787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff7878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551615;scratch=7878787878787878787878787878787878"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff787878787878787878787878787878787878782078787878787878787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551615;scratch=787878787878787878787878787878787878782078787878787878787878"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff7878787878787878787878787878787878787878780d7878787878787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff78787878787878787878787878787878787878787878780a787878787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551615;scratch=78787878787878787878787878787878787878787878780a787878787878"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787841787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551615;scratch=787878787878787878787878787878787878787878787878787841787878"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff7878787878787878787878787878787878787878787878787878787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff78787878787878787878787878787878787878787878787878787878787861", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551615;scratch=78787878787878787878787878787878787878787878787878787878787861"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878ff7878787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551615;scratch=787878787878787878787878787878787878787878787878ff7878787878"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff78787878787878787878787878787878787a787878787878787878787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff787878787878787e78787878787878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=01;amount=18446744073709551615;scratch=787878787878787e78787878787878787878787878787878787878787878"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000000000000000002e00ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=010000000000000000000000000000002e;amount=18446744073709551615;scratch=787878787878787878787878787878787878787878787878787878787878"}
{"h": 450000, "kind": "payload", "op": "$", "p": "010101010101010101010101010101010001000000000000000000000000002e000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "01010101010101010101010101010101000100000000000000000000007a0000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=0100000000000000000000007a;amount=18446744073709551615;scratch=787878787878787878787878787878787878787878787878787878787878"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000000000410000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=01000000000000000041;amount=18446744073709551615;scratch=787878787878787878787878787878787878787878787878787878787878"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000000000300000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010000004100000000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=0100000041;amount=18446744073709551615;scratch=787878787878787878787878787878787878787878787878787878787878"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0101010101010101010101010101010100010030000000000000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": "ch=01010101010101010101010101010101;type=010030;amount=18446744073709551615;scratch=787878787878787878787878787878787878787878787878787878787878"}
{"h": 450000, "kind": "payload", "op": "$", "p": "010101010101010101010101010101012d010000000000000000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "01010101010101010101010101013e0100010000000000000000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": "ch=01010101010101010101010101013e01;type=01;amount=18446744073709551615;scratch=787878787878787878787878787878787878787878787878787878787878"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0101010101010101010101015f01010100010000000000000000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": "ch=0101010101010101010101015f010101;type=01;amount=18446744073709551615;scratch=787878787878787878787878787878787878787878787878787878787878"}
{"h": 450000, "kind": "payload", "op": "$", "p": "01010101010101010101ff010101010100010000000000000000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0101010101010101ff0101010101010100010000000000000000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": "ch=0101010101010101ff01010101010101;type=01;amount=18446744073709551615;scratch=787878787878787878787878787878787878787878787878787878787878"}
{"h": 550000, "kind": "payload", "op": "$", "p": "01010101010a0101010101010101010100010000000000000000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": "ch=01010101010a01010101010101010101;type=01;amount=18446744073709551615;scratch=787878787878787878787878787878787878787878787878787878787878"}
{"h": 450000, "kind": "payload", "op": "$", "p": "0101012d01010101010101010101010100010000000000000000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "0130010101010101010101010101010100010000000000000000000000000000000000ffffffffffffffff787878787878787878787878787878787878787878787878787878787878", "r": "ch=01300101010101010101010101010101;type=01;amount=18446744073709551615;scratch=787878787878787878787878787878787878787878787878787878787878"}
{"h": 550000, "kind": "payload", "op": "$", "p": "0a7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b53000000000000000000000000000000000000000064", "r": "ch=0a7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c;type=535441434b53;amount=100;scratch="}
{"h": 450000, "kind": "payload", "op": "$", "p": "2203910bbd25eb0fe8d40558fcd8275c2387cf7ce29095a067642f96dc74cbfd", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "31dc81450dd42240702ab743af96c17ef909bf47289875a1f159f01e7542c0c46ef77de62ba80d417ceaefe164f4311260fbb3e469bcdae403598eccd9a88d229db056c8d96b153dd492", "r": "ch=31dc81450dd42240702ab743af96c17e;type=f909bf47289875a1f159f01e7542c0c46ef77d;amount=16585534827608730351;scratch=e164f4311260fbb3e469bcdae403598eccd9a88d229db056c8d96b153dd492"}
{"h": 550000, "kind": "payload", "op": "$", "p": "4500e525ad3a4acd966267054d0483962d25d35fb2a8a43f88b584f009107ad9bd38d253", "r": null}
{"h": 450000, "kind": "payload", "op": "$", "p": "59921eb8bda4946fa2a713358956e53055e941a2b5149e40856a3caea90613", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "6485a3d054ab6546711ddd7ad6a33acc47651c1c08a8", "r": null}
{"h": 550000, "kind": "payload", "op": "$", "p": "76a1cbd2a83e64bf34fb0cc1a92e8c7d13dd6d68fc235eb9508a5411a4221f33", "r": null}
{"h": 450000, "kind": "payload", "op": "$", "p": "7c7c0a7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b53000000000000000000000000000000000000000064", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "7c7c7c7c", "r": null}
{"h": 550000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c", "r": null}
{"h": 450000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c5f7c7c7c7c7c7c535441434b53000000000000000000000000000000000000000064", "r": "ch=7c7c7c7c7c7c7c7c7c5f7c7c7c7c7c7c;type=535441434b53;amount=100;scratch="}
{"h": 550000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c207c7c7c7c535441434b53000000000000000000000000000000000000000064", "r": "ch=7c7c7c7c7c7c7c7c7c7c7c207c7c7c7c;type=535441434b53;amount=100;scratch="}
{"h": 450000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c2b7c7c535441434b53000000000000000000000000000000000000000064", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c", "r": null}
{"h": 550000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c53", "r": null}
{"h": 450000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b00000000000000000000000000000000000000000064", "r": "ch=7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c;type=535441434b;amount=100;scratch="}
{"h": 550000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b5300000000", "r": null}
{"h": 450000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b530000000000000000000000", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b530000000000000000000000000000000000", "r": null}
{"h": 550000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b53000000000000000000000000000000000000000064", "r": "ch=7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c;type=535441434b53;amount=100;scratch="}
{"h": 450000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b530000000000000000000000000000000000007e0064", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b53000000000000000000000000000000003e00000064", "r": "ch=7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c;type=535441434b53;amount=266287972452;scratch="}
{"h": 550000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b53000000000000000000000000000a00000000000064", "r": "ch=7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c;type=535441434b53;amount=720575940379279460;scratch="}
{"h": 450000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b53000000000000000000007a00000000000000000064", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b5300000000000000007e000000000000000000000064", "r": "ch=7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c;type=535441434b5300000000000000007e;amount=100;scratch="}
{"h": 550000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b5300000000005f000000000000000000000000000064", "r": "ch=7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c;type=535441434b5300000000005f;amount=100;scratch="}
{"h": 450000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b53000000ff0000000000000000000000000000000064", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c535441434b53007a00000000000000000000000000000000000064", "r": "ch=7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c;type=535441434b53007a;amount=100;scratch="}
{"h": 550000, "kind": "payload", "op": "$", "p": "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c53547e434b53000000000000000000000000000000000000000064", "r": "ch=7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c;type=53547e434b53;amount=100;scratch="}
{"h": 450000, "kind": "payload", "op": "$", "p": "7f6888c60cbd5a1f5b78249a4efd6f096580d9f9d443a9d9c7ea9208829e1448c37dc7ba7043dd27639cf561faef14779392e7c54d3208fdf1", "r": null}
{"h": 620000, "kind": "payload", "op": "$", "p": "bb1d57751629b33f7664dc96c9c2c5a544", "r": null}
{"h": 550000, "kind": "payload", "op": "$", "p": "d64328218013d981ce97aa727db3fbe381a0ffbcca3a318fc1bbb7173289d368197e4af6b50a78f19fdae1b0f7726c46", "r": "ch=d64328218013d981ce97aa727db3fbe3;type=81a0ffbcca3a318fc1bbb7173289d368197e4a;amount=17777126618681039585;scratch=b0f7726c46"}
{"h": 500000, "kind": "payload", "op": "&", "p": "0000cd00fa046543210000000000aa000174657374", "r": "life=52480;coeff=250;base=4;buckets=6,5,4,3,2,1,0,0,0,0,0,0,0,0,0,0;nonalpha=10;novowel=10;version=1;ns=74657374"}
{"h": 500000, "kind": "payload", "op": "&", "p": "0000cd73fa046543210000000000aa000174657374", "r": "life=52595;coeff=250;base=4;buckets=6,5,4,3,2,1,0,0,0,0,0,0,0,0,0,0;nonalpha=10;novowel=10;version=1;ns=74657374"}
{"h": 500000, "kind": "payload", "op": "&", "p": "11", "r": null}
{"h": 500000, "kind": "payload", "op": "&", "p": "111111110203404142434445464715000168", "r": "life=286331153;coeff=2;base=3;buckets=4,0,4,1,4,2,4,3,4,4,4,5,4,6,4,7;nonalpha=1;novowel=5;version=1;ns=68"}
{"h": 500000, "kind": "payload", "op": "&", "p": "111111410203404142434445464715000168656c6c6f", "r": "life=286331201;coeff=2;base=3;buckets=4,0,4,1,4,2,4,3,4,4,4,5,4,6,4,7;nonalpha=1;novowel=5;version=1;ns=68656c6c6f"}
{"h": 500000, "kind": "payload", "op": "&", "p": "8564cfbf1d22730fee7e", "r": null}
{"h": 500000, "kind": "payload", "op": "&", "p": "ffffff0a0000000000000000000011000361616161616161616161616161616161616161", "r": "life=4294967050;coeff=0;base=0;buckets=0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0;nonalpha=1;novowel=1;version=3;ns=61616161616161616161616161616161616161"}
{"h": 500000, "kind": "payload", "op": "&", "p": "ffffffff00000000000000000000110003616161616161612e6161616161616161616161", "r": null}
{"h": 500000, "kind": "payload", "op": "&", "p": "ffffffff000000000000000000001100036161616161616161616161616161616161617e", "r": null}
{"h": 500000, "kind": "payload", "op": "&", "p": "ffffffff000000005f000000000011000361616161616161616161616161616161616161", "r": "life=4294967295;coeff=0;base=0;buckets=0,0,0,0,5,15,0,0,0,0,0,0,0,0,0,0;nonalpha=1;novowel=1;version=3;ns=61616161616161616161616161616161616161"}
{"h": 600000, "kind": "payload", "op": "*", "p": "0c37976204e29f8118d7aaefd571df424d4af173438fb8b47dd76445bef7a9b7071dc2a3c52cc3106e9da9bdb67129212d624a8d832402376de48e8ccfabd950e5490bda7de2b161", "r": null}
{"h": 500000, "kind": "payload", "op": "*", "p": "11110d111111111111111111111111111111111122222222222222222222222222222222", "r": "hash=11110d1111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=None"}
{"h": 400000, "kind": "payload", "op": "*", "p": "111111111111", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "111111111111111111", "r": null}
{"h": 500000, "kind": "payload", "op": "*", "p": "111111111111111111111111001111111111111122222222222222222222222222222222", "r": "hash=1111111111111111111111110011111111111111;ch=22222222222222222222222222222222;fee=None"}
{"h": 400000, "kind": "payload", "op": "*", "p": "11111111111111111111111111111111", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111110d11222222222222222222222222222222220000000000000009", "r": "hash=1111111111111111111111111111111111110d11;ch=22222222222222222222222222222222;fee=9"}
{"h": 500000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111111111220a2222222222222222222222222222", "r": "hash=1111111111111111111111111111111111111111;ch=220a2222222222222222222222222222;fee=None"}
{"h": 400000, "kind": "payload", "op": "*", "p": "111111111111111111111111111111111111111122222220222222222222222222222222", "r": "hash=1111111111111111111111111111111111111111;ch=22222220222222222222222222222222;fee=None"}
{"h": 600000, "kind": "payload", "op": "*", "p": "111111111111111111111111111111111111111122222222220d222222222222222222220000000000000009", "r": "hash=1111111111111111111111111111111111111111;ch=22222222220d22222222222222222222;fee=9"}
{"h": 500000, "kind": "payload", "op": "*", "p": "11111111111111111111111111111111111111112222222222222222", "r": null}
{"h": 400000, "kind": "payload", "op": "*", "p": "111111111111111111111111111111111111111122222222222222222222220d222222220000000000000009", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111111111222222222222222222222222222200220000000000000009", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222220022;fee=9"}
{"h": 500000, "kind": "payload", "op": "*", "p": "11111111111111111111111111111111111111112222222222222222222222222222222200", "r": null}
{"h": 400000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220000000000000009", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220000000000002009", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=8201"}
{"h": 500000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220000002d00000009", "r": null}
{"h": 400000, "kind": "payload", "op": "*", "p": "11111111111111111111111111111111111111112222222222222222222222222222222200ff000000000009", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111111111222222222222222222222222222222300000000000000009", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222222230;fee=9"}
{"h": 500000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111111111222222222222222222222222223e2222", "r": "hash=1111111111111111111111111111111111111111;ch=222222222222222222222222223e2222;fee=None"}
{"h": 400000, "kind": "payload", "op": "*", "p": "11111111111111111111111111111111111111112222222222222222222222227a222222", "r": "hash=1111111111111111111111111111111111111111;ch=2222222222222222222222227a222222;fee=None"}
{"h": 600000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111111111222222222222222222222d2222222222", "r": null}
{"h": 500000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111111111222222222222222222302222222222220000000000000009", "r": null}
{"h": 400000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111111111222222222222222241222222222222220000000000000009", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111111111222222222222302222222222222222220000000000000009", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222230222222222222222222;fee=9"}
{"h": 500000, "kind": "payload", "op": "*", "p": "111111111111111111111111111111111111111122222222225f222222222222222222220000000000000009", "r": null}
{"h": 400000, "kind": "payload", "op": "*", "p": "11111111111111111111111111111111111111112222227e2222222222222222222222220000000000000009", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111111111222b22222222222222222222222222220000000000000009", "r": "hash=1111111111111111111111111111111111111111;ch=222b2222222222222222222222222222;fee=9"}
{"h": 500000, "kind": "payload", "op": "*", "p": "111111111111111111111111111111111111113022222222222222222222222222222222", "r": "hash=1111111111111111111111111111111111111130;ch=22222222222222222222222222222222;fee=None"}
{"h": 400000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111111111112b11222222222222222222222222222222220000000000000009", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "111111111111111111111111111111111141111122222222222222222222222222222222", "r": null}
{"h": 500000, "kind": "payload", "op": "*", "p": "1111111111111111111111111111112d1111111122222222222222222222222222222222", "r": "hash=1111111111111111111111111111112d11111111;ch=22222222222222222222222222222222;fee=None"}
{"h": 400000, "kind": "payload", "op": "*", "p": "111111111111111111111111111141111111111122222222222222222222222222222222", "r": "hash=1111111111111111111111111111411111111111;ch=22222222222222222222222222222222;fee=None"}
{"h": 600000, "kind": "payload", "op": "*", "p": "111111111111111111111111115f11111111111122222222222222222222222222222222", "r": null}
{"h": 500000, "kind": "payload", "op": "*", "p": "11111111111111111111112b1111111111111111222222222222222222222222222222220000000000000009", "r": null}
{"h": 400000, "kind": "payload", "op": "*", "p": "111111111111111111112b111111111111111111222222222222222222222222222222220000000000000009", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "111111111111111111ff1111111111111111111122222222222222222222222222222222", "r": null}
{"h": 500000, "kind": "payload", "op": "*", "p": "111111111111112011111111111111111111111122222222222222222222222222222222", "r": "hash=1111111111111120111111111111111111111111;ch=22222222222222222222222222222222;fee=None"}
{"h": 400000, "kind": "payload", "op": "*", "p": "1111111111115f11111111111111111111111111222222222222222222222222222222220000000000000009", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "1111111111ff1111111111111111111111111111222222222222222222222222222222220000000000000009", "r": "hash=1111111111ff1111111111111111111111111111;ch=22222222222222222222222222222222;fee=9"}
{"h": 500000, "kind": "payload", "op": "*", "p": "1111112b1111111111111111111111111111111122222222222222222222222222222222", "r": "hash=1111112b11111111111111111111111111111111;ch=22222222222222222222222222222222;fee=None"}
{"h": 400000, "kind": "payload", "op": "*", "p": "1111411111111111111111111111111111111111222222222222222222222222222222220000000000000009", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "1130111111111111111111111111111111111111222222222222222222222222222222220000000000000009", "r": "hash=1130111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=9"}
{"h": 500000, "kind": "payload", "op": "*", "p": "25e361a553578813d95dc9f56a8ca3d2fcce9dd152c4aa51f8ab0447c84349a4", "r": null}
{"h": 400000, "kind": "payload", "op": "*", "p": "3e9250fff988b2bb6abd30bd73d805f1c89e7ef7d8b65a6a", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "55502ed513b5a99897f13d7cffccab43da82723d8436a9aaae44b3f95625e378237c0b7ab3cecbe87f2e031284e357dc5a096f603d172b33eb7915269cf733812e1070a7f6e9fda4da3f994206", "r": null}
{"h": 500000, "kind": "payload", "op": "*", "p": "85812d95846e33", "r": null}
{"h": 400000, "kind": "payload", "op": "*", "p": "97838773c981b5f150b76337e28ce0243ff204fe0fea950a420b520760a7d17cbd206aa44e256a72786508f3c512c5e3", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "b43b22e44b5f19ec5f75b6c4edbd599960ec1473d6", "r": null}
{"h": 500000, "kind": "payload", "op": "*", "p": "c2c17f6682e03a0fab28c5ce29e4c321fca93f934582b4de1dfe99d8d7d524de22af6ffddf4f6527b9bc51d7753d5209e8000d69df40812658b7dc6703c75b805892727400", "r": null}
{"h": 400000, "kind": "payload", "op": "*", "p": "ee3642a29d46b20f13319b8d39a638a79855757aad5ab281423cf4fc609028d123e2761e2cccbf5b6d6f09c5044235b8c1b4ac77cc19deacca853816ca9b2f7f4ba1f196344fd551", "r": null}
{"h": 600000, "kind": "payload", "op": "*", "p": "ff60603a7dc384136a80cff4091d7f6c7d64526fa22686914503facca43d4da883ca27af1e1c802f1a51db12b06d39efc34230d16a42a861345ad692d79df27060ce636b6d38596a04", "r": null}
{"h": 500000, "kind": "payload", "op": "+", "p": "111111111111111111111111111111112222222200222222222222222222222222222222", "r": "nch=11111111111111111111111111111111;vh=2222222200222222222222222222222222222222"}
{"h": 500000, "kind": "payload", "op": "+", "p": "111111111111111111111111111111112222222222222222222222222222222222222b22", "r": "nch=11111111111111111111111111111111;vh=2222222222222222222222222222222222222b22"}
{"h": 500000, "kind": "payload", "op": "+", "p": "111111111111111111111111113e11112222222222222222222222222222222222222222", "r": "nch=111111111111111111111111113e1111;vh=2222222222222222222222222222222222222222"}
{"h": 500000, "kind": "payload", "op": "+", "p": "30dc10188499ee440e92e33cdb94d1651a0ed55b7ef390c0d2955be67474deeaca87b6d1f07a62d48c395777aef3446f35b12a4bb9673b02ac77", "r": null}
{"h": 500000, "kind": "payload", "op": "+", "p": "eeaf50c1013dca03", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "0221a6518a4b01849e250518bb56c7db3960072b5308fd989c39c4b041818cc919edcf86635132300033824f2ed5a7710267ecd8d4", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "13db9f7630fb9a66055f9f3a78f96639f6e9966888b5d206", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "2062632e69640a0000000000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "2b656c6c6f2e7465737400000000000000000000000000000000000000000000000000000033333333333333333333333333333333333333330000000000000005", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "2e78787878787878787878787878787878787878787878787878787878782e6964", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "3cb8e84a5d8cd9e882ee12fecf237382d550c0181942341437", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "4a9b9eb5365be8e1ab3c6fcd5cc1e36a1670b2f6d8e40084119bb1b896c05dda9641378ab5de9cdd077d48fbd211d99c14436d2ce772ad45fedc47c173d209", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "5f656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "612e", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "6130630a2e6964", "r": "name=6130630a2e6964;vh=None;fee=0"}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162002e69640a", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "616263", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "6162630a2e5f64", "r": "name=6162630a2e5f64;vh=None;fee=0"}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162630a2e697a", "r": "name=6162630a2e697a;vh=None;fee=0"}
{"h": 600000, "kind": "payload", "op": ":", "p": "6162632e", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "6162632e69200a", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162632e69640a0000", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "6162632e69640a0000000000000000", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "6162632e69640a000000000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162632e69640a00000000000000000000000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "6162632e69640a00000000000000000000000000000000000000000000000000000000", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "6162632e69640a0000000000000000000000000000000000000000000000000000000000003330333333333333333333333333333333333333", "r": "name=6162632e69640a;vh=3330333333333333333333333333333333333333;fee=0"}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162632e69640a00000000000000000000000000000000000000000000000000000000000033333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "6162632e69640a0000000000000000000000000000000000000000000000000000000000003333333333330033333333333333333333333333", "r": "name=6162632e69640a;vh=3333333333330033333333333333333333333333;fee=None"}
{"h": 500000, "kind": "payload", "op": ":", "p": "6162632e69640a0000000000000000000000000000000000000000000000000000000000003333333333333333330033333333333333333333", "r": "name=6162632e69640a;vh=3333333333333333330033333333333333333333;fee=0"}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162632e69640a00000000000000000000000000000000000000000000000000000000000033333333333333333333332b3333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "6162632e69640a0000000000000000000000000000000000000000000000000000000000003333333333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "6162632e69640a000000000000000000000000000000000000000000000000000000000000333333333333333333333333333333330d333333", "r": "name=6162632e69640a;vh=333333333333333333333333333333330d333333;fee=0"}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162632e69640a0000000000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "6162632e69640a000000000000000000000000000000000000000000000000000000000000333333333333333333333333333333333333ff33", "r": "name=6162632e69640a;vh=333333333333333333333333333333333333ff33;fee=None"}
{"h": 500000, "kind": "payload", "op": ":", "p": "6162632e69640a000000000000000000000000000000000000000000000000000000000000333333333333333333333333333e333333333333", "r": "name=6162632e69640a;vh=333333333333333333333333333e333333333333;fee=0"}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162632e69640a0000000000000000000000000000000000000000000000000000000000003333333333333333ff3333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "6162632e69640a000000000000000000000000000000000000000000000000000000000000333333335f333333333333333333333333333333", "r": "name=6162632e69640a;vh=333333335f333333333333333333333333333333;fee=None"}
{"h": 500000, "kind": "payload", "op": ":", "p": "6162632e69640a00000000000000000000000000000000000000000000000000000000003e3333333333333333333333333333333333333333", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162632e69640a00000000000000000000000000000000000000000000000000000d0000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "6162632e69640a0000000000000000000000000000000000000000000000002e00000000003333333333333333333333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "6162632e69640a0000000000000000000000000000000000000000002d00000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162632e69640a0000000000000000000000000000000000000041000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "6162632e69640a000000000000000000000000000000002d000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "6162632e69640a00000000000000000000000000007e0000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162632e69640a00000000000000000000000d0000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "6162632e69640a0000000000000000002000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "6162632e69640a000000000000003e000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162632e69640a0000000030000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "6162632e69640a0000200000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "6162632e69640a61", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "6162632e69ff0a0000000000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "616263ff69640a", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "61b3e1504d64544bf3f2a7a1a3f60a779400d800573017eb2996a25aae641a95af5cc3c7ec5dcef108ae42094c1bae32d3", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "682d6c6c6f2e7465737400000000000000000000000000000000000000000000000000000033333333333333333333333333333333333333330000000000000005", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "685f6c6c6f2e74657374", "r": "name=685f6c6c6f2e74657374;vh=None;fee=0"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68652e6c6f2e7465737400000000000000000000000000000000000000000000000000000033333333333333333333333333333333333333330000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c0a6f2e74657374", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c306f2e74657374", "r": "name=68656c306f2e74657374;vh=None;fee=0"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c0a2e746573740000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": "name=68656c6c0a2e74657374;vh=3333333333333333333333333333333333333333;fee=0"}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f00746573740000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f20746573740000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e2e657374", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74", "r": "name=68656c6c6f2e74;vh=None;fee=0"}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e742d737400000000000000000000000000000000000000000000000000000033333333333333333333333333333333333333330000000000000000", "r": "name=68656c6c6f2e742d7374;vh=3333333333333333333333333333333333333333;fee=0"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74650d74", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465417400000000000000000000000000000000000000000000000000000033333333333333333333333333333333333333330000000000000005", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465732b00000000000000000000000000000000000000000000000000000033333333333333333333333333333333333333330000000000000000", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000000033333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000330a333333333333333333333333333333333333", "r": "name=68656c6c6f2e74657374;vh=330a333333333333333333333333333333333333;fee=None"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000000000000000000000000033330a33333333333333333333333333333333330000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333330d333333333333333333333333333333330000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333330a333333333333333333333333333333", "r": "name=68656c6c6f2e74657374;vh=333333330a333333333333333333333333333333;fee=None"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333203333333333333333333333333333", "r": "name=68656c6c6f2e74657374;vh=3333333333203333333333333333333333333333;fee=0"}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333332d333333333333333333333333330000000000000005", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333333332d3333333333333333333333330000000000000000", "r": "name=68656c6c6f2e74657374;vh=333333333333332d333333333333333333333333;fee=0"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333333333333", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333333333333330a3333333333333333330000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333333333333333330033333333333333", "r": "name=68656c6c6f2e74657374;vh=3333333333333333333333330033333333333333;fee=0"}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000000000000000000000000033333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000000000000000000000000033333333333333333333333333330033333333330000000000000000", "r": "name=68656c6c6f2e74657374;vh=3333333333333333333333333333003333333333;fee=0"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333333333333333333333330033333333", "r": "name=68656c6c6f2e74657374;vh=3333333333333333333333333333330033333333;fee=0"}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333333333333333333333333330a3333330000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000000000000000000000000033333333333333333333333333333333330a3333", "r": "name=68656c6c6f2e74657374;vh=33333333333333333333333333333333330a3333;fee=None"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333333333333333333333333333332b330000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333333333333333333333333333333330d0000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333000000", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333000000000000000061", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000000000000000000000000033333333333333333333333333333333333333330000000000000041", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333333333333333333333333333333333300000000000a0000", "r": "name=68656c6c6f2e74657374;vh=3333333333333333333333333333333333333333;fee=655360"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333000000002e000005", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000000000000000000000000033333333333333333333333333333333333333330000002b00000005", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333333333333333333333333333333333300002b0000000005", "r": "name=68656c6c6f2e74657374;vh=3333333333333333333333333333333333333333;fee=47278999994373"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333007a000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333333333333333333333333333333333361", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000000000000000000000000033333333333333333333333333333333333333ff0000000000000000", "r": "name=68656c6c6f2e74657374;vh=33333333333333333333333333333333333333ff;fee=0"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333333333333333333333333333e3333330000000000000005", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333333333333333333333333ff333333330000000000000005", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333333333333333333337a333333333333", "r": "name=68656c6c6f2e74657374;vh=333333333333333333333333337a333333333333;fee=None"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333333333333333ff33333333333333330000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000003333333333333333337a333333333333333333330000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333333333e3333333333333333333333330000000000000000", "r": "name=68656c6c6f2e74657374;vh=333333333333333e333333333333333333333333;fee=0"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000000000000000000000000033333333333341333333333333333333333333330000000000000005", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333333e333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000333333ff33333333333333333333333333333333", "r": "name=68656c6c6f2e74657374;vh=333333ff33333333333333333333333333333333;fee=None"}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000000000335f3333333333333333333333333333333333330000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000000000000000000000002e3333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000000000000ff33333333333333333333333333333333333333330000000000000000", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000000007a0033333333333333333333333333333333333333330000000000000005", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000000000000000000041000033333333333333333333333333333333333333330000000000000005", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000000000000000002e0000003333333333333333333333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000000000000000000d0000000033333333333333333333333333333333333333330000000000000005", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000000d00000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000007a000000000033333333333333333333333333333333333333330000000000000005", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000000410000000000003333333333333333333333333333333333333333", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000000000200000000000000033333333333333333333333333333333333333330000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000000d000000000000000033333333333333333333333333333333333333330000000000000000", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000000000007e000000000000000033333333333333333333333333333333333333330000000000000005", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000000000005f0000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000000003e000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000000003e000000000000000000000033333333333333333333333333333333333333330000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000000000002e0000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000000a0000000000000000000000000033333333333333333333333333333333333333330000000000000000", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000000000000d000000000000000000000000000033333333333333333333333333333333333333330000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000000000ff000000000000000000000000000033333333333333333333333333333333333333330000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000003e00000000000000000000000000000033333333333333333333333333333333333333330000000000000005", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000000000000000300000000000000000000000000000000033333333333333333333333333333333333333330000000000000005", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000002d000000000000000000000000000000000033333333333333333333333333333333333333330000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000000000ff000000000000000000000000000000000033333333333333333333333333333333333333330000000000000000", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000000000ff0000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000000007a0000000000000000000000000000000000000033333333333333333333333333333333333333330000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000000000002b000000000000000000000000000000000000000033333333333333333333333333333333333333330000000000000005", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400000000002000000000000000000000000000000000000000000033333333333333333333333333333333333333330000000000000005", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000000a000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000000005f000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573740000004100000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737400002e0000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374000a000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f2e74657374007e000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656c6c6f2e7465737461", "r": "name=68656c6c6f2e7465737461;vh=None;fee=0"}
{"h": 600000, "kind": "payload", "op": ":", "p": "68656c6c6f2e746573ff0000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "68656c6c6f3074657374", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "68656cff6f2e746573740000000000000000000000000000000000000000000000000000003333333333333333333333333333333333333333", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "7489af60", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "78782e7878787878787878787878787878787878787878787878787878782e6964", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "787878782d787878787878787878787878787878787878787878787878782e6964", "r": "name=787878782d787878787878787878787878787878787878787878787878782e6964;vh=None;fee=0"}
{"h": 600000, "kind": "payload", "op": ":", "p": "7878787878780078787878787878787878787878787878787878787878782e6964", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "78787878787878783e7878787878787878787878787878787878787878782e6964", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "7878787878787878787830787878787878787878787878787878787878782e6964", "r": "name=7878787878787878787830787878787878787878787878787878787878782e6964;vh=None;fee=0"}
{"h": 600000, "kind": "payload", "op": ":", "p": "787878787878787878787878", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "7878787878787878787878787878", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "78787878787878787878787878787878", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "78787878787878787878787878787878782e7878787878787878787878782e6964", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "7878787878787878787878787878787878787830787878787878787878782e6964", "r": "name=7878787878787878787878787878787878787830787878787878787878782e6964;vh=None;fee=0"}
{"h": 400000, "kind": "payload", "op": ":", "p": "7878787878787878787878787878787878787878782d78787878787878782e6964", "r": "name=7878787878787878787878787878787878787878782d78787878787878782e6964;vh=None;fee=0"}
{"h": 600000, "kind": "payload", "op": ":", "p": "78787878787878787878787878787878787878787878782b7878787878782e6964", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "787878787878787878787878787878787878787878787878780a787878782e6964", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "7878787878787878787878787878787878787878787878787878780078782e6964", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "7878787878787878787878787878787878787878787878787878787878", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "7878787878787878787878787878787878787878787878787878787878782e2064", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "7878787878787878787878787878787878787878787878787878787878782e696461", "r": "name=7878787878787878787878787878787878787878787878787878787878782e696461;vh=None;fee=0"}
{"h": 600000, "kind": "payload", "op": ":", "p": "78787878787878787878787878787878787878787878787878787a7878782e6964", "r": "name=78787878787878787878787878787878787878787878787878787a7878782e6964;vh=None;fee=0"}
{"h": 500000, "kind": "payload", "op": ":", "p": "78787878787878787878ff787878787878787878787878787878787878782e6964", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "87e655f01fb159605da25829f2df7d9e6a15562259810f575b927daca6c1eb76e542d3093b87efd7515948b1c9f667b6dc3a02c843e7f1128bd84646a1de53ac137fe9cbf9", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "a301eacce7f214014a14e1ba0d36cb55dc1317527da5ef5350983682d9df349c23c036106678392d083b3946b15b19cacc8d864d1f8eb869a59565b6f213d6593049e25dc657f08c5aeec172b50a", "r": null}
{"h": 500000, "kind": "payload", "op": ":", "p": "d3e41adcb44f1013e0c392bc39cb54432235", "r": null}
{"h": 400000, "kind": "payload", "op": ":", "p": "ee13fa83eb857a21d696855aeda4dcfcd3f06b829388a8baa712f59c1feeade5f573ad674e6371b917fc1e354526a385a1f46bf13f", "r": null}
{"h": 600000, "kind": "payload", "op": ":", "p": "ff656c6c6f2e74657374", "r": null}
{"h": 500000, "kind": "payload", "op": ";", "p": "68656c5f6f2e74657374", "r": "name=68656c5f6f2e74657374"}
{"h": 500000, "kind": "payload", "op": ";", "p": "6e0a2e2064", "r": null}
{"h": 500000, "kind": "payload", "op": ";", "p": "7878787878787878307878787878787878787878787878787878787878787878782e6964", "r": "name=7878787878787878307878787878787878787878787878787878787878787878782e6964"}
{"h": 500000, "kind": "payload", "op": ";", "p": "7878787878787878787878787878787878787878", "r": null}
{"h": 500000, "kind": "payload", "op": ";", "p": "78787878787878787878787878787878787878787878787878787878787878782d2e6964", "r": "name=78787878787878787878787878787878787878787878787878787878787878782d2e6964"}
{"h": 500000, "kind": "payload", "op": ";", "p": "7dcba004bd1fa2457a05807e5540eba9f98aa23dcac72d2aef71de18762a8e7beee4571547beee6e04e5218e0145d62676f1931bb76cc90fb081d691ddedb71109c1968ec0ad", "r": null}
{"h": 500000, "kind": "payload", "op": ">", "p": "215a166b4b2ebdbaf280440666c0ef3e5fc077e8", "r": null}
{"h": 500000, "kind": "payload", "op": ">", "p": "3e11111111111111111111111111111111222222", "r": null}
{"h": 500000, "kind": "payload", "op": ">", "p": "3e1111111111111111111111111111111122222222222222222d22222222222222", "r": "keep=True;nh=11111111111111111111111111111111;ch=22222222222222222d22222222222222"}
{"h": 500000, "kind": "payload", "op": ">", "p": "3e11111111111111112b1111111111111122222222222222222222222222222222", "r": "keep=True;nh=11111111111111112b11111111111111;ch=22222222222222222222222222222222"}
{"h": 500000, "kind": "payload", "op": ">", "p": "7e111111110a111111111111111111111122222222222222222222222222222222", "r": "keep=False;nh=111111110a1111111111111111111111;ch=22222222222222222222222222222222"}
{"h": 500000, "kind": "payload", "op": ">", "p": "7e11111111111111111111111111111111222222222222222222222222", "r": null}
{"h": 500000, "kind": "payload", "op": ">", "p": "7e1111111111111111111111111111111122222e22222222222222222222222222", "r": "keep=False;nh=11111111111111111111111111111111;ch=22222e22222222222222222222222222"}
{"h": 500000, "kind": "payload", "op": ">", "p": "7e115f111111111111111111111111111122222222222222222222222222222222", "r": "keep=False;nh=115f1111111111111111111111111111;ch=22222222222222222222222222222222"}
{"h": 400000, "kind": "payload", "op": "?", "p": "001111111111111111111111111111111111111122222222222222222222222222222222", "r": "hash=0011111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=None;units=None"}
{"h": 600000, "kind": "payload", "op": "?", "p": "11", "r": null}
{"h": 500000, "kind": "payload", "op": "?", "p": "111111", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "11111111110d111111111111111111111111111122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "11111111111111", "r": null}
{"h": 500000, "kind": "payload", "op": "?", "p": "11111111111111110d1111111111111111111111222222222222222222222222222222220000000000000064535441434b5300000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111110d11111111111111111122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "11111111111111111111111111", "r": null}
{"h": 500000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111110a11111122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111001122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111100222222222222222222222222222222", "r": "hash=1111111111111111111111111111111111111111;ch=00222222222222222222222222222222;fee=None;units=None"}
{"h": 500000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122002222222222222222222222222222", "r": "hash=1111111111111111111111111111111111111111;ch=22002222222222222222222222222222;fee=None;units=None"}
{"h": 400000, "kind": "payload", "op": "?", "p": "11111111111111111111111111111111111111112222220d2222222222222222222222220000000000000064535441434b5300000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222220022222222222222222222010101010101010100535441434b53000000000000000000000000", "r": "hash=1111111111111111111111111111111111111111;ch=22222222220022222222222222222222;fee=72340172838076673;units=535441434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222220222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222022222222222222", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222022222222222222;fee=None;units=None"}
{"h": 600000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222220d22222222220000000000000064535441434b5300000000000000000000000000", "r": "hash=1111111111111111111111111111111111111111;ch=222222222222222222220d2222222222;fee=100;units=535441434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "11111111111111111111111111111111111111112222222222222222222222220d222222", "r": "hash=1111111111111111111111111111111111111111;ch=2222222222222222222222220d222222;fee=None;units=None"}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222220d22", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222220d22;fee=None;units=None"}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=None;units=None"}
{"h": 500000, "kind": "payload", "op": "?", "p": "11111111111111111111111111111111111111112222222222222222222222222222222200000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222000000000000006453", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222000000000000006453542e434b5300000000000000000000000000", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=100;units=53542e434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220000000000000064535441434b", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220000000000000064535441434b5300000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220000000000000064535441434b5300000000000000000000", "r": null}
{"h": 500000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220000000000000064535441434b530000000000000000000000003e", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220000000000000064535441434b5300000000000000000000ff0000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220000000000000064535441434b530000000000000000ff00000000", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=100;units=535441434b530000000000000000ff"}
{"h": 500000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220000000000000064535441434b5300000000004100000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220000000000000064535441434b530000007e000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220000000000000064535441434b53007e0000000000000000000000", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=100;units=535441434b53007e"}
{"h": 500000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222000000000000006453ff41434b5300000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222000000002d000064535441434b5300000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "11111111111111111111111111111111111111112222222222222222222222222222222200000a0000000064535441434b5300000000000000000000000000", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=10995116277860;units=535441434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222010001010101010100535441434b53000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222010101010101", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222010101010101010100530a41434b53000000000000000000000000", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=72340172838076673;units=530a41434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222010101010101010100535441", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222010101010101010100535441434b2e000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222010101010101010100535441434b5300000000", "r": null}
{"h": 500000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222010101010101010100535441434b530000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222010101010101010100535441434b5300000000000000000000ff00", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222010101010101010100535441434b53000000000000002000000000", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=72340172838076673;units=535441434b530000000000000020"}
{"h": 500000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222010101010101010100535441434b53000000002000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222010101010101010100535441434b53000d00000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222222010101010101010100535441434bff000000000000000000000000", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=72340172838076673;units=535441434bff"}
{"h": 500000, "kind": "payload", "op": "?", "p": "11111111111111111111111111111111111111112222222222222222222222222222222201010101010101017e535441434b53000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "11111111111111111111111111111111111111112222222222222222222222222222222201010101010a010100535441434b53000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222222222222222220101013e0101010100535441434b53000000000000000000000000", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=72340434831081729;units=535441434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222222222222222223e00000000000064535441434b5300000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "11111111111111111111111111111111111111112222222222222222222222222222225f0000000000000064535441434b5300000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222222222222e22010101010101010100535441434b53000000000000000000000000", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222222222222e22;fee=72340172838076673;units=535441434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222222222223e2222", "r": "hash=1111111111111111111111111111111111111111;ch=222222222222222222222222223e2222;fee=None;units=None"}
{"h": 400000, "kind": "payload", "op": "?", "p": "11111111111111111111111111111111111111112222222222222222222222227e2222220000000000000064535441434b5300000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222222225f222222220000000000000064535441434b5300000000000000000000000000", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222222225f22222222;fee=100;units=535441434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222222222223e2222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222230222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222222222222222e222222222222220000000000000064535441434b5300000000000000000000000000", "r": "hash=1111111111111111111111111111111111111111;ch=22222222222222222e22222222222222;fee=100;units=535441434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222223e2222222222222222", "r": "hash=1111111111111111111111111111111111111111;ch=222222222222223e2222222222222222;fee=None;units=None"}
{"h": 400000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222222ff2222222222222222220000000000000064535441434b5300000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222222b2222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": "hash=1111111111111111111111111111111111111111;ch=222222222b2222222222222222222222;fee=72340172838076673;units=535441434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111111111222222227a2222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122222b22222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "11111111111111111111111111111111111111112222ff22222222222222222222222222", "r": "hash=1111111111111111111111111111111111111111;ch=2222ff22222222222222222222222222;fee=None;units=None"}
{"h": 500000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111111122ff2222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111111111113022222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "1111111111111111111111111111111111113e1122222222222222222222222222222222", "r": "hash=1111111111111111111111111111111111113e11;ch=22222222222222222222222222222222;fee=None;units=None"}
{"h": 500000, "kind": "payload", "op": "?", "p": "11111111111111111111111111111111113e111122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111115f11111122222222222222222222222222222222", "r": "hash=111111111111111111111111111111115f111111;ch=22222222222222222222222222222222;fee=None;units=None"}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111111111411111111122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": "hash=1111111111111111111111111111114111111111;ch=22222222222222222222222222222222;fee=72340172838076673;units=535441434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "111111111111111111111111111130111111111122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111111111111111111111112d11111111111122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111111111115f111111111111222222222222222222222222222222220000000000000064535441434b5300000000000000000000000000", "r": "hash=111111111111111111111111115f111111111111;ch=22222222222222222222222222222222;fee=100;units=535441434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "1111111111111111111111117a1111111111111122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "11111111111111111111113e1111111111111111222222222222222222222222222222220000000000000064535441434b5300000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111111111113011111111111111111122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": "hash=1111111111111111111130111111111111111111;ch=22222222222222222222222222222222;fee=72340172838076673;units=535441434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "1111111111111111115f11111111111111111111222222222222222222222222222222220000000000000064535441434b5300000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "1111111111111111411111111111111111111111222222222222222222222222222222220000000000000064535441434b5300000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111111111117a11111111111111111111111122222222222222222222222222222222", "r": "hash=111111111111117a111111111111111111111111;ch=22222222222222222222222222222222;fee=None;units=None"}
{"h": 500000, "kind": "payload", "op": "?", "p": "111111111120111111111111111111111111111122222222222222222222222222222222", "r": "hash=1111111111201111111111111111111111111111;ch=22222222222222222222222222222222;fee=None;units=None"}
{"h": 400000, "kind": "payload", "op": "?", "p": "111111113011111111111111111111111111111122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "111111201111111111111111111111111111111122222222222222222222222222222222", "r": "hash=1111112011111111111111111111111111111111;ch=22222222222222222222222222222222;fee=None;units=None"}
{"h": 500000, "kind": "payload", "op": "?", "p": "1111117a1111111111111111111111111111111122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "111130111111111111111111111111111111111122222222222222222222222222222222010101010101010100535441434b53000000000000000000000000", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "117e111111111111111111111111111111111111222222222222222222222222222222220000000000000064535441434b5300000000000000000000000000", "r": "hash=117e111111111111111111111111111111111111;ch=22222222222222222222222222222222;fee=100;units=535441434b53"}
{"h": 500000, "kind": "payload", "op": "?", "p": "28bf3dd0d6115d11252e2874f50d11c0e8db69abca5de80b81527428c070", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "3cae2d5c4687c83e", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "54c0cfba7ad2dfda8254042f4f", "r": null}
{"h": 500000, "kind": "payload", "op": "?", "p": "70b331c13dc3bda5", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "8ca3dafbd77acfa9a6e0b20f7477c2549eae8ba051bd3473dbba572caf7e3da0e7bb6927da8db0b7796e0da17ee78e6d87d89cfefff65599a6e7689f81ce26da1af9150bc1ad8eb5e4f9600e36898f", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "a61b74b5140e89b7947dcf593fe8152f92399a928f3a80", "r": null}
{"h": 500000, "kind": "payload", "op": "?", "p": "c44ecb33082a1f1a6b2389d9003a22a5b5ab67864760c7a85205dbae1538225503d178977a12969935d2", "r": null}
{"h": 400000, "kind": "payload", "op": "?", "p": "de2e9d26de3fafe19ae70c9c2ea68fbdbe", "r": null}
{"h": 600000, "kind": "payload", "op": "?", "p": "f8513c301bb8fa10735627daa19f02ddb11579f9abbd73dbdddd37d007f43d397f5ae45c14375f9dcfb293b76468932635198dadd29fa6b8fceaed1ada6fa2361f", "r": null}
{"h": 500000, "kind": "payload", "op": "~", "p": "2e5f622d632e64", "r": null}
{"h": 500000, "kind": "payload", "op": "~", "p": "615f622d632e41", "r": null}
{"h": 500000, "kind": "payload", "op": "~", "p": "68656c", "r": null}
{"h": 500000, "kind": "payload", "op": "~", "p": "92f06849682e0b0ca8ec64e499a76ea74040797d0e6c2d66", "r": null}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "002c4ba9002188dc843485f84e528705424bcc41214f4c"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "009a61884e214d76a9874f0520bd206a4f00604f7e7601"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "0141a960004d4e414159a9016a6a4688"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "02024f052101ac01764c16bb41ff01284c00acff4de0"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "02a64dff6321"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "0551874f608702214d6014027cff41014c41874f58884b882c51417f20aeac"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "095151877fa3ac490a4f054eb4880276945a754d01212087eb4eefaca94c00884d4b4d6061bd4f"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "144f88874f5f8720c751050241024dacac887e0290"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "15ac204b784b6a0d6a00ec016087b34b704d4eaeac20acd30bdac161ac"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "20410b024f"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "20a2a2a94c66ac2a764d826a0205ae886120a14e7c6a614f8721517eff020f766051"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "2141a94d"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "21ff0594b0ee4e88004c606021aea96a4f"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "30e4a001874e3e0d"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "404c604d4260e34c4facac514e413c615170a97601"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "4161a9610588ff76a976ce4176b12220146045a9d0ff"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "49ac50877901415d01a9f714050187"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "4b4f614eaba98bac4ca041ff614f"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "4c204d6ad660ffaeda4b614c4c4e4da96e76ffdc88204d"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "4ca98749874d00d4ff05026a0541"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "4d5e907614ae0030c64bc24ea9f64105051b14"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "4e0109ae00214d884e609c88511414ff14ff874d515187a04b14de21214f4e02ffff00879c"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "4e88431fb8b1514cfffbac604f61144b8800606afd055fe767ae424151ae9f87144e4f024bdcac"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "4f4d20212fad4f41b8fc4e027614b3e81461"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "51000287237b21416121fb206a4f36ac01050000ae61f3051cff010541"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "51ae304f5851884d2d21510000614b874e4d4d60cd28146ad86a4c87204eff5c216100"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "5d606888493d60a94f88614805027601a94ff3147c14544f76056141144c01414b50764d"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "606187ffae216a2020411a4eae20ed1ddf2e20026061"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "612002609d"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "61984c881c000d4d052187ff41798851cc87517488acff200502"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6a00337601a91414a26aae14bb2005514fa94f4faba9a1ac02994fff330551144d200193"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6a014f514f1b"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6a0272012143142876884d4b5960604c4e1414fc5e68516202"}
{"class": "nulldata", "kind": "script", "nulldata": "payload:92", "s": "6a0592"}
{"class": "nulldata", "kind": "script", "nulldata": "payload:8e52dc4d82a9f1604e4e", "s": "6a188e52dc4d82a9f1604e4e"}
{"class": "nulldata", "kind": "script", "nulldata": "payload:1dff056105", "s": "6a211dff056105"}
{"class": "nulldata", "kind": "script", "nulldata": "payload:a9582121bf574b4c6139b58888474fae87008892ae75ff96ac05160a61210529", "s": "6a32a9582121bf574b4c6139b58888474fae87008892ae75ff96ac05160a61210529"}
{"class": "nulldata", "kind": "script", "nulldata": "payload:e64d1414f860da", "s": "6a41e64d1414f860da"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6a4c0501876a14414d51144b201443"}
{"class": "nulldata", "kind": "script", "nulldata": "payload:01018730604160ac4b3a004f1d76a9fd8787", "s": "6a4d856101018730604160ac4b3a004f1d76a9fd8787"}
{"class": "nulldata", "kind": "script", "nulldata": "payload:4eac7602174ff85121ae204b4ea6aeae4e", "s": "6a4e8c3360204eac7602174ff85121ae204b4ea6aeae4e"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6a4fff6e88"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6a5926c4ae88ac5900144188024b"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6a6116a70260ac4f764e01516110"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6a6a20058751514db52760"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6a7614fa882dfd6051874d518cfc4f41016a76ff3a01284ca9f14c6a21004f60b1"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6a859fff4e6660f34d147f0221d7ac"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6a88380276204e4e764c0561"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6a91b3a8ae0161ac8188beac00ac6a6051"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6aa921ac60884e4eaeff41024d4bd0a9ff0260"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6aac51024f9f760502f4c4da02a920ae004b14142460400280ab4b"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6aaead4b01a91b056100212021aec24d76ef4e51ff764d4b76df51056a51c2"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6ad36a0000ac0005a9f2c251764c51767a4e22214cf912a9a9207261a9002060a9884e"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6af0e005ff144c76150d4c4c6a7601"}
{"class": "nulldata", "kind": "script", "nulldata": "malformed", "s": "6affa9764da90100aea96022e0514e6072ac76d9a588a0144b414e131402e88687d4"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "755177bd17"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "7651200120a94e026a1c2141764bbdc6"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "76ec534e4c41016a41991a4e4d4ceddd01144d004cd2"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "85050041884b880114a360ffbe4d1178884062"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "8787079fdebd41aeaad67396d36aac0505e20051a6"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "884f026aac87a9d202f241304d4ea4414f766a88874c512100"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "8d79ff0141ff4e76024b14144f419e00964eac21874b4f514e004dc4f514214e2157f488"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "a833874e584bedae21acadb0204c01ae4e0cff"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "a9ae614f4c0287"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "ac5ce3"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "ae216a49ae612002afb120149901004bff4b2020ff05ae96884d"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "aeac63ff4d5db1ff2061ae03b84d10014d764ca9614c4f0d"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "b9ff4c4fe80505204d4e216a1641ac4c4d8962f814147080514d4b025187efa9140087808967"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "ce"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "dd7276ac8762"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "ea7661ac414ffb4fae4c4c014ec2124e4f6a4c004c184fac0187f054e3"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "f5a8bd7661618976ff"}
{"class": null, "kind": "script", "nulldata": "notnulldata", "s": "ff5790ef880258f96f60c1608897604d614132884c"}
{"hash": null, "kind": "pubkey", "push": "00acd816ffbc682a5b711e420030f0aa454b565fd2bce12fba5a3bda52322ffc9d88ef8461e2128ceda9a7447431db85973ded9ecedcbf9259210a205f90533756"}
{"hash": null, "kind": "pubkey", "push": "045eaa7c32e464ddc8309c9aa0ad508a63f32316ceb66a60ffad539985b2ccd26a"}
{"hash": null, "kind": "pubkey", "push": "0691432d71e737863368fca3b4a158935f7c3c80313ec9c1aae3f6e8607094a74947d0ab686593eecb879c0e734e0500399e9e83103ae9d3010fd49cd138699267"}
{"hash": null, "kind": "pubkey", "push": "1d493fe041a13f0c639fa96e3086d133bdb2560a5d15907d59e9fbc67c22fb7cef3e92847e7914ccf4c48f71d0ee8821d62386103dd9e6276a8229a107b00ae3"}
{"hash": null, "kind": "pubkey", "push": "46c119d0b803f26cf575d20b7631696d1458f3896832d1736eec769a3389e3fc5aec076257be8e11fdc5b31d1015740be8a05a1140f88b32c48ca763fa2c1edf63"}
{"hash": null, "kind": "pubkey", "push": "664fc5f8b705ab59cce881165317b8da8db2cafe53d2fc1e65e8987e1013c7d121be03c3a49351972f535507988eb0d7426073aab67bafb7b52735d9318e294871"}
{"hash": null, "kind": "pubkey", "push": "8e7b215322356eb7d573566dfeab330c0becc28c"}
{"hash": "042fa2c7d978d7482ef0aaab48c00a44aaa13351", "kind": "pubkey", "push": "aac01cc63aafba2be88ad66115c83856944c267e75251541945c5a9ff5b58d3c21cc03a92e6d63e9abe581d768f868b29d4b512bd5ccf9837e5f87ca43c14e99"}
{"hash": null, "kind": "pubkey", "push": "cee1c68857b73a8c8d0f17719dd0f19af34dcd5a"}
{"hash": null, "kind": "pubkey", "push": "f8aab4fad49e451b04779f1d77e17425c96e810e"}
"####;
