//! Our archive file: `gzip(body) ‖ trailer`. `create` writes the body of a
//! [`SnapshotSource`] through a gzip stream with fixed settings (so one store gives one
//! byte string) and ends it with an empty signature trailer; `verify` checks
//! signatures first (distinct keys, threshold), then decodes the payload and checks
//! the content against the header and the expected parameters.

#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used))]

use crate::engine_glue::{self, State};
use crate::error::{DecodeError, Shortfall, VerifyError};
use crate::format::{self, Body, Header, HistoryEntry};
use crate::{signing, trailer};
use bns_engine::{BlockHash, Params};
use secp256k1::PublicKey;
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// gzip level used by `create`. Part of the byte-identical promise: changing it
/// changes every archive (SNAPSHOT-FORMAT.md, "Compression").
pub const GZIP_LEVEL: u32 = 6;
/// gzip header OS byte: 255 "unknown", independent of the producing machine.
pub const GZIP_OS_UNKNOWN: u8 = 255;

/// Where a snapshot's contents come from (the replay store, or a test double).
pub trait SnapshotSource {
    /// Parameters the state was built under.
    fn params(&self) -> &Params;
    /// Height of the last block applied.
    fn tip_height(&self) -> u32;
    /// Hash of that block.
    fn tip_block_hash(&self) -> BlockHash;
    /// The whole state at the tip.
    fn state(&self) -> &State;
    /// Every stored block's height, hash and consensus hash, ascending, ending at the tip.
    fn history(&self) -> Vec<HistoryEntry>;
}

/// Why `create` failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CreateError {
    #[error("source history is empty")]
    EmptyHistory,
    #[error("source history ends at height {last}, tip is {tip}")]
    HistoryNotAtTip { last: u32, tip: u32 },
    #[error("source history is not strictly increasing at entry {index}")]
    HistoryOrder { index: usize },
    #[error("state digest: {reason}")]
    Digest { reason: String },
    #[error("writing the archive")]
    Io(#[from] std::io::Error),
}

impl CreateError {
    /// The source (the store) is incoherent or could not be written out: 3.
    pub fn exit_code(&self) -> u8 {
        match self {
            CreateError::Io(source) => crate::error::io_exit_code(source),
            _ => crate::error::exit::IO,
        }
    }
}

fn check_history(history: &[HistoryEntry]) -> Result<(), usize> {
    match history.windows(2).position(|pair| matches!(pair, [a, b] if a.height >= b.height)) {
        Some(index) => Err(index.saturating_add(1)),
        None => Ok(()),
    }
}

/// Builds the header from a source, checking the source is coherent.
pub fn header_of(source: &dyn SnapshotSource) -> Result<(Header, Vec<HistoryEntry>), CreateError> {
    let history = source.history();
    check_history(&history).map_err(|index| CreateError::HistoryOrder { index })?;
    let last = *history.last().ok_or(CreateError::EmptyHistory)?;
    let (last_height, last_hash) = (last.height, last.consensus_hash);
    if last_height != source.tip_height() {
        return Err(CreateError::HistoryNotAtTip { last: last_height, tip: source.tip_height() });
    }
    let params = source.params();
    let state_digest =
        engine_glue::state_digest(params, source.state()).map_err(|reason| CreateError::Digest { reason })?;
    let header = Header {
        network: params.network,
        params_fingerprint: engine_glue::params_fingerprint(params),
        height: last_height,
        block_hash: source.tip_block_hash(),
        consensus_hash: last_hash,
        state_digest,
    };
    Ok((header, history))
}

/// Writes the payload: the body through gzip with fixed settings (no file name,
/// mtime 0, OS byte 255, level [`GZIP_LEVEL`]). No trailer.
pub fn write_payload<W: Write>(
    header: &Header,
    history: &[HistoryEntry],
    state: &State,
    out: W,
) -> std::io::Result<W> {
    let gzip = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(GZIP_OS_UNKNOWN)
        .write(out, flate2::Compression::new(GZIP_LEVEL));
    format::encode(header, history, state, gzip)?.finish()
}

