//! Engine benchmarks: extraction of one transaction, `apply_block` on an empty block
//! and on a block with 50 accepted operations (issue "consensus engine", benches).
//!
//! Fixtures are built outside the timed loop; every iteration of `apply_block` starts
//! from a clone of the same engine so the height stays valid.

use bitcoin::absolute::LockTime;
use bitcoin::blockdata::script::{Builder, PushBytesBuf};
use bitcoin::transaction::Version;
use bitcoin::{Amount, OutPoint, ScriptBuf, Sequence, Transaction, TxIn, TxOut, Witness};
use bns_engine::address::address_to_script;
use bns_engine::params::GENESIS_CONSENSUS_HASH;
use bns_engine::{BlockHash, BlockInput, Candidate, ConsensusHash, Engine, Op, Params, Sender, Txid};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

const WALLET: &str = "mhXL5fyefC9LceAkDdcwSKmyqYZeHbrTsN";

fn p2pkh(hash_byte: u8) -> ScriptBuf {
    let mut s = vec![0x76, 0xa9, 0x14];
    s.extend_from_slice(&[hash_byte; 20]);
    s.extend_from_slice(&[0x88, 0xac]);
    ScriptBuf::from_bytes(s)
}

/// A NAME_PREORDER transaction laid out as the reference's client builds it:
/// [OP_RETURN, change, burn], one p2pkh input.
fn preorder_tx(params: &Params) -> (Transaction, Vec<TxOut>) {
    let mut payload = b"id?".to_vec();
    payload.extend_from_slice(&[0x11; 20]);
    payload.extend_from_slice(&GENESIS_CONSENSUS_HASH);
    let push = PushBytesBuf::try_from(payload).expect("39 bytes fit a push");
    let op_return =
        Builder::new().push_opcode(bitcoin::opcodes::all::OP_RETURN).push_slice(push).into_script();
    let sender = ScriptBuf::from_bytes(address_to_script(WALLET, params).expect("valid regtest address"));
    let tx = Transaction {
        version: Version::ONE,
        lock_time: LockTime::ZERO,
        input: vec![TxIn {
            previous_output: OutPoint::null(),
            script_sig: ScriptBuf::new(),
            sequence: Sequence::MAX,
            witness: Witness::new(),
        }],
        output: vec![
            TxOut { value: Amount::ZERO, script_pubkey: op_return },
            TxOut { value: Amount::from_sat(90_000), script_pubkey: sender.clone() },
            TxOut { value: Amount::from_sat(640_000), script_pubkey: p2pkh(0) },
        ],
    };
    let prevouts = vec![TxOut { value: Amount::from_sat(1_000_000), script_pubkey: sender }];
    (tx, prevouts)
}

/// 50 NAME_PREORDERs with distinct hashes and senders: all accepted at FIRST.
fn fifty_preorders(params: &Params) -> Vec<Candidate> {
    (0..50u8)
        .map(|i| {
            let script = p2pkh(i + 1).into_bytes();
            let address = bns_engine::address::script_to_address(&script, params).expect("p2pkh");
            Candidate {
                txid: Txid([i; 32]),
                vtxindex: u32::from(i) + 1,
                sender: Sender { script, address, pubkey: None },
                op: Op::NamePreorder {
                    preorder_hash: [i; 20],
                    consensus_hash: ConsensusHash(GENESIS_CONSENSUS_HASH),
                    token_fee: None,
                    token_units: None,
                    op_fee_sat: 640_000,
                    burn_address: bns_engine::address::burn_address(params),
                },
            }
        })
        .collect()
}

fn bench_extract(c: &mut Criterion) {
    let params = Params::regtest();
    let (tx, prevouts) = preorder_tx(&params);
    let height = params.first_block;
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Elements(1));
    group.bench_function("name_preorder_tx", |b| {
        b.iter(|| bns_engine::extract::extract(&tx, &prevouts, 1, height, &params).expect("a candidate"))
    });
    group.finish();
}

fn bench_apply_block(c: &mut Criterion) {
    let params = Params::regtest();
    let engine = Engine::new(params.clone());
    let height = engine.next_height();
    let mut group = c.benchmark_group("apply_block");
    group.bench_function("empty", |b| {
        b.iter_batched(
            || engine.clone(),
            |mut e| e.apply_block(BlockInput { height, block_hash: BlockHash([7; 32]), candidates: vec![] }),
            BatchSize::SmallInput,
        )
    });
    let candidates = fifty_preorders(&params);
    group.throughput(Throughput::Elements(candidates.len() as u64));
    group.bench_function("50_preorders", |b| {
        b.iter_batched(
            || (engine.clone(), candidates.clone()),
            |(mut e, cands)| {
                let outcome = e
                    .apply_block(BlockInput { height, block_hash: BlockHash([7; 32]), candidates: cands })
                    .expect("in order");
                assert_eq!(outcome.accepted.len(), 50);
                outcome
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_extract, bench_apply_block);
criterion_main!(benches);
