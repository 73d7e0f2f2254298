//! Why reading a block directory, a block file or another input file failed.

use std::path::PathBuf;

/// A file we were given could not be used as input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// A FIFO, socket, device or directory where a regular file belongs (reading
    /// one could hang forever or never end).
    #[error("{file} is not a regular file but {kind}")]
    NotRegular { file: PathBuf, kind: &'static str },
    #[error("{file} has {len} bytes, more than the {max} accepted")]
    TooLarge { file: PathBuf, len: u64, max: u64 },
    #[error("cannot read {file}")]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Reading the block directory or a block file failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadBlockError {
    #[error("block directory {dir} does not exist or is not a directory")]
    MissingDir { dir: PathBuf },
    #[error("no blk*.dat files in {dir}{hint}")]
    NoBlockFiles { dir: PathBuf, hint: String },
    #[error("cannot read {file} at offset {offset}")]
    Io {
        file: PathBuf,
        offset: u64,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("xor.dat in {dir} has {len} bytes, expected 8")]
    BadXorKey { dir: PathBuf, len: u64 },
    #[error("the block files in {dir} are {found}, not {given}; pass --network {found} or drop --network")]
    NetworkMismatch { dir: PathBuf, found: crate::ChainNetwork, given: crate::ChainNetwork },
    #[error("unknown network magic (first bytes {first_bytes}); pass --network")]
    UnknownMagic { first_bytes: String },
    #[error("block {hash} in {file} at offset {offset} does not parse: {reason}")]
    Malformed { hash: String, file: PathBuf, offset: u64, reason: String },
    #[error("{files} block files need about {needed} open files, but this process may open only {limit}; raise the limit (ulimit -n {needed})")]
    TooManyFiles { files: usize, needed: u64, limit: u64 },
    /// Someone else truncated or rewrote a block file while we read it.
    #[error("blk file {file} changed during the run (length {was} when opened, now {now}); run again when nothing writes to it")]
    Changed { file: PathBuf, was: u64, now: u64 },
}

impl ReadBlockError {
    /// Bad input (the files or arguments we were given), as opposed to an I/O failure
    /// or a file changing under us (exit code 2 rather than 3).
    pub fn is_bad_input(&self) -> bool {
        !matches!(
            self,
            ReadBlockError::Io { .. }
                | ReadBlockError::Changed { .. }
                | ReadBlockError::TooManyFiles { .. }
                | ReadBlockError::Input(InputError::Io { .. })
        )
    }
}
