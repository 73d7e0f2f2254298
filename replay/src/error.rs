//! Typed errors at the crate's edges, one type per operation (redb style): reading
//! block files, opening the store, committing to it, resolving prevouts, and the
//! umbrella `ReplayError` the binary turns into one line.

/// Reading the block directory or a block file failed (bns-blockfile's error).
pub use bns_blockfile::ReadBlockError;

/// Opening, reading and committing to the store: `bns-store`'s errors.
pub use bns_store::{CommitError, OpenError as OpenStoreError, ReadError as QueryError};

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
    #[error("--check {path}")]
    CheckList {
        path: String,
        #[source]
        source: crate::check::CheckListError,
    },
    /// A name, namespace or address asked for does not exist (exit 1).
    #[error("{0}")]
    NotFound(String),
    /// SIGINT (2) or SIGTERM (15) arrived; what was applied is committed.
    #[error("interrupted")]
    Interrupted(i32),
    #[error(transparent)]
    Zonefiles(#[from] crate::zonefiles_cmd::ZonefilesError),
    #[error(transparent)]
    Export(#[from] crate::export_cmd::ExportCmdError),
    /// `replay serve` could not listen or serve.
    #[error("{0}")]
    Serve(String),
}

/// An error and its `source()` chain as one line, joined by ": " (for the places that
/// still carry a reason as text).
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(e) = next {
        let part = e.to_string();
        if !text.ends_with(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        next = e.source();
    }
    text
}

impl ReplayError {
    /// The exit status for this error (README policy): 2 bad input or usage, 3 I/O or
    /// store failure (store in use, corrupt, full); a closed output is not a failure.
    pub fn exit_code(&self) -> u8 {
        use bns_store::OpenError as O;
        match self {
            ReplayError::OutputClosed => 0,
            ReplayError::NotFound(_) => 1,
            ReplayError::CheckList { .. } => 2,
            ReplayError::Interrupted(signal) => u8::try_from(128 + signal).unwrap_or(130),
            ReplayError::Usage(_) | ReplayError::StoreOffChain { .. } | ReplayError::Chain(_) => 2,
            ReplayError::Prevout(_) => 2,
            ReplayError::Read(
                ReadBlockError::Io { .. }
                | ReadBlockError::TooManyFiles { .. }
                | ReadBlockError::Changed { .. },
            ) => 3,
            ReplayError::Read(_) => 2,
            ReplayError::OpenStore(O::Missing { .. } | O::NotOurs { .. } | O::OldFormat { .. }) => 2,
            ReplayError::OpenStore(O::ForeignParams { .. }) => 2,
            ReplayError::OpenStore(_) | ReplayError::Commit(_) | ReplayError::Query(_) => 3,
            ReplayError::Engine { .. } | ReplayError::Output(_) | ReplayError::Serve(_) => 3,
            ReplayError::Zonefiles(e) => e.exit_code(),
            ReplayError::Export(e) => e.exit_code(),
        }
    }
}