/// Writes an unsigned archive (payload plus a zero-count trailer) to `out`.
pub fn create<W: Write>(source: &dyn SnapshotSource, out: W) -> Result<W, CreateError> {
    let (header, history) = header_of(source)?;
    let mut out = write_payload(&header, &history, source.state(), out)?;
    out.write_all(&trailer::empty_trailer())?;
    Ok(out)
}

/// What `verify` requires.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Keys that may sign; duplicates count once.
    pub keys: Vec<PublicKey>,
    /// How many distinct listed keys must have signed.
    pub threshold: usize,
    /// The parameters the user runs with: network and fingerprint must match.
    pub params: Params,
}

/// An archive that passed every check.
#[derive(Clone, Debug)]
pub struct Verified {
    pub body: Body<State>,
    pub signers: Vec<PublicKey>,
    pub payload_size: u64,
    pub payload_sha256: [u8; 32],
}

/// `sha256` of the first `len` bytes of `file`, streamed.
pub fn payload_sha256<R: Read + Seek>(file: &mut R, len: u64) -> std::io::Result<[u8; 32]> {
    file.seek(SeekFrom::Start(0))?;
    let mut hasher = Sha256::new();
    let mut limited = file.take(len);
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let count = limited.read(&mut buffer)?;
        if count == 0 {
            break;
        }
        hasher.update(buffer.get(..count).unwrap_or_default());
    }
    if limited.limit() != 0 {
        return Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof));
    }
    Ok(hasher.finalize().into())
}

/// Signature step alone (shared with `.bsk` verification): parses the trailer, hashes
/// the payload, returns the distinct listed keys that signed.
pub fn check_signatures<R: Read + Seek>(
    file: &mut R,
    keys: &[PublicKey],
    threshold: usize,
) -> Result<(trailer::Trailer, [u8; 32], Vec<PublicKey>), VerifyError> {
    let mut distinct_keys: Vec<PublicKey> = Vec::new();
    for key in keys {
        if !distinct_keys.contains(key) {
            distinct_keys.push(*key);
        }
    }
    if threshold > distinct_keys.len() {
        return Err(VerifyError::ThresholdAboveKeys { required: threshold, given: distinct_keys.len() });
    }
    let trailer = trailer::read_from(file)?;
    let payload_size = trailer.payload_size as u64;
    let digest = payload_sha256(file, payload_size).map_err(|source| VerifyError::Io { source })?;
    let signers = signing::distinct_signers(&digest, &trailer.signatures, &distinct_keys)
        .map_err(VerifyError::Signature)?;
    if signers.len() < threshold {
        let signatures = trailer.signatures.len();
        let shortfall = if signatures == 0 {
            Shortfall::Unsigned
        } else if !signers.is_empty() {
            Shortfall::OtherKeys { signatures }
        } else {
            match payload_integrity(file, payload_size) {
                Integrity::Intact => Shortfall::OtherKeys { signatures },
                Integrity::Broken(reason) => Shortfall::Modified { signatures, reason },
                Integrity::Unknown => Shortfall::Unknown { signatures },
            }
        };
        return Err(VerifyError::ThresholdNotMet { found: signers.len(), required: threshold, shortfall });
    }
    Ok((trailer, digest, signers))
}

/// Whether a payload passes its own integrity checks, independent of any signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// Compression checksums (and for our archives the body SHA-256) agree.
    Intact,
    /// A check failed: the bytes changed after the archive was made.
    Broken(String),
    /// Could not tell (unknown compression, a decompression cap, a read error).
    Unknown,
}

/// Largest body a valid archive can have (header, the most history, the largest
/// state, checksum): the integrity check decompresses no more than this.
const MAX_BODY_LEN: u64 = (format::HEADER_LEN as u64)
    + (format::HISTORY_ENTRY_LEN as u64) * (format::MAX_HISTORY_ENTRIES as u64)
    + format::MAX_STATE_LEN
    + 32;

