//! The body of our snapshot archive, version 2 (byte layout in SNAPSHOT-FORMAT.md):
//! a fixed header, the consensus-hash history, the engine state (bincode 1.3 with the
//! options spelled out in [`state_options`]) and a SHA-256 of everything before it.
//!
//! Encoding streams into any writer; decoding streams from any reader and checks
//! every declared length against a named limit before reading, so a hostile length
//! field cannot make us allocate or loop beyond what the bytes actually hold.
//! Compression and the signature trailer are layered on top in `archive`.

#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used))]

use crate::error::DecodeError;
use bincode::Options as _;
use bns_engine::{BlockHash, ConsensusHash, Network};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};

/// First 8 bytes of every body.
pub const MAGIC: [u8; 8] = *b"BNSSNAP\0";
/// The only body version this build writes and reads (SNAPSHOT-FORMAT.md, version log).
pub const FORMAT_VERSION: u32 = 2;
/// Size of the fixed header, magic included.
pub const HEADER_LEN: usize = 141;
/// Bytes per history entry: height (u32 LE), block hash (32), consensus hash (16).
pub const HISTORY_ENTRY_LEN: usize = 52;
/// Mainnet BNS v1 spans ~292,000 blocks (373601–665750); 4 Mi entries leaves room
/// for any chain while capping a forged count at 208 MiB of reads.
pub const MAX_HISTORY_ENTRIES: u32 = 4 * 1024 * 1024;
/// The state of 100k names is tens of MiB; 4 GiB caps a forged length field.
pub const MAX_STATE_LEN: u64 = 4 * 1024 * 1024 * 1024;

/// What the header says about the snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub network: Network,
    /// `Params::fingerprint()` of the parameters the state was built under.
    pub params_fingerprint: [u8; 32],
    /// Height of the last block included in the state.
    pub height: u32,
    pub block_hash: BlockHash,
    /// Consensus hash at `height`.
    pub consensus_hash: ConsensusHash,
    /// The engine's `state_digest()` of the state section.
    pub state_digest: [u8; 32],
}

/// One block of the consensus-hash history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub height: u32,
    /// Display order; all zero where the source has no block (genesis rows).
    pub block_hash: BlockHash,
    pub consensus_hash: ConsensusHash,
}

/// A decoded body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body<S> {
    pub header: Header,
    /// In the order stored (writers store ascending heights).
    pub history: Vec<HistoryEntry>,
    pub state: S,
}

/// bincode 1.3 options for the state section, every one explicit (STYLE §3.8):
/// fixed-width integers, little-endian, trailing bytes refused, a byte limit.
pub fn state_options(limit: u64) -> impl bincode::Options {
    bincode::DefaultOptions::new()
        .with_fixint_encoding()
        .with_little_endian()
        .reject_trailing_bytes()
        .with_limit(limit)
}

pub fn network_byte(network: Network) -> u8 {
    match network {
        Network::Mainnet => 0,
        Network::Testnet => 1,
        Network::Regtest => 2,
    }
}

fn network_from_byte(byte: u8) -> Result<Network, DecodeError> {
    match byte {
        0 => Ok(Network::Mainnet),
        1 => Ok(Network::Testnet),
        2 => Ok(Network::Regtest),
        found => Err(DecodeError::UnknownNetwork { found }),
    }
}

/// A writer that hashes what passes through it.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.hasher.update(bytes.get(..written).unwrap_or_default());
        Ok(written)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes a body. The caller guarantees `history` and `header` agree (see `archive`).
pub fn encode<S: Serialize, W: Write>(
    header: &Header,
    history: &[HistoryEntry],
    state: &S,
    out: W,
) -> std::io::Result<W> {
    let invalid = |what: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, what);
    let history_count = u32::try_from(history.len()).ok().filter(|n| *n <= MAX_HISTORY_ENTRIES);
    let history_count = history_count
        .ok_or_else(|| invalid(format!("history of {} entries exceeds the limit", history.len())))?;
    let state_len =
        state_options(MAX_STATE_LEN).serialized_size(state).map_err(|e| invalid(format!("state: {e}")))?;
    // bincode writes field by field; a buffer keeps each tiny write out of the
    // compressor below.
    let mut out =
        HashingWriter { inner: std::io::BufWriter::with_capacity(1 << 16, out), hasher: Sha256::new() };
    out.write_all(&MAGIC)?;
    out.write_all(&FORMAT_VERSION.to_le_bytes())?;
    out.write_all(&[network_byte(header.network)])?;
    out.write_all(&header.params_fingerprint)?;
    out.write_all(&header.height.to_le_bytes())?;
    out.write_all(&header.block_hash.0)?;
    out.write_all(&header.consensus_hash.0)?;
    out.write_all(&header.state_digest)?;
    out.write_all(&history_count.to_le_bytes())?;
    out.write_all(&state_len.to_le_bytes())?;
    for entry in history {
        out.write_all(&entry.height.to_le_bytes())?;
        out.write_all(&entry.block_hash.0)?;
        out.write_all(&entry.consensus_hash.0)?;
    }
    state_options(state_len).serialize_into(&mut out, state).map_err(|e| invalid(format!("state: {e}")))?;
    let checksum: [u8; 32] = out.hasher.finalize_reset().into();
    let mut inner = out.inner;
    inner.write_all(&checksum)?;
    inner.into_inner().map_err(std::io::IntoInnerError::into_error)
}

