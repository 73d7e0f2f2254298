//! The BNS engine behind `BlockProcessor`: candidate transactions go through
//! `bns_engine::extract::extract` (dropped ones are simply not candidates), the block
//! through `Engine::apply_block`; the state is saved with bincode (explicit options,
//! STORE-FORMAT.md). Also the store queries that need the engine's state type.

use crate::check::CheckList;
use crate::cli::{drive, Args, Command, Outcome};
use crate::error::ReplayError;
use crate::network::ChainNetwork;
use crate::processor::{BlockProcessor, BlockResult, CandidateTx};
use crate::source::BlockSource;
use bincode::Options as _;
use bns_engine::state::State;
use bns_engine::{BlockHash, BlockInput, Engine, Params};

/// bincode 1.3 options of the state row: varint integers, little endian, no limit,
/// trailing bytes rejected.
fn state_codec() -> impl bincode::Options {
    bincode::DefaultOptions::new().with_varint_encoding().with_little_endian().with_no_limit().reject_trailing_bytes()
}

/// Identity of a parameter set (`Params::fingerprint`).
pub fn params_fingerprint(params: &Params) -> [u8; 32] {
    params.fingerprint()
}

/// The BNS engine as a block processor.
pub struct EngineProcessor {
    params: Params,
    engine: Engine,
}

impl EngineProcessor {
    pub fn new(params: Params) -> EngineProcessor {
        EngineProcessor { engine: Engine::new(params.clone()), params }
    }
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
}

impl BlockProcessor for EngineProcessor {
    fn magic(&self) -> [u8; 2] {
        self.params.magic
    }
    fn first_height(&self) -> u32 {
        self.params.first_block
    }
    fn fingerprint(&self) -> [u8; 32] {
        params_fingerprint(&self.params)
    }
    fn apply(&mut self, height: u32, block_hash: [u8; 32], candidates: Vec<CandidateTx>) -> Result<BlockResult, String> {
        let candidates = candidates
            .iter()
            .filter_map(|c| bns_engine::extract::extract(&c.tx, &c.prevouts, c.vtxindex, height, &self.params).ok())
            .collect();
        let input = BlockInput { height, block_hash: BlockHash(block_hash), candidates };
        let outcome = self.engine.apply_block(input).map_err(|e| e.to_string())?;
        let accepted_json = serde_json::to_string(&outcome.accepted).map_err(|e| e.to_string())?;
        Ok(BlockResult { consensus_hash: outcome.consensus_hash.0, accepted_json })
    }
    fn save_state(&self) -> Result<Vec<u8>, String> {
        state_codec().serialize(self.engine.state()).map_err(|e| e.to_string())
    }
    fn load_state(&mut self, bytes: &[u8]) -> Result<(), String> {
        let state: State = state_codec().deserialize(bytes).map_err(|e| format!("stored state does not decode: {e}"))?;
        self.engine = Engine::from_state(self.params.clone(), state).map_err(|e| e.to_string())?;
        Ok(())
    }
}

/// Parameters for a run: `--params FILE`, else the network's default.
fn params_for(args: &Args, network: ChainNetwork) -> Result<Params, ReplayError> {
    if let Some(path) = &args.params {
        return crate::params_loader::load(path);
    }
    match network {
        ChainNetwork::Regtest => Ok(Params::regtest()),
        // Mainnet carries the reference's STX genesis allocation and patches (engine/data/).
        ChainNetwork::Mainnet => Ok(Params::mainnet_with_genesis()),
        other => Err(ReplayError::Usage(format!("no built-in BNS parameters for {}; pass --params FILE", other.name()))),
    }
}

/// Replay with the BNS engine.
pub fn drive_engine(args: &Args, source: &mut BlockSource, check: Option<&CheckList>) -> Result<Outcome, ReplayError> {
    let mut processor = EngineProcessor::new(params_for(args, source.network)?);
    drive(args, source, &mut processor, check)
}

/// Answer `name`, `namespace` or `owner` from a stored state, as pretty JSON.
pub fn query_state(state_bytes: &[u8], query: &Command) -> Result<String, ReplayError> {
    let state: State = state_codec()
        .deserialize(state_bytes)
        .map_err(|e| crate::error::QueryError::Corrupt(format!("stored state does not decode: {e}")))?;
    let value = match query {
        Command::Name { name } => serde_json::to_value(state.name(name)),
        Command::Namespace { id } => serde_json::to_value(state.namespace(id)),
        Command::Owner { address } => {
            let names = state.names_owned_by(address);
            let records: Vec<_> = names.iter().map(|n| serde_json::json!({ "name": n, "record": state.name(n) })).collect();
            serde_json::to_value(records)
        }
        Command::Hashes => return Err(ReplayError::Usage("hashes is not a state query".to_string())),
    };
    let value = value.map_err(|e| ReplayError::Output(e.to_string()))?;
    serde_json::to_string_pretty(&value).map_err(|e| ReplayError::Output(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_state_round_trips_through_the_codec() {
        let processor = EngineProcessor::new(Params::regtest());
        let bytes = processor.save_state().unwrap();
        let mut other = EngineProcessor::new(Params::regtest());
        other.load_state(&bytes).unwrap();
        assert_eq!(other.engine().state(), processor.engine().state());
        assert_eq!(other.engine().next_height(), 688);
    }

    #[test]
    fn fingerprints_differ_between_param_sets() {
        assert_ne!(params_fingerprint(&Params::regtest()), params_fingerprint(&Params::mainnet()));
    }
}