/// Streams through the payload `0 .. payload_size` (nothing is kept in memory) and
/// checks what it carries: for our archives the gzip CRC and the body's SHA-256, for a
/// `.bsk` the gzip or bzip2 CRCs. Used to tell "modified" from "wrong key".
pub fn payload_integrity<R: Read + Seek>(file: &mut R, payload_size: u64) -> Integrity {
    let kind = match kind_of(file, payload_size) {
        Ok(kind) => kind,
        Err(_) => return Integrity::Unknown,
    };
    if file.seek(SeekFrom::Start(0)).is_err() {
        return Integrity::Unknown;
    }
    let payload = BufReader::new(file.take(payload_size));
    match kind {
        ArchiveKind::Ours => body_integrity(flate2::bufread::GzDecoder::new(payload)),
        ArchiveKind::Bsk => match crate::bsk::check_stream(payload, &crate::bsk::Limits::DEFAULT) {
            Ok(_) => Integrity::Intact,
            Err(crate::error::BskError::Tar(error)) => {
                Integrity::Broken(format!("compressed stream: {error}"))
            }
            Err(_) => Integrity::Unknown,
        },
    }
}

fn body_integrity<R: Read>(mut body: R) -> Integrity {
    const CHECKSUM_LEN: usize = 32;
    let mut hasher = Sha256::new();
    let mut held: Vec<u8> = Vec::with_capacity((1 << 16) + CHECKSUM_LEN);
    let mut buffer = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let count = match body.read(&mut buffer) {
            Ok(0) => break,
            Ok(count) => count,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Integrity::Broken(format!("gzip stream: {error}")),
        };
        total = total.saturating_add(count as u64);
        if total > MAX_BODY_LEN {
            return Integrity::Unknown;
        }
        held.extend_from_slice(buffer.get(..count).unwrap_or_default());
        let hashable = held.len().saturating_sub(CHECKSUM_LEN);
        hasher.update(held.get(..hashable).unwrap_or_default());
        held.drain(..hashable);
    }
    if held.len() != CHECKSUM_LEN {
        return Integrity::Broken("body shorter than its checksum".to_string());
    }
    let computed: [u8; 32] = hasher.finalize().into();
    if held.as_slice() == computed.as_slice() {
        Integrity::Intact
    } else {
        Integrity::Broken("body checksum mismatch".to_string())
    }
}

/// Which kind of archive a payload is: ours (gzip of a `BNSSNAP` body) or a `.bsk`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchiveKind {
    Ours,
    Bsk,
}

/// Tells our archives from Blockstack Core's by the first bytes of the payload.
pub fn kind_of<R: Read + Seek>(file: &mut R, payload_size: u64) -> std::io::Result<ArchiveKind> {
    file.seek(SeekFrom::Start(0))?;
    let mut payload = BufReader::new(Read::take(&mut *file, payload_size));
    let head = payload.fill_buf()?;
    if !head.starts_with(&[0x1f, 0x8b]) {
        return Ok(ArchiveKind::Bsk);
    }
    let mut magic = [0u8; 8];
    let ours =
        flate2::bufread::GzDecoder::new(payload).read_exact(&mut magic).is_ok() && magic == format::MAGIC;
    Ok(if ours { ArchiveKind::Ours } else { ArchiveKind::Bsk })
}

/// For each signature in the trailer, the first of `keys` that made it over this
/// payload (`None`: by none of them, or over other bytes).
pub fn signature_report<R: Read + Seek>(
    file: &mut R,
    trailer: &trailer::Trailer,
    keys: &[PublicKey],
) -> Result<Vec<Option<PublicKey>>, VerifyError> {
    let digest =
        payload_sha256(file, trailer.payload_size as u64).map_err(|source| VerifyError::Io { source })?;
    Ok(signing::signer_of_each(&digest, &trailer.signatures, keys)?)
}

