//! Typed errors at the crate's edges, one type per operation (redb style): reading
//! block files, opening the store, committing to it, resolving prevouts, and the
//! umbrella `ReplayError` the binary turns into one line.

use std::path::PathBuf;

/// Reading the block directory or a block file failed (bns-blockfile's error).
pub use bns_blockfile::ReadBlockError;

/// Opening (or creating) the LMDB store failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenStoreError {
    #[error("cannot open store {dir}: {reason}")]
    Io { dir: PathBuf, reason: String },
    #[error("store {dir} is not a bns-replay store or is corrupt: {reason}")]
    Corrupt { dir: PathBuf, reason: String },
    #[error("store {dir} has format version {found}, this replay reads only version {expected}; replay into a new --store directory (the old one can be deleted)")]
    Version { dir: PathBuf, found: u32, expected: u32 },
    #[error("store {dir} was built with other parameters (fingerprint {stored}, now {current}); use another --store, or --restart to rebuild it")]
    ForeignParams { dir: PathBuf, stored: String, current: String },
}

/// Writing a batch of blocks to the store failed; nothing of the batch was committed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CommitError {
    #[error("store is full (LMDB map size reached) while committing heights {from}..={to}; nothing of these heights was stored, the store keeps every earlier commit")]
    MapFull { from: u32, to: u32 },
    #[error("disk full while committing heights {from}..={to}; nothing of these heights was stored, the store keeps every earlier commit: free space and run again to continue")]
    DiskFull { from: u32, to: u32 },
    #[error("cannot commit heights {from}..={to}: {reason}")]
    Other { from: u32, to: u32, reason: String },
}

/// Reading from the store failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    #[error("store read failed: {0}")]
    Read(String),
    #[error("store is corrupt: {0}")]
    Corrupt(String),
}

/// An output that a candidate transaction spends could not be found.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum PrevoutError {
    #[error("outpoint {txid}:{vout} spent by tx {spender} at height {height} is not in the best chain at or below that height")]
    NotFound { txid: String, vout: u32, spender: String, height: u32 },
    #[error("outpoint {txid}:{vout} spent by tx {spender} at height {height}: that transaction has only {outputs} outputs")]
    NoSuchOutput { txid: String, vout: u32, spender: String, height: u32, outputs: usize },
}

/// Choosing the best chain failed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainError {
    #[error("genesis block {0} not found in the block files")]
    NoGenesis(String),
}

/// Anything that stops a replay run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    #[error(transparent)]
    Read(#[from] ReadBlockError),
    #[error(transparent)]
    OpenStore(#[from] OpenStoreError),
    #[error(transparent)]
    Commit(#[from] CommitError),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Prevout(#[from] PrevoutError),
    #[error(transparent)]
    Chain(#[from] ChainError),
    #[error("stored tip {hash} at height {height} is not on the best chain of these block files (other files, or a reorganisation deeper than --confirmations); use another --store, or --restart to rebuild this one")]
    StoreOffChain { height: u32, hash: String },
    #[error("engine refused block {height}: {reason}")]
    Engine { height: u32, reason: String },
    #[error("writing output failed: {0}")]
    Output(String),
    /// Standard output was closed by its reader (`replay ... | head`): not a failure,
    /// the run stops after committing what it applied.
    #[error("standard output was closed")]
    OutputClosed,
    #[error("{0}")]
    Usage(String),
}
