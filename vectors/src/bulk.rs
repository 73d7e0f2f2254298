//! Bulk mode: a large mainnet-like chain for benchmarks, written at well over
//! 100 MB/s. Empty early blocks (like mainnet's first years) up to shortly before the
//! first BNS block, then blocks of 1–2 MB with 2,000–4,000 transactions each: mixed
//! p2pkh / p2sh multisig / p2sh-p2wpkh / p2wpkh / p2wsh / p2tr spends, segwit with a
//! real witness commitment, every input spending an earlier output of the chain.
//! A few BNS operations per hundred blocks (namespace preorder/reveal/ready, then name
//! preorders, registrations, updates and transfers) carry real signatures.
//!
//! Speed: filler transactions are serialized by hand into one buffer, hashed with
//! SHA-NI-capable `sha2`, and their signatures are **fixed bytes** taken from a small
//! pool of real signatures over unrelated messages (nothing verifies filler
//! signatures; BNS transactions, which readers do look at, are signed for real).

use crate::keys::{Key, ScriptKind, Spender};
use crate::netparams::{ChainNetwork, ChainShape as _};
use crate::payload::{self, RevealFields};
use crate::sign::sign_all;
use bitcoin::consensus::encode::serialize;
use bitcoin::{
    absolute, transaction, Amount, OutPoint, ScriptBuf, Sequence, Transaction, TxIn, TxOut, Witness,
};
use bns_blockfile::{BlkWriter, WriterOptions};
use bns_engine::hashes::{name_consensus_hash, name_hash128, name_preorder_hash, namespace_preorder_hash};
use bns_engine::params::{Params, GENESIS_CONSENSUS_HASH};
use bns_engine::types::ConsensusHash;
use rand::seq::SliceRandom;
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use std::path::Path;

#[derive(Clone, Debug)]
pub struct BulkOptions {
    pub size_bytes: u64,
    pub seed: u64,
    pub network: ChainNetwork,
    pub out_of_order_window: Option<usize>,
    pub truncate_tail: bool,
}

