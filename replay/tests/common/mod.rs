//! Test chains for replay: small regtest block sequences built with rust-bitcoin
//! (PoW with bits 0x207fffff is a couple of hashes), with BNS-looking transactions
//! whose inputs spend coinbases, earlier transactions, same-block transactions and
//! segwit outputs, and writers that lay them out in blk*.dat files cleanly or the way
//! a messy node directory looks (xor.dat, out of order, stale fork, duplicates,
//! padding, junk, truncated tail).
#![allow(dead_code)]

use bitcoin::block::{Header, Version as BlockVersion};
use bitcoin::hashes::Hash;
use bitcoin::{
    absolute::LockTime, transaction::Version, Amount, Block, BlockHash, CompactTarget, OutPoint, ScriptBuf,
    Sequence, Transaction, TxIn, TxMerkleNode, TxOut, Witness,
};
use std::io::Write;
use std::path::Path;

pub const BITS: u32 = 0x207f_ffff;

/// Deterministic xorshift so tests need no rand dependency in the chain shape.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn p2pkh(pubkey: &[u8]) -> ScriptBuf {
    let h = bitcoin::hashes::hash160::Hash::hash(pubkey);
    let mut s = vec![0x76, 0xa9, 0x14];
    s.extend_from_slice(h.as_byte_array());
    s.extend_from_slice(&[0x88, 0xac]);
    ScriptBuf::from_bytes(s)
}

fn p2pk(pubkey: &[u8]) -> ScriptBuf {
    let mut s = vec![pubkey.len() as u8];
    s.extend_from_slice(pubkey);
    s.push(0xac);
    ScriptBuf::from_bytes(s)
}

fn p2wpkh(pubkey: &[u8]) -> ScriptBuf {
    let h = bitcoin::hashes::hash160::Hash::hash(pubkey);
    let mut s = vec![0x00, 0x14];
    s.extend_from_slice(h.as_byte_array());
    ScriptBuf::from_bytes(s)
}

fn pubkey(i: u64) -> Vec<u8> {
    let mut k = vec![0x02];
    k.extend_from_slice(&bitcoin::hashes::sha256::Hash::hash(&i.to_le_bytes()).to_byte_array());
    k
}

fn script_sig(pk: &[u8]) -> ScriptBuf {
    let mut s = vec![71];
    s.extend(std::iter::repeat_n(0x30, 71));
    s.push(pk.len() as u8);
    s.extend_from_slice(pk);
    ScriptBuf::from_bytes(s)
}

fn bns_return(tag: u64) -> ScriptBuf {
    let mut data = b"id?".to_vec();
    data.extend_from_slice(&tag.to_le_bytes());
    let mut s = vec![0x6a, data.len() as u8];
    s.extend(data);
    ScriptBuf::from_bytes(s)
}

fn tx(inputs: Vec<TxIn>, outputs: Vec<TxOut>) -> Transaction {
    Transaction { version: Version(2), lock_time: LockTime::ZERO, input: inputs, output: outputs }
}

fn input(prev: OutPoint, pk: &[u8], segwit: bool) -> TxIn {
    TxIn {
        previous_output: prev,
        script_sig: if segwit { ScriptBuf::new() } else { script_sig(pk) },
        sequence: Sequence::MAX,
        witness: if segwit { Witness::from_slice(&[vec![0x30; 71], pk.to_vec()]) } else { Witness::new() },
    }
}

/// Grind the nonce until the header meets `BITS`.
pub fn mine(prev: BlockHash, txdata: Vec<Transaction>, time: u32) -> Block {
    let mut block = Block {
        header: Header {
            version: BlockVersion::from_consensus(4),
            prev_blockhash: prev,
            merkle_root: TxMerkleNode::all_zeros(),
            time,
            bits: CompactTarget::from_consensus(BITS),
            nonce: 0,
        },
        txdata,
    };
    block.header.merkle_root = block.compute_merkle_root().expect("non-empty");
    while !bns_replay::work::check_pow(&block.block_hash().to_byte_array(), BITS) {
        block.header.nonce += 1;
    }
    block
}