/// Why `sign` failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    #[error("cannot open {path}")]
    Open { path: PathBuf, source: std::io::Error },
    #[error("cannot lock {path}")]
    Lock { path: PathBuf, source: std::io::Error },
    #[error("reading {path}")]
    Read { path: PathBuf, source: VerifyError },
    #[error("{path} already has a signature trailer; sign it without --first")]
    HasTrailer { path: PathBuf },
    #[error("{path} is already signed by this key ({public_key}); one key counts once")]
    AlreadySigned { path: PathBuf, public_key: String },
    #[error("the trailer of {path} already holds {max} signatures", max = trailer::MAX_SIGNATURE_COUNT)]
    Full { path: PathBuf },
    #[error("writing the signature to {path}")]
    Write { path: PathBuf, source: std::io::Error },
}

impl SignError {
    pub fn exit_code(&self) -> u8 {
        use crate::error::{exit, io_exit_code};
        match self {
            SignError::Open { source, .. } => io_exit_code(source),
            SignError::Read { source, .. } => source.exit_code(),
            SignError::HasTrailer { .. } | SignError::AlreadySigned { .. } | SignError::Full { .. } => {
                exit::BAD_INPUT
            }
            SignError::Lock { .. } | SignError::Write { .. } => exit::IO,
        }
    }
}

/// A signature that was appended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// Signatures in the trailer now (this one included).
    pub count: u32,
    /// The signer's compressed public key, hex.
    pub public_key: String,
}

/// Appends a signature by `key` to the archive at `path`, in place, as the reference
/// does (`fast_sync_sign_snapshot`): the payload is hashed from disk, then signature,
/// length and count are written over the old count field.
///
/// The file is locked (`flock`, exclusive) from reading the trailer to the end of the
/// write, so concurrent signers queue instead of overwriting each other's signature.
/// A key that already signed this payload is refused. With `first`, the whole file is
/// the payload (a bare Blockstack Core payload); an archive of ours is refused then.
pub fn sign_file(path: &Path, key: &secp256k1::SecretKey, first: bool) -> Result<Signed, SignError> {
    let at = || path.to_path_buf();
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(|source| SignError::Open { path: at(), source })?;
    file.lock().map_err(|source| SignError::Lock { path: at(), source })?;
    let read_error = |source: VerifyError| SignError::Read { path: at(), source };
    let io_read = |source: std::io::Error| SignError::Read { path: at(), source: VerifyError::Io { source } };
    let (payload_size, append_at, existing) = if first {
        // A file we created already ends with a (zero-count) trailer; `--first` would
        // sign the trailer as payload.
        if let Ok(parsed) = trailer::read_from(&mut file) {
            if kind_of(&mut file, parsed.payload_size as u64).map_err(io_read)? == ArchiveKind::Ours {
                return Err(SignError::HasTrailer { path: at() });
            }
        }
        let size = file.seek(SeekFrom::End(0)).map_err(io_read)?;
        (size, size, Vec::new())
    } else {
        let parsed = trailer::read_from(&mut file).map_err(read_error)?;
        (parsed.payload_size as u64, parsed.sig_append_offset as u64, parsed.signatures)
    };
    let digest = payload_sha256(&mut file, payload_size).map_err(io_read)?;
    let public = PublicKey::from_secret_key(secp256k1::SECP256K1, key);
    let public_key = hex::encode(public.serialize());
    let already = signing::distinct_signers(&digest, &existing, &[public])
        .map_err(|e| read_error(VerifyError::Signature(e)))?;
    if !already.is_empty() {
        return Err(SignError::AlreadySigned { path: at(), public_key });
    }
    let count = u32::try_from(existing.len().saturating_add(1))
        .ok()
        .filter(|n| *n <= trailer::MAX_SIGNATURE_COUNT)
        .ok_or_else(|| SignError::Full { path: at() })?;
    let text = signing::sign_digest(&digest, key);
    let mut tail = text.clone().into_bytes();
    tail.extend_from_slice(format!("{:08x}{count:08x}", text.len()).as_bytes());
    let write = |source| SignError::Write { path: at(), source };
    file.seek(SeekFrom::Start(append_at)).map_err(write)?;
    file.write_all(&tail).map_err(write)?;
    file.sync_all().map_err(write)?;
    // The lock is released when `file` is closed.
    Ok(Signed { count, public_key })
}