/// A reader that hashes and counts what passes through it.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    offset: u64,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let count = self.inner.read(buf)?;
        let read = buf.get(..count).unwrap_or_default();
        self.hasher.update(read);
        self.offset = self.offset.saturating_add(read.len() as u64);
        Ok(count)
    }
}

impl<R: Read> HashingReader<R> {
    fn read_array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        let mut filled = 0usize;
        while filled < N {
            let start = self.offset;
            let rest = out.get_mut(filled..).unwrap_or_default();
            match self.read(rest) {
                Ok(0) => {
                    return Err(DecodeError::Truncated {
                        field,
                        offset: start,
                        needed: N.saturating_sub(filled) as u64,
                    })
                }
                Ok(count) => filled = filled.saturating_add(count),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(source) => return Err(DecodeError::Decompress { offset: start, source }),
            }
        }
        Ok(out)
    }

    fn read_u32(&mut self, field: &'static str) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.read_array(field)?))
    }
}

/// Reads only the fixed header (magic, version, fields, section lengths).
fn decode_header<R: Read>(input: &mut HashingReader<R>) -> Result<(Header, u32, u64), DecodeError> {
    let magic: [u8; 8] = input.read_array("magic")?;
    if magic != MAGIC {
        return Err(DecodeError::BadMagic { found: magic.to_vec() });
    }
    let version = input.read_u32("format version")?;
    if version != FORMAT_VERSION {
        return Err(DecodeError::UnknownVersion { found: version, supported: FORMAT_VERSION });
    }
    let [network]: [u8; 1] = input.read_array("network")?;
    let header = Header {
        network: network_from_byte(network)?,
        params_fingerprint: input.read_array("params fingerprint")?,
        height: input.read_u32("height")?,
        block_hash: BlockHash(input.read_array("block hash")?),
        consensus_hash: ConsensusHash(input.read_array("consensus hash")?),
        state_digest: input.read_array("state digest")?,
    };
    let history_count = input.read_u32("history count")?;
    if history_count > MAX_HISTORY_ENTRIES {
        return Err(DecodeError::TooLarge {
            field: "history count",
            claimed: history_count.into(),
            limit: MAX_HISTORY_ENTRIES.into(),
        });
    }
    let state_len = u64::from_le_bytes(input.read_array("state length")?);
    if state_len > MAX_STATE_LEN {
        return Err(DecodeError::TooLarge {
            field: "state length",
            claimed: state_len,
            limit: MAX_STATE_LEN,
        });
    }
    Ok((header, history_count, state_len))
}

/// Decodes a whole body and requires the reader to end right after the checksum.
pub fn decode<S: DeserializeOwned, R: Read>(reader: R) -> Result<Body<S>, DecodeError> {
    // Header and history are read a few bytes at a time; buffer them.
    let reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let mut input = HashingReader { inner: reader, hasher: Sha256::new(), offset: 0 };
    let (header, history_count, state_len) = decode_header(&mut input)?;
    // Grow with the bytes actually present, never by the claimed count alone.
    let mut history = Vec::with_capacity(usize::try_from(history_count.min(65_536)).unwrap_or(0));
    for _ in 0..history_count {
        history.push(HistoryEntry {
            height: input.read_u32("history height")?,
            block_hash: BlockHash(input.read_array("history block hash")?),
            consensus_hash: ConsensusHash(input.read_array("history consensus hash")?),
        });
    }
    let state = decode_state(&mut input, state_len)?;
    let computed: [u8; 32] = input.hasher.finalize_reset().into();
    let stored: [u8; 32] = input.read_array("body checksum")?;
    if computed != stored {
        return Err(DecodeError::Checksum { section: "body" });
    }
    let mut extra = Vec::new();
    let extra_len = (&mut input.inner).take(1 << 16).read_to_end(&mut extra);
    match extra_len {
        Ok(0) => Ok(Body { header, history, state }),
        Ok(extra) => Err(DecodeError::TrailingBytes { extra: extra as u64 }),
        Err(source) => Err(DecodeError::Decompress { offset: input.offset, source }),
    }
}

