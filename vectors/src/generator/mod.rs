//! Scenario → chain: mines the prelude (heights 1 … first scenario height − 1, with the
//! funding transactions), then one block per scenario entry, keeping every wallet's
//! UTXOs so that each input spends a real earlier output. Optional stale forks and a
//! half-written tail block are produced here too; `blkfile` decides how blocks are
//! stored.

/// Drafting each op's transaction (methods on [`Generator`]).
pub mod ops;

use self::ops::{Draft, NamespaceInfo, Slot};
use crate::chain::{assemble, BlockTemplate};
use crate::consensus_source::{ConsensusSource, PrevoutLookup};
use crate::filler::FillerPool;
use crate::keys::{Key, ScriptKind, Spender};
use crate::manifest::{BlockEntry, Manifest, OpEntry};
use crate::netparams::{BnsParams, ChainNetwork, ChainShape as _};
use crate::scenario::{BlockSpec, OpSpec, Scenario};
use crate::sign::sign_all;
use crate::wallets::{build_wallets, Utxo, Wallet};
use bitcoin::{
    absolute, transaction, Amount, Block, BlockHash, OutPoint, ScriptBuf, Sequence, Transaction, TxIn, TxOut,
    Witness,
};
use bns_engine::types::ConsensusHash;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use std::collections::{BTreeMap, HashMap, VecDeque};

#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error(transparent)]
    Wallet(#[from] crate::wallets::WalletError),
    #[error(transparent)]
    Sign(#[from] crate::sign::SignError),
    #[error("block {height}: op #{index} ({op}): {message}")]
    Op { height: u32, index: usize, op: String, message: String },
    #[error("{0}")]
    Chain(String),
    #[error("consensus source: {0}")]
    Source(String),
}

/// Generation knobs that are not part of the scenario.
#[derive(Clone, Debug)]
pub struct GenOptions {
    pub seed: u64,
    pub network: ChainNetwork,
    pub stale_forks: u32,
    pub truncate_tail: bool,
}

/// A generated chain, before it is written to files.
pub struct GeneratedChain {
    /// Best chain, index = height (0 = the network's genesis block).
    pub blocks: Vec<Block>,
    /// Stale fork blocks: (height, block), each fork's blocks in parent→child order.
    pub forks: Vec<(u32, Block)>,
    /// A block extending the tip that is to be written half-way only.
    pub tail: Option<Block>,
    pub manifest: Manifest,
}

/// Default transaction fee of BNS ops (the reference client's DEFAULT_OP_RETURN_FEE).
pub const DEFAULT_TX_FEE: u64 = 10_000;
/// Coinbase outputs mature after this many blocks (Bitcoin consensus).
const COINBASE_MATURITY: u32 = 100;
const BLOCK_INTERVAL_S: u32 = 600;
/// Regtest genesis time (Bitcoin Core chainparams).
const REGTEST_GENESIS_TIME: u32 = 1_296_688_602;
const FILLER_KEYS: usize = 24;
const FILLER_COINS: u32 = 48;

struct Prevouts<'a>(&'a HashMap<OutPoint, TxOut>);

impl PrevoutLookup for Prevouts<'_> {
    fn prevout(&self, outpoint: &OutPoint) -> Option<TxOut> {
        self.0.get(outpoint).cloned()
    }
}

pub struct Generator<'a> {
    pub(crate) bns: BnsParams,
    opts: GenOptions,
    pub(crate) rng: ChaCha20Rng,
    pub(crate) wallets: Vec<Wallet>,
    script_owner: BTreeMap<Vec<u8>, usize>,
    miner: Spender,
    miner_script: ScriptBuf,
    miner_utxos: VecDeque<Utxo>,
    filler: FillerPool,
    prevouts: HashMap<OutPoint, TxOut>,
    blocks: Vec<Block>,
    pub(crate) namespaces: BTreeMap<String, NamespaceInfo>,
    source: &'a mut dyn ConsensusSource,
    manifest: Manifest,
    time_start: u32,
}

