//! Our archive file: `gzip(body) ‖ trailer`. `create` writes the body of a
//! [`SnapshotSource`] through a gzip stream with fixed settings (so one store gives one
//! byte string) and ends it with an empty signature trailer; `verify` checks
//! signatures first (distinct keys, threshold), then decodes the payload and checks
//! the content against the header and the expected parameters.

#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used))]

use crate::engine_glue::{self, State};
use crate::error::{DecodeError, VerifyError};
use crate::format::{self, Body, Header, HistoryEntry};
use crate::{signing, trailer};
use bns_engine::{BlockHash, Params};
use secp256k1::PublicKey;
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};

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
        return Err(VerifyError::ThresholdNotMet { found: signers.len(), required: threshold });
    }
    Ok((trailer, digest, signers))
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
    let body = format::decode(&mut decoder)?;
    // A second gzip member or stray bytes inside the signed payload are refused.
    let mut rest = decoder.into_inner();
    let leftover = rest.fill_buf().map(<[u8]>::len).unwrap_or(0);
    if leftover != 0 {
        return Err(DecodeError::TrailingPayload { extra: leftover as u64 });
    }
    Ok(body)
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
