//! The signature trailer that Blockstack Core appends to fast-sync archives
//! (consensus spec §11.4–11.5; reference `blockstack/lib/fast_sync.py`
//! `fast_sync_inspect`, `snapshot_peek_number`, `snapshot_peek_sigb64`,
//! `fast_sync_sign_snapshot`).
//!
//! Layout, read from the end of the file:
//! `payload ‖ sig_1 ‖ len_1 ‖ … ‖ sig_N ‖ len_N ‖ count`, where `count` and every
//! `len_i` are 8 hex digits and `sig_i` is base64 text. This module only splits a
//! file into payload and signature texts and appends new ones; it does not decode
//! or check signatures (see `signing`). It never reads past the bytes it is given.

#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used))]

use crate::error::TrailerError;

/// Width of every number field in the trailer (`'{:08x}'` in the reference).
pub const NUMBER_FIELD_LEN: usize = 8;
/// The reference refuses more signatures than this (`num_signatures > 256`).
pub const MAX_SIGNATURE_COUNT: u32 = 256;
/// The reference refuses a longer signature text (`sigb64_len > 100`).
pub const MAX_SIGNATURE_TEXT_LEN: u32 = 100;

/// A parsed trailer: where the payload ends and the signature texts found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trailer {
    /// Bytes `0 .. payload_size` are the signed payload.
    pub payload_size: usize,
    /// Offset of the count field: the next signature is written here.
    pub sig_append_offset: usize,
    /// Signature texts in file order (first appended first). The reference lists them
    /// last-appended first; the order does not change which keys verify.
    pub signatures: Vec<String>,
}

/// Reads one 8-hex-digit field ending at `end`.
///
/// The reference uses Python's `int(text, 16)`, which also takes surrounding spaces,
/// a sign, a `0x` prefix or upper case. Its writer only ever emits `'{:08x}'`, so we
/// accept exactly 8 hex digits (either case) and refuse the rest:
/// see `trailer_number_field_is_stricter_than_python_int`.
fn read_number_field(file: &[u8], end: usize, field: &'static str) -> Result<(u32, usize), TrailerError> {
    let start = end.checked_sub(NUMBER_FIELD_LEN).ok_or(TrailerError::Truncated { field, offset: end })?;
    let text = file.get(start..end).ok_or(TrailerError::Truncated { field, offset: end })?;
    if !text.iter().all(u8::is_ascii_hexdigit) {
        return Err(TrailerError::NotHex { field, offset: start });
    }
    // 8 hex digits always fit in a u32.
    let text = std::str::from_utf8(text).map_err(|_| TrailerError::NotHex { field, offset: start })?;
    let value = u32::from_str_radix(text, 16).map_err(|_| TrailerError::NotHex { field, offset: start })?;
    Ok((value, start))
}

/// The longest trailer the reference can parse: the count plus 256 × (100 + 8).
pub const MAX_TRAILER_LEN: usize = NUMBER_FIELD_LEN + 256 * (100 + NUMBER_FIELD_LEN);

/// Splits `file` into payload and signatures (reference `fast_sync_inspect`).
pub fn parse(file: &[u8]) -> Result<Trailer, TrailerError> {
    parse_tail(file, 0)
}

/// Reads the trailer of a file of any size from its last bytes (at most
/// [`MAX_TRAILER_LEN`] are ever needed), so a multi-gigabyte archive is not loaded.
pub fn read_from<R: std::io::Read + std::io::Seek>(
    file: &mut R,
) -> Result<Trailer, crate::error::VerifyError> {
    use std::io::SeekFrom;
    let io = |source: std::io::Error| crate::error::VerifyError::Io { source };
    let file_len = file.seek(SeekFrom::End(0)).map_err(io)?;
    let tail_len = file_len.min(MAX_TRAILER_LEN as u64);
    let tail_start = file_len.saturating_sub(tail_len);
    file.seek(SeekFrom::Start(tail_start)).map_err(io)?;
    let mut tail = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(&mut *file, tail_len), &mut tail).map_err(io)?;
    let base = usize::try_from(tail_start).map_err(|_| TrailerError::TooSmall { size: usize::MAX })?;
    Ok(parse_tail(&tail, base)?)
}