impl<'a> Generator<'a> {
    pub fn new(
        scenario: &Scenario,
        bns: BnsParams,
        opts: GenOptions,
        source: &'a mut dyn ConsensusSource,
    ) -> Result<Self, GenError> {
        let wallets = build_wallets(&scenario.wallets, &bns.params)?;
        let mut script_owner = BTreeMap::new();
        for (i, w) in wallets.iter().enumerate() {
            script_owner.entry(w.script.to_bytes()).or_insert(i);
        }
        let miner = match &scenario.chain.miner {
            Some(name) => {
                let w = wallets
                    .iter()
                    .find(|w| &w.name == name)
                    .ok_or_else(|| GenError::Chain(format!("miner wallet {name:?} not found")))?;
                if w.spender.kind != ScriptKind::P2pkh {
                    return Err(GenError::Chain("the miner wallet must be p2pkh".into()));
                }
                w.spender.clone()
            }
            None => Spender::single(
                ScriptKind::P2pkh,
                Key::from_seed(&format!("chaingen-miner-{}", opts.seed), true),
            ),
        };
        let miner_script = miner.script_pubkey();
        let manifest = Manifest::new(scenario, &bns, opts.seed, opts.network, &wallets);
        Ok(Generator {
            rng: ChaCha20Rng::seed_from_u64(opts.seed),
            filler: FillerPool::new(opts.seed, FILLER_KEYS),
            time_start: scenario.chain.block_time_start.unwrap_or(REGTEST_GENESIS_TIME + BLOCK_INTERVAL_S),
            bns,
            opts,
            wallets,
            script_owner,
            miner,
            miner_script,
            miner_utxos: VecDeque::new(),
            prevouts: HashMap::new(),
            blocks: Vec::new(),
            namespaces: BTreeMap::new(),
            source,
            manifest,
        })
    }

    /// Height of the next block to mine.
    pub fn next_height(&self) -> u32 {
        self.blocks.len() as u32
    }

    fn tip(&self) -> BlockHash {
        self.blocks.last().map(Block::block_hash).expect("the genesis block is always present")
    }

    pub fn wallet_index(&self, name: &str) -> Result<usize, String> {
        self.wallets.iter().position(|w| w.name == name).ok_or_else(|| format!("unknown wallet {name:?}"))
    }

    /// Run the whole scenario.
    pub fn run(mut self, scenario: &Scenario) -> Result<GeneratedChain, GenError> {
        let first = self.bns.params.first_block;
        let start = scenario.chain.first_scenario_height.unwrap_or(first);
        let funding = scenario.chain.funding_height.unwrap_or(first.saturating_sub(2));
        let filler_default = scenario.chain.filler_default.unwrap_or(0);
        if funding <= COINBASE_MATURITY || funding >= start {
            return Err(GenError::Chain(format!(
                "funding height {funding} must be above {COINBASE_MATURITY} and below the first scenario height {start}"
            )));
        }
        self.blocks.push(self.opts.network.genesis_block());
        self.manifest.blocks.push(BlockEntry::of(0, &self.blocks[0], Some("genesis".into())));
        while self.next_height() < start {
            let height = self.next_height();
            let mut txs = Vec::new();
            let mut fees = 0;
            let mut label = None;
            if height == funding {
                fees += self.funding_txs(height, &mut txs)?;
                label = Some("funding".to_string());
            }
            let fillers = if height > funding { filler_default } else { 0 };
            fees += self.add_fillers(height, fillers, &mut txs)?;
            self.mine(txs, fees, label)?;
        }
        for entry in &scenario.blocks {
            self.scenario_entry(entry, filler_default)?;
            if let (Some(check), Some(last)) = (&entry.check, self.manifest.blocks.last_mut()) {
                last.check = Some(check.clone());
            }
        }
        let forks = self.stale_forks()?;
        let tail = if self.opts.truncate_tail { Some(self.tail_block()?) } else { None };
        let mut manifest = self.manifest;
        manifest.forks =
            forks.iter().map(|(h, b)| BlockEntry::of(*h, b, Some("stale fork".into()))).collect();
        manifest.tail =
            tail.as_ref().map(|b| BlockEntry::of(self.blocks.len() as u32, b, Some("truncated tail".into())));
        Ok(GeneratedChain { blocks: self.blocks, forks, tail, manifest })
    }

