//! Our archive end to end: create is byte-identical, signatures and thresholds over
//! distinct keys, content checks each with their own reason, and bad input of every
//! kind rejected without a panic.

mod common;

use bns_engine::{ConsensusHash, Network, Params};
use bns_snapshots::archive::{self, verify};
use bns_snapshots::error::{DecodeError, TrailerError, VerifyError};
use bns_snapshots::format::{self, Header};
use bns_snapshots::trailer;
use common::*;
use std::io::Cursor;

#[test]
fn same_source_gives_byte_identical_archives() {
    let first = create_bytes(&small_source(50, 700));
    let second = create_bytes(&small_source(50, 700));
    assert_eq!(first, second);
    assert_eq!(&first[..2], &[0x1f, 0x8b]);
    assert_eq!(&first[4..8], &[0, 0, 0, 0], "gzip mtime is zero");
    assert_eq!(first[9], 255, "gzip OS byte is 'unknown'");
    assert!(first.ends_with(b"00000000"));
}

#[test]
fn signed_archive_verifies_and_returns_contents() {
    let source = small_source(50, 700);
    let file = signed_by(&create_bytes(&source), &[1, 2]);
    let verified = verify(&mut Cursor::new(&file), &policy(&[1, 2], 2)).expect("verifies");
    assert_eq!(verified.signers, vec![public(1), public(2)]);
    assert_eq!(verified.body.state, source.state);
    assert_eq!(verified.body.history, source.history);
    assert_eq!(verified.body.header.height, 700);
}

#[test]
fn threshold_counts_distinct_keys() {
    let unsigned = create_bytes(&small_source(5, 690));
    // Key 1 signs twice: one distinct key.
    let twice = signed_by(&unsigned, &[1, 1]);
    let result = verify(&mut Cursor::new(&twice), &policy(&[1, 2], 2));
    assert!(matches!(result, Err(VerifyError::ThresholdNotMet { found: 1, required: 2, .. })), "{result:?}");
    // Listing key 1 twice does not help either.
    let result = verify(&mut Cursor::new(&twice), &policy(&[1, 1], 2));
    assert!(matches!(result, Err(VerifyError::ThresholdAboveKeys { required: 2, given: 1 })), "{result:?}");
    // A signer outside the list does not count.
    let other = signed_by(&unsigned, &[3]);
    let result = verify(&mut Cursor::new(&other), &policy(&[1], 1));
    assert!(matches!(result, Err(VerifyError::ThresholdNotMet { found: 0, required: 1, .. })), "{result:?}");
    // Unsigned archive, threshold 1.
    let result = verify(&mut Cursor::new(&unsigned), &policy(&[1], 1));
    assert!(matches!(result, Err(VerifyError::ThresholdNotMet { found: 0, required: 1, .. })), "{result:?}");
}

#[test]
fn wrong_network_is_its_own_reason() {
    let file = signed_by(&create_bytes(&small_source(5, 690)), &[1]);
    let mut wrong = policy(&[1], 1);
    wrong.params = Params::mainnet();
    let result = verify(&mut Cursor::new(&file), &wrong);
    assert!(matches!(result, Err(VerifyError::WrongNetwork { .. })), "{result:?}");
}

#[test]
fn other_params_on_same_network_are_refused() {
    let file = signed_by(&create_bytes(&small_source(5, 690)), &[1]);
    let mut other = policy(&[1], 1);
    other.params.first_block = 689;
    let result = verify(&mut Cursor::new(&file), &other);
    assert!(matches!(result, Err(VerifyError::WrongParams { .. })), "{result:?}");
}

/// Builds a signed archive from hand-made parts (a producer that lies).
fn forged(header: &Header, source: &MemorySource) -> Vec<u8> {
    let mut file =
        archive::write_payload(header, &source.history, &source.state, Vec::new()).expect("in-memory");
    file.extend_from_slice(&trailer::empty_trailer());
    signed_by(&file, &[1])
}

