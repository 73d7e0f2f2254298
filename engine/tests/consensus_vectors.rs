//! Consensus spec §8 test vectors (records, ops hash, consensus hash), reproduced with
//! `bns_engine::consensus`, plus a golden table of CPython 2.7 `str(float)`.

use bns_engine::consensus::py2str::py2_float_str;
use bns_engine::consensus::{
    consensus_hash, fields::fields_for, ops_hash, serialize_record, skip_list_heights, Value,
};
use bns_engine::{ConsensusHash, OpsHash};

const EMPTY_OPS_HASH: &str = "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456";

fn ch(hex: &str) -> ConsensusHash {
    ConsensusHash::from_hex(hex).unwrap()
}

/// §8.1: empty first block.
#[test]
fn empty_first_block_spec_8_1() {
    let ops = ops_hash(&[]);
    assert_eq!(ops.to_hex(), EMPTY_OPS_HASH);
    assert_eq!(consensus_hash(&ops, &[]).to_hex(), "2a9148d8b13939723d2aca16c75c6d68");
}

/// §8.2: eight empty blocks from FIRST = 373601, using our skip list to pick earlier hashes.
#[test]
fn empty_chain_from_373601_spec_8_2() {
    let first = 373_601u32;
    let expected = [
        "2a9148d8b13939723d2aca16c75c6d68",
        "1c54465d3486f07be2c7a81af0ef44ad",
        "0efa29f955c6ae3bb5037039d89dba5e",
        "9daa6e59877b9e0ca4772a3df475abd2",
        "996ff3a1e5d612d4e4cf73dea04ccee6",
        "7ffaa0c606e1ebc5240b21934f8cffaa",
        "837782072d30d8cd90041eb1157d0f3b",
        "04c955e6e2c806ead334df392e433b63",
    ];
    let mut chain: Vec<ConsensusHash> = Vec::new();
    for (i, want) in expected.iter().enumerate() {
        let height = first + i as u32;
        let previous: Vec<ConsensusHash> =
            skip_list_heights(height, first).into_iter().map(|h| chain[(h - first) as usize]).collect();
        let ops = ops_hash(&[]);
        assert_eq!(ops.to_hex(), EMPTY_OPS_HASH);
        let got = consensus_hash(&ops, &previous);
        assert_eq!(got.to_hex(), *want, "height {height}");
        chain.push(got);
    }
    assert_eq!(skip_list_heights(373_608, first), vec![373_607, 373_605, 373_601]);
}

const SPEC_8_3_RECORD: &str = "*:40:db67800bdfa5da781e177cc268f7cf030952629a,32:2a9148d8b13939723d2aca16c75c6d68,1:*,9:400000000,64:3564976059b4cbc33e8c8f2b06f2c0a9483eabfe95ee557dd1a646ec20c9c74a,1:1,3:694,50:76a91474178497e927ff3ff1428a241be454d393c3c91c88ac,66:03d6fd1ba0effaf1e8d94ea7b7a3d0ef26fea00a14ce5ffcc1495fe588a2c6d0f3,34:mr6nrMvvh44sR5MiX929mMXP5hqgaTr6fx";

fn s(text: &str) -> Value {
    Value::Str(text.to_string())
}

/// §8.3: one NAMESPACE_PREORDER record, serialized from typed values.
#[test]
fn one_record_spec_8_3() {
    assert_eq!(fields_for(b'*').unwrap().len(), 10);
    let values = [
        s("db67800bdfa5da781e177cc268f7cf030952629a"),
        s("2a9148d8b13939723d2aca16c75c6d68"),
        s("*"),
        Value::Int(400_000_000),
        s("3564976059b4cbc33e8c8f2b06f2c0a9483eabfe95ee557dd1a646ec20c9c74a"),
        Value::Int(1),
        Value::Int(694),
        s("76a91474178497e927ff3ff1428a241be454d393c3c91c88ac"),
        s("03d6fd1ba0effaf1e8d94ea7b7a3d0ef26fea00a14ce5ffcc1495fe588a2c6d0f3"),
        s("mr6nrMvvh44sR5MiX929mMXP5hqgaTr6fx"),
    ];
    let record = serialize_record(b'*', &values);
    assert_eq!(String::from_utf8(record.clone()).unwrap(), SPEC_8_3_RECORD);
    let ops = ops_hash(&[record]);
    assert_eq!(ops.to_hex(), "56851352f48b42abe5989371a8e5e06c4ef72872816a0c344578bf32938350b5");
    let prev = [ch("2a9148d8b13939723d2aca16c75c6d68")];
    assert_eq!(consensus_hash(&ops, &prev).to_hex(), "b5368da7abd8422be1dc3e4377f6928e");
}