/// Decodes the gzip payload `0 .. payload_size` of an archive into a body.
pub fn decode_payload<R: Read + Seek>(file: &mut R, payload_size: u64) -> Result<Body<State>, DecodeError> {
    file.seek(SeekFrom::Start(0)).map_err(|source| DecodeError::Decompress { offset: 0, source })?;
    let mut payload = BufReader::new(file.take(payload_size));
    let head = payload.fill_buf().map_err(|source| DecodeError::Decompress { offset: 0, source })?;
    if !head.starts_with(&[0x1f, 0x8b]) {
        return Err(DecodeError::NotGzip { found: head.iter().take(4).copied().collect() });
    }
    let mut decoder = flate2::bufread::GzDecoder::new(payload);
    let body = inflate_beside(&mut decoder, format::decode::<State, _>)?;
    // A second gzip member or stray bytes inside the signed payload are refused.
    let mut rest = decoder.into_inner();
    let leftover = rest.fill_buf().map(<[u8]>::len).unwrap_or(0);
    if leftover != 0 {
        return Err(DecodeError::TrailingPayload { extra: leftover as u64 });
    }
    Ok(body)
}

/// Bytes of decompressed body per message from the inflating thread to the decoder.
const INFLATE_CHUNK_LEN: usize = 1 << 18;
/// Messages in flight between them (so at most ~1 MiB of body is buffered).
const INFLATE_QUEUE_LEN: usize = 4;

/// Runs `decode` on a second thread over what this thread inflates from `decoder`.
/// Inflating was a fifth of `verify`'s CPU time and the decode (allocation, bincode,
/// the body checksum) most of the rest (perf, issue 12): on two cores they overlap.
/// The bytes and their order are those of reading `decoder` directly; an inflate error
/// reaches `decode` as the same `io::Error` at the same point of the stream. When
/// `decode` stops early, the closed channel stops the inflating too.
fn inflate_beside<D: Read, T: Send>(decoder: &mut D, decode: impl FnOnce(ChunkReader) -> T + Send) -> T {
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel(INFLATE_QUEUE_LEN);
        let consumer = scope.spawn(move || decode(ChunkReader { receiver, chunk: Vec::new(), at: 0 }));
        loop {
            let mut chunk = vec![0u8; INFLATE_CHUNK_LEN];
            let (count, error) = read_up_to(decoder, &mut chunk);
            chunk.truncate(count);
            let at_end = count == 0 || error.is_some();
            if count > 0 && sender.send(Ok(chunk)).is_err() {
                break;
            }
            if let Some(error) = error {
                let _ = sender.send(Err(error));
            }
            if at_end {
                break;
            }
        }
        drop(sender);
        consumer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Fills `buf` as far as the stream allows: the count read, short only at the end of
/// the stream or at an error, which comes back after the bytes that preceded it.
fn read_up_to<D: Read>(decoder: &mut D, buf: &mut [u8]) -> (usize, Option<std::io::Error>) {
    let mut filled = 0usize;
    while let Some(rest) = buf.get_mut(filled..).filter(|rest| !rest.is_empty()) {
        match decoder.read(rest) {
            Ok(0) => break,
            Ok(count) => filled = filled.saturating_add(count),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return (filled, Some(e)),
        }
    }
    (filled, None)
}

/// The decoder thread's end of [`inflate_beside`]: a `Read` over the chunks received.
struct ChunkReader {
    receiver: std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    at: usize,
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at >= self.chunk.len() {
            match self.receiver.recv() {
                Ok(Ok(chunk)) => (self.chunk, self.at) = (chunk, 0),
                Ok(Err(error)) => return Err(error),
                // The inflating side ended: the end of the stream.
                Err(_) => return Ok(0),
            }
        }
        let rest = self.chunk.get(self.at..).unwrap_or_default();
        let count = rest.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..count), rest.get(..count)) {
            to.copy_from_slice(from);
        }
        self.at = self.at.saturating_add(count);
        Ok(count)
    }
}