#[test]
fn signed_but_wrong_state_digest_is_refused() {
    // The reference trusts signatures alone (§11.6); we recompute the digest.
    let source = small_source(5, 690);
    let (mut header, _) = archive::header_of(&source).expect("header");
    header.state_digest[0] ^= 1;
    let result = verify(&mut Cursor::new(forged(&header, &source)), &policy(&[1], 1));
    assert!(matches!(result, Err(VerifyError::StateDigest { .. })), "{result:?}");
}

#[test]
fn signed_but_consensus_hash_not_last_history_entry_is_refused() {
    let source = small_source(5, 690);
    let (mut header, _) = archive::header_of(&source).expect("header");
    header.consensus_hash = ConsensusHash([0xee; 16]);
    let result = verify(&mut Cursor::new(forged(&header, &source)), &policy(&[1], 1));
    assert!(matches!(result, Err(VerifyError::ConsensusHash { .. })), "{result:?}");
    let (mut header, _) = archive::header_of(&source).expect("header");
    header.height = 689;
    let result = verify(&mut Cursor::new(forged(&header, &source)), &policy(&[1], 1));
    assert!(matches!(result, Err(VerifyError::ConsensusHash { .. })), "{result:?}");
}

#[test]
fn signed_but_unordered_history_is_refused() {
    let mut source = small_source(5, 690);
    source.history.swap(0, 1);
    let (header, _) = {
        let ordered = small_source(5, 690);
        archive::header_of(&ordered).expect("header")
    };
    let result = verify(&mut Cursor::new(forged(&header, &source)), &policy(&[1], 1));
    assert!(matches!(result, Err(VerifyError::HistoryOrder { index: 1 })), "{result:?}");
}

/// Signs a payload made of the given raw body bytes (gzip applied here).
fn signed_raw_body(body: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    gzip.write_all(body).expect("in-memory");
    let mut file = gzip.finish().expect("in-memory");
    file.extend_from_slice(&trailer::empty_trailer());
    signed_by(&file, &[1])
}

fn raw_body(source: &MemorySource) -> Vec<u8> {
    let (header, history) = archive::header_of(source).expect("header");
    format::encode(&header, &history, &source.state, Vec::new()).expect("in-memory")
}

#[test]
fn unknown_version_is_refused_even_when_signed() {
    let mut body = raw_body(&small_source(5, 690));
    // Version 1 (metadata a plain string) is as unknown to this build as a future 3.
    body[8..12].copy_from_slice(&1u32.to_le_bytes());
    let result = verify(&mut Cursor::new(signed_raw_body(&body)), &policy(&[1], 1));
    assert!(
        matches!(result, Err(VerifyError::Decode(DecodeError::UnknownVersion { found: 1, .. }))),
        "{result:?}"
    );
}

#[test]
fn oversized_length_fields_are_refused_even_when_signed() {
    let mut body = raw_body(&small_source(5, 690));
    body[129..133].copy_from_slice(&0xffff_ffffu32.to_le_bytes());
    let result = verify(&mut Cursor::new(signed_raw_body(&body)), &policy(&[1], 1));
    assert!(matches!(result, Err(VerifyError::Decode(DecodeError::TooLarge { .. }))), "{result:?}");
    let mut body = raw_body(&small_source(5, 690));
    body[133..141].copy_from_slice(&(1u64 << 40).to_le_bytes());
    let result = verify(&mut Cursor::new(signed_raw_body(&body)), &policy(&[1], 1));
    assert!(matches!(result, Err(VerifyError::Decode(DecodeError::TooLarge { .. }))), "{result:?}");
    // A large but allowed history count with no bytes behind it: truncated, quickly.
    let mut body = raw_body(&small_source(5, 690));
    body[129..133].copy_from_slice(&format::MAX_HISTORY_ENTRIES.to_le_bytes());
    let result = verify(&mut Cursor::new(signed_raw_body(&body)), &policy(&[1], 1));
    assert!(result.is_err());
}

