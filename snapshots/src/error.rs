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
    /// The text is never kept: a private key given by mistake must not be echoed.
    #[error("{}", bad_public_key_message(*.looks_private, *.chars))]
    BadPublicKey { looks_private: bool, chars: usize },
    #[error("cannot write key file {path}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("refusing to overwrite existing key file {path}")]
    Exists { path: PathBuf },
}

/// Our archive payload could not be decoded (SNAPSHOT-FORMAT.md).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    #[error("payload is not gzip data (first bytes {})", hex::encode(found))]
    NotGzip { found: Vec<u8> },
    #[error("decompression failed after {offset} bytes of archive body")]
    Decompress { offset: u64, source: std::io::Error },
    #[error("archive body ends early: {field} needs {needed} more bytes at body offset {offset}")]
    Truncated { field: &'static str, offset: u64, needed: u64 },
    #[error("not a BNS snapshot body (magic {})", hex::encode(found))]
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
    #[error("signature trailer")]
    Trailer(#[from] TrailerError),
    #[error("signature")]
    Signature(#[from] SignatureError),
    #[error("threshold not met: {}", shortfall_message(.shortfall, *.found, *.required))]
    ThresholdNotMet { found: usize, required: usize, shortfall: Shortfall },
    #[error("threshold {required} exceeds the {given} distinct keys given")]
    ThresholdAboveKeys { required: usize, given: usize },
    #[error("payload")]
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
    #[error("payload is neither gzip (1f 8b) nor bzip2 (BZh); first bytes {}", hex::encode(found))]
    UnknownCompression { found: Vec<u8> },
    #[error("tar stream")]
    Tar(#[source] std::io::Error),
    #[error("path traversal refused: entry {entry:?} ({reason})")]
    PathTraversal { entry: String, reason: &'static str },
    #[error("entry {entry:?} has unsupported type {kind}")]
    UnsupportedEntry { entry: String, kind: String },
    #[error("cannot write {path}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("more than {limit} tar headers (limit MAX_ENTRIES)")]
    TooManyEntries { limit: u64 },
    #[error("tar extension header type {kind} of {size} bytes is above the limit of {limit} bytes")]
    ExtensionTooLarge { kind: String, size: u64, limit: u64 },
    #[error("tar extension header: {why}")]
    BadExtension { why: &'static str },
    #[error("archive decompresses to more than {limit} bytes (limit MAX_TOTAL_BYTES)")]
    TooManyBytes { limit: u64 },
    #[error(
        "archive decompresses to {decompressed} bytes from {compressed}: more than {limit} times its size (a compression bomb?)"
    )]
    CompressionRatio { decompressed: u64, compressed: u64, limit: u64 },
    #[error("interrupted")]
    Interrupted,
}

/// Restore failed; nothing was left at the target.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RestoreError {
    #[error("verification failed")]
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

fn bad_public_key_message(looks_private: bool, chars: usize) -> String {
    if looks_private {
        "not a public key (64 hex digits: is this a private key?)".to_string()
    } else {
        format!("not a public key: expected hex of a 33- or 65-byte secp256k1 point (66 or 130 hex digits), got {chars} characters")
    }
}

/// Why fewer listed keys signed than the threshold asks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Shortfall {
    /// The trailer holds no signature at all.
    Unsigned,
    /// Signatures exist but the payload fails its own integrity checks (gzip CRC, body
    /// checksum, bzip2 CRC): it was changed after signing.
    Modified { signatures: usize, reason: String },
    /// The payload is intact; its signatures are by keys not listed (or too few listed).
    OtherKeys { signatures: usize },
    /// Signatures exist, none by a listed key, and the payload could not be checked.
    Unknown { signatures: usize },
}

fn shortfall_message(shortfall: &Shortfall, found: usize, required: usize) -> String {
    let counted = format!("{found} of the listed keys signed, {required} required");
    match shortfall {
        Shortfall::Unsigned => format!("unsigned archive (no signature; {counted})"),
        Shortfall::Modified { signatures, reason } => format!(
            "modified archive (digest mismatch: the payload changed after it was signed, {reason}; \
             {signatures} signature(s) present, {counted})"
        ),
        Shortfall::OtherKeys { signatures } => format!(
            "wrong key ({signatures} signature(s) over this exact payload, {counted}; \
             run `snapshot inspect` to see which keys signed)"
        ),
        Shortfall::Unknown { signatures } => format!(
            "{signatures} signature(s), none valid for the listed keys: a wrong key or a modified archive \
             ({counted})"
        ),
    }
}

/// Exit codes (CONVENTIONS.md, README "Exit codes").
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// A check found a difference (signatures, content, network), or a thing asked
    /// for does not exist.
    pub const CHECK_FAILED: u8 = 1;
    /// Bad input or usage: arguments, a malformed key, archive or params file.
    pub const BAD_INPUT: u8 = 2;
    /// I/O or store failure.
    pub const IO: u8 = 3;
    /// Interrupted by SIGINT / SIGTERM (128 + signal).
    pub const SIGINT: u8 = 130;
    pub const SIGTERM: u8 = 143;
}

/// The exit code of an I/O error: an output that already exists or an input that does
/// not is a usage error; anything else is an I/O failure.
pub fn io_exit_code(error: &std::io::Error) -> u8 {
    match error.kind() {
        std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotFound => exit::BAD_INPUT,
        _ => exit::IO,
    }
}

impl TrailerError {
    pub fn exit_code(&self) -> u8 {
        exit::BAD_INPUT
    }
}

impl SignatureError {
    pub fn exit_code(&self) -> u8 {
        exit::BAD_INPUT
    }
}

impl KeyError {
    pub fn exit_code(&self) -> u8 {
        match self {
            KeyError::Read { source, .. } | KeyError::Write { source, .. } => io_exit_code(source),
            _ => exit::BAD_INPUT,
        }
    }
}

impl DecodeError {
    pub fn exit_code(&self) -> u8 {
        exit::BAD_INPUT
    }
}

impl VerifyError {
    pub fn exit_code(&self) -> u8 {
        match self {
            VerifyError::Io { source } => io_exit_code(source),
            VerifyError::Trailer(_)
            | VerifyError::Signature(_)
            | VerifyError::Decode(_)
            | VerifyError::ThresholdAboveKeys { .. } => exit::BAD_INPUT,
            _ => exit::CHECK_FAILED,
        }
    }
}

impl BskError {
    pub fn exit_code(&self) -> u8 {
        match self {
            BskError::Write { source, .. } => io_exit_code(source),
            BskError::Interrupted => exit::SIGINT,
            _ => exit::BAD_INPUT,
        }
    }
}

impl RestoreError {
    pub fn exit_code(&self) -> u8 {
        match self {
            RestoreError::Verify(inner) => inner.exit_code(),
            RestoreError::TargetExists { .. } | RestoreError::NoParent { .. } => exit::BAD_INPUT,
            RestoreError::Io { source, .. } => io_exit_code(source),
            RestoreError::Store { .. } => exit::IO,
        }
    }
}