fn coinbase(height: u64, pk: &[u8], salt: u8) -> Transaction {
    let mut sig = vec![0x08];
    sig.extend_from_slice(&height.to_le_bytes());
    sig.push(salt);
    tx(
        vec![TxIn {
            previous_output: OutPoint::null(),
            script_sig: ScriptBuf::from_bytes(sig),
            sequence: Sequence::MAX,
            witness: Witness::new(),
        }],
        vec![
            TxOut { value: Amount::from_sat(5_000_000_000), script_pubkey: p2pkh(pk) },
            TxOut { value: Amount::from_sat(1_000), script_pubkey: p2wpkh(pk) },
            TxOut { value: Amount::from_sat(2_000), script_pubkey: p2pk(pk) },
        ],
    )
}

/// A main chain of `length` blocks after genesis and a stale fork of `fork_length`
/// blocks branching at `fork_at`. Every block from height 3 carries BNS-looking
/// transactions spending earlier coinbases (p2pkh and p2wpkh), a transaction of the
/// same block, and one earlier BNS transaction.
pub struct TestChain {
    pub main: Vec<Block>,
    pub fork: Vec<Block>,
}

pub fn build_chain(length: u64, fork_at: u64, fork_length: u64, seed: u64) -> TestChain {
    let genesis = bitcoin::blockdata::constants::genesis_block(bitcoin::Network::Regtest);
    let mut main = vec![genesis];
    let mut rng = Rng(seed | 1);
    let mut bns_txs: Vec<Transaction> = Vec::new();
    for h in 1..=length {
        main.push(next_block(&main, h, 0, &mut rng, &mut bns_txs));
    }
    let mut fork: Vec<Block> = Vec::new();
    let mut fork_prev = main[fork_at as usize].block_hash();
    for i in 0..fork_length {
        let h = fork_at + 1 + i;
        let pk = pubkey(1_000_000 + h);
        let b = mine(fork_prev, vec![coinbase(h, &pk, 1)], 1_600_000_000 + h as u32);
        fork_prev = b.block_hash();
        fork.push(b);
    }
    TestChain { main, fork }
}

fn next_block(main: &[Block], h: u64, salt: u8, rng: &mut Rng, bns_txs: &mut Vec<Transaction>) -> Block {
    let pk = pubkey(h);
    let mut txs = vec![coinbase(h, &pk, salt)];
    if h >= 3 {
        // Spend an earlier coinbase's p2pkh output.
        let src = 1 + rng.below(h - 2);
        let cb = &main[src as usize].txdata[0];
        let a = tx(
            vec![input(OutPoint { txid: cb.compute_txid(), vout: 0 }, &pubkey(src), false)],
            vec![
                TxOut { value: Amount::from_sat(4_000_000_000), script_pubkey: p2pkh(&pubkey(h + 500)) },
                TxOut { value: Amount::ZERO, script_pubkey: bns_return(h) },
            ],
        );
        // A same-block spend of `a`, plus the segwit output of another coinbase.
        let src2 = 1 + rng.below(h - 2);
        let cb2 = &main[src2 as usize].txdata[0];
        let b = tx(
            vec![
                input(OutPoint { txid: a.compute_txid(), vout: 0 }, &pubkey(h + 500), false),
                input(OutPoint { txid: cb2.compute_txid(), vout: 1 }, &pubkey(src2), true),
            ],
            vec![TxOut { value: Amount::ZERO, script_pubkey: bns_return(h + 7) }],
        );
        txs.push(a.clone());
        // A plain (non-candidate) transaction between them; what it spends is never looked up.
        let nowhere = OutPoint { txid: bitcoin::Txid::from_byte_array([h as u8; 32]), vout: 3 };
        txs.push(tx(
            vec![input(nowhere, &pk, false)],
            vec![TxOut { value: Amount::from_sat(h), script_pubkey: ScriptBuf::from_bytes(vec![0x51]) }],
        ));
        txs.push(b);
        // Spend a (non-BNS) output of an earlier BNS transaction: its OP_RETURN vout 1.
        if let Some(prev) = bns_txs.get(rng.below(bns_txs.len() as u64 + 1) as usize) {
            txs.push(tx(
                vec![input(OutPoint { txid: prev.compute_txid(), vout: 1 }, &pk, false)],
                vec![TxOut { value: Amount::ZERO, script_pubkey: bns_return(h + 9) }],
            ));
        }
        // Every fifth block: a P2PK spend (scriptSig `<sig>` only), which the
        // structural prevout filter cannot predict.
        if h.is_multiple_of(5) {
            let src3 = 1 + rng.below(h - 2);
            let cb3 = &main[src3 as usize].txdata[0];
            let mut p2pk_in = input(OutPoint { txid: cb3.compute_txid(), vout: 2 }, &pk, false);
            p2pk_in.script_sig = ScriptBuf::from_bytes([vec![71u8], vec![0x30; 71]].concat());
            txs.push(tx(
                vec![p2pk_in],
                vec![TxOut { value: Amount::ZERO, script_pubkey: bns_return(h + 11) }],
            ));
        }
        bns_txs.push(a);
    }
    mine(main[(h - 1) as usize].block_hash(), txs, 1_600_000_000 + h as u32)
}

