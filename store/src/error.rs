//! Typed errors, one per operation (redb style): opening a store (`OpenError`),
//! reading from it (`ReadError`, whose corruption case is the `Corrupt` struct naming
//! the table and key), and committing to it (`CommitError`). Messages are lower case
//! and do not repeat their source's text (the binaries join the `source()` chain).

use crate::codec::DecodeError;
use std::path::PathBuf;

/// What is wrong with one stored row.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CorruptKind {
    #[error("checksum mismatch")]
    Checksum,
    #[error("value too short for its checksum")]
    NoChecksum,
    #[error("does not decode")]
    Decode(#[source] DecodeError),
    #[error("holds another key's record")]
    WrongKey,
    #[error("{0}")]
    Malformed(&'static str),
    #[error("is missing")]
    Missing,
}

/// A stored row that fails its checksum or does not decode.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{table} row {key} {kind}")]
pub struct Corrupt {
    /// The LMDB database name.
    pub table: String,
    /// The key, as text when printable, else hex.
    pub key: String,
    #[source]
    pub kind: CorruptKind,
}

impl Corrupt {
    pub fn new(table: &str, key: &[u8], kind: CorruptKind) -> Corrupt {
        let printable = !key.is_empty() && key.iter().all(|b| b.is_ascii_graphic());
        let key = if printable { String::from_utf8_lossy(key).into_owned() } else { hex::encode(key) };
        Corrupt { table: table.to_string(), key, kind }
    }
}

/// Opening (or creating) a store failed. Nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    #[error("cannot open store {dir}")]
    Io {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open store {dir}")]
    Lmdb {
        dir: PathBuf,
        #[source]
        source: heed::Error,
    },
    #[error("no store at {dir}")]
    Missing { dir: PathBuf },
    #[error("{dir} is not a bns store ({reason}); not touching it")]
    NotOurs { dir: PathBuf, reason: String },
    #[error("store {dir} has format version {found}, this version reads only version {expected}: rebuild it with `replay --from BLOCKS_DIR --store {dir} --restart`")]
    OldFormat { dir: PathBuf, found: u32, expected: u32 },
    #[error("store {dir} in use by pid {pid}")]
    InUse { dir: PathBuf, pid: String },
    #[error("store {dir} is truncated: data.mdb has {size} bytes, its header needs {needed}")]
    Truncated { dir: PathBuf, size: u64, needed: u64 },
    #[error("store {dir} is corrupt")]
    Corrupt {
        dir: PathBuf,
        #[source]
        source: Corrupt,
    },
    #[error("store {dir} was built with other parameters (fingerprint {stored}, now {current}); use another --store, or --restart to rebuild it")]
    ForeignParams { dir: PathBuf, stored: String, current: String },
}

/// Reading from a store failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    #[error("store read failed")]
    Lmdb(#[source] heed::Error),
    #[error("store is corrupt")]
    Corrupt(#[from] Corrupt),
}

impl ReadError {
    /// A corruption (as opposed to an I/O or LMDB failure).
    pub fn is_corrupt(&self) -> bool {
        matches!(self, ReadError::Corrupt(_))
    }
}

/// Writing a batch of blocks failed; nothing of the batch was committed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CommitError {
    #[error("store is full (LMDB map size reached) while committing heights {from}..={to}; nothing of these heights was stored, the store keeps every earlier commit")]
    MapFull { from: u32, to: u32 },
    #[error("disk full while committing heights {from}..={to}; nothing of these heights was stored, the store keeps every earlier commit: free space and run again to continue")]
    DiskFull { from: u32, to: u32 },
    #[error("cannot commit heights {from}..={to}: the store's tip moved from {expected} to {found} (another writer?); nothing of these heights was stored")]
    TipMoved { from: u32, to: u32, expected: String, found: String },
    #[error("cannot commit heights {from}..={to}")]
    Lmdb {
        from: u32,
        to: u32,
        #[source]
        source: heed::Error,
    },
    #[error("cannot commit heights {from}..={to}: {reason}")]
    Other { from: u32, to: u32, reason: String },
}
