//! History mode (`chaingen history`): a mainnet-shaped chain from the real mainnet
//! genesis block to 665,760 — small blocks (a coinbase and now and then a payment)
//! before the first BNS block 373601, then five years of BNS traffic shaped like the
//! real history (`shape.rs`): the `id` namespace with its real parameters and a bulk
//! NAME_IMPORT, other namespaces in later epochs (pay-to-creator, STX-bought,
//! STX-priced), tens of thousands of names preordered, registered, updated,
//! transferred, renewed, revoked, expiring and registered again, TOKEN_TRANSFERs from
//! STX genesis accounts and between users, busy blocks with hundreds of ops, every
//! sender kind, and ops after the v22.2.0.0 freeze.
//!
//! The engine runs inline with `Params::mainnet_with_genesis()` (the real STX genesis
//! and its patches), so every op cites a real consensus hash, and the generator asks
//! the engine's state what is alive, who owns what and which balances exist before it
//! writes an op. Same seed and scale → same bytes.

pub mod shape;
pub mod wallet;

use crate::blkfile::{BlkWriter, WriterOptions};
use crate::chain::{assemble, BlockTemplate};
use crate::keys::{Key, ScriptKind, Spender};
use crate::netparams::{BtcNetwork, ChainShape as _};
use crate::payload::{self, RegisterForm, RevealFields};
use crate::price;
use crate::sign::{sign_all, SignError};
use bitcoin::consensus::encode::serialize;
use bitcoin::hashes::Hash;
use bitcoin::{
    absolute, transaction, Amount, BlockHash, OutPoint, ScriptBuf, Sequence, Transaction, TxIn, TxOut,
};
use bns_engine::hashes::{name_consensus_hash, name_hash128, name_preorder_hash, namespace_preorder_hash};
use bns_engine::params::GENESIS_CONSENSUS_HASH;
use bns_engine::rules::lifetime;
use bns_engine::types::ConsensusHash;
use bns_engine::{Engine, Params};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use shape::{EpochPlan, NamespacePlan, EPOCHS};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::io::Write;
use std::path::Path;
use wallet::{foreign_script_sig, spender_for, Coin, Owner, Wallet};

/// The reference client's dust output (see `ops::DUST_SAT`).
const DUST: u64 = crate::generator::ops::DUST_SAT;
/// Satoshis per BTC.
const BTC: u64 = 100_000_000;
/// µSTX per STX.
const STX: u64 = 1_000_000;
/// Real mainnet genesis block time; block `h` is stamped `GENESIS_TIME + 600·h`.
const GENESIS_TIME: u32 = 1_231_006_505;
/// The most outputs of one funding transaction.
const FAN_OUT_MAX: usize = 250;

#[derive(Clone, Debug)]
pub struct HistoryOptions {
    pub seed: u64,
    /// Multiplies every count of names, users and transfers (1.0 = tens of thousands
    /// of names). Heights do not scale.
    pub scale: f64,
    /// Last height written (default `shape::DEFAULT_END_HEIGHT`).
    pub end_height: u32,
    /// Also write the engine's `HEIGHT BLOCKHASH CONSENSUS_HASH` lines here.
    pub hashes_out: Option<std::path::PathBuf>,
    /// Print a progress line on stderr every this many blocks (0 = never).
    pub progress_every: u32,
    /// Also write the engine's final state here (JSON, `bns_engine::state::State`).
    pub state_out: Option<std::path::PathBuf>,
}