    fn scenario_entry(&mut self, entry: &BlockSpec, filler_default: u32) -> Result<(), GenError> {
        if let Some(count) = entry.advance {
            if !entry.ops.is_empty() {
                return Err(GenError::Chain("a block entry has either `advance` or `ops`".into()));
            }
            for _ in 0..count {
                let height = self.next_height();
                let mut txs = Vec::new();
                let fees = self.add_fillers(height, entry.filler.unwrap_or(filler_default), &mut txs)?;
                self.mine(txs, fees, entry.label.clone())?;
            }
            return Ok(());
        }
        let height = self.next_height();
        let mut txs: Vec<Transaction> = Vec::new();
        let mut fees = 0u64;
        let mut op_entries = Vec::new();
        for (index, spec) in entry.ops.iter().enumerate() {
            let (tx, fee) = self.build_op(spec, height).map_err(|message| GenError::Op {
                height,
                index,
                op: format!("{:?}", spec.op),
                message,
            })?;
            fees += fee;
            op_entries.push(OpEntry::new(spec, height, &tx, &self.wallets));
            txs.push(tx);
        }
        // Interleave filler transactions at deterministic positions; ops keep their order.
        let fillers = entry.filler.unwrap_or(filler_default);
        let mut filler_txs = Vec::new();
        fees += self.add_fillers(height, fillers, &mut filler_txs)?;
        let at_end = entry.filler_position.as_deref() == Some("end");
        let mut ordered: Vec<(Transaction, Option<usize>)> =
            txs.into_iter().enumerate().map(|(i, t)| (t, Some(i))).collect();
        for tx in filler_txs {
            let at = if at_end { ordered.len() } else { self.rng.gen_range(0..=ordered.len()) };
            ordered.insert(at, (tx, None));
        }
        for (position, (_, op_index)) in ordered.iter().enumerate() {
            if let Some(i) = op_index {
                op_entries[*i].vtxindex = position as u32 + 1;
            }
        }
        self.manifest.ops.extend(op_entries);
        let txs = ordered.into_iter().map(|(t, _)| t).collect();
        self.mine(txs, fees, entry.label.clone())
    }

    /// Mine a best-chain block with `txs`, record every output, report it to the source.
    fn mine(&mut self, txs: Vec<Transaction>, fees: u64, label: Option<String>) -> Result<(), GenError> {
        let height = self.next_height();
        let block = assemble(BlockTemplate {
            prev: self.tip(),
            height,
            time: self.time_start + BLOCK_INTERVAL_S * (height - 1),
            bits: self.opts.network.bits(),
            coinbase_to: &self.miner_script,
            subsidy_sat: self.opts.network.subsidy(height),
            fees_sat: fees,
            coinbase_tag: b"/chaingen/",
            txs,
        });
        for tx in &block.txdata {
            let txid = tx.compute_txid();
            for (vout, out) in tx.output.iter().enumerate() {
                self.prevouts.insert(OutPoint { txid, vout: vout as u32 }, out.clone());
            }
        }
        let coinbase = &block.txdata[0];
        self.miner_utxos.push_back(Utxo {
            outpoint: OutPoint { txid: coinbase.compute_txid(), vout: 0 },
            txout: coinbase.output[0].clone(),
            height,
        });
        self.filler.end_block();
        self.source.on_block(height, &block, &Prevouts(&self.prevouts)).map_err(GenError::Source)?;
        let mut entry = BlockEntry::of(height, &block, label);
        entry.consensus_line = self.source.line(height);
        self.manifest.blocks.push(entry);
        self.blocks.push(block);
        Ok(())
    }

    /// Mature miner coins worth at least `amount` (coinbase maturity respected).
    fn take_miner_coins(&mut self, height: u32, amount: u64) -> Result<Vec<Utxo>, GenError> {
        let mut taken = Vec::new();
        let mut sum = 0u64;
        while sum < amount {
            match self.miner_utxos.front() {
                Some(u) if u.height + COINBASE_MATURITY <= height => {
                    let u = self.miner_utxos.pop_front().expect("front exists");
                    sum += u.txout.value.to_sat();
                    taken.push(u);
                }
                _ => {
                    return Err(GenError::Chain(format!(
                        "not enough mature coinbase value at height {height} to fund {amount} sat; lower wallet `btc` or raise the funding height"
                    )))
                }
            }
        }
        Ok(taken)
    }

    /// One funding transaction per funded wallet, plus one for the filler pool.
    fn funding_txs(&mut self, height: u32, txs: &mut Vec<Transaction>) -> Result<u64, GenError> {
        let mut fees = 0;
        for index in 0..self.wallets.len() {
            let (amount, count) = (self.wallets[index].btc_sat, self.wallets[index].utxo_count);
            if amount == 0 {
                continue;
            }
            let script = self.wallets[index].script.clone();
            let outputs = split_outputs(amount, count, &script);
            fees += self.pay_from_miner(height, outputs, txs)?;
        }
        let filler_scripts: Vec<ScriptBuf> =
            (0..self.filler.len()).map(|i| self.filler.script(i).clone()).collect();
        let outputs: Vec<TxOut> = (0..FILLER_COINS as usize)
            .map(|k| TxOut {
                value: Amount::from_sat(100_000_000),
                script_pubkey: filler_scripts[k % filler_scripts.len()].clone(),
            })
            .collect();
        let first_filler_tx = txs.len();
        fees += self.pay_from_miner(height, outputs, txs)?;
        let tx = &txs[first_filler_tx];
        let txid = tx.compute_txid();
        for k in 0..FILLER_COINS as usize {
            let txout = tx.output[k].clone();
            self.filler.add(
                k % filler_scripts.len(),
                Utxo { outpoint: OutPoint { txid, vout: k as u32 }, txout, height },
            );
        }
        Ok(fees)
    }

