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
    fn on_block(&mut self, _height: u32, _block: &Block, _prevouts: &dyn PrevoutLookup) -> Result<(), String> {
        Ok(())
    }

    fn consensus_hash(&self, height: u32) -> Option<ConsensusHash> {
        let genesis_rows = self.first_block.saturating_sub(4)..self.first_block;
        genesis_rows.contains(&height).then_some(ConsensusHash(GENESIS_CONSENSUS_HASH))
    }
}