/// `block` with the same header (so the same hash and proof of work) over a changed
/// coinbase: its merkle root no longer matches.
pub fn with_bad_merkle(block: &Block) -> Block {
    let mut b = block.clone();
    b.txdata[0].output[0].value = Amount::from_sat(1);
    assert_ne!(b.compute_merkle_root(), Some(b.header.merkle_root));
    b
}

/// One `magic size block` record (regtest).
pub fn record(block: &Block) -> Vec<u8> {
    raw_record(&bitcoin::consensus::encode::serialize(block))
}

/// A regtest record of raw block bytes.
pub fn raw_record(bytes: &[u8]) -> Vec<u8> {
    bns_blockfile::record_bytes(&bns_blockfile::ChainNetwork::Regtest.magic(), bytes)
}

/// Write main-chain blocks in order, `per_file` records per file.
pub fn write_clean(dir: &Path, chain: &TestChain, per_file: usize) {
    for (i, blocks) in chain.main.chunks(per_file).enumerate() {
        let bytes: Vec<u8> = blocks.iter().flat_map(record).collect();
        write_file(&dir.join(format!("blk{i:05}.dat")), &bytes);
    }
}

pub fn write_file(path: &Path, bytes: &[u8]) {
    std::fs::File::create(path).unwrap().write_all(bytes).unwrap();
}

/// A messy directory: xor.dat, blocks shuffled across files, the stale fork mixed
/// in, some blocks twice, zero padding and junk between records, and a truncated
/// copy of a block at the end of the last file.
pub fn write_messy(dir: &Path, chain: &TestChain, seed: u64) {
    let mut rng = Rng(seed | 1);
    let key: [u8; 8] = [0x5a, 0x11, 0xc3, 0x07, 0x99, 0xe0, 0x42, 0x0f];
    write_file(&dir.join("xor.dat"), &key);
    let mut blocks: Vec<&Block> = chain.main.iter().chain(chain.fork.iter()).collect();
    for _ in 0..3 {
        let i = rng.below(blocks.len() as u64) as usize;
        blocks.push(blocks[i]);
    }
    // Local disorder, like a node downloading in parallel: swap neighbours.
    for i in (1..blocks.len()).rev() {
        let j = i - (rng.below(4) as usize).min(i);
        blocks.swap(i, j);
    }
    let files = 3;
    let per_file = blocks.len().div_ceil(files);
    for (n, chunk) in blocks.chunks(per_file).enumerate() {
        let mut bytes = Vec::new();
        for b in chunk {
            match rng.below(4) {
                0 => bytes.extend(std::iter::repeat_n(0u8, rng.below(300) as usize)),
                1 => bytes.extend((0..rng.below(40)).map(|_| rng.next() as u8)),
                _ => {}
            }
            bytes.extend(record(b));
        }
        if n == files - 1 || n + 1 == blocks.len().div_ceil(per_file) {
            let mut tail = record(chain.main.last().unwrap());
            tail.truncate(tail.len() / 2);
            bytes.extend(tail);
            bytes.extend(std::iter::repeat_n(0u8, 4096));
        }
        let mut obfuscated = bytes;
        bns_blockfile::apply_xor(&mut obfuscated, 0, &key);
        write_file(&dir.join(format!("blk{n:05}.dat")), &obfuscated);
    }
}