#[test]
fn unknown_network_byte_is_refused() {
    let mut body = raw_body(&small_source(5, 690));
    body[12] = 9;
    let result = verify(&mut Cursor::new(signed_raw_body(&body)), &policy(&[1], 1));
    assert!(
        matches!(result, Err(VerifyError::Decode(DecodeError::UnknownNetwork { found: 9 }))),
        "{result:?}"
    );
}

#[test]
fn a_second_gzip_member_inside_the_payload_is_refused() {
    let source = small_source(5, 690);
    let (header, history) = archive::header_of(&source).expect("header");
    let mut file = archive::write_payload(&header, &history, &source.state, Vec::new()).expect("in-memory");
    let copy = file.clone();
    file.extend_from_slice(&copy);
    file.extend_from_slice(&trailer::empty_trailer());
    let result = verify(&mut Cursor::new(signed_by(&file, &[1])), &policy(&[1], 1));
    assert!(matches!(result, Err(VerifyError::Decode(DecodeError::TrailingPayload { .. }))), "{result:?}");
}

#[test]
fn every_truncation_is_refused() {
    let file = signed_by(&create_bytes(&small_source(3, 689)), &[1]);
    for cut in 0..file.len() {
        let result = verify(&mut Cursor::new(&file[..cut]), &policy(&[1], 1));
        assert!(result.is_err(), "truncated to {cut} bytes was accepted");
    }
}

#[test]
fn every_flipped_byte_is_refused() {
    // Every offset of a small signed archive, three different flips each.
    let file = signed_by(&create_bytes(&small_source(3, 689)), &[1]);
    assert!(verify(&mut Cursor::new(&file), &policy(&[1], 1)).is_ok());
    let mut reasons = std::collections::BTreeMap::<String, usize>::new();
    for offset in 0..file.len() {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut bad = file.clone();
            bad[offset] ^= mask;
            match verify(&mut Cursor::new(&bad), &policy(&[1], 1)) {
                Ok(_) => panic!("flip {mask:#04x} at offset {offset} of {} was accepted", file.len()),
                Err(error) => {
                    let kind = format!("{error:?}");
                    let kind = kind.split(['(', ' ', '{']).next().unwrap_or_default().to_string();
                    *reasons.entry(kind).or_default() += 1;
                }
            }
        }
    }
    // Flips land in the payload (signature no longer matches) or the trailer.
    assert!(reasons.contains_key("ThresholdNotMet"), "{reasons:?}");
    assert!(reasons.contains_key("Trailer"), "{reasons:?}");
}

#[test]
fn every_flipped_byte_of_an_unsigned_payload_is_caught_or_harmless() {
    // Without a signature, the gzip CRC, the body checksum and the content checks
    // catch every flip that changes the content. The only flips that get through are
    // the unused padding bits after the last deflate block, which decode to the very
    // same body (the signature covers those bytes too).
    let file = create_bytes(&small_source(3, 689));
    let payload_len = file.len() - 8;
    let original = archive::decode_payload(&mut Cursor::new(&file), payload_len as u64).expect("decodes");
    let (mut caught, mut harmless) = (0, 0);
    for offset in 10..payload_len {
        let mut bad = file.clone();
        bad[offset] ^= 0x01;
        match archive::decode_payload(&mut Cursor::new(&bad), payload_len as u64) {
            Ok(body) if archive::check_contents(body.clone(), &Params::regtest()).is_ok() => {
                assert_eq!(body, original, "flip at {offset} changed the content and passed");
                harmless += 1;
            }
            _ => caught += 1,
        }
    }
    assert!(caught > 100, "caught {caught}, harmless {harmless}");
}

#[test]
fn garbage_files_are_refused_with_reasons() {
    let cases: [&[u8]; 4] = [b"", b"0000000", b"not a snapshot at all", b"PK\x03\x04 junk 00000000"];
    for case in cases {
        let result = verify(&mut Cursor::new(case), &policy(&[1], 1));
        assert!(result.is_err());
    }
    let result = verify(&mut Cursor::new(b"short"), &policy(&[1], 1));
    assert!(matches!(result, Err(VerifyError::Trailer(TrailerError::TooSmall { .. }))), "{result:?}");
}