/// Counts of one epoch: `op:verdict` → number (verdicts: accepted, rejected,
/// dropped = not a BNS candidate for the engine, e.g. a native segwit sender or the
/// freeze).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct EpochCounts {
    pub epoch: usize,
    pub first_height: u32,
    pub last_height: u32,
    pub ops: BTreeMap<String, u64>,
    /// What the generator sent, by intent (before the engine's verdict).
    pub sent: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct HistoryReport {
    pub seed: u64,
    pub scale: f64,
    pub end_height: u32,
    pub blocks: u64,
    pub transactions: u64,
    pub bytes: u64,
    pub files: Vec<String>,
    /// Transactions with a BNS-looking OP_RETURN (magic `id`).
    pub bns_txs: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub dropped: u64,
    pub busiest_block: u32,
    pub busiest_block_ops: u64,
    pub blocks_with_100_ops: u64,
    pub wallets: u64,
    pub names_alive_at_end: u64,
    /// Name preorders and renewals paid in STX (NAMEOPS_COST_TOKENS).
    pub stx_paid_preorders: u64,
    pub stx_paid_renewals: u64,
    /// Wallets by sender kind (users, namespace creators/importers, keychain children,
    /// plus `foreign` STX genesis accounts).
    pub wallet_kinds: BTreeMap<String, u64>,
    pub namespaces_at_end: u64,
    pub accounts_at_end: u64,
    pub final_consensus_hash: String,
    /// `Engine::state_digest()` of the final state (hex; a snapshot of a store replayed
    /// from these files carries the same digest).
    pub final_state_digest: String,
    pub per_epoch: Vec<EpochCounts>,
    /// Why the engine dropped (not a candidate) or rejected ops, with counts.
    pub drop_reasons: BTreeMap<String, u64>,
    pub reject_reasons: BTreeMap<String, u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("writing {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("signing")]
    Sign(#[from] SignError),
    #[error("the engine stopped at block {height}: {message}")]
    Engine { height: u32, message: String },
    #[error("--scale must be a positive number, at most 100 (got {0})")]
    Scale(f64),
    #[error("--end-height must be between 1 and 1000000 (got {0})")]
    EndHeight(u32),
    #[error("the miner has no mature coins left at height {0}")]
    MinerDry(u32),
}

/// Something scheduled at a height.
#[derive(Clone, Debug)]
enum Event {
    NewName { ns: usize },
    Register { name: usize, user: usize, recipient: usize },
    Update { name: usize },
    Transfer { name: usize },
    Revoke { name: usize },
    Renew { name: usize },
    Reregister { name: usize },
    NsPreorder { ns: usize },
    NsReveal { ns: usize },
    Import { ns: usize, count: u32 },
    NsReady { ns: usize },
    Grant { to: usize, amount: u64 },
    UserTransfer,
    Announce,
}

struct NameInfo {
    fqn: String,
    ns: usize,
    /// A registration was sent for it (a later preorder is a re-registration).
    registered_once: bool,
}

struct NsState {
    plan: NamespacePlan,
    creator: usize,
    importer: usize,
    /// Import keychain children of the importer (wallet ids).
    children: Vec<usize>,
    reveal_height: Option<u32>,
    imported: Vec<usize>,
}

/// An output position of a transaction being built.
enum Slot {
    Out(TxOut),
    Change,
}

fn pay(script: &ScriptBuf, value: u64) -> Slot {
    Slot::Out(TxOut { value: Amount::from_sat(value), script_pubkey: script.clone() })
}

fn op_return(data: &[u8]) -> Slot {
    let push = bitcoin::script::PushBytesBuf::try_from(data.to_vec()).expect("BNS payloads are short");
    let script = bitcoin::script::Builder::new()
        .push_opcode(bitcoin::opcodes::all::OP_RETURN)
        .push_slice(push)
        .into_script();
    Slot::Out(TxOut { value: Amount::ZERO, script_pubkey: script })
}

fn scaled(n: u32, scale: f64) -> u32 {
    if n == 0 {
        0
    } else {
        ((f64::from(n) * scale).round() as u32).max(1)
    }
}

fn epoch_index(height: u32) -> usize {
    EPOCHS.iter().position(|e| height <= e.end).unwrap_or(EPOCHS.len() - 1)
}

struct Gen {
    rng: ChaCha8Rng,
    params: Params,
    engine: Engine,
    scale: f64,
    end: u32,
    miner: Spender,
    miner_script: ScriptBuf,
    /// Miner coins: (height it was created, coin); coinbases mature after 100 blocks.
    miner_coins: VecDeque<(u32, bool, Coin)>,
    miner_incoming: Vec<(u32, bool, Coin)>,
    wallets: Vec<Wallet>,
    by_script: HashMap<ScriptBuf, usize>,
    /// Users in order of creation with the epoch (index) they appear in.
    users: Vec<(usize, usize)>,
    /// Users with a base58 address (can be recipients), same order.
    addressable: Vec<(usize, usize)>,
    /// Epoch (index) whose users are being created / are active.
    epoch_now: usize,
    names: Vec<NameInfo>,
    used_fqns: HashSet<String>,
    namespaces: Vec<NsState>,
    events: BTreeMap<u32, Vec<(Event, u8)>>,
    /// Wallet → (coins, value each) to fund in the next block.
    funding: BTreeMap<usize, (u32, u64)>,
    touched: Vec<usize>,
    genesis_sources: Vec<String>,
    foreign: HashMap<String, usize>,
    foreign_sigs: Vec<(Vec<u8>, Vec<u8>)>,
    /// The block being built: transactions, the outputs they spend, whether BNS.
    txs: Vec<(Transaction, Vec<TxOut>)>,
    fees: u64,
    report: HistoryReport,
    drop_reasons: BTreeMap<String, u64>,
    reject_reasons: BTreeMap<String, u64>,
    sent: BTreeMap<(usize, &'static str), u64>,
    epoch_ops: BTreeMap<(usize, String), u64>,
}

impl Gen {
    fn new(opts: &HistoryOptions) -> Gen {
        let params = Params::mainnet_with_genesis();
        let engine = Engine::new(params.clone());
        let miner = Spender::single(
            ScriptKind::P2pkh,
            Key::from_seed(&format!("chaingen-history-{}-miner", opts.seed), true),
        );
        let miner_script = miner.script_pubkey();
        // STX genesis accounts the generator can spend from (p2pkh addresses; no key,
        // see `Owner::Foreign`), in file order.
        let mut genesis_sources: Vec<String> = params
            .genesis_rows
            .iter()
            .chain(params.genesis_patches.iter().flat_map(|p| p.add.iter()))
            .filter(|r| r.token_type == "STACKS" && r.address.starts_with('1'))
            .map(|r| r.address.clone())
            .collect();
        let mut seen = HashSet::new();
        genesis_sources.retain(|a| seen.insert(a.clone()));
        let secp = bitcoin::secp256k1::SECP256K1;
        let foreign_sigs = (0..8u32)
            .map(|i| {
                let key = Key::from_seed(&format!("chaingen-history-foreign-{i}"), true);
                let digest = bns_engine::hashes::dsha256(&i.to_le_bytes());
                let msg = bitcoin::secp256k1::Message::from_digest(digest);
                let mut der = secp.sign_ecdsa_low_r(&msg, &key.secret).serialize_der().to_vec();
                der.push(0x01);
                (der, key.compressed_public().to_bytes().to_vec())
            })
            .collect();
        let namespaces = shape::namespaces()
            .into_iter()
            .map(|plan| NsState {
                plan,
                creator: 0,
                importer: 0,
                children: Vec::new(),
                reveal_height: None,
                imported: Vec::new(),
            })
            .collect();
        Gen {
            rng: ChaCha8Rng::seed_from_u64(opts.seed),
            params,
            engine,
            scale: opts.scale,
            end: opts.end_height,
            miner,
            miner_script,
            miner_coins: VecDeque::new(),
            miner_incoming: Vec::new(),
            wallets: Vec::new(),
            by_script: HashMap::new(),
            users: Vec::new(),
            addressable: Vec::new(),
            epoch_now: 0,
            names: Vec::new(),
            used_fqns: HashSet::new(),
            namespaces,
            events: BTreeMap::new(),
            funding: BTreeMap::new(),
            touched: Vec::new(),
            genesis_sources,
            foreign: HashMap::new(),
            foreign_sigs,
            txs: Vec::new(),
            fees: 0,
            report: HistoryReport {
                seed: opts.seed,
                scale: opts.scale,
                end_height: opts.end_height,
                ..Default::default()
            },
            epoch_ops: BTreeMap::new(),
            drop_reasons: BTreeMap::new(),
            reject_reasons: BTreeMap::new(),
            sent: BTreeMap::new(),
        }
    }

    fn at(&mut self, height: u32, event: Event) {
        if height <= self.end {
            self.events.entry(height).or_default().push((event, 0));
        }
    }

    fn retry(&mut self, height: u32, event: Event, tries: u8, delay: u32) {
        if tries < 30 && height + delay <= self.end {
            self.events.entry(height + delay).or_default().push((event, tries + 1));
        }
    }

    fn add_wallet(&mut self, wallet: Wallet) -> usize {
        let id = self.wallets.len();
        self.by_script.insert(wallet.script.clone(), id);
        self.wallets.push(wallet);
        id
    }

    fn new_user(&mut self, kind: ScriptKind, seed: u64) -> usize {
        let index = self.wallets.len();
        let wallet = Wallet::with_keys(spender_for(seed, index, kind), &self.params);
        let has_address = wallet.address.is_some();
        let id = self.add_wallet(wallet);
        self.users.push((id, self.epoch_now));
        if has_address {
            self.addressable.push((id, self.epoch_now));
        }
        id
    }

    fn request_funding(&mut self, wallet: usize, coins: u32, each: u64) {
        if self.wallets[wallet].funding_requested {
            return;
        }
        self.wallets[wallet].funding_requested = true;
        self.funding.insert(wallet, (coins, each));
    }

    /// Plan the whole history's events (heights fixed up front; what each event does
    /// is decided when its block is built, from the engine's state).
    fn plan(&mut self, seed: u64) {
        let first = self.params.first_block;
        // Namespaces.
        for ns in 0..self.namespaces.len() {
            let kind = ScriptKind::P2pkh;
            let creator = self.new_user(kind, seed ^ 0x6e73);
            let importer = self.new_user(kind, seed ^ 0x696d);
            let importer_key = match &self.wallets[importer].owner {
                Owner::Keys(s) => s.keys[0],
                Owner::Foreign => unreachable!("users hold keys"),
            };
            let mut children = Vec::new();
            for index in 0..3u32 {
                if let Ok(child) = importer_key.import_keychain_child(index) {
                    let w = Wallet::with_keys(Spender::single(ScriptKind::P2pkh, child), &self.params);
                    children.push(self.add_wallet(w));
                }
            }
            let st = &mut self.namespaces[ns];
            st.creator = creator;
            st.importer = importer;
            st.children = children;
            let at = st.plan.preorder_at;
            let id = st.plan.id;
            if at <= self.end {
                if self.params.features_at(at).stacks_buy_namespaces {
                    let price = price::namespace_price_stx(id, at, &self.params).unwrap_or(0);
                    self.at(at - 300, Event::Grant { to: creator, amount: price + 1_000 * STX });
                }
                self.at(at, Event::NsPreorder { ns });
            }
        }
        // Users, registrations, transfers, announcements per epoch.
        let id_ready = self.namespaces[0].plan.preorder_at + 2 + self.namespaces[0].plan.ready_after;
        for (e, plan) in EPOCHS.iter().enumerate() {
            if plan.start > self.end {
                break;
            }
            let end = plan.end.min(self.end);
            let start = if e == 0 { first } else { plan.start };
            self.epoch_now = e;
            for _ in 0..scaled(plan.new_users, self.scale) {
                let kind = pick_kind(&mut self.rng, plan);
                self.new_user(kind, seed);
            }
            let reg_from = start.max(id_ready + 5);
            if reg_from <= end {
                let total = scaled(plan.registrations, self.scale);
                let burst_total = total * plan.burst_share_pct / 100;
                let mut left = burst_total;
                while left > 0 {
                    let n = self.rng.gen_range(100..=400).min(left);
                    let h = self.rng.gen_range(reg_from..=end);
                    for _ in 0..n {
                        self.at(h, Event::NewName { ns: usize::MAX });
                    }
                    left -= n;
                }
                for _ in 0..total - burst_total {
                    let h = self.rng.gen_range(reg_from..=end);
                    self.at(h, Event::NewName { ns: usize::MAX });
                }
            }
            let transfers = scaled(plan.token_transfers, self.scale);
            for k in 0..transfers {
                let h = self.rng.gen_range(start..=end);
                if e >= 3 && k % 3 == 0 {
                    let amount = self.rng.gen_range(1_000..50_000) * STX;
                    let active = self.users.partition_point(|u| u.1 <= e);
                    let to = self.users[self.rng.gen_range(0..active)].0;
                    self.at(h, Event::Grant { to, amount });
                } else {
                    self.at(h, Event::UserTransfer);
                }
            }
            for _ in 0..3 {
                let h = self.rng.gen_range(start..=end);
                self.at(h, Event::Announce);
            }
        }
        self.epoch_now = 0;
        // The last blocks: ops the freeze drops.
        let freeze = self.params.freeze_height.unwrap_or(u32::MAX);
        for k in 0..shape::POST_FREEZE_OPS {
            let h = freeze + k % 11;
            self.at(h, Event::NewName { ns: usize::MAX });
            if k % 3 == 0 {
                self.at(h, Event::UserTransfer);
            }
        }
    }

    fn cite(&mut self, height: u32, allow_stale: bool) -> ConsensusHash {
        let floor = self.params.first_block - 4;
        let back = if allow_stale && self.rng.gen_range(0..100) < shape::P_STALE_CH {
            self.rng.gen_range(30..40)
        } else {
            self.rng.gen_range(1..=6)
        };
        let at = height.saturating_sub(back).max(floor);
        self.engine.consensus_hash_at(at).unwrap_or(ConsensusHash(GENESIS_CONSENSUS_HASH))
    }

    fn burn_script(&self) -> ScriptBuf {
        let burn = bns_engine::address::burn_address(&self.params);
        ScriptBuf::from_bytes(
            bns_engine::address::address_to_script(&burn, &self.params).expect("burn address"),
        )
    }

    /// Build, sign and queue a transaction from wallet `from` with `slots`. `None` when
    /// the wallet has no confirmed coins worth enough (a top-up is requested).
    fn spend(&mut self, from: usize, slots: Vec<Slot>) -> Result<Option<Transaction>, HistoryError> {
        let out_sum: u64 = slots
            .iter()
            .map(|s| match s {
                Slot::Out(o) => o.value.to_sat(),
                Slot::Change => 0,
            })
            .sum();
        let fee = 2_000 + self.rng.gen_range(0..8_000);
        let need = out_sum + fee + DUST;
        let Some(coins) = self.wallets[from].take(need) else {
            let each = (need * 2).max(5_000_000);
            self.request_funding(from, 3, each);
            return Ok(None);
        };
        let in_sum: u64 = coins.iter().map(|c| c.txout.value.to_sat()).sum();
        let change_value = in_sum - out_sum - fee;
        let script = self.wallets[from].script.clone();
        let output: Vec<TxOut> = slots
            .into_iter()
            .map(|s| match s {
                Slot::Out(o) => o,
                Slot::Change => {
                    TxOut { value: Amount::from_sat(change_value), script_pubkey: script.clone() }
                }
            })
            .collect();
        let mut tx = Transaction {
            version: transaction::Version::ONE,
            lock_time: absolute::LockTime::ZERO,
            input: coins
                .iter()
                .map(|c| TxIn {
                    previous_output: c.outpoint,
                    script_sig: ScriptBuf::new(),
                    sequence: Sequence::MAX,
                    witness: bitcoin::Witness::new(),
                })
                .collect(),
            output,
        };
        let prevouts: Vec<TxOut> = coins.iter().map(|c| c.txout.clone()).collect();
        match &self.wallets[from].owner {
            Owner::Keys(spender) => {
                let spenders = vec![spender; tx.input.len()];
                sign_all(&mut tx, &spenders, &prevouts, self.rng.gen())?;
            }
            Owner::Foreign => {
                for input in &mut tx.input {
                    let (sig, key) = &self.foreign_sigs[self.rng.gen_range(0..self.foreign_sigs.len())];
                    input.script_sig = foreign_script_sig(sig, key);
                }
            }
        }
        self.fees += fee;
        self.queue(tx.clone(), prevouts);
        Ok(Some(tx))
    }

    /// Add a transaction to the block; outputs to generator wallets become their coins
    /// from the next block on.
    fn queue(&mut self, tx: Transaction, prevouts: Vec<TxOut>) {
        let txid = tx.compute_txid();
        for (vout, out) in tx.output.iter().enumerate() {
            if out.value.to_sat() == 0 {
                continue;
            }
            let coin = Coin { outpoint: OutPoint { txid, vout: vout as u32 }, txout: out.clone() };
            if out.script_pubkey == self.miner_script {
                self.miner_incoming.push((0, false, coin));
            } else if let Some(&w) = self.by_script.get(&out.script_pubkey) {
                self.wallets[w].incoming.push(coin);
                self.touched.push(w);
            }
        }
        self.txs.push((tx, prevouts));
    }

    /// A miner transaction paying `outs` (+ change to the miner), from mature coins.
    fn miner_pay(&mut self, height: u32, outs: Vec<TxOut>) -> Result<(), HistoryError> {
        let total: u64 = outs.iter().map(|o| o.value.to_sat()).sum();
        let fee = 5_000 + 50 * outs.len() as u64;
        let mut coins = Vec::new();
        let mut sum = 0;
        while sum < total + fee + DUST {
            match self.miner_coins.front() {
                Some((h, coinbase, _)) if !*coinbase || h + 100 <= height => {
                    let (_, _, c) = self.miner_coins.pop_front().expect("front exists");
                    sum += c.txout.value.to_sat();
                    coins.push(c);
                }
                _ => return Err(HistoryError::MinerDry(height)),
            }
        }
        let mut output = outs;
        output.push(TxOut {
            value: Amount::from_sat(sum - total - fee),
            script_pubkey: self.miner_script.clone(),
        });
        let mut tx = Transaction {
            version: transaction::Version::ONE,
            lock_time: absolute::LockTime::ZERO,
            input: coins
                .iter()
                .map(|c| TxIn {
                    previous_output: c.outpoint,
                    script_sig: ScriptBuf::new(),
                    sequence: Sequence::MAX,
                    witness: bitcoin::Witness::new(),
                })
                .collect(),
            output,
        };
        let prevouts: Vec<TxOut> = coins.iter().map(|c| c.txout.clone()).collect();
        let spenders = vec![&self.miner; tx.input.len()];
        sign_all(&mut tx, &spenders, &prevouts, self.rng.gen())?;
        self.fees += fee;
        self.queue(tx, prevouts);
        Ok(())
    }

    fn run_funding(&mut self, height: u32) -> Result<(), HistoryError> {
        let requests: Vec<(usize, (u32, u64))> = std::mem::take(&mut self.funding).into_iter().collect();
        let mut outs = Vec::new();
        for (w, (coins, each)) in requests {
            self.wallets[w].funding_requested = false;
            for _ in 0..coins {
                outs.push(TxOut {
                    value: Amount::from_sat(each),
                    script_pubkey: self.wallets[w].script.clone(),
                });
                if outs.len() == FAN_OUT_MAX {
                    self.miner_pay(height, std::mem::take(&mut outs))?;
                }
            }
        }
        if !outs.is_empty() {
            self.miner_pay(height, outs)?;
        }
        Ok(())
    }

    fn random_label(&mut self, max_len: usize) -> String {
        const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
        const VOWELS: &[u8] = b"aeiou";
        let roll = self.rng.gen_range(0..100);
        let len = match roll {
            0..=9 => self.rng.gen_range(3..=4),
            10..=59 => self.rng.gen_range(5..=8),
            60..=94 => self.rng.gen_range(9..=16),
            _ => self.rng.gen_range(17..=30),
        }
        .min(max_len);
        let digits = self.rng.gen_range(0..100) < 12;
        let punct = self.rng.gen_range(0..100) < 4;
        let mut s: Vec<u8> = (0..len)
            .map(|i| {
                if i % 2 == 1 && self.rng.gen_range(0..3) == 0 {
                    VOWELS[self.rng.gen_range(0..VOWELS.len())]
                } else {
                    ALPHA[self.rng.gen_range(0..ALPHA.len())]
                }
            })
            .collect();
        if digits && len > 2 {
            let i = self.rng.gen_range(1..len);
            s[i] = b'0' + self.rng.gen_range(0..10u8);
        }
        if punct && len > 3 {
            let i = self.rng.gen_range(1..len - 1);
            s[i] = if self.rng.gen() { b'-' } else { b'_' };
        }
        String::from_utf8(s).expect("ascii")
    }

    fn new_name(&mut self, ns: usize) -> usize {
        let id = self.namespaces[ns].plan.id;
        let max = 37 - id.len() - 1;
        loop {
            let fqn = format!("{}.{id}", self.random_label(max));
            if self.used_fqns.insert(fqn.clone()) {
                self.names.push(NameInfo { fqn, ns, registered_once: false });
                return self.names.len() - 1;
            }
        }
    }

    /// A random user active at the current epoch (created for it or an earlier one).
    fn random_user(&mut self) -> usize {
        let active = self.users.partition_point(|u| u.1 <= self.epoch_now).max(1);
        self.users[self.rng.gen_range(0..active)].0
    }

    fn random_addressable(&mut self) -> usize {
        let active = self.addressable.partition_point(|u| u.1 <= self.epoch_now).max(1);
        self.addressable[self.rng.gen_range(0..active)].0
    }

    /// Owner wallet of a registered, alive name at `height`.
    fn owner_of(&self, name: usize, height: u32) -> Option<usize> {
        let fqn = &self.names[name].fqn;
        let state = self.engine.state();
        if !lifetime::is_registered(state, fqn, height, &self.params) {
            return None;
        }
        let rec = state.names.get(fqn)?;
        let script = ScriptBuf::from_bytes(hex::decode(&rec.sender).ok()?);
        self.by_script.get(&script).copied()
    }

    fn stx_balance(&self, wallet: usize, height: u32) -> u64 {
        let Some(addr) = self.wallets[wallet].address.as_deref() else { return 0 };
        match self.engine.state().account(addr, "STACKS") {
            Some(a) if a.lock_transfer_block_id <= height => u64::try_from(a.balance()).unwrap_or(u64::MAX),
            _ => 0,
        }
    }

    fn ns_fields(&self, ns: usize) -> RevealFields {
        self.namespaces[ns].plan.fields
    }

    /// Where a name fee in BTC goes at `height` (creator inside a v2 fee window).
    fn fee_script(&self, ns: usize, height: u32) -> ScriptBuf {
        let st = &self.namespaces[ns];
        if st.plan.fields.version == 2 {
            if let Some(reveal) = st.reveal_height {
                if reveal + self.params.epoch_at(height).receive_fees_period >= height {
                    return self.wallets[st.creator].script.clone();
                }
            }
        }
        self.burn_script()
    }

    fn in_creator_window(&self, ns: usize, height: u32) -> bool {
        let st = &self.namespaces[ns];
        st.plan.fields.version == 2
            && st
                .reveal_height
                .is_some_and(|r| r + self.params.epoch_at(height).receive_fees_period >= height)
    }

    fn pick_ready_namespace(&mut self) -> Option<usize> {
        let state = self.engine.state();
        let ready: Vec<(usize, u32)> = self
            .namespaces
            .iter()
            .enumerate()
            .filter(|(_, st)| lifetime::namespace_ready(state, st.plan.id).is_some())
            .map(|(i, st)| (i, st.plan.weight))
            .collect();
        let total: u32 = ready.iter().map(|r| r.1).sum();
        if total == 0 {
            return None;
        }
        let mut roll = self.rng.gen_range(0..total);
        for (i, w) in ready {
            if roll < w {
                return Some(i);
            }
            roll -= w;
        }
        None
    }

    fn preorder(&mut self, height: u32, name: usize, user: usize) -> Result<Option<Event>, HistoryError> {
        let fqn = self.names[name].fqn.clone();
        let ns = self.names[name].ns;
        let fields = self.ns_fields(ns);
        let recipient = match self.wallets[user].address {
            Some(_) if self.rng.gen_range(0..100) >= 5 => user,
            _ => self.random_addressable(),
        };
        let recipient_addr = self.wallets[recipient].address.clone().expect("addressable");
        let sender_script = self.wallets[user].script.clone();
        let Some(hash) = name_preorder_hash(&fqn, sender_script.as_bytes(), &recipient_addr) else {
            return Ok(None);
        };
        let ch = self.cite(height, true);
        let features = self.params.features_at(height);
        let e = epoch_index(height);
        let mut stx = None;
        if features.nameops_cost_tokens && !self.in_creator_window(ns, height) {
            let want = fields.version == 3 || self.rng.gen_range(0..100) < EPOCHS[e].stx_pct;
            if want {
                let price = price::name_price_stacks(&fqn, &fields, height, &self.params);
                if self.stx_balance(user, height) >= price {
                    stx = Some(price);
                } else if fields.version == 3 {
                    let amount = price + self.rng.gen_range(100..5_000) * STX;
                    self.at(height + 1, Event::Grant { to: user, amount });
                    return Ok(None);
                }
            }
        }
        let fee = if stx.is_some() { DUST } else { price::name_price(&fqn, &fields, height, &self.params) };
        let dest = if stx.is_some() { self.burn_script() } else { self.fee_script(ns, height) };
        let data = payload::name_preorder(self.params.magic, &hash, &ch, stx);
        let slots = vec![op_return(&data), Slot::Change, pay(&dest, fee)];
        if self.spend(user, slots)?.is_none() {
            return Ok(None);
        }
        self.report.stx_paid_preorders += u64::from(stx.is_some());
        if stx.is_some() {
            self.count(height, "preorder paid in STX");
        }
        Ok(Some(Event::Register { name, user, recipient }))
    }

    fn register(
        &mut self,
        height: u32,
        name: usize,
        user: usize,
        recipient: usize,
    ) -> Result<bool, HistoryError> {
        let fqn = self.names[name].fqn.clone();
        let features = self.params.features_at(height);
        let data = if features.op_register_update && self.rng.gen_range(0..100) < shape::P_REGISTER_WITH_VALUE
        {
            let value: [u8; 20] = self.rng.gen();
            payload::name_registration(self.params.magic, &fqn, RegisterForm::Padded, Some(&value), 0)
        } else {
            payload::name_registration(self.params.magic, &fqn, RegisterForm::Fqn, None, 0)
        };
        let to = self.wallets[recipient].script.clone();
        let slots = vec![op_return(&data), pay(&to, DUST), Slot::Change];
        Ok(self.spend(user, slots)?.is_some())
    }

    /// Follow-up events of a name registered/renewed/readied at `height`.
    fn schedule_life(&mut self, name: usize, height: u32) {
        let ns = self.names[name].ns;
        let lifetime = self.namespaces[ns].plan.fields.lifetime;
        // The lifetime multiplier is read at the query height (bns spec §7.3): estimate
        // the expiry with the multiplier of the epoch it falls in.
        let guess =
            height.saturating_add(lifetime.saturating_mul(self.params.epoch_at(height).lifetime_multiplier));
        let span = lifetime.saturating_mul(self.params.epoch_at(guess).lifetime_multiplier).max(1_000);
        let grace = self.params.epoch_at(height.saturating_add(span)).grace_period;
        if self.rng.gen_range(0..100) < shape::P_UPDATE_1 {
            let mut h = height;
            loop {
                h += self.rng.gen_range(10..span / 2);
                self.at(h, Event::Update { name });
                if self.rng.gen_range(0..100) >= shape::P_UPDATE_MORE {
                    break;
                }
            }
        }
        if self.rng.gen_range(0..100) < shape::P_TRANSFER {
            let h = height + self.rng.gen_range(100..span);
            self.at(h, Event::Transfer { name });
        }
        if self.rng.gen_range(0..100) < shape::P_REVOKE {
            let h = height + self.rng.gen_range(1_000..span);
            self.at(h, Event::Revoke { name });
        }
        if self.rng.gen_range(0..100) < shape::P_RENEW {
            let h = if grace > 0 && self.rng.gen_range(0..100) < shape::P_RENEW_IN_GRACE {
                height + span + self.rng.gen_range(0..grace)
            } else {
                height + span - self.rng.gen_range(200..4_000)
            };
            self.at(h, Event::Renew { name });
        } else if self.rng.gen_range(0..100) < shape::P_REREGISTER {
            let h = height + span + grace + self.rng.gen_range(100..20_000);
            self.at(h, Event::Reregister { name });
        }
    }

    fn count(&mut self, height: u32, what: &'static str) {
        *self.sent.entry((epoch_index(height), what)).or_default() += 1;
    }

    fn do_event(&mut self, height: u32, event: Event, tries: u8) -> Result<(), HistoryError> {
        match event {
            Event::NewName { ns } => {
                let ns = if ns == usize::MAX {
                    match self.pick_ready_namespace() {
                        Some(n) => n,
                        None => return Ok(()),
                    }
                } else {
                    ns
                };
                let name = self.new_name(ns);
                let user = self.random_user();
                if let Some(next) = self.preorder(height, name, user)? {
                    let delay = self.rng.gen_range(1..=4);
                    self.at(height + delay, next);
                } else {
                    self.retry(height, Event::Reregister { name }, tries, 2);
                }
            }
            Event::Reregister { name } => {
                let fqn = self.names[name].fqn.clone();
                if lifetime::name_at(self.engine.state(), &fqn, height, &self.params).is_some() {
                    if tries < 20 {
                        let later = self.rng.gen_range(2_000..10_000);
                        self.retry(height, Event::Reregister { name }, tries, later);
                    }
                    return Ok(());
                }
                let user = self.random_user();
                match self.preorder(height, name, user)? {
                    Some(next) => {
                        if self.names[name].registered_once {
                            self.count(height, "re-registration preorder");
                        }
                        let delay = self.rng.gen_range(1..=4);
                        self.at(height + delay, next);
                    }
                    None => self.retry(height, Event::Reregister { name }, tries, 2),
                }
            }
            Event::Register { name, user, recipient } => {
                if self.register(height, name, user, recipient)? {
                    self.names[name].registered_once = true;
                    self.schedule_life(name, height);
                } else {
                    self.retry(height, Event::Register { name, user, recipient }, tries, 1);
                }
            }
            Event::Update { name } => {
                let Some(owner) = self.owner_of(name, height) else { return Ok(()) };
                let fqn = self.names[name].fqn.clone();
                let ch = self.cite(height, true);
                let value: [u8; 20] = self.rng.gen();
                let data = payload::name_update(self.params.magic, &name_consensus_hash(&fqn, &ch), &value);
                if self.spend(owner, vec![op_return(&data), Slot::Change])?.is_none() {
                    self.retry(height, Event::Update { name }, tries, 1);
                }
            }
            Event::Transfer { name } => {
                let Some(owner) = self.owner_of(name, height) else { return Ok(()) };
                let fqn = self.names[name].fqn.clone();
                let ch = self.cite(height, true);
                let to = self.random_addressable();
                let keep = self.rng.gen_range(0..100) < 70;
                let data = payload::name_transfer(self.params.magic, keep, &name_hash128(&fqn), &ch);
                let script = self.wallets[to].script.clone();
                if self.spend(owner, vec![op_return(&data), pay(&script, DUST), Slot::Change])?.is_none() {
                    self.retry(height, Event::Transfer { name }, tries, 1);
                }
            }
            Event::Revoke { name } => {
                let Some(owner) = self.owner_of(name, height) else { return Ok(()) };
                let fqn = self.names[name].fqn.clone();
                let data = payload::name_revoke(self.params.magic, &fqn);
                if self.spend(owner, vec![op_return(&data), Slot::Change])?.is_none() {
                    self.retry(height, Event::Revoke { name }, tries, 1);
                }
            }
            Event::Renew { name } => {
                let Some(owner) = self.owner_of(name, height) else {
                    if self.rng.gen_range(0..100) < shape::P_REREGISTER {
                        let later = self.rng.gen_range(5_000..20_000);
                        self.at(height + later, Event::Reregister { name });
                    }
                    return Ok(());
                };
                let in_grace = lifetime::in_grace_period(
                    self.engine.state(),
                    &self.names[name].fqn,
                    height,
                    &self.params,
                );
                if !self.renew(height, name, owner)? {
                    self.retry(height, Event::Renew { name }, tries, 1);
                    return Ok(());
                }
                if in_grace {
                    self.count(height, "renewal in grace period");
                }
                self.schedule_life(name, height);
            }
            Event::NsPreorder { ns } => {
                let st = &self.namespaces[ns];
                let (id, creator, importer) = (st.plan.id, st.creator, st.importer);
                let reveal_addr = self.wallets[importer].address.clone().expect("p2pkh importer");
                let script = self.wallets[creator].script.clone();
                let hash = namespace_preorder_hash(id, script.as_bytes(), &reveal_addr).expect("valid id");
                let ch = self.cite(height, false);
                let features = self.params.features_at(height);
                let stx = if features.stacks_buy_namespaces {
                    price::namespace_price_stx(id, height, &self.params)
                } else {
                    None
                };
                if let Some(amount) = stx {
                    if self.stx_balance(creator, height) < amount {
                        self.retry(height, Event::NsPreorder { ns }, tries, 5);
                        return Ok(());
                    }
                }
                let fee = match stx {
                    Some(_) => DUST,
                    None => price::namespace_price_sat(id, height, &self.params).unwrap_or(DUST),
                };
                let data = payload::namespace_preorder(self.params.magic, &hash, &ch, stx);
                let burn = self.burn_script();
                if self.spend(creator, vec![op_return(&data), Slot::Change, pay(&burn, fee)])?.is_none() {
                    let each = fee + BTC;
                    self.wallets[creator].funding_requested = false;
                    self.funding.remove(&creator);
                    self.request_funding(creator, 2, each);
                    self.retry(height, Event::NsPreorder { ns }, tries, 1);
                    return Ok(());
                }
                self.at(height + 2, Event::NsReveal { ns });
            }
            Event::NsReveal { ns } => {
                let st = &self.namespaces[ns];
                let (id, creator, importer, fields) = (st.plan.id, st.creator, st.importer, st.plan.fields);
                let data = payload::namespace_reveal(self.params.magic, id, &fields);
                let to = self.wallets[importer].script.clone();
                if self.spend(creator, vec![op_return(&data), pay(&to, DUST), Slot::Change])?.is_none() {
                    self.retry(height, Event::NsReveal { ns }, tries, 1);
                    return Ok(());
                }
                self.namespaces[ns].reveal_height = Some(height);
                // Imports: bursts between reveal+2 and ready−5; the importer and its
                // keychain children get enough coins for the biggest burst.
                let plan = self.namespaces[ns].plan.clone();
                let total = scaled(plan.imports, self.scale);
                let window = plan.ready_after.saturating_sub(8).max(1);
                let mut left = total;
                let mut biggest = 0;
                let mut bursts: BTreeMap<u32, u32> = BTreeMap::new();
                while left > 0 {
                    let n = if total >= 1_000 {
                        self.rng.gen_range(50..=400)
                    } else {
                        self.rng.gen_range(1..=40)
                    }
                    .min(left);
                    let h = height + 3 + self.rng.gen_range(0..window);
                    *bursts.entry(h).or_default() += n;
                    left -= n;
                }
                for (&h, &n) in &bursts {
                    biggest = biggest.max(n);
                    self.at(h, Event::Import { ns, count: n });
                }
                let (importer, children) =
                    (self.namespaces[ns].importer, self.namespaces[ns].children.clone());
                self.wallets[importer].funding_requested = false;
                self.funding.remove(&importer);
                self.request_funding(importer, biggest + 10, 200_000);
                for c in children {
                    self.request_funding(c, biggest / 3 + 5, 200_000);
                }
                self.at(height + plan.ready_after, Event::NsReady { ns });
            }
            Event::Import { ns, count } => {
                let mut done = 0;
                let first_import = self.namespaces[ns].imported.is_empty();
                for k in 0..count {
                    let children = &self.namespaces[ns].children;
                    // The first import comes from the reveal address (it fixes the keychain).
                    let sender =
                        if first_import && k == 0 || children.is_empty() || self.rng.gen_range(0..100) < 60 {
                            self.namespaces[ns].importer
                        } else {
                            children[self.rng.gen_range(0..children.len())]
                        };
                    let name = self.new_name(ns);
                    let fqn = self.names[name].fqn.clone();
                    let owner = self.random_addressable();
                    let owner_script = self.wallets[owner].script.clone();
                    let value: [u8; 20] = self.rng.gen();
                    let value_script = ScriptBuf::new_p2pkh(&bitcoin::PubkeyHash::from_byte_array(value));
                    let data = payload::name_import(self.params.magic, &fqn);
                    let slots = vec![
                        op_return(&data),
                        pay(&owner_script, DUST),
                        pay(&value_script, DUST),
                        Slot::Change,
                    ];
                    if self.spend(sender, slots)?.is_none() {
                        break;
                    }
                    self.namespaces[ns].imported.push(name);
                    done += 1;
                    if first_import && k == 0 {
                        break; // the keychain exists from the next block on
                    }
                }
                if done < count {
                    self.retry(height, Event::Import { ns, count: count - done }, tries, 1);
                }
            }
            Event::NsReady { ns } => {
                let importer = self.namespaces[ns].importer;
                let data = payload::namespace_ready(self.params.magic, self.namespaces[ns].plan.id);
                if self.spend(importer, vec![op_return(&data), Slot::Change])?.is_none() {
                    self.retry(height, Event::NsReady { ns }, tries, 1);
                    return Ok(());
                }
                let imported = self.namespaces[ns].imported.clone();
                for name in imported {
                    if self.rng.gen_range(0..100) < 70 {
                        self.schedule_life(name, height);
                    }
                }
            }
            Event::Grant { to, amount } => {
                if self.wallets[to].address.is_none() {
                    return Ok(()); // native segwit: no STX account address
                }
                if !self.params.features_at(height).token_transfer {
                    let later = EPOCHS[3].start + self.rng.gen_range(0..2_000);
                    self.at(later, Event::Grant { to, amount });
                    return Ok(());
                }
                let Some(source) = self.find_source(height, amount) else {
                    self.retry(height, Event::Grant { to, amount }, tries, 500);
                    return Ok(());
                };
                if self.token_transfer(height, source, to, amount)? {
                    self.count(height, "token transfer from a genesis account");
                } else {
                    self.retry(height, Event::Grant { to, amount }, tries, 1);
                }
            }
            Event::UserTransfer => {
                let from = self.random_addressable();
                let to = self.random_addressable();
                if from == to {
                    return Ok(());
                }
                let features = self.params.features_at(height);
                let balance = self.stx_balance(from, height);
                if !features.token_transfer {
                    // Before epoch 4: a TOKEN_TRANSFER nobody accepts (the reference drops it).
                    let _ = self.token_transfer(height, from, to, 100 * STX)?;
                    return Ok(());
                }
                if balance < STX {
                    // Find someone with STX among a few random users.
                    for _ in 0..8 {
                        let from = self.random_addressable();
                        let b = self.stx_balance(from, height);
                        if b >= STX && from != to {
                            let amount = self.rng.gen_range(1..=b / 2 / STX + 1) * STX;
                            let _ = self.token_transfer(height, from, to, amount.min(b))?;
                            return Ok(());
                        }
                    }
                    return Ok(());
                }
                let amount = (self.rng.gen_range(1..=balance / 2 / STX + 1) * STX).min(balance);
                let _ = self.token_transfer(height, from, to, amount)?;
            }
            Event::Announce => {
                let user = self.random_user();
                let hash: [u8; 20] = self.rng.gen();
                let data = payload::announce(self.params.magic, &hash);
                let _ = self.spend(user, vec![op_return(&data), Slot::Change])?;
            }
        }
        Ok(())
    }

    fn renew(&mut self, height: u32, name: usize, owner: usize) -> Result<bool, HistoryError> {
        let fqn = self.names[name].fqn.clone();
        let ns = self.names[name].ns;
        let fields = self.ns_fields(ns);
        let features = self.params.features_at(height);
        let e = epoch_index(height);
        let mut recipient = owner;
        let mut value = None;
        if features.op_renew_transfer_update && self.rng.gen_range(0..100) < shape::P_RENEW_TRANSFER {
            recipient = self.random_addressable();
            value = Some(self.rng.gen::<[u8; 20]>());
        }
        let mut stx = None;
        if features.nameops_cost_tokens
            && !self.in_creator_window(ns, height)
            && (fields.version == 3 || self.rng.gen_range(0..100) < EPOCHS[e].stx_pct)
        {
            let p = price::name_price_stacks(&fqn, &fields, height, &self.params);
            if self.stx_balance(owner, height) >= p {
                stx = Some(p);
            } else if fields.version == 3 {
                return Ok(true); // cannot pay: the name will lapse
            }
        }
        let data = match (stx, value) {
            (Some(amount), v) => payload::name_registration(
                self.params.magic,
                &fqn,
                RegisterForm::PaddedAmount,
                v.as_ref(),
                amount,
            ),
            // Epoch ≥4: a renewal with a value hash needs the 65-byte form (amount 0);
            // 1 in 20 clients send the 57-byte form, which the rules cannot parse
            // (bns spec §5.3 quirk).
            (None, Some(v)) if features.nameops_cost_tokens && self.rng.gen_range(0..20) > 0 => {
                payload::name_registration(self.params.magic, &fqn, RegisterForm::PaddedAmount, Some(&v), 0)
            }
            (None, Some(v)) => {
                payload::name_registration(self.params.magic, &fqn, RegisterForm::Padded, Some(&v), 0)
            }
            (None, None) => payload::name_registration(self.params.magic, &fqn, RegisterForm::Fqn, None, 0),
        };
        let fee = if stx.is_some() { DUST } else { price::name_price(&fqn, &fields, height, &self.params) };
        let dest = if stx.is_some() { self.burn_script() } else { self.fee_script(ns, height) };
        let to = self.wallets[recipient].script.clone();
        let slots = vec![op_return(&data), pay(&to, DUST), Slot::Change, pay(&dest, fee)];
        let sent = self.spend(owner, slots)?.is_some();
        self.report.stx_paid_renewals += u64::from(sent && stx.is_some());
        if sent {
            self.count(height, "renewal");
            if recipient != owner {
                self.count(height, "renewal with transfer");
            }
            if stx.is_some() {
                self.count(height, "renewal paid in STX");
            }
        }
        Ok(sent)
    }

    /// A genesis account (p2pkh) that can send `amount` µSTX at `height`; its wallet
    /// gets coins first if it has none.
    fn find_source(&mut self, height: u32, amount: u64) -> Option<usize> {
        let n = self.genesis_sources.len();
        if n == 0 {
            return None;
        }
        let start = self.rng.gen_range(0..n);
        for k in 0..n {
            let addr = self.genesis_sources[(start + k) % n].clone();
            let ok = match self.engine.state().account(&addr, "STACKS") {
                Some(a) => a.lock_transfer_block_id <= height && a.balance() >= u128::from(amount) * 2,
                None => false,
            };
            if !ok {
                continue;
            }
            let w = match self.foreign.get(&addr) {
                Some(&w) => w,
                None => {
                    let wallet = Wallet::foreign(&addr, &self.params)?;
                    let w = self.add_wallet(wallet);
                    self.foreign.insert(addr, w);
                    w
                }
            };
            return Some(w);
        }
        None
    }

    fn token_transfer(
        &mut self,
        height: u32,
        from: usize,
        to: usize,
        amount: u64,
    ) -> Result<bool, HistoryError> {
        let features = self.params.features_at(height);
        let ch = if features.token_transfer_consensus_hash_optional
            && self.rng.gen_range(0..100) < shape::P_ZERO_CH_TRANSFER
        {
            ConsensusHash([0u8; 16])
        } else {
            self.cite(height, true)
        };
        let scratch: &[u8] = if self.rng.gen_range(0..4) == 0 { b"memo" } else { b"" };
        let data = payload::token_transfer(self.params.magic, &ch, "STACKS", amount, scratch);
        let script = self.wallets[to].script.clone();
        Ok(self.spend(from, vec![op_return(&data), pay(&script, DUST), Slot::Change])?.is_some())
    }

    /// Pre-BNS and filler traffic: a miner payment to two outside scripts.
    fn payment(&mut self, height: u32) -> Result<(), HistoryError> {
        let mut outs = Vec::new();
        for _ in 0..2 {
            let hash: [u8; 20] = self.rng.gen();
            let script = if self.rng.gen_range(0..4) == 0 {
                ScriptBuf::new_p2sh(&bitcoin::ScriptHash::from_byte_array(hash))
            } else {
                ScriptBuf::new_p2pkh(&bitcoin::PubkeyHash::from_byte_array(hash))
            };
            outs.push(TxOut {
                value: Amount::from_sat(self.rng.gen_range(10_000..50 * BTC / 10)),
                script_pubkey: script,
            });
        }
        self.miner_pay(height, outs)
    }

    /// Build block `height` on `prev`; returns the block bytes and hash.
    fn block(&mut self, height: u32, prev: BlockHash) -> Result<(Vec<u8>, BlockHash), HistoryError> {
        self.txs.clear();
        self.fees = 0;
        let first = self.params.first_block;
        if height >= first {
            self.run_funding(height)?;
            if let Some(events) = self.events.remove(&height) {
                for (event, tries) in events {
                    self.do_event(height, event, tries)?;
                }
            }
            if self.rng.gen_range(0..100) < 30 {
                self.payment(height)?;
            }
        } else if height >= 200 && height.is_multiple_of(shape::PRE_BNS_TRAFFIC_EVERY) {
            self.payment(height)?;
        }
        // Each epoch's new users get their first coins in the block before it starts
        // (epoch 1: before FIRST).
        for (e, plan) in EPOCHS.iter().enumerate() {
            let start = if e == 0 { first } else { plan.start };
            if start == height + 1 {
                self.epoch_now = e;
                self.fund_new_users_of(e);
                self.run_funding(height)?;
            }
        }
        let txs: Vec<Transaction> = self.txs.iter().map(|(t, _)| t.clone()).collect();
        let block = assemble(BlockTemplate {
            prev,
            height,
            time: GENESIS_TIME + 600 * height,
            bits: BtcNetwork::Mainnet.bits(),
            coinbase_to: &self.miner_script,
            subsidy_sat: BtcNetwork::Mainnet.subsidy(height),
            fees_sat: self.fees,
            coinbase_tag: b"/chaingen-history/",
            txs,
        });
        let cb = &block.txdata[0];
        let coin =
            Coin { outpoint: OutPoint { txid: cb.compute_txid(), vout: 0 }, txout: cb.output[0].clone() };
        self.miner_incoming.push((height, true, coin));
        if height >= first {
            self.apply(height, &block)?;
        }
        // Settle: coins received in this block are spendable from the next.
        for (h, cb, c) in self.miner_incoming.drain(..) {
            self.miner_coins.push_back((h, cb, c));
        }
        let touched = std::mem::take(&mut self.touched);
        for w in touched {
            self.wallets[w].settle();
        }
        self.report.blocks += 1;
        self.report.transactions += block.txdata.len() as u64;
        Ok((serialize(&block), block.block_hash()))
    }

    fn fund_new_users_of(&mut self, epoch: usize) {
        let users: Vec<usize> = self.users.iter().filter(|u| u.1 == epoch).map(|u| u.0).collect();
        for u in users {
            self.request_funding(u, 4, 5_000_000);
        }
    }

    fn apply(&mut self, height: u32, block: &bitcoin::Block) -> Result<(), HistoryError> {
        let e = epoch_index(height);
        let mut candidates = Vec::new();
        let mut bns = 0u64;
        for (index, (tx, prevouts)) in self.txs.iter().enumerate() {
            if bns_engine::extract::bns_payload(tx, self.params.magic).is_none() {
                continue;
            }
            bns += 1;
            let vtxindex = index as u32 + 1;
            match bns_engine::extract::extract(tx, prevouts, vtxindex, height, &self.params) {
                Ok(c) => candidates.push(c),
                Err(reason) => {
                    let op = tx_opcode(tx).unwrap_or('?');
                    *self.epoch_ops.entry((e, format!("{op}:dropped"))).or_default() += 1;
                    *self.drop_reasons.entry(format!("{reason:?}")).or_default() += 1;
                    self.report.dropped += 1;
                }
            }
        }
        let block_hash = bns_engine::BlockHash::from_hex(&block.block_hash().to_string())
            .ok_or_else(|| HistoryError::Engine { height, message: "block hash".into() })?;
        let outcome = self
            .engine
            .apply_block(bns_engine::BlockInput { height, block_hash, candidates })
            .map_err(|e| HistoryError::Engine { height, message: format!("{e:?}") })?;
        for op in &outcome.accepted {
            *self.epoch_ops.entry((e, format!("{}:accepted", op.opcode.byte() as char))).or_default() += 1;
        }
        for op in &outcome.rejected {
            *self.epoch_ops.entry((e, format!("{}:rejected", op.opcode.byte() as char))).or_default() += 1;
            *self
                .reject_reasons
                .entry(format!("{}:{:?}", op.opcode.byte() as char, op.reason))
                .or_default() += 1;
        }
        self.report.accepted += outcome.accepted.len() as u64;
        self.report.rejected += outcome.rejected.len() as u64;
        self.report.bns_txs += bns;
        if bns > self.report.busiest_block_ops {
            self.report.busiest_block_ops = bns;
            self.report.busiest_block = height;
        }
        if bns >= 100 {
            self.report.blocks_with_100_ops += 1;
        }
        Ok(())
    }
}

/// The engine state as JSON lists (accounts are keyed by a struct, which JSON maps
/// cannot hold): `names`, `namespaces`, `preorders`, `accounts` (records as the engine
/// stores them), `consensus_hashes` (height → hex), `last_block`.
fn state_json(state: &bns_engine::state::State) -> serde_json::Value {
    let list = |it: &mut dyn Iterator<Item = serde_json::Value>| serde_json::Value::Array(it.collect());
    let v = |x: &dyn erased::Ser| x.value();
    serde_json::json!({
        "last_block": state.last_block,
        "names": list(&mut state.names.values().map(|r| v(r))),
        "namespaces": list(&mut state.namespaces.values().map(|r| v(r))),
        "preorders": list(&mut state.preorders.values().flatten().map(|r| v(r))),
        "accounts": list(&mut state.accounts.values().map(|r| v(r))),
        "consensus_hashes": state
            .consensus_hashes
            .iter()
            .map(|(h, c)| (h.to_string(), serde_json::Value::String(c.to_hex())))
            .collect::<serde_json::Map<String, serde_json::Value>>(),
    })
}

mod erased {
    /// A record that serializes to JSON.
    pub trait Ser {
        fn value(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn value(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}

/// The opcode byte of a transaction's BNS payload, for counting.
fn tx_opcode(tx: &Transaction) -> Option<char> {
    tx.output.iter().find_map(|o| {
        let s = o.script_pubkey.as_bytes();
        (s.first() == Some(&0x6a) && s.len() >= 5 && &s[2..4] == b"id").then(|| s[4] as char)
    })
}

fn pick_kind(rng: &mut ChaCha8Rng, plan: &EpochPlan) -> ScriptKind {
    let total: u32 = plan.kinds.iter().map(|k| k.1).sum();
    let mut roll = rng.gen_range(0..total);
    for &(kind, w) in plan.kinds {
        if roll < w {
            return kind;
        }
        roll -= w;
    }
    ScriptKind::P2pkh
}

/// Write the history into `dir` (blk files, xor.dat as `writer_opts` says,
/// `history-summary.json`).
pub fn write_history(
    dir: &Path,
    writer_opts: WriterOptions,
    opts: &HistoryOptions,
) -> Result<HistoryReport, HistoryError> {
    if !(opts.scale > 0.0 && opts.scale <= 100.0) {
        return Err(HistoryError::Scale(opts.scale));
    }
    if opts.end_height == 0 || opts.end_height > 1_000_000 {
        return Err(HistoryError::EndHeight(opts.end_height));
    }
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source: std::io::Error| HistoryError::Io { path: path.clone(), source }
    };
    let mut writer = BlkWriter::create(dir, writer_opts).map_err(io(dir))?;
    let mut hashes = match &opts.hashes_out {
        Some(p) => Some(std::io::BufWriter::new(std::fs::File::create(p).map_err(io(p))?)),
        None => None,
    };
    let mut gen = Gen::new(opts);
    gen.plan(opts.seed);
    let genesis = BtcNetwork::Mainnet.genesis_block();
    let bytes = serialize(&genesis);
    writer.write_block(&bytes).map_err(io(dir))?;
    gen.report.blocks += 1;
    gen.report.transactions += 1;
    gen.report.bytes += bytes.len() as u64 + 8;
    let mut prev = genesis.block_hash();
    let started = std::time::Instant::now();
    for height in 1..=opts.end_height {
        let (bytes, hash) = gen.block(height, prev)?;
        writer.write_block(&bytes).map_err(io(dir))?;
        gen.report.bytes += bytes.len() as u64 + 8;
        prev = hash;
        if let (Some(out), true) = (hashes.as_mut(), height >= gen.params.first_block) {
            let ch = gen.engine.consensus_hash_at(height).unwrap_or_default();
            writeln!(out, "{height} {hash} {ch}").map_err(io(dir))?;
        }
        if opts.progress_every > 0 && height.is_multiple_of(opts.progress_every) {
            eprintln!(
                "chaingen: history height {height}/{} {:.0} MB, {} BNS txs ({} accepted), {:.0} s",
                opts.end_height,
                gen.report.bytes as f64 / 1e6,
                gen.report.bns_txs,
                gen.report.accepted,
                started.elapsed().as_secs_f64()
            );
        }
    }
    if let Some(mut out) = hashes {
        out.flush().map_err(io(dir))?;
    }
    gen.report.files = writer.finish().map_err(io(dir))?;
    let state = gen.engine.state();
    let end = opts.end_height;
    gen.report.names_alive_at_end =
        state.names.keys().filter(|n| lifetime::name_at(state, n, end, &gen.params).is_some()).count() as u64;
    gen.report.namespaces_at_end = state.namespaces.len() as u64;
    gen.report.accounts_at_end = state.accounts.len() as u64;
    gen.report.final_consensus_hash =
        gen.engine.consensus_hash_at(end).map(|c| c.to_string()).unwrap_or_default();
    gen.report.wallets = gen.wallets.len() as u64;
    gen.report.final_state_digest = hex::encode(gen.engine.state_digest());
    if let Some(p) = &opts.state_out {
        let file = std::fs::File::create(p).map_err(io(p))?;
        let mut out = std::io::BufWriter::new(file);
        serde_json::to_writer(&mut out, &state_json(gen.engine.state()))
            .map_err(|e| HistoryError::Io { path: p.display().to_string(), source: e.into() })?;
        out.flush().map_err(io(p))?;
    }
    for w in &gen.wallets {
        let kind = w.kind().map(|k| format!("{k:?}")).unwrap_or_else(|| "foreign".to_string());
        *gen.report.wallet_kinds.entry(kind).or_default() += 1;
    }
    let mut per_epoch: Vec<EpochCounts> = EPOCHS
        .iter()
        .enumerate()
        .map(|(i, p)| EpochCounts {
            epoch: i + 1,
            first_height: p.start,
            last_height: p.end,
            ops: BTreeMap::new(),
            sent: BTreeMap::new(),
        })
        .collect();
    for ((e, key), n) in std::mem::take(&mut gen.epoch_ops) {
        per_epoch[e].ops.insert(key, n);
    }
    for ((e, key), n) in std::mem::take(&mut gen.sent) {
        per_epoch[e].sent.insert(key.to_string(), n);
    }
    gen.report.per_epoch = per_epoch;
    gen.report.drop_reasons = std::mem::take(&mut gen.drop_reasons);
    gen.report.reject_reasons = std::mem::take(&mut gen.reject_reasons);
    let summary = serde_json::to_vec_pretty(&gen.report).expect("plain data");
    let path = dir.join("history-summary.json");
    std::fs::write(&path, summary).map_err(io(&path))?;
    Ok(gen.report)
}
