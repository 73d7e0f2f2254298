//! What `replay` needs from a consensus engine, as a small trait: apply one block's
//! candidate transactions (with their prevouts) at the next height and say what came
//! out; hand over the state rows each batch changed and load the state back from a
//! store's rows. The BNS engine implements it in
//! `engine_adapter`; tests use a transparent stand-in so the pipeline can be checked
//! without the engine.

use crate::error::QueryError;
use crate::store::{RowChange, StateReader, StateTable, StateWrite};
use bitcoin::{Transaction, TxOut};

/// A transaction that may carry a BNS operation, with the outputs its inputs spend.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateTx {
    /// Position in the block (0 = coinbase).
    pub vtxindex: u32,
    pub tx: Transaction,
    /// `prevouts[i]` is the output spent by input `i`; a coinbase input gets
    /// `TxOut { value 0, empty script }`.
    pub prevouts: Vec<TxOut>,
}

/// Why a block processor cannot go on (apply a block, hand over or load its state).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProcessorError {
    /// The engine's own error: a height out of order, a halt of the reference, a
    /// state it could not have produced.
    #[error(transparent)]
    Engine(#[from] bns_engine::EngineError),
    #[error("block height out of order: expected {expected}, got {got}")]
    HeightOutOfOrder { expected: u32, got: u32 },
    #[error("the stored state does not load")]
    StoredState(#[source] QueryError),
    #[error("the store has no digest state row")]
    NoDigestRow,
    #[error("the digest state row has {0} bytes, expected 20")]
    DigestRowSize(usize),
    #[error("the accepted operations do not serialize")]
    Json(#[source] serde_json::Error),
    /// A processor that keeps no state in the store (tests, examples) was asked to
    /// continue a store.
    #[error("this processor starts only from an empty store")]
    FreshOnly,
}

/// What the engine made of one block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockResult {
    pub consensus_hash: [u8; 16],
    /// The accepted operations as the engine serializes them (an array), for the
    /// store's block row (its zone-file hook reads the records).
    pub accepted_json: String,
    /// The accepted operations in the reference's shape (an array of the operations
    /// route's entries, bns-api `json::operation_entry`), for `--json`.
    pub accepted_ops: serde_json::Value,
}

/// A consensus engine driven block by block, in height order.
pub trait BlockProcessor {
    /// The 2-byte OP_RETURN magic of the parameters.
    fn magic(&self) -> [u8; 2];
    /// First block the engine wants (the network's first BNS block).
    fn first_height(&self) -> u32;
    /// Identity of the consensus parameters; a store made with others is refused.
    fn fingerprint(&self) -> [u8; 32];
    /// Apply block `height` (`block_hash` in display order).
    fn apply(
        &mut self,
        height: u32,
        block_hash: [u8; 32],
        candidates: Vec<CandidateTx>,
    ) -> Result<BlockResult, ProcessorError>;
    /// The state rows changed since the last call, to commit with the blocks applied
    /// since then: every row (`replace_all`) the first time after a fresh start, then
    /// only what the blocks changed (STORE-FORMAT.md). If that commit fails the
    /// processor no longer matches the store and must be reloaded with `load_state`.
    fn take_state_changes(&mut self) -> Result<StateWrite, ProcessorError>;
    /// The read side's rows of the blocks applied since the last call (store format
    /// 4 history); processors without history return none.
    fn take_history(&mut self) -> Vec<bns_store::history::BlockHistory> {
        Vec::new()
    }
    /// A digest of the whole state (stored with a run's last commit and compared when
    /// a run resumes there); `None` if the processor has none.
    fn state_digest(&self) -> Option<[u8; 32]> {
        None
    }
    /// Replace the state with the one in a store's state rows.
    fn load_state(&mut self, rows: &dyn StateReader) -> Result<(), ProcessorError>;
}

/// The `Scalars` row holding a `DigestProcessor`'s state (16-byte last digest, u32 LE
/// next height).
const DIGEST_KEY: &[u8] = b"digest";

/// A transparent processor for tests: the "consensus hash" of a block folds the
/// previous one with the height, the block hash and every candidate's txid and
/// prevout scripts and values, so any difference in what reached the engine shows.
#[derive(Clone, Debug, Default)]
pub struct DigestProcessor {
    pub first_height: u32,
    pub magic: [u8; 2],
    last: [u8; 16],
    pub next_height: Option<u32>,
}

impl DigestProcessor {
    pub fn new(first_height: u32, magic: [u8; 2]) -> DigestProcessor {
        DigestProcessor { first_height, magic, last: [0; 16], next_height: None }
    }
}

impl BlockProcessor for DigestProcessor {
    fn magic(&self) -> [u8; 2] {
        self.magic
    }
    fn first_height(&self) -> u32 {
        self.first_height
    }
    fn fingerprint(&self) -> [u8; 32] {
        let mut seed = b"digest-processor".to_vec();
        seed.extend_from_slice(&self.first_height.to_le_bytes());
        seed.extend_from_slice(&self.magic);
        crate::chain::sha256d(&seed)
    }
    fn apply(
        &mut self,
        height: u32,
        block_hash: [u8; 32],
        candidates: Vec<CandidateTx>,
    ) -> Result<BlockResult, ProcessorError> {
        let expected = self.next_height.unwrap_or(self.first_height);
        if height != expected {
            return Err(ProcessorError::HeightOutOfOrder { expected, got: height });
        }
        let mut bytes = self.last.to_vec();
        bytes.extend_from_slice(&height.to_le_bytes());
        bytes.extend_from_slice(&block_hash);
        let mut accepted = Vec::new();
        for c in &candidates {
            bytes.extend_from_slice(&c.vtxindex.to_le_bytes());
            bytes.extend_from_slice(&bitcoin::consensus::encode::serialize(&c.tx));
            for p in &c.prevouts {
                bytes.extend_from_slice(&bitcoin::consensus::encode::serialize(p));
            }
            accepted
                .push(serde_json::json!({ "vtxindex": c.vtxindex, "txid": c.tx.compute_txid().to_string() }));
        }
        let digest = crate::chain::sha256d(&bytes);
        self.last.copy_from_slice(&digest[..16]);
        self.next_height = Some(height + 1);
        let accepted = serde_json::Value::Array(accepted);
        Ok(BlockResult {
            consensus_hash: self.last,
            accepted_json: accepted.to_string(),
            accepted_ops: accepted,
        })
    }
    fn take_state_changes(&mut self) -> Result<StateWrite, ProcessorError> {
        let mut out = self.last.to_vec();
        out.extend_from_slice(&self.next_height.unwrap_or(self.first_height).to_le_bytes());
        Ok(StateWrite {
            replace_all: false,
            rows: vec![RowChange { table: StateTable::Scalars, key: DIGEST_KEY.to_vec(), value: Some(out) }],
        })
    }
    fn load_state(&mut self, rows: &dyn StateReader) -> Result<(), ProcessorError> {
        let bytes = rows
            .get(StateTable::Scalars, DIGEST_KEY)
            .map_err(ProcessorError::StoredState)?
            .ok_or(ProcessorError::NoDigestRow)?;
        if bytes.len() != 20 {
            return Err(ProcessorError::DigestRowSize(bytes.len()));
        }
        self.last.copy_from_slice(&bytes[..16]);
        self.next_height = Some(u32::from_le_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]));
        Ok(())
    }
}