/// Decodes the state section straight from the stream: the section is never held as
/// a whole (issue 13 item 5: `verify` buffered up to 4 GiB). bincode checks each
/// claimed string or sequence length against the bytes left in the section (the
/// limit) before reading it, and [`GrowingReader`] grows a string's buffer only as its
/// bytes actually arrive, so a forged length costs no more memory than the bytes sent.
fn decode_state<S: DeserializeOwned, R: Read>(
    input: &mut HashingReader<R>,
    state_len: u64,
) -> Result<S, DecodeError> {
    let start = input.offset;
    let (mut error, mut read) = (None, 0u64);
    // The buffer sits below the counting and above the hashing reader: bincode's many
    // small reads are served from it, the hasher sees 64 KiB chunks, and the `take`
    // keeps it from reading past the section.
    let chunked = std::io::BufReader::with_capacity(1 << 16, (&mut *input).take(state_len));
    let section = GrowingReader { inner: chunked, error: &mut error, read: &mut read };
    let decoded = state_options(state_len).deserialize_from_custom(section);
    let left = state_len.saturating_sub(read);
    if let Some(source) = error {
        return Err(DecodeError::Decompress { offset: input.offset, source });
    }
    let state = decoded.map_err(|error| match *error {
        bincode::ErrorKind::Io(ref io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            DecodeError::Truncated { field: "state", offset: input.offset, needed: left.max(1) }
        }
        _ => DecodeError::State { reason: error.to_string() },
    })?;
    if left != 0 {
        return Err(DecodeError::State {
            reason: format!(
                "{left} bytes of the {state_len}-byte section (from body offset {start}) are not part of the state"
            ),
        });
    }
    Ok(state)
}

/// A `bincode::BincodeRead` over a stream that allocates string and byte buffers as
/// their bytes arrive (bincode's own reader sizes them from the claimed length first).
/// A read error from the stream (decompression) is kept to be reported as such.
struct GrowingReader<'a, R> {
    inner: R,
    error: &'a mut Option<std::io::Error>,
    read: &'a mut u64,
}

impl<R: Read> Read for GrowingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.inner.read(buf) {
            Ok(count) => {
                *self.read = self.read.saturating_add(count as u64);
                Ok(count)
            }
            Err(error) => {
                if self.error.is_none() && error.kind() != std::io::ErrorKind::UnexpectedEof {
                    *self.error = Some(std::io::Error::new(error.kind(), error.to_string()));
                }
                Err(error)
            }
        }
    }
}

impl<R: Read> GrowingReader<'_, R> {
    fn take_bytes(&mut self, length: usize) -> bincode::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(length.min(1 << 16));
        let got = (&mut *self).take(length as u64).read_to_end(&mut out)?;
        if got != length {
            return Err(Box::new(bincode::ErrorKind::Io(std::io::ErrorKind::UnexpectedEof.into())));
        }
        Ok(out)
    }
}

impl<'de, R: Read> bincode::BincodeRead<'de> for GrowingReader<'_, R> {
    fn forward_read_str<V: serde::de::Visitor<'de>>(
        &mut self,
        length: usize,
        visitor: V,
    ) -> bincode::Result<V::Value> {
        let bytes = self.take_bytes(length)?;
        let text =
            std::str::from_utf8(&bytes).map_err(|e| Box::new(bincode::ErrorKind::InvalidUtf8Encoding(e)))?;
        visitor.visit_str(text)
    }

    fn get_byte_buffer(&mut self, length: usize) -> bincode::Result<Vec<u8>> {
        self.take_bytes(length)
    }

    fn forward_read_bytes<V: serde::de::Visitor<'de>>(
        &mut self,
        length: usize,
        visitor: V,
    ) -> bincode::Result<V::Value> {
        let bytes = self.take_bytes(length)?;
        visitor.visit_bytes(&bytes)
    }
}