/// Content checks on a decoded body (issue: "ours checks the content too"): network
/// and parameters, history order and tip, the state's own consensus-hash table and
/// last block against header and history, and the recomputed state digest.
pub fn check_contents(body: Body<State>, params: &Params) -> Result<Body<State>, VerifyError> {
    let header = &body.header;
    if header.network != params.network {
        return Err(VerifyError::WrongNetwork {
            found: format!("{:?}", header.network),
            expected: format!("{:?}", params.network),
        });
    }
    let expected = engine_glue::params_fingerprint(params);
    if header.params_fingerprint != expected {
        return Err(VerifyError::WrongParams {
            found: hex::encode(header.params_fingerprint),
            expected: hex::encode(expected),
        });
    }
    check_history(&body.history).map_err(|index| VerifyError::HistoryOrder { index })?;
    let last = *body.history.last().ok_or(VerifyError::EmptyHistory)?;
    let (last_height, last_hash) = (last.height, last.consensus_hash);
    if last_height != header.height
        || last_hash != header.consensus_hash
        || last.block_hash != header.block_hash
    {
        return Err(VerifyError::ConsensusHash {
            header: header.consensus_hash.to_hex(),
            height: header.height,
            last: last_hash.to_hex(),
            last_height,
        });
    }
    check_state_against_header(&body)?;
    // The state moves into the engine and back: no copy of a large state.
    let Body { header, history, state } = body;
    let (state, computed) =
        engine_glue::load_and_digest(params, state).map_err(|reason| VerifyError::Engine { reason })?;
    if computed != header.state_digest {
        return Err(VerifyError::StateDigest {
            claimed: hex::encode(header.state_digest),
            computed: hex::encode(computed),
        });
    }
    Ok(Body { header, history, state })
}

/// The state carries its own last block and consensus-hash table; both must agree
/// with the header and with every history entry.
fn check_state_against_header(body: &Body<State>) -> Result<(), VerifyError> {
    let (header, state) = (&body.header, &body.state);
    if state.last_block != header.height {
        return Err(VerifyError::StateHeader {
            what: "last block",
            found: state.last_block.to_string(),
            claimed: header.height.to_string(),
        });
    }
    for entry in &body.history {
        let in_state = state.consensus_hash_at(entry.height);
        if in_state != Some(entry.consensus_hash) {
            return Err(VerifyError::StateHeader {
                what: "consensus hash at height",
                found: format!(
                    "{} {}",
                    entry.height,
                    in_state.map_or_else(|| "none".to_string(), |h| h.to_hex())
                ),
                claimed: entry.consensus_hash.to_hex(),
            });
        }
    }
    Ok(())
}

/// Full verification: signatures, then decoding, then content.
pub fn verify<R: Read + Seek>(file: &mut R, policy: &Policy) -> Result<Verified, VerifyError> {
    let (trailer, payload_sha256, signers) = check_signatures(file, &policy.keys, policy.threshold)?;
    let payload_size = trailer.payload_size as u64;
    let body = check_contents(decode_payload(file, payload_size)?, &policy.params)?;
    Ok(Verified { body, signers, payload_size, payload_sha256 })
}

/// Appends one signature by `key` to an archive held in memory.
pub fn sign_bytes(
    file: &[u8],
    key: &secp256k1::SecretKey,
    first: bool,
) -> Result<Vec<u8>, crate::error::TrailerError> {
    let payload_size = if first { file.len() } else { trailer::parse(file)?.payload_size };
    let payload = file.get(..payload_size).unwrap_or_default();
    let text = signing::sign_digest(&signing::payload_digest(payload), key);
    trailer::append_signature(file, &text, first)
}