/// Parses a trailer from `tail`, the last bytes of a file, which start at absolute
/// offset `base`. Offsets in the result and in errors are absolute. If `tail` is not
/// the whole file it must be at least [`MAX_TRAILER_LEN`] long.
fn parse_tail(tail: &[u8], base: usize) -> Result<Trailer, TrailerError> {
    let trailer = parse_local(tail).map_err(|error| shift_error(error, base))?;
    Ok(Trailer {
        payload_size: trailer.payload_size.saturating_add(base),
        sig_append_offset: trailer.sig_append_offset.saturating_add(base),
        signatures: trailer.signatures,
    })
}

fn shift_error(error: TrailerError, base: usize) -> TrailerError {
    match error {
        TrailerError::Truncated { field, offset } => {
            TrailerError::Truncated { field, offset: offset.saturating_add(base) }
        }
        TrailerError::NotHex { field, offset } => {
            TrailerError::NotHex { field, offset: offset.saturating_add(base) }
        }
        TrailerError::TooSmall { size } => TrailerError::TooSmall { size: size.saturating_add(base) },
        other => other,
    }
}

fn parse_local(file: &[u8]) -> Result<Trailer, TrailerError> {
    if file.len() < NUMBER_FIELD_LEN {
        return Err(TrailerError::TooSmall { size: file.len() });
    }
    let (count, mut cursor) = read_number_field(file, file.len(), "signature count")?;
    if count > MAX_SIGNATURE_COUNT {
        return Err(TrailerError::TooManySignatures { count });
    }
    let sig_append_offset = cursor;
    let mut signatures = Vec::new();
    for index in 0..count {
        let (text_len, len_start) = read_number_field(file, cursor, "signature length")?;
        if text_len > MAX_SIGNATURE_TEXT_LEN {
            return Err(TrailerError::SignatureTooLong { index, len: text_len });
        }
        let text_len =
            usize::try_from(text_len).map_err(|_| TrailerError::SignatureTooLong { index, len: text_len })?;
        let sig_start = len_start
            .checked_sub(text_len)
            .ok_or(TrailerError::Truncated { field: "signature", offset: len_start })?;
        let text = file
            .get(sig_start..len_start)
            .ok_or(TrailerError::Truncated { field: "signature", offset: len_start })?;
        // The reference checks the text decodes as base64 here (`snapshot_peek_sigb64`).
        let text = std::str::from_utf8(text).map_err(|_| TrailerError::NotBase64 { index })?;
        if crate::signing::decode_base64(text).is_none() {
            return Err(TrailerError::NotBase64 { index });
        }
        signatures.push(text.to_string());
        cursor = sig_start;
    }
    signatures.reverse();
    Ok(Trailer { payload_size: cursor, sig_append_offset, signatures })
}

/// The bytes that follow a payload carrying no signature: a count of zero.
///
/// The reference parses such a trailer (count 0, no signatures), and signing one
/// appends exactly as for an already-signed file, so a file we create is never
/// ambiguous about where its payload ends.
pub fn empty_trailer() -> [u8; NUMBER_FIELD_LEN] {
    *b"00000000"
}

