//! Typed errors, one per operation (STYLE §3.6): reading the trailer, decoding
//! signatures, loading keys, decoding an archive, verifying, reading a `.bsk`, and
//! restoring. Messages are lower case and never contain key material.

use std::path::PathBuf;

/// The signature trailer could not be parsed (consensus spec §11.4).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TrailerError {
    #[error("file is too small to carry a signature trailer ({size} bytes, need at least 8)")]
    TooSmall { size: usize },
    #[error("trailer {field} field ending at offset {offset} runs past the start of the file")]
    Truncated { field: &'static str, offset: usize },
    #[error("trailer {field} field at offset {offset} is not 8 hex digits")]
    NotHex { field: &'static str, offset: usize },
    #[error("trailer claims {count} signatures; at most 256 are allowed")]
    TooManySignatures { count: u32 },
    #[error("signature {index} claims {len} characters; at most 100 are allowed")]
    SignatureTooLong { index: u32, len: u32 },
    #[error("signature {index} is not base64 text")]
    NotBase64 { index: u32 },
}

/// A signature text that cannot be decoded into `r ‖ s`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    #[error("signature {index} is not base64 text")]
    NotBase64 { index: usize },
    #[error("signature {index} decodes to {len} bytes, expected 64")]
    WrongLength { index: usize, len: usize },
}

/// A private or public key could not be loaded. Never carries the key text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    #[error("cannot read key file {path}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error(
        "key file {path} holds neither a 64-hex-digit private key (optionally followed by 01) nor a WIF key"
    )]
    Unrecognised { path: PathBuf },
    #[error("private key in {path} is zero or not below the curve order")]
    OutOfRange { path: PathBuf },
    #[error("public key {text:?} is not hex of a 33- or 65-byte secp256k1 point")]
    BadPublicKey { text: String },
    #[error("cannot write key file {path}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("refusing to overwrite existing key file {path}")]
    Exists { path: PathBuf },
}

/// Our archive payload could not be decoded (SNAPSHOT-FORMAT.md).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    #[error("payload is not gzip data (first bytes {found:02x?})")]
    NotGzip { found: Vec<u8> },
    #[error("decompression failed after {offset} bytes of archive body")]
    Decompress { offset: u64, source: std::io::Error },
    #[error("archive body ends early: {field} needs {needed} more bytes at body offset {offset}")]
    Truncated { field: &'static str, offset: u64, needed: u64 },
    #[error("not a BNS snapshot body (magic {found:02x?})")]
    BadMagic { found: Vec<u8> },
    #[error("unknown snapshot format version {found} (this build reads version {supported})")]
    UnknownVersion { found: u32, supported: u32 },
    #[error("unknown network byte {found}")]
    UnknownNetwork { found: u8 },
    #[error("{field} claims {claimed}, above the limit {limit}")]
    TooLarge { field: &'static str, claimed: u64, limit: u64 },
    #[error("state section does not decode: {reason}")]
    State { reason: String },
    #[error("body has {extra} unexpected bytes after the end marker")]
    TrailingBytes { extra: u64 },
    #[error("section checksum mismatch in {section}")]
    Checksum { section: &'static str },
    #[error("gzip stream is followed by {extra} more bytes inside the signed payload")]
    TrailingPayload { extra: u64 },
}

/// Why an archive was not accepted. Each reason is its own variant.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    #[error("cannot read archive")]
    Io { source: std::io::Error },
    #[error("signature trailer: {0}")]
    Trailer(#[from] TrailerError),
    #[error("signature: {0}")]
    Signature(#[from] SignatureError),
    #[error("threshold not met: {found} distinct listed keys signed, {required} required")]
    ThresholdNotMet { found: usize, required: usize },
    #[error("threshold {required} exceeds the {given} distinct keys given")]
    ThresholdAboveKeys { required: usize, given: usize },
    #[error("payload: {0}")]
    Decode(#[from] DecodeError),
    #[error("network mismatch: archive is {found}, expected {expected}")]
    WrongNetwork { found: String, expected: String },
    #[error("params fingerprint mismatch: archive {found}, expected {expected}")]
    WrongParams { found: String, expected: String },
    #[error("state digest mismatch: header {claimed}, recomputed {computed}")]
    StateDigest { claimed: String, computed: String },
    #[error("consensus-hash history is empty")]
    EmptyHistory,
    #[error("consensus-hash history is not strictly increasing at entry {index}")]
    HistoryOrder { index: usize },
    #[error("header consensus hash {header} at height {height} differs from the last history entry {last} at height {last_height}")]
    ConsensusHash { header: String, height: u32, last: String, last_height: u32 },
    #[error("state does not load into the engine: {reason}")]
    Engine { reason: String },
    #[error("state says {what} {found}, header says {claimed}")]
    StateHeader { what: &'static str, found: String, claimed: String },
}

/// A Blockstack Core `.bsk` payload could not be read or is unsafe to extract.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BskError {
    #[error("payload is neither gzip (1f 8b) nor bzip2 (BZh); first bytes {found:02x?}")]
    UnknownCompression { found: Vec<u8> },
    #[error("tar stream: {0}")]
    Tar(#[source] std::io::Error),
    #[error("path traversal refused: entry {entry:?} ({reason})")]
    PathTraversal { entry: String, reason: &'static str },
    #[error("entry {entry:?} has unsupported type {kind}")]
    UnsupportedEntry { entry: String, kind: String },
    #[error("cannot write {path}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("more than {limit} entries")]
    TooManyEntries { limit: usize },
}

/// Restore failed; nothing was left at the target.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RestoreError {
    #[error("verification failed: {0}")]
    Verify(#[from] VerifyError),
    #[error("target {path} already exists and is not an empty directory")]
    TargetExists { path: PathBuf },
    #[error("target {path} has no parent directory")]
    NoParent { path: PathBuf },
    #[error("i/o on {path}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("writing the store failed: {reason}")]
    Store { reason: String },
}
