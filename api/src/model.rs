//! The read model: every query the routes need, answered from whatever keeps the
//! replayed state (the in-memory model of [`crate::memory`] now, the store later).
//!
//! Records come back as the engine's own types; history rows as the reference keeps
//! them (its `history_data` JSON: field set and value types per opcode, read-side spec
//! §5), so the routes only select, order and page.

use bns_engine::state::{NameRecord, NamespaceRecord};
use bns_engine::{ConsensusHash, Params};
use serde_json::{Map, Value};

/// A read model failed (store unreadable, corrupt row). Routes answer 500.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("read model unavailable: {0}")]
    Unavailable(String),
    #[error("corrupt row in the read model: {0}")]
    Corrupt(String),
}

/// The last processed block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tip {
    /// Last processed height (FIRST−1 before any block).
    pub height: u32,
    /// Its consensus hash (the genesis hash before any block).
    pub consensus_hash: ConsensusHash,
}

/// One state a name or namespace took (or a consumed preorder, or a token transfer):
/// the reference's history row.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    /// Block of the op (for a consumed preorder: the preorder's block).
    pub block_id: u32,
    pub vtxindex: u32,
    pub txid: String,
    /// Stored op string (`?`, `:`, `::`, `+`, `>>`, `>~`, `~`, `;`, `*`, `&`, `!`, `$`).
    pub op: String,
    /// The reference's `history_data` with `opcode` set: keys and value types exactly
    /// as its history route shows them (buckets as arrays, `last_creation_op` kept).
    pub data: Map<String, Value>,
    /// Creator address for name-creating rows (NAME_REGISTRATION, first NAME_IMPORT).
    pub creator_address: Option<String>,
}

/// The accepted operations of one block as the reference's operations route lists
/// them: unconsumed preorders made in the block (acceptance order), then the block's
/// history rows by vtxindex.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BlockOps {
    /// Preorders made in the block and never consumed, as history-shaped rows.
    pub unconsumed_preorders: Vec<HistoryRow>,
    pub history: Vec<HistoryRow>,
}

/// What happened to a transaction.
#[derive(Clone, Debug, PartialEq)]
pub enum TxFate {
    /// Accepted by the engine (an unconsumed preorder too).
    Accepted { height: u32, vtxindex: u32, op: String },
    /// Rejected by the engine, with its reason.
    Rejected { height: u32, vtxindex: u32, opcode: String, reason: String },
    /// Never seen as a BNS candidate.
    Unknown,
}

/// A transaction's status: the engine's fate, and the first history row with this txid
/// (what the reference's transaction route reports).
#[derive(Clone, Debug, PartialEq)]
pub struct TxStatus {
    pub fate: TxFate,
    /// (block_id, vtxindex, op) of the first history row carrying the txid.
    pub history: Option<(u32, u32, String)>,
}

/// One row of an account's history (reference table `accounts`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRow {
    pub address: String,
    pub token_type: String,
    pub credit_value: u128,
    pub debit_value: u128,
    pub lock_transfer_block_id: u32,
    pub block_id: u32,
    pub vtxindex: u32,
    pub txid: String,
}

/// A name-creating history row of a creator address (for DIDs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Creation {
    pub block_id: u32,
    pub vtxindex: u32,
    pub name: String,
}

/// Everything the routes read. Implementations answer from one consistent snapshot
/// per call (per request when [`ReadModel::snapshot`] gives one); lists come in the
/// documented order.
pub trait ReadModel {
    /// A view of one moment that answers every call of one request (the store
    /// model's LMDB read transaction); `None`: this model is already consistent.
    fn snapshot(&self) -> Result<Option<Box<dyn ReadModel + '_>>, ModelError> {
        Ok(None)
    }
    /// The consensus parameters the chain was replayed with.
    fn params(&self) -> &Params;
    /// The last processed block.
    fn tip(&self) -> Result<Tip, ModelError>;
    /// Consensus hash of a processed height (the four genesis rows included).
    fn consensus_hash_at(&self, height: u32) -> Result<Option<ConsensusHash>, ModelError>;
    /// The highest height whose consensus hash this is.
    fn height_of_consensus_hash(&self, hash: &ConsensusHash) -> Result<Option<u32>, ModelError>;
    /// The current row of a name (expired rows included).
    fn name(&self, fqn: &str) -> Result<Option<NameRecord>, ModelError>;
    /// The current row of a namespace (revealed or ready, expired reveals included).
    fn namespace(&self, id: &str) -> Result<Option<NamespaceRecord>, ModelError>;
    /// Every namespace ID in reveal (row insertion) order.
    fn namespace_ids(&self) -> Result<Vec<String>, ModelError>;
    /// Visit name rows in name (byte) order, all or one namespace's, starting at the
    /// first name ≥ `from`; `visit` returns false to stop.
    fn visit_names(
        &self,
        namespace: Option<&str>,
        from: Option<&str>,
        visit: &mut dyn FnMut(&NameRecord) -> bool,
    ) -> Result<(), ModelError>;
    /// Name rows whose `address` is this address, in name order (expired and revoked
    /// included: the caller filters).
    fn names_owned_by(&self, address: &str) -> Result<Vec<NameRecord>, ModelError>;
    /// History rows of a name or namespace ID, ascending by (block, vtxindex).
    fn history(&self, id: &str) -> Result<Vec<HistoryRow>, ModelError>;
    /// The accepted operations of a block.
    fn block_ops(&self, height: u32) -> Result<BlockOps, ModelError>;
    /// A transaction's status (txid as 64 lowercase hex).
    fn tx_status(&self, txid: &str) -> Result<TxStatus, ModelError>;
    /// Every accounts row of an address (all token types), ascending by
    /// (block_id, vtxindex).
    fn account_rows(&self, address: &str) -> Result<Vec<AccountRow>, ModelError>;
    /// Name-creating history rows of a creator address, ascending by (block, vtxindex),
    /// only those whose name still has a row.
    fn creations_by(&self, creator: &str) -> Result<Vec<Creation>, ModelError>;
    /// A zone file by its hash (40 lowercase hex), if stored.
    fn zonefile(&self, hash: &str) -> Result<Option<Vec<u8>>, ModelError>;
    /// How many zone files are stored. With none, the node answers as the reference with
    /// Atlas off (the oracle's default); with some, as a node with Atlas on (read-side
    /// spec §14: different errors for missing zone files, `zonefile_count` in `/v1/info`).
    fn zonefile_count(&self) -> Result<u64, ModelError> {
        Ok(0)
    }
    /// Name lists kept across requests ([`crate::cache`]); `None`: every list is
    /// computed from the name rows.
    fn name_lists(&self) -> Option<&crate::cache::ListCache> {
        None
    }
    /// Rendered answers kept across requests ([`crate::answers`]); `None`: every answer
    /// is rendered from the model.
    fn answers(&self) -> Option<&crate::answers::AnswerCache> {
        None
    }
}