/// §8.4: two synthetic records exercising float, booleans, None and list text.
#[test]
fn two_records_spec_8_4() {
    assert_eq!(fields_for(b'>').unwrap().len(), 19);
    let record_a = serialize_record(
        b'>',
        &[
            s("foo.test"),
            Value::None,
            s("76a914000102030405060708090a0b0c0d0e0f1011121388ac"),
            Value::None,
            s("1111111111111111111114oLvT2"),
            Value::Int(700),
            Value::Int(700),
            Value::Int(701),
            Value::Int(701),
            Value::Bool(false),
            s(">~"),
            s("1111111111111111111111111111111111111111111111111111111111111111"),
            Value::Int(3),
            Value::Float(6400000.0),
            Value::None,
            Value::None,
            s("22222222222222222222222222222222"),
            s("33333333333333333333333333333333"),
            Value::Bool(false),
        ],
    );
    assert_eq!(
        String::from_utf8(record_a.clone()).unwrap(),
        ">:8:foo.test,0:,50:76a914000102030405060708090a0b0c0d0e0f1011121388ac,0:,27:1111111111111111111114oLvT2,3:700,3:700,3:701,3:701,5:False,2:>~,64:1111111111111111111111111111111111111111111111111111111111111111,1:3,9:6400000.0,0:,0:,32:22222222222222222222222222222222,32:33333333333333333333333333333333,5:False"
    );
    assert_eq!(fields_for(b'&').unwrap().len(), 19);
    let record_b = serialize_record(
        b'&',
        &[
            s("test"),
            s("4444444444444444444444444444444444444444"),
            Value::Int(1),
            s("76a914555555555555555555555555555555555555555588ac"),
            s("026666666666666666666666666666666666666666666666666666666666666666"),
            s("1addr"),
            s("76a914777777777777777777777777777777777777777788ac"),
            s("1recip"),
            Value::Int(689),
            Value::Int(690),
            s("&"),
            s("8888888888888888888888888888888888888888888888888888888888888888"),
            Value::Int(1),
            Value::Int(52595),
            Value::Int(250),
            Value::Int(4),
            Value::IntList(vec![6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            Value::Int(10),
            Value::Int(10),
        ],
    );
    assert_eq!(
        String::from_utf8(record_b.clone()).unwrap(),
        "&:4:test,40:4444444444444444444444444444444444444444,1:1,50:76a914555555555555555555555555555555555555555588ac,66:026666666666666666666666666666666666666666666666666666666666666666,5:1addr,50:76a914777777777777777777777777777777777777777788ac,6:1recip,3:689,3:690,1:&,64:8888888888888888888888888888888888888888888888888888888888888888,1:1,5:52595,3:250,1:4,48:[6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],2:10,2:10"
    );
    // Leaves (sorted): B then A, per §8.4; the ops hash does not depend on input order.
    assert_eq!(
        hex::encode(bns_engine::hashes::dsha256(&record_b)),
        "10b53c07b365bb5f977dabd0442302d177c34613b9c73e978dc4e0caf4e1a749"
    );
    assert_eq!(
        hex::encode(bns_engine::hashes::dsha256(&record_a)),
        "b1baf020f124626f2d643bc95ad1cabd178e2a45c8e4fd2533e3ed5d1042c786"
    );
    let want_ops = "16571af019766348c908b7f876d42c26eaac7452e94a7d0a3044b22cb968c894";
    assert_eq!(ops_hash(&[record_a.clone(), record_b.clone()]).to_hex(), want_ops);
    let ops = ops_hash(&[record_b, record_a]);
    assert_eq!(ops.to_hex(), want_ops);
    let prev = [ch("2a9148d8b13939723d2aca16c75c6d68")];
    assert_eq!(consensus_hash(&ops, &prev).to_hex(), "d6239db9703dcf8ded2bb2638e097f4d");
}

/// §8.5: Merkle-only vectors with 2 and 3 (odd, last duplicated) leaves.
#[test]
fn merkle_only_vectors_spec_8_5() {
    let s1 = SPEC_8_3_RECORD.as_bytes().to_vec();
    let s2 = SPEC_8_3_RECORD.replace("1:1,3:694", "1:2,3:694").into_bytes();
    assert_ne!(s1, s2);
    assert_eq!(
        ops_hash(&[s1.clone(), s2.clone()]).to_hex(),
        "b3a1e17477addbf04da39ba248c8448fa598d11a0e6058b2c3cd52fb7a0ece7d"
    );
    assert_eq!(
        ops_hash(&[s1, s2, b"x".to_vec()]).to_hex(),
        "bc45998d5d459d0f49ebb67f486f31f35f04e588e1974bb51c21ef3cb7fee99a"
    );
}

/// A single leaf is the root itself: CH(FIRST) = hash160(ops)[..16] (§7.2).
#[test]
fn single_leaf_root_is_the_leaf() {
    let record = b"x".to_vec();
    let ops = ops_hash(std::slice::from_ref(&record));
    assert_eq!(ops.0, bns_engine::hashes::dsha256(&record));
    let want = bns_engine::hashes::hash160(&ops.0);
    assert_eq!(consensus_hash(&ops, &[]).0, want[..16]);
    let _unused: OpsHash = ops;
}

/// CPython 2.7 `str(float)` for 6,000 doubles (random bit patterns, price-like values,
/// and exact `.5` ties). Produced once by `tests/data/gen_py2_float_str_golden.py`
/// under `/opt/bns-oracle/venv27/bin/python` (CPython 2.7.18); see tests/data/README.md.
#[test]
fn py2_float_str_matches_cpython_golden_table() {
    let table = include_str!("data/py2_float_str_golden.tsv");
    let mut count = 0;
    for line in table.lines() {
        let (bits, text) = line.split_once('\t').unwrap();
        let x = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
        assert_eq!(py2_float_str(x), text, "bits {bits}");
        count += 1;
    }
    assert_eq!(count, 6000);
}