    /// A miner-signed payment of `outputs` (+ change back to the miner).
    fn pay_from_miner(
        &mut self,
        height: u32,
        mut outputs: Vec<TxOut>,
        txs: &mut Vec<Transaction>,
    ) -> Result<u64, GenError> {
        let total: u64 = outputs.iter().map(|o| o.value.to_sat()).sum();
        let fee = 1_000 + 150 * outputs.len() as u64;
        let coins = self.take_miner_coins(height, total + fee)?;
        let fee = fee + 150 * coins.len() as u64;
        let inputs_sum: u64 = coins.iter().map(|c| c.txout.value.to_sat()).sum();
        let change = inputs_sum.saturating_sub(total + fee);
        let change_index = outputs.len();
        if change > 0 {
            outputs.push(TxOut { value: Amount::from_sat(change), script_pubkey: self.miner_script.clone() });
        }
        let mut tx = unsigned_tx(&coins, outputs);
        let prevouts: Vec<TxOut> = coins.iter().map(|c| c.txout.clone()).collect();
        let spenders = vec![&self.miner; coins.len()];
        sign_all(&mut tx, &spenders, &prevouts, self.rng.gen())?;
        let txid = tx.compute_txid();
        self.credit_outputs(&tx, height);
        if change > 0 {
            self.miner_utxos.push_back(Utxo {
                outpoint: OutPoint { txid, vout: change_index as u32 },
                txout: tx.output[change_index].clone(),
                height: 0,
            });
        }
        txs.push(tx);
        Ok(inputs_sum - total.saturating_add(change))
    }

    /// Give every output that pays a wallet's script to that wallet.
    fn credit_outputs(&mut self, tx: &Transaction, height: u32) {
        let txid = tx.compute_txid();
        for (vout, out) in tx.output.iter().enumerate() {
            if let Some(&owner) = self.script_owner.get(out.script_pubkey.as_bytes()) {
                self.wallets[owner].utxos.push_back(Utxo {
                    outpoint: OutPoint { txid, vout: vout as u32 },
                    txout: out.clone(),
                    height,
                });
            }
        }
    }

    fn add_fillers(&mut self, height: u32, count: u32, txs: &mut Vec<Transaction>) -> Result<u64, GenError> {
        let mut fees = 0;
        for _ in 0..count {
            match self.filler.make_tx(&mut self.rng, height)? {
                Some((tx, fee)) => {
                    fees += fee;
                    txs.push(tx);
                }
                None => break,
            }
        }
        Ok(fees)
    }

    /// Resolve `"current"` and friends to a consensus hash for an op mined at `height`.
    pub(crate) fn consensus_hash_for(
        &self,
        spec: Option<&crate::scenario::ChSpec>,
        height: u32,
    ) -> Result<ConsensusHash, String> {
        use crate::scenario::ChSpec;
        let known = |h: u32| {
            self.source
                .consensus_hash(h)
                .ok_or_else(|| format!("consensus hash of block {h} is not known to the generator"))
        };
        match spec {
            None => self.current_consensus_hash(height),
            Some(ChSpec::Text(t)) if t == "current" => self.current_consensus_hash(height),
            Some(ChSpec::Text(t)) if t == "genesis" => {
                Ok(ConsensusHash(bns_engine::params::GENESIS_CONSENSUS_HASH))
            }
            Some(ChSpec::Text(t)) if t == "zero" => Ok(ConsensusHash([0; 16])),
            Some(ChSpec::Text(t)) => {
                ConsensusHash::from_hex(t).ok_or_else(|| format!("bad consensus hash {t:?}"))
            }
            Some(ChSpec::Height { height: h }) => known(*h),
            Some(ChSpec::Back { back }) => known(height.saturating_sub(*back)),
        }
    }