#[derive(Clone, Debug, Default)]
pub struct BulkReport {
    pub blocks: u64,
    pub transactions: u64,
    pub bns_ops: u64,
    pub bytes: u64,
    pub files: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum BulkError {
    #[error("writing {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error(transparent)]
    Sign(#[from] crate::sign::SignError),
}

use bns_blockfile::sha256d as dsha;

/// Bitcoin merkle root over 32-byte leaves (internal byte order); zeros for none.
fn merkle_root(leaves: Vec<[u8; 32]>) -> [u8; 32] {
    bns_blockfile::merkle_root(&leaves).unwrap_or_default()
}

fn put_varint(out: &mut Vec<u8>, n: u64) {
    match n {
        0..=0xfc => out.push(n as u8),
        0xfd..=0xffff => {
            out.push(0xfd);
            out.extend_from_slice(&(n as u16).to_le_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(0xfe);
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        _ => {
            out.push(0xff);
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
}

/// Output kinds by weight (2020s mainnet-ish) — index into `OUT_KINDS`.
const OUT_KINDS: [ScriptKind; 10] = [
    ScriptKind::P2wpkh,
    ScriptKind::P2wpkh,
    ScriptKind::P2wpkh,
    ScriptKind::P2wpkh,
    ScriptKind::P2pkh,
    ScriptKind::P2pkh,
    ScriptKind::P2tr,
    ScriptKind::P2tr,
    ScriptKind::P2shP2wpkh,
    ScriptKind::P2wshMultisig,
];

/// A spendable output of the filler economy.
#[derive(Clone, Copy)]
struct Coin {
    txid: [u8; 32],
    vout: u32,
    kind: ScriptKind,
    value: u64,
}

/// Real signatures and keys reused as filler bytes.
struct SigPool {
    ecdsa: Vec<Vec<u8>>,
    schnorr: Vec<[u8; 64]>,
    pubkeys: Vec<[u8; 33]>,
    multisig_script: Vec<u8>,
}

impl SigPool {
    fn new(seed: u64) -> SigPool {
        let secp = bitcoin::secp256k1::SECP256K1;
        let mut ecdsa = Vec::new();
        let mut schnorr = Vec::new();
        let mut pubkeys = Vec::new();
        for i in 0..32u32 {
            let key = Key::from_seed(&format!("chaingen-bulk-sig-{seed}-{i}"), true);
            let msg = bitcoin::secp256k1::Message::from_digest(dsha(&i.to_le_bytes()));
            let sig = secp.sign_ecdsa_low_r(&msg, &key.secret);
            let mut der = sig.serialize_der().to_vec();
            der.push(0x01);
            ecdsa.push(der);
            let kp = bitcoin::secp256k1::Keypair::from_secret_key(secp, &key.secret);
            schnorr.push(*secp.sign_schnorr_with_aux_rand(&msg, &kp, &[0u8; 32]).as_ref());
            pubkeys.push(key.compressed_public().to_bytes());
        }
        let mut multisig_script = vec![0x52];
        for pk in pubkeys.iter().take(3) {
            multisig_script.push(33);
            multisig_script.extend_from_slice(pk);
        }
        multisig_script.extend_from_slice(&[0x53, 0xae]);
        SigPool { ecdsa, schnorr, pubkeys, multisig_script }
    }
}

/// The BNS side of bulk mode: one real p2pkh wallet and a schedule of ops.
struct BnsActor {
    params: Params,
    wallet: Spender,
    script: ScriptBuf,
    address: String,
    coins: Vec<(OutPoint, TxOut)>,
    names_done: u32,
}

const NAMESPACE: &str = "bulk";

impl BnsActor {
    fn new(seed: u64) -> BnsActor {
        let params = Params::regtest();
        let wallet =
            Spender::single(ScriptKind::P2pkh, Key::from_seed(&format!("chaingen-bulk-bns-{seed}"), true));
        let script = wallet.script_pubkey();
        let address = wallet.address(&params).expect("p2pkh has an address");
        BnsActor { params, wallet, script, address, coins: Vec::new(), names_done: 0 }
    }

    /// Consensus hash to cite: the genesis rows are the only ones bulk mode knows, so
    /// ops after FIRST + 24 cite a stale hash (still parsed, then rejected by the rules).
    fn consensus_hash(&self) -> ConsensusHash {
        ConsensusHash(GENESIS_CONSENSUS_HASH)
    }

    /// The op (payload + non-change outputs) scheduled at `height`, if any.
    fn op_at(&mut self, height: u32) -> Option<(Vec<u8>, Vec<TxOut>, bool)> {
        let first = self.params.first_block;
        let magic = self.params.magic;
        let dust = |script: ScriptBuf| TxOut { value: Amount::from_sat(5500), script_pubkey: script };
        let burn = ScriptBuf::new_p2pkh(&<bitcoin::PubkeyHash as bitcoin::hashes::Hash>::all_zeros());
        let ch = self.consensus_hash();
        let rel = height.checked_sub(first)?;
        let curve = RevealFields {
            lifetime: 52595,
            coeff: 250,
            base: 4,
            buckets: [6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            nonalpha_discount: 10,
            no_vowel_discount: 10,
            version: 1,
        };
        match rel {
            0 => {
                let hash = namespace_preorder_hash(NAMESPACE, self.script.as_bytes(), &self.address)?;
                let fee = crate::price::namespace_price_sat(NAMESPACE, height + 1, &self.params)
                    .unwrap_or(400_000_000);
                Some((
                    payload::namespace_preorder(magic, &hash, &ch, None),
                    vec![TxOut { value: Amount::from_sat(fee), script_pubkey: burn }],
                    true,
                ))
            }
            1 => Some((
                payload::namespace_reveal(magic, NAMESPACE, &curve),
                vec![dust(self.script.clone())],
                false,
            )),
            2 => Some((payload::namespace_ready(magic, NAMESPACE), vec![], false)),
            _ if rel % 33 == 5 => {
                let fqn = format!("n{}.{NAMESPACE}", self.names_done);
                let hash = name_preorder_hash(&fqn, self.script.as_bytes(), &self.address)?;
                let fee = crate::price::name_price(&fqn, &curve, height, &self.params);
                Some((
                    payload::name_preorder(magic, &hash, &ch, None),
                    vec![TxOut { value: Amount::from_sat(fee), script_pubkey: burn }],
                    true,
                ))
            }
            _ if rel % 33 == 6 => {
                let fqn = format!("n{}.{NAMESPACE}", self.names_done);
                self.names_done += 1;
                Some((
                    payload::name_registration(magic, &fqn, payload::RegisterForm::Fqn, None, 0),
                    vec![dust(self.script.clone())],
                    false,
                ))
            }
            _ if rel % 33 == 20 && self.names_done > 0 => {
                let fqn = format!("n{}.{NAMESPACE}", self.names_done - 1);
                let value = crate::price::name_price(&fqn, &curve, height, &self.params);
                let _ = value;
                Some((
                    payload::name_update(magic, &name_consensus_hash(&fqn, &ch), &[0x42; 20]),
                    vec![],
                    false,
                ))
            }
            _ if rel % 33 == 27 && self.names_done > 1 => {
                let fqn = format!("n{}.{NAMESPACE}", self.names_done - 2);
                Some((
                    payload::name_transfer(magic, true, &name_hash128(&fqn), &ch),
                    vec![dust(self.script.clone())],
                    false,
                ))
            }
            _ => None,
        }
    }

    /// Build and sign the op transaction: [OP_RETURN, fixed…, change] with the change in
    /// the middle for fee-paying ops (the reference client's preorder layout).
    fn build(&mut self, height: u32, rng: &mut ChaCha8Rng) -> Result<Option<Transaction>, BulkError> {
        let Some((data, fixed, change_in_middle)) = self.op_at(height) else { return Ok(None) };
        let Some((outpoint, prev)) = self.coins.pop() else { return Ok(None) };
        let fixed_sum: u64 = fixed.iter().map(|o| o.value.to_sat()).sum();
        let Some(change) = prev.value.to_sat().checked_sub(fixed_sum + 10_000) else { return Ok(None) };
        let push = bitcoin::script::PushBytesBuf::try_from(data).expect("short payload");
        let op_return = TxOut {
            value: Amount::ZERO,
            script_pubkey: bitcoin::script::Builder::new()
                .push_opcode(bitcoin::opcodes::all::OP_RETURN)
                .push_slice(push)
                .into_script(),
        };
        let change_out = TxOut { value: Amount::from_sat(change), script_pubkey: self.script.clone() };
        let mut outputs = vec![op_return];
        if change_in_middle {
            outputs.push(change_out);
            outputs.extend(fixed);
        } else {
            outputs.extend(fixed);
            outputs.push(change_out);
        }
        let mut tx = Transaction {
            version: transaction::Version::ONE,
            lock_time: absolute::LockTime::ZERO,
            input: vec![TxIn {
                previous_output: outpoint,
                script_sig: ScriptBuf::new(),
                sequence: Sequence::MAX,
                witness: Witness::new(),
            }],
            output: outputs,
        };
        sign_all(&mut tx, &[&self.wallet], &[prev], rng.gen())?;
        let txid = tx.compute_txid();
        for (vout, out) in tx.output.iter().enumerate() {
            if out.script_pubkey == self.script && out.value.to_sat() > 20_000 {
                self.coins.push((OutPoint { txid, vout: vout as u32 }, out.clone()));
            }
        }
        Ok(Some(tx))
    }
}

/// Number of independent coin pools ("lanes") whose transactions are generated in
/// parallel. Fixed, so the output does not depend on the machine.
const LANES: usize = 4;

struct BulkGen {
    rng: ChaCha8Rng,
    sigs: SigPool,
    network: ChainNetwork,
    /// Coinbase outpoint and value per height (fan-outs spend them at maturity).
    coinbases: Vec<([u8; 32], u64)>,
    bns: BnsActor,
    miner_script: Vec<u8>,
    /// Transactions built on the main thread (funding, fan-outs, BNS ops), block first.
    head: Lane,
    /// Filler transactions, each lane spending only its own coins.
    lanes: Vec<Lane>,
    txids: Vec<[u8; 32]>,
    wtxids: Vec<[u8; 32]>,
    any_witness: bool,
    fees: u64,
    /// First height with full-size blocks.
    first_full: u32,
}

/// One independent stream of filler transactions: its own RNG, coins and body.
struct Lane {
    rng: ChaCha8Rng,
    pool: Vec<Coin>,
    body: Vec<u8>,
    /// Where each transaction of the block being built lies in `body`.
    spans: Vec<Span>,
    /// Coins created in the block being built: (tx index in this lane, coin without
    /// txid). They become spendable from the next block on, once txids are known.
    pending: Vec<(usize, Coin)>,
    any_witness: bool,
    fees: u64,
}

/// A serialized transaction inside the block body: its byte ranges (for the txid, which
/// skips the segwit marker and witnesses) or its already-known hashes.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    mid_start: usize,
    mid_end: usize,
    end: usize,
    segwit: bool,
    known: Option<([u8; 32], [u8; 32])>,
}

impl Span {
    fn hashes(&self, body: &[u8]) -> ([u8; 32], [u8; 32]) {
        if let Some(k) = self.known {
            return k;
        }
        let mut h = Sha256::new();
        h.update(&body[self.start..self.start + 4]);
        h.update(&body[self.mid_start..self.mid_end]);
        h.update(&body[self.end - 4..self.end]);
        let txid: [u8; 32] = Sha256::digest(h.finalize()).into();
        let wtxid = if self.segwit { dsha(&body[self.start..self.end]) } else { txid };
        (txid, wtxid)
    }
}

impl Lane {
    fn new(seed: u64) -> Lane {
        Lane {
            rng: ChaCha8Rng::seed_from_u64(seed),
            pool: Vec::new(),
            body: Vec::with_capacity(1 << 20),
            spans: Vec::new(),
            pending: Vec::new(),
            any_witness: false,
            fees: 0,
        }
    }

    fn reset(&mut self) {
        self.body.clear();
        self.spans.clear();
        self.pending.clear();
        self.any_witness = false;
        self.fees = 0;
    }

    fn hashes(&self) -> Vec<([u8; 32], [u8; 32])> {
        self.spans.iter().map(|s| s.hashes(&self.body)).collect()
    }

    fn push_output(&mut self, kind: ScriptKind, value: u64) {
        let body = &mut self.body;
        body.extend_from_slice(&value.to_le_bytes());
        let mut hash = [0u8; 32];
        self.rng.fill_bytes(&mut hash);
        match kind {
            ScriptKind::P2pkh => {
                body.extend_from_slice(&[25, 0x76, 0xa9, 0x14]);
                body.extend_from_slice(&hash[..20]);
                body.extend_from_slice(&[0x88, 0xac]);
            }
            ScriptKind::P2shMultisig | ScriptKind::P2shP2wpkh | ScriptKind::P2shP2wshMultisig => {
                body.extend_from_slice(&[23, 0xa9, 0x14]);
                body.extend_from_slice(&hash[..20]);
                body.push(0x87);
            }
            ScriptKind::P2wpkh => {
                body.extend_from_slice(&[22, 0x00, 0x14]);
                body.extend_from_slice(&hash[..20]);
            }
            ScriptKind::P2wshMultisig => {
                body.extend_from_slice(&[34, 0x00, 0x20]);
                body.extend_from_slice(&hash);
            }
            ScriptKind::P2tr => {
                body.extend_from_slice(&[34, 0x51, 0x20]);
                body.extend_from_slice(&hash);
            }
        }
    }

    /// Serialize one filler transaction spending `inputs` into `outputs` into the body.
    fn filler_tx(&mut self, sigs: &SigPool, inputs: &[Coin], outputs: &[(ScriptKind, u64)]) {
        let start = self.body.len();
        let segwit = inputs.iter().any(|c| c.kind.is_segwit());
        let version: u32 = if self.rng.gen_ratio(1, 5) { 1 } else { 2 };
        self.body.extend_from_slice(&version.to_le_bytes());
        if segwit {
            self.body.extend_from_slice(&[0x00, 0x01]);
        }
        let mid_start = self.body.len();
        put_varint(&mut self.body, inputs.len() as u64);
        for coin in inputs {
            self.body.extend_from_slice(&coin.txid);
            self.body.extend_from_slice(&coin.vout.to_le_bytes());
            push_script_sig(&mut self.body, sigs, &mut self.rng, coin.kind);
            self.body.extend_from_slice(&0xffff_fffdu32.to_le_bytes());
        }
        put_varint(&mut self.body, outputs.len() as u64);
        for &(kind, value) in outputs {
            self.push_output(kind, value);
        }
        let mid_end = self.body.len();
        if segwit {
            for coin in inputs {
                push_witness(&mut self.body, sigs, &mut self.rng, coin.kind);
            }
        }
        self.body.extend_from_slice(&[0u8; 4]);
        self.any_witness |= segwit;
        let index = self.spans.len();
        self.spans.push(Span { start, mid_start, mid_end, end: self.body.len(), segwit, known: None });
        for (vout, &(kind, value)) in outputs.iter().enumerate() {
            self.pending.push((index, Coin { txid: [0; 32], vout: vout as u32, kind, value }));
        }
    }

    /// Append an already-built transaction (BNS ops, funding) to the body.
    fn append_tx(&mut self, tx: &Transaction) {
        let bytes = serialize(tx);
        self.any_witness |= tx.input.iter().any(|i| !i.witness.is_empty());
        let known = (
            tx.compute_txid().to_raw_hash().to_byte_array(),
            tx.compute_wtxid().to_raw_hash().to_byte_array(),
        );
        let start = self.body.len();
        self.body.extend_from_slice(&bytes);
        self.spans.push(Span {
            start,
            mid_start: start,
            mid_end: start,
            end: self.body.len(),
            segwit: false,
            known: Some(known),
        });
    }

    fn pick_kind(&mut self) -> ScriptKind {
        OUT_KINDS[self.rng.gen_range(0..OUT_KINDS.len())]
    }

    /// One filler transaction aiming at about `want_bytes`.
    fn one_filler(&mut self, sigs: &SigPool, want_bytes: usize) -> bool {
        if self.pool.is_empty() {
            return false;
        }
        let mut inputs_n = match self.rng.gen_range(0..100) {
            0..=54 => 1,
            55..=84 => 2,
            85..=94 => 3,
            _ => self.rng.gen_range(4..=8),
        };
        if self.pool.len() > 100_000 {
            inputs_n += 2; // consolidate when the coin pool grows large
        }
        let inputs_n = inputs_n.min(self.pool.len());
        let mut inputs = Vec::with_capacity(inputs_n);
        for _ in 0..inputs_n {
            let i = self.rng.gen_range(0..self.pool.len());
            inputs.push(self.pool.swap_remove(i));
        }
        let approx_in = inputs_n * 100 + 12;
        let mut outputs_n = match self.rng.gen_range(0..100) {
            0..=19 => 1,
            20..=84 => 2,
            _ => 3,
        };
        if want_bytes > approx_in + outputs_n * 34 {
            outputs_n = outputs_n.max(((want_bytes - approx_in) / 34).min(250));
        }
        let total: u64 = inputs.iter().map(|c| c.value).sum();
        let fee = ((approx_in as u64 + 34 * outputs_n as u64) * self.rng.gen_range(1..=20)).min(total / 10);
        let spend = total - fee;
        self.fees += fee;
        let each = spend / outputs_n as u64;
        let mut outputs = Vec::with_capacity(outputs_n);
        for k in 0..outputs_n {
            let value = if k + 1 == outputs_n { spend - each * (outputs_n as u64 - 1) } else { each };
            outputs.push((self.pick_kind(), value));
        }
        self.filler_tx(sigs, &inputs, &outputs);
        true
    }

    /// Fill this lane's share of a block: about `size` bytes in about `count` transactions.
    fn fill(&mut self, sigs: &SigPool, size: usize, count: usize) {
        while self.spans.len() < count && self.body.len() < size {
            let left_txs = count - self.spans.len();
            let want = (size - self.body.len()) / left_txs.max(1);
            if !self.one_filler(sigs, want) {
                break;
            }
        }
    }
}

impl BulkGen {
    /// A fan-out of a mature coinbase into `n` coins (exchange withdrawals, pool
    /// payouts), built in the head; its coins go to the lanes round-robin.
    fn fan_out(&mut self, height: u32, n: usize) {
        let Some(&(txid, value)) = self.coinbases.get((height - 100) as usize) else { return };
        if value == 0 {
            return;
        }
        let each = value / (n as u64 + 1);
        let outputs: Vec<(ScriptKind, u64)> = (0..n).map(|_| (self.head.pick_kind(), each)).collect();
        self.head.fees += value - each * n as u64;
        self.head.filler_tx(&self.sigs, &[Coin { txid, vout: 0, kind: ScriptKind::P2pkh, value }], &outputs);
    }

    fn pool_size(&self) -> usize {
        self.lanes.iter().map(|l| l.pool.len()).sum()
    }

    /// A whole block (serialized) at `height` extending `prev`.
    fn block(
        &mut self,
        height: u32,
        prev: [u8; 32],
        full: bool,
        time: u32,
    ) -> Result<(Vec<u8>, [u8; 32], u64, u64), BulkError> {
        self.head.reset();
        for lane in &mut self.lanes {
            lane.reset();
        }
        let mut bns_ops = 0;
        let first = self.bns.params.first_block;
        if height + 2 == first {
            // Fund the BNS actor from an early coinbase, with a real signature.
            self.fund_bns(height)?;
        }
        if height + 1 == self.first_full {
            // Bootstrap: one large fan-out so the first full block has coins to spend.
            self.fan_out(height, 8_000);
        }
        if full {
            let target_size = self.rng.gen_range(1_000_000..2_000_000usize);
            let target_count = self.rng.gen_range(2_000..4_000usize);
            let fan = 8_000usize.saturating_sub(self.pool_size()).max(600);
            self.fan_out(height, fan);
            if let Some(tx) = self.bns.build(height, &mut self.rng)? {
                self.head.append_tx(&tx);
                bns_ops += 1;
            }
            let (size, count) =
                (target_size.saturating_sub(self.head.body.len()) / LANES, target_count / LANES);
            let sigs = &self.sigs;
            std::thread::scope(|scope| {
                for lane in self.lanes.iter_mut() {
                    scope.spawn(move || lane.fill(sigs, size, count));
                }
            });
        }
        // Txids: head first, then each lane in order (lanes hash their own transactions).
        let head_hashes = self.head.hashes();
        let lane_hashes: Vec<Vec<([u8; 32], [u8; 32])>> = std::thread::scope(|scope| {
            let handles: Vec<_> = self.lanes.iter().map(|lane| scope.spawn(move || lane.hashes())).collect();
            handles.into_iter().map(|h| h.join().expect("hashing does not panic")).collect()
        });
        self.txids.clear();
        self.wtxids.clear();
        for hashes in std::iter::once(&head_hashes).chain(lane_hashes.iter()) {
            self.txids.extend(hashes.iter().map(|h| h.0));
            self.wtxids.extend(hashes.iter().map(|h| h.1));
        }
        for (k, (index, mut coin)) in self.head.pending.drain(..).enumerate() {
            coin.txid = head_hashes[index].0;
            self.lanes[k % LANES].pool.push(coin);
        }
        for (lane, hashes) in self.lanes.iter_mut().zip(&lane_hashes) {
            for (index, mut coin) in lane.pending.drain(..) {
                coin.txid = hashes[index].0;
                lane.pool.push(coin);
            }
        }
        self.any_witness = self.head.any_witness || self.lanes.iter().any(|l| l.any_witness);
        self.fees = self.head.fees + self.lanes.iter().map(|l| l.fees).sum::<u64>();
        let coinbase = self.coinbase(height);
        let cb_txid = dsha(&coinbase_no_witness(&coinbase, self.any_witness));
        let mut leaves = Vec::with_capacity(self.txids.len() + 1);
        leaves.push(cb_txid);
        leaves.extend_from_slice(&self.txids);
        let root = merkle_root(leaves);
        let mut header = [0u8; 80];
        header[0..4].copy_from_slice(&0x2000_0000u32.to_le_bytes());
        header[4..36].copy_from_slice(&prev);
        header[36..68].copy_from_slice(&root);
        header[68..72].copy_from_slice(&time.to_le_bytes());
        header[72..76].copy_from_slice(&self.network.bits().to_le_bytes());
        let hash = grind(&mut header);
        let tx_count = self.txids.len() as u64 + 1;
        let body_len = self.head.body.len() + self.lanes.iter().map(|l| l.body.len()).sum::<usize>();
        let mut block = Vec::with_capacity(80 + 9 + coinbase.len() + body_len);
        block.extend_from_slice(&header);
        put_varint(&mut block, tx_count);
        block.extend_from_slice(&coinbase);
        block.extend_from_slice(&self.head.body);
        for lane in &self.lanes {
            block.extend_from_slice(&lane.body);
        }
        self.coinbases.push((cb_txid, self.network.subsidy(height) + self.fees));
        Ok((block, hash, tx_count, bns_ops))
    }

    fn fund_bns(&mut self, _height: u32) -> Result<(), BulkError> {
        // The coinbase of height 1: mature long before, and never fanned out (fan-outs
        // only spend coinbases of full blocks' heights − 100, all far above 1).
        let source = 1usize;
        let Some(&(txid, value)) = self.coinbases.get(source) else { return Ok(()) };
        let miner = bulk_miner();
        let outpoint = OutPoint {
            txid: bitcoin::Txid::from_raw_hash(bitcoin::hashes::sha256d::Hash::from_byte_array(txid)),
            vout: 0,
        };
        let prev = TxOut { value: Amount::from_sat(value), script_pubkey: miner.script_pubkey() };
        let count = 5u64;
        let each = (value - 100_000) / count;
        let mut tx = Transaction {
            version: transaction::Version::ONE,
            lock_time: absolute::LockTime::ZERO,
            input: vec![TxIn {
                previous_output: outpoint,
                script_sig: ScriptBuf::new(),
                sequence: Sequence::MAX,
                witness: Witness::new(),
            }],
            output: (0..count)
                .map(|_| TxOut { value: Amount::from_sat(each), script_pubkey: self.bns.script.clone() })
                .collect(),
        };
        sign_all(&mut tx, &[&miner], &[prev], self.rng.gen())?;
        let txid = tx.compute_txid();
        for vout in 0..count as u32 {
            self.bns.coins.push((OutPoint { txid, vout }, tx.output[vout as usize].clone()));
        }
        self.head.fees += value - each * count;
        // Mark that coinbase as spent so no fan-out reuses it.
        if let Some(entry) = self.coinbases.get_mut(source) {
            entry.1 = 0;
        }
        self.head.append_tx(&tx);
        Ok(())
    }

    /// Coinbase: BIP34 height, pool tag, payout to the miner, witness commitment.
    fn coinbase(&mut self, height: u32) -> Vec<u8> {
        let mut cb = Vec::with_capacity(200);
        cb.extend_from_slice(&1u32.to_le_bytes());
        if self.any_witness {
            cb.extend_from_slice(&[0x00, 0x01]);
        }
        cb.push(1);
        cb.extend_from_slice(&[0u8; 32]);
        cb.extend_from_slice(&0xffff_ffffu32.to_le_bytes());
        let mut script_sig = bitcoin::script::Builder::new().push_int(i64::from(height)).into_bytes();
        script_sig.push(8);
        script_sig.extend_from_slice(&self.rng.gen::<u64>().to_le_bytes());
        script_sig.extend_from_slice(b"\x0b/chaingen/");
        put_varint(&mut cb, script_sig.len() as u64);
        cb.extend_from_slice(&script_sig);
        cb.extend_from_slice(&0xffff_ffffu32.to_le_bytes());
        let outputs = if self.any_witness { 2 } else { 1 };
        cb.push(outputs);
        cb.extend_from_slice(&(self.network.subsidy(height) + self.fees).to_le_bytes());
        put_varint(&mut cb, self.miner_script.len() as u64);
        cb.extend_from_slice(&self.miner_script);
        if self.any_witness {
            let mut leaves = Vec::with_capacity(self.wtxids.len() + 1);
            leaves.push([0u8; 32]);
            leaves.extend_from_slice(&self.wtxids);
            let witness_root = merkle_root(leaves);
            let mut both = [0u8; 64];
            both[..32].copy_from_slice(&witness_root);
            let commitment = dsha(&both);
            cb.extend_from_slice(&0u64.to_le_bytes());
            cb.extend_from_slice(&[38, 0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed]);
            cb.extend_from_slice(&commitment);
            cb.extend_from_slice(&[1, 32]);
            cb.extend_from_slice(&[0u8; 32]);
        }
        cb.extend_from_slice(&0u32.to_le_bytes());
        cb
    }
}

fn push_sig(body: &mut Vec<u8>, sig: &[u8]) {
    body.push(sig.len() as u8);
    body.extend_from_slice(sig);
}

fn push_script_sig(body: &mut Vec<u8>, sigs: &SigPool, rng: &mut ChaCha8Rng, kind: ScriptKind) {
    let n = sigs.ecdsa.len();
    match kind {
        ScriptKind::P2pkh => {
            let sig = &sigs.ecdsa[rng.gen_range(0..n)];
            body.push((sig.len() + 1 + 34) as u8);
            push_sig(body, sig);
            push_sig(body, &sigs.pubkeys[rng.gen_range(0..n)]);
        }
        ScriptKind::P2shMultisig => {
            let (a, b) = (&sigs.ecdsa[rng.gen_range(0..n)], &sigs.ecdsa[rng.gen_range(0..n)]);
            let len = 1 + (1 + a.len()) + (1 + b.len()) + 2 + sigs.multisig_script.len();
            put_varint(body, len as u64);
            body.push(0x00);
            push_sig(body, a);
            push_sig(body, b);
            body.push(0x4c);
            push_sig(body, &sigs.multisig_script);
        }
        ScriptKind::P2shP2wpkh => {
            let mut hash = [0u8; 20];
            rng.fill_bytes(&mut hash);
            body.extend_from_slice(&[23, 22, 0x00, 0x14]);
            body.extend_from_slice(&hash);
        }
        ScriptKind::P2shP2wshMultisig => {
            let mut hash = [0u8; 32];
            rng.fill_bytes(&mut hash);
            body.extend_from_slice(&[35, 34, 0x00, 0x20]);
            body.extend_from_slice(&hash);
        }
        ScriptKind::P2wpkh | ScriptKind::P2wshMultisig | ScriptKind::P2tr => body.push(0),
    }
}

fn push_witness(body: &mut Vec<u8>, sigs: &SigPool, rng: &mut ChaCha8Rng, kind: ScriptKind) {
    let n = sigs.ecdsa.len();
    match kind {
        ScriptKind::P2pkh | ScriptKind::P2shMultisig => body.push(0),
        ScriptKind::P2wpkh | ScriptKind::P2shP2wpkh => {
            body.push(2);
            push_sig(body, &sigs.ecdsa[rng.gen_range(0..n)]);
            push_sig(body, &sigs.pubkeys[rng.gen_range(0..n)]);
        }
        ScriptKind::P2wshMultisig | ScriptKind::P2shP2wshMultisig => {
            body.extend_from_slice(&[4, 0]);
            push_sig(body, &sigs.ecdsa[rng.gen_range(0..n)]);
            push_sig(body, &sigs.ecdsa[rng.gen_range(0..n)]);
            push_sig(body, &sigs.multisig_script);
        }
        ScriptKind::P2tr => {
            body.push(1);
            push_sig(body, &sigs.schnorr[rng.gen_range(0..sigs.schnorr.len())]);
        }
    }
}

/// The non-witness serialization of a coinbase built by `BulkGen::coinbase`.
fn coinbase_no_witness(cb: &[u8], segwit: bool) -> Vec<u8> {
    if !segwit {
        return cb.to_vec();
    }
    // version(4) marker/flag(2) … outputs … witness(1 + 1 + 32) locktime(4)
    let mut out = Vec::with_capacity(cb.len());
    out.extend_from_slice(&cb[..4]);
    out.extend_from_slice(&cb[6..cb.len() - 4 - 34]);
    out.extend_from_slice(&cb[cb.len() - 4..]);
    out
}

/// Grind the nonce until the header hash meets the 0x207fffff target; returns the hash.
fn grind(header: &mut [u8; 80]) -> [u8; 32] {
    let target = bitcoin::CompactTarget::from_consensus(u32::from_le_bytes([
        header[72], header[73], header[74], header[75],
    ]));
    let target = bitcoin::Target::from_compact(target);
    let mut nonce = 0u32;
    loop {
        header[76..80].copy_from_slice(&nonce.to_le_bytes());
        let hash = dsha(header);
        let as_block_hash =
            bitcoin::BlockHash::from_raw_hash(bitcoin::hashes::sha256d::Hash::from_byte_array(hash));
        if target.is_met_by(as_block_hash) {
            return hash;
        }
        nonce = nonce.wrapping_add(1);
    }
}

fn bulk_miner() -> Spender {
    Spender::single(ScriptKind::P2pkh, Key::from_seed("chaingen-bulk-miner", true))
}

use bitcoin::hashes::Hash;

/// Write a bulk chain of about `opts.size_bytes` bytes of block data into `dir`.
pub fn write_bulk(
    dir: &Path,
    writer_opts: WriterOptions,
    opts: &BulkOptions,
) -> Result<BulkReport, BulkError> {
    let io = |source: std::io::Error| BulkError::Io { path: dir.display().to_string(), source };
    let mut writer = BlkWriter::create(dir, writer_opts).map_err(io)?;
    let mut gen = BulkGen {
        rng: ChaCha8Rng::seed_from_u64(opts.seed),
        sigs: SigPool::new(opts.seed),
        network: opts.network,
        coinbases: Vec::new(),
        bns: BnsActor::new(opts.seed),
        miner_script: bulk_miner().script_pubkey().to_bytes(),
        head: Lane::new(opts.seed ^ 0x6865_6164),
        lanes: (0..LANES as u64)
            .map(|k| Lane::new(opts.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(k + 1)))
            .collect(),
        txids: Vec::new(),
        wtxids: Vec::new(),
        any_witness: false,
        fees: 0,
        first_full: 0,
    };
    let mut report = BulkReport::default();
    let genesis = serialize(&opts.network.genesis_block());
    let genesis_hash = opts.network.genesis_block().block_hash().to_raw_hash().to_byte_array();
    writer.write_block(&genesis).map_err(io)?;
    gen.coinbases.push(([0; 32], 0)); // height 0: the genesis coinbase is unspendable
    report.blocks += 1;
    report.transactions += 1;
    report.bytes += genesis.len() as u64 + 8;
    let first_full = gen.bns.params.first_block.saturating_sub(50).max(102);
    gen.first_full = first_full;
    let window = opts.out_of_order_window.filter(|w| *w >= 2).unwrap_or(1);
    let mut pending: Vec<Vec<u8>> = Vec::with_capacity(window);
    let mut shuffle_rng = ChaCha8Rng::seed_from_u64(opts.seed ^ 0x6275_6c6b);
    let mut prev = genesis_hash;
    let mut height = 1u32;
    let time_start = 1_296_688_602u32 + 600;
    let mut last_block: Option<Vec<u8>> = None;
    while report.bytes < opts.size_bytes {
        let (block, hash, txs, ops) =
            gen.block(height, prev, height >= first_full, time_start + 600 * (height - 1))?;
        report.blocks += 1;
        report.transactions += txs;
        report.bns_ops += ops;
        report.bytes += block.len() as u64 + 8;
        prev = hash;
        height += 1;
        if let Some(b) = last_block.replace(block) {
            pending.push(b);
        }
        if pending.len() >= window {
            if window > 1 {
                pending.shuffle(&mut shuffle_rng);
            }
            for b in pending.drain(..) {
                writer.write_block(&b).map_err(io)?;
            }
        }
    }
    if window > 1 {
        pending.shuffle(&mut shuffle_rng);
    }
    for b in pending.drain(..) {
        writer.write_block(&b).map_err(io)?;
    }
    if let Some(b) = last_block {
        if opts.truncate_tail {
            writer.write_truncated(&b, b.len() / 2).map_err(io)?;
            report.blocks -= 1;
        } else {
            writer.write_block(&b).map_err(io)?;
        }
    }
    report.files = writer.finish().map_err(io)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merkle_of_one_leaf_is_the_leaf() {
        assert_eq!(merkle_root(vec![[7u8; 32]]), [7u8; 32]);
    }

    #[test]
    fn varint_boundaries() {
        let mut v = Vec::new();
        put_varint(&mut v, 0xfc);
        put_varint(&mut v, 0xfd);
        assert_eq!(v, vec![0xfc, 0xfd, 0xfd, 0x00]);
    }
}