/// Returns `file` with `signature_text` appended as the reference's
/// `fast_sync_sign_snapshot` would: written over the old count, followed by its length
/// and the new count. With `first = true` the whole file is the payload.
pub fn append_signature(file: &[u8], signature_text: &str, first: bool) -> Result<Vec<u8>, TrailerError> {
    let (keep, count) = if first {
        (file.len(), 0)
    } else {
        let trailer = parse(file)?;
        (trailer.sig_append_offset, trailer.signatures.len())
    };
    let text_len = u32::try_from(signature_text.len()).unwrap_or(u32::MAX);
    if text_len > MAX_SIGNATURE_TEXT_LEN {
        return Err(TrailerError::SignatureTooLong { index: 0, len: text_len });
    }
    let new_count = u32::try_from(count).ok().and_then(|c| c.checked_add(1)).unwrap_or(u32::MAX);
    if new_count > MAX_SIGNATURE_COUNT {
        return Err(TrailerError::TooManySignatures { count: new_count });
    }
    let head = file.get(..keep).ok_or(TrailerError::TooSmall { size: file.len() })?;
    let mut out =
        Vec::with_capacity(keep.saturating_add(signature_text.len()).saturating_add(2 * NUMBER_FIELD_LEN));
    out.extend_from_slice(head);
    out.extend_from_slice(signature_text.as_bytes());
    out.extend_from_slice(format!("{text_len:08x}").as_bytes());
    out.extend_from_slice(format!("{new_count:08x}").as_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Consensus spec §11.9.
    const VECTOR_PAYLOAD: &[u8] = b"blockstack fast-sync test payload\n";
    const VECTOR_TRAILER: &str =
        "GEKLzRF085G7uZD8B5LmZ7wqnfo2Sd1xW0I6azTQydlqmbjyHDPfl6CJlulc0+HISmprMcaQ5TbMuUu4ZzYAtw==0000005800000001";

    fn vector_file() -> Vec<u8> {
        let mut file = VECTOR_PAYLOAD.to_vec();
        file.extend_from_slice(VECTOR_TRAILER.as_bytes());
        file
    }

    #[test]
    fn spec_11_9_vector_parses() {
        let trailer = parse(&vector_file()).expect("spec vector parses");
        assert_eq!(trailer.payload_size, 34);
        assert_eq!(trailer.signatures.len(), 1);
        assert_eq!(trailer.signatures[0].len(), 0x58);
        assert_eq!(trailer.sig_append_offset, vector_file().len() - 8);
    }

    #[test]
    fn append_then_parse_round_trips_in_file_order() {
        let mut file = VECTOR_PAYLOAD.to_vec();
        file.extend_from_slice(&empty_trailer());
        let once = append_signature(&file, "AAAA", false).expect("append");
        let twice = append_signature(&once, "BBBB", false).expect("append");
        assert_eq!(&twice[34..], b"AAAA00000004BBBB0000000400000002");
        let trailer = parse(&twice).expect("parse");
        assert_eq!(trailer.payload_size, 34);
        assert_eq!(trailer.signatures, vec!["AAAA".to_string(), "BBBB".to_string()]);
    }

    #[test]
    fn first_signature_on_a_bare_payload_matches_reference_layout() {
        let file = append_signature(VECTOR_PAYLOAD, "AAAA", true).expect("append");
        assert_eq!(&file[34..], b"AAAA0000000400000001");
    }

    #[test]
    fn count_zero_trailer_is_a_payload_with_no_signatures() {
        let mut file = b"xyz".to_vec();
        file.extend_from_slice(&empty_trailer());
        let trailer = parse(&file).expect("parse");
        assert_eq!(trailer.payload_size, 3);
        assert!(trailer.signatures.is_empty());
    }

    #[test]
    fn count_above_256_is_refused_like_reference() {
        let file = b"payload00000101";
        assert_eq!(parse(file), Err(TrailerError::TooManySignatures { count: 257 }));
        let at_limit = b"payload00000100";
        // 256 is allowed by the count check; the file is then too short for them.
        assert!(matches!(parse(at_limit), Err(TrailerError::Truncated { .. })));
    }

    #[test]
    fn signature_length_above_100_is_refused_like_reference() {
        let file = b"payload0000006500000001";
        assert_eq!(parse(file), Err(TrailerError::SignatureTooLong { index: 0, len: 101 }));
    }

    #[test]
    fn trailer_number_field_is_stricter_than_python_int() {
        // Python's int(' 0000001', 16) == 1 and int('-0000001', 16) == -1; the reference
        // writer never produces these, we refuse them.
        assert!(matches!(parse(b"abc 0000001"), Err(TrailerError::NotHex { .. })));
        assert!(matches!(parse(b"abc-0000001"), Err(TrailerError::NotHex { .. })));
        assert!(matches!(parse(b"abc0x000001"), Err(TrailerError::NotHex { .. })));
        // Upper case is what int(.., 16) also takes, and harmless.
        assert!(parse(b"abc0000000A").is_err_and(|e| matches!(e, TrailerError::Truncated { .. })));
    }

    #[test]
    fn read_from_a_large_file_uses_only_the_tail() {
        let mut file = vec![b'x'; 3 * MAX_TRAILER_LEN];
        file.extend_from_slice(&empty_trailer());
        let once = append_signature(&file, "AAAA", false).expect("append");
        let trailer = read_from(&mut std::io::Cursor::new(&once)).expect("reads");
        assert_eq!(trailer, parse(&once).expect("parses"));
        assert_eq!(trailer.payload_size, 3 * MAX_TRAILER_LEN);
    }

    #[test]
    fn too_small_and_truncated_files_are_refused() {
        assert_eq!(parse(b"0000000"), Err(TrailerError::TooSmall { size: 7 }));
        assert!(matches!(parse(b"00000001"), Err(TrailerError::Truncated { .. })));
        assert!(matches!(parse(b"AA0000005800000001"), Err(TrailerError::Truncated { .. })));
    }

    #[test]
    fn non_base64_signature_text_is_refused() {
        assert_eq!(parse(b"xx!!!!0000000400000001"), Err(TrailerError::NotBase64 { index: 0 }));
    }
}