    /// The newest consensus hash the source knows among the 24 blocks before `height`.
    fn current_consensus_hash(&self, height: u32) -> Result<ConsensusHash, String> {
        let window = bns_engine::params::CONSENSUS_HASH_WINDOW;
        (height.saturating_sub(window)..height)
            .rev()
            .find_map(|h| self.source.consensus_hash(h))
            .ok_or_else(|| {
                format!("no consensus hash known within 24 blocks before {height}; give one explicitly or run with the engine as source")
            })
    }

    /// Build, fund and sign the transaction of one op at `height`; returns it and its fee.
    fn build_op(&mut self, spec: &OpSpec, height: u32) -> Result<(Transaction, u64), String> {
        let draft = ops::draft(self, spec, height)?;
        self.finish_draft(spec, draft, height)
    }

    fn finish_draft(
        &mut self,
        spec: &OpSpec,
        draft: Draft,
        height: u32,
    ) -> Result<(Transaction, u64), String> {
        let from = self.wallet_index(spec.from.as_deref().ok_or("`from` is required")?)?;
        let tx_fee = spec.tx_fee.unwrap_or(DEFAULT_TX_FEE);
        let fixed: u64 =
            draft.slots.iter().map(|s| if let Slot::Out(o) = s { o.value.to_sat() } else { 0 }).sum();
        let need = fixed + tx_fee;
        let mut coins: Vec<(usize, Utxo)> = Vec::new();
        let mut sum = 0u64;
        let first = self.wallets[from]
            .utxos
            .pop_front()
            .ok_or_else(|| format!("wallet {:?} has no coins left", self.wallets[from].name))?;
        sum += first.txout.value.to_sat();
        coins.push((from, first));
        for name in &spec.extra_inputs {
            let w = self.wallet_index(name)?;
            let coin = self.wallets[w]
                .utxos
                .pop_front()
                .ok_or_else(|| format!("wallet {name:?} has no coins left"))?;
            sum += coin.txout.value.to_sat();
            coins.push((w, coin));
        }
        while sum < need {
            let Some(coin) = self.wallets[from].utxos.pop_front() else {
                return Err(format!("wallet {:?} cannot pay {need} sat", self.wallets[from].name));
            };
            sum += coin.txout.value.to_sat();
            coins.push((from, coin));
        }
        let change = sum - need;
        let mut outputs = Vec::with_capacity(draft.slots.len());
        for slot in draft.slots {
            match slot {
                Slot::Out(o) => outputs.push(o),
                Slot::Change => outputs.push(TxOut {
                    value: Amount::from_sat(change),
                    script_pubkey: self.wallets[from].script.clone(),
                }),
            }
        }
        let utxos: Vec<Utxo> = coins.iter().map(|(_, c)| c.clone()).collect();
        let mut tx = unsigned_tx(&utxos, outputs);
        let prevouts: Vec<TxOut> = utxos.iter().map(|c| c.txout.clone()).collect();
        let spenders: Vec<&Spender> = coins.iter().map(|(w, _)| &self.wallets[*w].spender).collect();
        let aux: [u8; 32] = self.rng.gen();
        sign_all(&mut tx, &spenders, &prevouts, aux).map_err(|e| e.to_string())?;
        self.credit_outputs(&tx, height);
        let out_sum: u64 = tx.output.iter().map(|o| o.value.to_sat()).sum();
        Ok((tx, sum - out_sum))
    }

    /// `stale_forks` short branches off the best chain, each shorter than the best
    /// chain after its fork point, so they lose by cumulative work.
    fn stale_forks(&mut self) -> Result<Vec<(u32, Block)>, GenError> {
        let tip = self.blocks.len() as u32 - 1;
        let lowest = self.bns.params.first_block.min(tip).max(1);
        let mut forks = Vec::new();
        for fork_index in 0..self.opts.stale_forks {
            if tip < lowest + 2 {
                break;
            }
            let parent_height = self.rng.gen_range(lowest..tip - 1);
            let room = tip - parent_height - 1; // the fork must be strictly shorter
            let length = self.rng.gen_range(1..=3u32).min(room);
            let mut prev = self.blocks[parent_height as usize].block_hash();
            for k in 1..=length {
                let height = parent_height + k;
                let tag = format!("/stale-{fork_index}/");
                let (txs, fees) = match self.fork_only_op(parent_height, height, fork_index)? {
                    Some((tx, fee)) => (vec![tx], fee),
                    None => (vec![], 0),
                };
                let block = assemble(BlockTemplate {
                    prev,
                    height,
                    time: self.time_start + BLOCK_INTERVAL_S * (height - 1) + 1 + fork_index,
                    bits: self.opts.network.bits(),
                    coinbase_to: &self.miner_script,
                    subsidy_sat: self.opts.network.subsidy(height),
                    fees_sat: fees,
                    coinbase_tag: tag.as_bytes(),
                    txs,
                });
                prev = block.block_hash();
                forks.push((height, block));
            }
        }
        Ok(forks)
    }