/// Reads just the header of a body, for `inspect` (the rest is not read).
pub fn decode_header_only<R: Read>(reader: R) -> Result<(Header, u32, u64), DecodeError> {
    let mut input = HashingReader { inner: reader, hasher: Sha256::new(), offset: 0 };
    decode_header(&mut input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn sample() -> (Header, Vec<HistoryEntry>, BTreeMap<String, u64>) {
        let header = Header {
            network: Network::Regtest,
            params_fingerprint: [7; 32],
            height: 690,
            block_hash: BlockHash([9; 32]),
            consensus_hash: ConsensusHash([2; 16]),
            state_digest: [3; 32],
        };
        let history = vec![
            HistoryEntry {
                height: 689,
                block_hash: BlockHash([8; 32]),
                consensus_hash: ConsensusHash([1; 16]),
            },
            HistoryEntry {
                height: 690,
                block_hash: BlockHash([9; 32]),
                consensus_hash: ConsensusHash([2; 16]),
            },
        ];
        let state: BTreeMap<String, u64> = [("a.id".to_string(), 1), ("b.id".to_string(), 2)].into();
        (header, history, state)
    }

    fn encoded() -> Vec<u8> {
        let (header, history, state) = sample();
        encode(&header, &history, &state, Vec::new()).expect("in-memory encode")
    }

    #[test]
    fn round_trip() {
        let (header, history, state) = sample();
        let body: Body<BTreeMap<String, u64>> = decode(&encoded()[..]).expect("decodes");
        assert_eq!(body, Body { header, history, state });
    }

    #[test]
    fn layout_matches_snapshot_format_md() {
        let bytes = encoded();
        assert_eq!(&bytes[..8], b"BNSSNAP\0");
        assert_eq!(&bytes[8..12], &2u32.to_le_bytes());
        assert_eq!(bytes[12], 2, "regtest network byte");
        assert_eq!(&bytes[45..49], &690u32.to_le_bytes());
        assert_eq!(&bytes[129..133], &2u32.to_le_bytes(), "history count");
        // State: a map of 2 entries with fixint lengths: 8 (len) + 2 × (8 + 4 + 8).
        assert_eq!(&bytes[133..141], &48u64.to_le_bytes(), "state length");
        assert_eq!(&bytes[141..145], &689u32.to_le_bytes(), "first history height");
        assert_eq!(&bytes[145..177], &[8u8; 32], "first history block hash");
        assert_eq!(&bytes[177..193], &[1u8; 16], "first history consensus hash");
        assert_eq!(bytes.len(), HEADER_LEN + 2 * HISTORY_ENTRY_LEN + 48 + 32);
        let checksum: [u8; 32] = Sha256::digest(&bytes[..bytes.len() - 32]).into();
        assert_eq!(&bytes[bytes.len() - 32..], &checksum);
    }

    #[test]
    fn unknown_version_is_named() {
        let mut bytes = encoded();
        bytes[8] = 1;
        let result = decode::<BTreeMap<String, u64>, _>(&bytes[..]);
        assert!(matches!(result, Err(DecodeError::UnknownVersion { found: 1, supported: 2 })));
    }

    #[test]
    fn oversized_length_fields_are_refused_before_reading() {
        let mut bytes = encoded();
        bytes[129..133].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            decode::<BTreeMap<String, u64>, _>(&bytes[..]),
            Err(DecodeError::TooLarge { field: "history count", .. })
        ));
        let mut bytes = encoded();
        bytes[133..141].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(matches!(
            decode::<BTreeMap<String, u64>, _>(&bytes[..]),
            Err(DecodeError::TooLarge { field: "state length", .. })
        ));
    }

    #[test]
    fn every_truncation_is_refused() {
        let bytes = encoded();
        for cut in 0..bytes.len() {
            assert!(decode::<BTreeMap<String, u64>, _>(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn huge_claimed_string_length_inside_state_does_not_allocate() {
        // State section claims a map with one entry whose key is 2^31 bytes long.
        let (header, history, _) = sample();
        let mut state = Vec::new();
        state.extend_from_slice(&1u64.to_le_bytes());
        state.extend_from_slice(&(1u64 << 31).to_le_bytes());
        let mut bytes =
            encode(&header, &history, &BTreeMap::<String, u64>::new(), Vec::new()).expect("encode");
        let body_end = HEADER_LEN + 2 * HISTORY_ENTRY_LEN;
        bytes.truncate(body_end);
        bytes[133..141].copy_from_slice(&(state.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&state);
        let checksum: [u8; 32] = Sha256::digest(&bytes).into();
        bytes.extend_from_slice(&checksum);
        let result = decode::<BTreeMap<String, u64>, _>(&bytes[..]);
        assert!(matches!(result, Err(DecodeError::State { .. })), "{result:?}");
    }

    #[test]
    fn trailing_bytes_are_refused() {
        let mut bytes = encoded();
        bytes.push(0);
        assert!(matches!(
            decode::<BTreeMap<String, u64>, _>(&bytes[..]),
            Err(DecodeError::TrailingBytes { extra: 1 })
        ));
    }

    #[test]
    fn state_length_disagreeing_with_state_is_refused() {
        // Claim one byte more than the state holds: the checksum byte is then taken
        // into the section and left unread (or the checksum breaks).
        let mut bytes = encoded();
        bytes[133..141].copy_from_slice(&49u64.to_le_bytes());
        assert!(decode::<BTreeMap<String, u64>, _>(&bytes[..]).is_err());
    }
}
