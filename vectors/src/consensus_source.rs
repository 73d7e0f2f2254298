//! Where the generator gets consensus hashes to cite (bns spec §2.5). Ops such as
//! preorders, transfers and updates must carry `CH(h)` of a block in the last 24; the
//! true values come from running the engine over the blocks as they are generated.
//! `ConsensusSource` is that seam: the generator reports every best-chain block and
//! asks for `CH(h)` afterwards.

use bitcoin::{Block, OutPoint, TxOut};
use bns_engine::params::GENESIS_CONSENSUS_HASH;
use bns_engine::types::ConsensusHash;

/// Looks up the output an input spends (every output the generator ever created).
pub trait PrevoutLookup {
    fn prevout(&self, outpoint: &OutPoint) -> Option<TxOut>;
}

/// A supplier of consensus hashes for the generator.
pub trait ConsensusSource {
    /// Called once per best-chain block, in height order, right after it is mined.
    fn on_block(&mut self, height: u32, block: &Block, prevouts: &dyn PrevoutLookup) -> Result<(), String>;
    /// `CH(height)` if known.
    fn consensus_hash(&self, height: u32) -> Option<ConsensusHash>;
    /// Extra lines to print for a block (e.g. `HEIGHT HASH CH` from an engine).
    fn line(&self, _height: u32) -> Option<String> {
        None
    }
}

/// Knows only the four genesis rows (FIRST−4 … FIRST−1, bns spec §2.5), so ops that
/// cite "current" are valid only within 24 blocks of FIRST. Used until the engine runs
/// inline.
pub struct GenesisOnly {
    pub first_block: u32,
}

impl ConsensusSource for GenesisOnly {
    fn on_block(
        &mut self,
        _height: u32,
        _block: &Block,
        _prevouts: &dyn PrevoutLookup,
    ) -> Result<(), String> {
        Ok(())
    }

    fn consensus_hash(&self, height: u32) -> Option<ConsensusHash> {
        let genesis_rows = self.first_block.saturating_sub(4)..self.first_block;
        genesis_rows.contains(&height).then_some(ConsensusHash(GENESIS_CONSENSUS_HASH))
    }
}

/// The engine run inline: every best-chain block at or after FIRST is reduced to
/// candidates with `bns_engine::extract::extract` and applied, so ops can cite the real
/// `CH(h)` of any recent block, and chaingen can print the engine's hash lines.
pub struct EngineSource {
    engine: bns_engine::Engine,
    /// Per height: `HEIGHT BLOCKHASH CONSENSUS_HASH`, as the oracle prints it.
    lines: std::collections::BTreeMap<u32, String>,
    /// Txid (display hex) → what the engine did with it.
    pub outcomes: std::collections::BTreeMap<String, EngineVerdict>,
}

/// What the engine did with a transaction that carried a BNS-looking OP_RETURN.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EngineVerdict {
    Accepted,
    Rejected { reason: String },
    Dropped { reason: String },
}

impl EngineVerdict {
    /// `accepted`, `rejected` or `dropped` (the words of a scenario's `expect`).
    pub fn outcome(&self) -> &'static str {
        match self {
            EngineVerdict::Accepted => "accepted",
            EngineVerdict::Rejected { .. } => "rejected",
            EngineVerdict::Dropped { .. } => "dropped",
        }
    }
    /// Why the engine rejected or dropped it.
    pub fn reason(&self) -> Option<&str> {
        match self {
            EngineVerdict::Accepted => None,
            EngineVerdict::Rejected { reason } | EngineVerdict::Dropped { reason } => Some(reason),
        }
    }
}

/// `accepted`, `rejected (REASON)`, `dropped (REASON)`.
impl std::fmt::Display for EngineVerdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.reason() {
            Some(reason) => write!(f, "{} ({reason})", self.outcome()),
            None => f.write_str(self.outcome()),
        }
    }
}

impl EngineSource {
    pub fn new(params: bns_engine::Params) -> EngineSource {
        EngineSource {
            engine: bns_engine::Engine::new(params),
            lines: Default::default(),
            outcomes: Default::default(),
        }
    }

    pub fn engine(&self) -> &bns_engine::Engine {
        &self.engine
    }
}

/// Whether some output starts with OP_RETURN (pre-filter; `extract` decides for real).
fn has_op_return(tx: &bitcoin::Transaction) -> bool {
    tx.output.iter().any(|o| o.script_pubkey.as_bytes().first() == Some(&0x6a))
}

impl ConsensusSource for EngineSource {
    fn on_block(&mut self, height: u32, block: &Block, prevouts: &dyn PrevoutLookup) -> Result<(), String> {
        let params = self.engine.params().clone();
        if height < params.first_block {
            return Ok(());
        }
        let mut candidates = Vec::new();
        for (index, tx) in block.txdata.iter().enumerate().skip(1) {
            if !has_op_return(tx) {
                continue;
            }
            let spent: Option<Vec<TxOut>> =
                tx.input.iter().map(|i| prevouts.prevout(&i.previous_output)).collect();
            let spent = spent
                .ok_or_else(|| format!("block {height}: a prevout of {} is unknown", tx.compute_txid()))?;
            match bns_engine::extract::extract(tx, &spent, index as u32, height, &params) {
                Ok(candidate) => candidates.push(candidate),
                Err(reason) => {
                    self.outcomes.insert(
                        tx.compute_txid().to_string(),
                        EngineVerdict::Dropped { reason: format!("{reason:?}") },
                    );
                }
            }
        }
        let block_hash =
            bns_engine::BlockHash::from_hex(&block.block_hash().to_string()).ok_or("block hash hex")?;
        let outcome = self
            .engine
            .apply_block(bns_engine::BlockInput { height, block_hash, candidates })
            .map_err(|e| format!("engine at block {height}: {e:?}"))?;
        for op in &outcome.accepted {
            self.outcomes.insert(op.txid.to_hex(), EngineVerdict::Accepted);
        }
        for op in &outcome.rejected {
            self.outcomes
                .insert(op.txid.to_hex(), EngineVerdict::Rejected { reason: format!("{:?}", op.reason) });
        }
        self.lines.insert(height, format!("{height} {} {}", block.block_hash(), outcome.consensus_hash));
        Ok(())
    }

    fn consensus_hash(&self, height: u32) -> Option<ConsensusHash> {
        self.engine.consensus_hash_at(height)
    }

    fn line(&self, height: u32) -> Option<String> {
        self.lines.get(&height).cloned()
    }
}