    /// A valid NAME_PREORDER that exists only on a stale fork (signed by the miner,
    /// spending a miner coin that the best chain leaves unspent and that already existed
    /// at the fork point). A reader that wrongly follows the fork sees an op the best
    /// chain does not have, so its consensus hashes differ.
    fn fork_only_op(
        &mut self,
        parent_height: u32,
        height: u32,
        fork_index: u32,
    ) -> Result<Option<(Transaction, u64)>, GenError> {
        let params = &self.bns.params;
        if height < params.first_block {
            return Ok(None);
        }
        let Some(position) = self
            .miner_utxos
            .iter()
            .position(|u| u.height + COINBASE_MATURITY <= parent_height && u.height > 0)
        else {
            return Ok(None);
        };
        let coin = self.miner_utxos.remove(position).expect("position is in range");
        let ch = self
            .source
            .consensus_hash(parent_height)
            .or_else(|| self.current_consensus_hash(parent_height + 1).ok())
            .unwrap_or(ConsensusHash(bns_engine::params::GENESIS_CONSENSUS_HASH));
        let hash =
            bns_engine::hashes::hash160(format!("chaingen stale fork {fork_index} at {height}").as_bytes());
        let payload = crate::payload::name_preorder(params.magic, &hash, &ch, None);
        let burn = ScriptBuf::from_bytes(
            bns_engine::address::address_to_script(&bns_engine::address::burn_address(params), params)
                .expect("burn address"),
        );
        let fee = 10_000u64;
        let burn_value = 6_400_000u64;
        let change = coin.txout.value.to_sat().saturating_sub(fee + burn_value);
        let push = bitcoin::script::PushBytesBuf::try_from(payload).expect("short payload");
        let op_return = bitcoin::script::Builder::new()
            .push_opcode(bitcoin::opcodes::all::OP_RETURN)
            .push_slice(push)
            .into_script();
        let outputs = vec![
            TxOut { value: Amount::ZERO, script_pubkey: op_return },
            TxOut { value: Amount::from_sat(change), script_pubkey: self.miner_script.clone() },
            TxOut { value: Amount::from_sat(burn_value), script_pubkey: burn },
        ];
        let mut tx = unsigned_tx(std::slice::from_ref(&coin), outputs);
        sign_all(&mut tx, &[&self.miner], std::slice::from_ref(&coin.txout), self.rng.gen())?;
        Ok(Some((tx, fee)))
    }

    /// A block that would extend the tip (coinbase + a few fillers), never completed on disk.
    fn tail_block(&mut self) -> Result<Block, GenError> {
        let height = self.next_height();
        let mut txs = Vec::new();
        let fees = self.add_fillers(height, 4, &mut txs)?;
        Ok(assemble(BlockTemplate {
            prev: self.tip(),
            height,
            time: self.time_start + BLOCK_INTERVAL_S * (height - 1),
            bits: self.opts.network.bits(),
            coinbase_to: &self.miner_script,
            subsidy_sat: self.opts.network.subsidy(height),
            fees_sat: fees,
            coinbase_tag: b"/chaingen-tail/",
            txs,
        }))
    }
}

/// `count` equal outputs (the last takes the remainder) paying `script`.
fn split_outputs(amount: u64, count: u32, script: &ScriptBuf) -> Vec<TxOut> {
    let count = u64::from(count.max(1));
    let each = amount / count;
    (0..count)
        .map(|k| {
            let value = if k + 1 == count { amount - each * (count - 1) } else { each };
            TxOut { value: Amount::from_sat(value), script_pubkey: script.clone() }
        })
        .collect()
}

/// A version-1 transaction spending `coins` into `outputs`, unsigned.
pub(crate) fn unsigned_tx(coins: &[Utxo], outputs: Vec<TxOut>) -> Transaction {
    Transaction {
        version: transaction::Version::ONE,
        lock_time: absolute::LockTime::ZERO,
        input: coins
            .iter()
            .map(|c| TxIn {
                previous_output: c.outpoint,
                script_sig: ScriptBuf::new(),
                sequence: Sequence::MAX,
                witness: Witness::new(),
            })
            .collect(),
        output: outputs,
    }
}
