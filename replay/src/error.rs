//! Typed errors at the crate's edges, one type per operation (redb style): reading
//! block files, opening the store, committing to it, resolving prevouts, and the
//! umbrella `ReplayError` the binary turns into one line.

/// Reading the block directory or a block file failed (bns-blockfile's error).
pub use bns_blockfile::ReadBlockError;

use std::path::PathBuf;

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
    /// The engine cannot go on at this block (a halt of the reference, an invariant).
    #[error("engine refused block {height}")]
    Engine {
        height: u32,
        #[source]
        source: ProcessorError,
    },
    /// The state stored at the tip does not load into the engine.
    #[error("cannot continue from the stored state at height {height}")]
    LoadState {
        height: u32,
        #[source]
        source: ProcessorError,
    },
    #[error("writing the output failed")]
    Output(#[source] std::io::Error),
    /// Standard output was closed by its reader (`replay ... | head`): not a failure,
    /// the run stops after committing what it applied.
    #[error("standard output was closed")]
    OutputClosed,
    #[error(transparent)]
    Usage(#[from] UsageError),
    #[error("--check {path}")]
    CheckList {
        path: String,
        #[source]
        source: crate::check::CheckListError,
    },
    /// A name, namespace or address asked for does not exist (exit 1).
    #[error("{what}: {reason}")]
    NotFound { what: String, reason: String },
    /// The API answered a query with a status we have no meaning for.
    #[error("{what}: the API's answer is status {status} {message}")]
    Api { what: String, status: u16, message: String },
    /// SIGINT (2) or SIGTERM (15) arrived; what was applied is committed.
    #[error("interrupted")]
    Interrupted(i32),
    #[error(transparent)]
    Zonefiles(#[from] crate::zonefiles_cmd::ZonefilesError),
    #[error("cannot start the server runtime")]
    ServeRuntime(#[source] std::io::Error),
    #[error(transparent)]
    Export(#[from] crate::export_cmd::ExportCmdError),
    /// `replay serve` could not listen or serve.
    #[error(transparent)]
    Serve(#[from] bns_api::server::ServeError),
}

/// A block processor (the engine, or the test stand-in) cannot go on.
pub use crate::processor::ProcessorError;

/// Bad input or usage (exit 2): arguments that do not apply or contradict the store,
/// input files that are not what they should be, malformed query arguments.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UsageError {
    #[error("{flag} applies to a replay run, not to `replay {command}` (see replay --help)")]
    FlagDoesNotApply { flag: &'static str, command: &'static str },
    #[error("store {} holds {stored} state, not {given}; drop --network (a store knows its network), or use another --store", store.display())]
    NetworkContradictsStore { store: PathBuf, stored: String, given: String },
    #[error("--check")]
    CheckFile(#[source] bns_blockfile::InputError),
    #[error("--params")]
    ParamsFile(#[source] bns_blockfile::InputError),
    #[error("--params {}: not a params file", path.display())]
    ParamsJson {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("--params {}", path.display())]
    Params {
        path: PathBuf,
        #[source]
        source: bns_engine::params_file::ParamsFileError,
    },
    #[error("no built-in BNS parameters for {0}; pass --params FILE")]
    NoBuiltInParams(bns_blockfile::ChainNetwork),
    #[error("store {} was built with other parameters (a test processor's); use another --store, or --restart to rebuild it", store.display())]
    TestProcessorStore { store: PathBuf },
    #[error("store {} was built with other parameters ({stored_source}, fingerprint {stored}) than --params/--first-block/--freeze-height give (fingerprint {given}); drop those flags to continue it, or use --restart to rebuild it", store.display())]
    ParamsContradictStore { store: PathBuf, stored_source: String, stored: String, given: String },
    #[error("--end {end} is below the first BNS block {first}")]
    EndBelowFirstBlock { end: u32, first: u32 },
    #[error("{0:?} is not a valid name (NAME.NAMESPACE)")]
    BadName(String),
    #[error("{0:?} is not a valid namespace ID")]
    BadNamespace(String),
    #[error("{0:?} is not a valid address")]
    BadAddress(String),
    #[error("the store was built by a test processor and holds no BNS state")]
    NoBnsState,
    #[error("the store holds no state yet")]
    EmptyStore,
    #[error("--check needs a FILE (HEIGHT BLOCK_HASH CONSENSUS_HASH lines); only `export stacks-v2 --check` takes none")]
    CheckNeedsFile,
    #[error("export stacks-v2: {0}")]
    ExportFlags(&'static str),
    #[error("--out {} is not a directory", .0.display())]
    OutNotADirectory(PathBuf),
    /// The API refused a query as a bad request.
    #[error("{what}: {message}")]
    BadRequest { what: String, message: String },
}

/// An error and its `source()` chain as one line, joined by ": ", leaving out a part
/// the text already ends with (a transparent wrapper repeats its source's message).
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
            ReplayError::NotFound { .. } => 1,
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
            ReplayError::Engine { .. } | ReplayError::LoadState { .. } => 3,
            ReplayError::Output(_) | ReplayError::Api { .. } => 3,
            ReplayError::ServeRuntime(_) | ReplayError::Serve(_) => 3,
            ReplayError::Zonefiles(e) => e.exit_code(),
            ReplayError::Export(e) => e.exit_code(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each failure keeps its cause as a `source()` and its exit status follows from its
    /// type; the one-line text names each part of the chain once.
    #[test]
    fn typed_errors_keep_their_cause_and_exit_code() {
        let engine = ReplayError::Engine {
            height: 700,
            source: ProcessorError::HeightOutOfOrder { expected: 699, got: 700 },
        };
        assert!(std::error::Error::source(&engine).is_some());
        assert_eq!(
            error_chain(&engine),
            "engine refused block 700: block height out of order: expected 699, got 700"
        );
        assert_eq!(engine.exit_code(), 3);

        let halt = ReplayError::Engine {
            height: 5,
            source: bns_engine::EngineError::HeightOutOfOrder { expected: 4, got: 5 }.into(),
        };
        assert_eq!(
            error_chain(&halt),
            "engine refused block 5: block height out of order: expected 4, got 5"
        );

        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let check = ReplayError::from(UsageError::CheckFile(bns_blockfile::InputError::Io {
            file: PathBuf::from("list.txt"),
            source: io,
        }));
        assert_eq!(error_chain(&check), "--check: cannot read list.txt: no such file");
        assert_eq!(check.exit_code(), 2);

        let load = ReplayError::LoadState { height: 9, source: ProcessorError::NoDigestRow };
        assert_eq!(
            error_chain(&load),
            "cannot continue from the stored state at height 9: the store has no digest state row"
        );
        assert_eq!(load.exit_code(), 3);

        let output = crate::replay::output_error(std::io::Error::other("disk on fire"));
        assert!(matches!(output, ReplayError::Output(_)));
        assert_eq!(error_chain(&output), "writing the output failed: disk on fire");
        assert_eq!(output.exit_code(), 3);
        let closed = crate::replay::output_error(std::io::ErrorKind::BrokenPipe.into());
        assert!(matches!(closed, ReplayError::OutputClosed));
        assert_eq!(closed.exit_code(), 0);

        let missing = ReplayError::NotFound { what: "name a.id".into(), reason: "name not found".into() };
        assert_eq!(missing.exit_code(), 1);
        assert_eq!(ReplayError::from(UsageError::BadName("x".into())).exit_code(), 2);
        let bind = ReplayError::from(bns_api::server::ServeError::Bind {
            addr: "127.0.0.1:1".parse().expect("a literal address"),
            source: std::io::ErrorKind::AddrInUse.into(),
        });
        assert_eq!(error_chain(&bind), "cannot listen on 127.0.0.1:1: address in use");
        assert_eq!(bind.exit_code(), 3);
    }
}