#[test]
fn network_is_recorded_in_header() {
    let file = create_bytes(&small_source(3, 689));
    let body = archive::decode_payload(&mut Cursor::new(&file), (file.len() - 8) as u64).expect("decodes");
    assert_eq!(body.header.network, Network::Regtest);
}

#[test]
fn state_disagreeing_with_history_is_refused_even_when_signed() {
    // History says one consensus hash at 689, the state's own table another.
    let mut source = small_source(3, 690);
    let (header, _) = archive::header_of(&source).expect("header");
    source.history[1].consensus_hash = ConsensusHash([0x55; 16]);
    let result = verify(&mut Cursor::new(forged(&header, &source)), &policy(&[1], 1));
    assert!(matches!(result, Err(VerifyError::StateHeader { .. })), "{result:?}");
}

#[test]
fn state_last_block_disagreeing_with_header_is_refused() {
    let mut source = small_source(3, 690);
    let (header, _) = archive::header_of(&source).expect("header");
    source.state.last_block = 689;
    let result = verify(&mut Cursor::new(forged(&header, &source)), &policy(&[1], 1));
    assert!(matches!(result, Err(VerifyError::StateHeader { what: "last block", .. })), "{result:?}");
}

#[test]
fn concurrent_sign_file_calls_keep_every_signature() {
    // Issue 13 item 9: signers racing on one archive lost signatures; the archive is
    // now locked from reading the trailer to the end of the write.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.snap");
    let signers: Vec<u8> = (1..=8).collect();
    let unsigned = create_bytes(&small_source(3, 690));
    for attempt in 0..20 {
        std::fs::write(&file, &unsigned).expect("write");
        let barrier = std::sync::Barrier::new(signers.len());
        std::thread::scope(|scope| {
            for n in &signers {
                let (barrier, file) = (&barrier, &file);
                scope.spawn(move || {
                    barrier.wait();
                    archive::sign_file(file, &key(*n), false).expect("signs");
                });
            }
        });
        let bytes = std::fs::read(&file).expect("read");
        let trailer = bns_snapshots::trailer::parse(&bytes);
        let count = trailer.as_ref().map(|t| t.signatures.len());
        assert_eq!(count, Ok(signers.len()), "attempt {attempt}: signatures lost or trailer broken");
        let verified = archive::verify(&mut std::io::Cursor::new(&bytes), &policy(&signers, signers.len()));
        assert!(verified.is_ok(), "attempt {attempt}: {verified:?}");
    }
}

#[test]
fn threshold_shortfall_names_unsigned_modified_and_other_keys_for_both_kinds() {
    use bns_snapshots::error::Shortfall;
    use std::io::Write as _;
    let shortfall = |bytes: &[u8], signer: u8| match archive::check_signatures(
        &mut Cursor::new(bytes),
        &[public(signer)],
        1,
    ) {
        Err(VerifyError::ThresholdNotMet { shortfall, .. }) => shortfall,
        other => panic!("expected ThresholdNotMet, got {other:?}"),
    };
    let mut tar = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(4);
    header.set_mode(0o644);
    tar.append_data(&mut header, "backups/atlas.db.bak.700", &b"data"[..]).expect("append");
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzip.write_all(&tar.into_inner().expect("tar")).expect("gzip");
    let mut bsk = gzip.finish().expect("gzip");
    bsk.extend_from_slice(&trailer::empty_trailer());
    for unsigned in [create_bytes(&small_source(3, 690)), bsk] {
        assert_eq!(shortfall(&unsigned, 1), Shortfall::Unsigned);
        let signed = signed_by(&unsigned, &[1]);
        assert_eq!(shortfall(&signed, 2), Shortfall::OtherKeys { signatures: 1 });
        let mut modified = signed.clone();
        modified[30] ^= 0x04;
        assert!(matches!(shortfall(&modified, 1), Shortfall::Modified { signatures: 1, .. }));
    }
}
