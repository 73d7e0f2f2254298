//! Issue 13 item 5: crafted `.bsk` payloads must not exhaust memory, disk or time.
//! The archives are built here (tar headers written by hand); caps that would need
//! large inputs are scaled down through `bsk::Limits`, the test-only parameter.

use bns_snapshots::bsk::{self, Limits};
use bns_snapshots::error::BskError;
use std::io::Write as _;

/// Appends one raw tar member: a header of `kind` named `name` with `data`.
fn member(tar: &mut Vec<u8>, name: &str, kind: tar::EntryType, data: &[u8]) {
    let mut header = tar::Header::new_ustar();
    header.as_ustar_mut().expect("ustar").name[..name.len()].copy_from_slice(name.as_bytes());
    header.set_size(data.len() as u64);
    header.set_mode(0o644);
    header.set_entry_type(kind);
    header.set_cksum();
    tar.extend_from_slice(header.as_bytes());
    tar.extend_from_slice(data);
    tar.resize(tar.len().div_ceil(512) * 512, 0);
}

fn end(tar: &mut Vec<u8>) {
    tar.resize(tar.len() + 1024, 0);
}

/// A PAX record `"<len> <key>=<value>\n"` (the length counts itself).
fn pax_record(key: &str, value: &[u8]) -> Vec<u8> {
    let body = key.len() + 1 + value.len() + 1;
    let mut len = body + 2;
    while format!("{len} ").len() + body != len {
        len = format!("{len} ").len() + body;
    }
    let mut out = format!("{len} {key}=").into_bytes();
    out.extend_from_slice(value);
    out.push(b'\n');
    assert_eq!(out.len(), len);
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("in-memory");
    encoder.finish().expect("in-memory")
}

fn bzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::new(9));
    encoder.write_all(bytes).expect("in-memory");
    encoder.finish().expect("in-memory")
}

#[test]
fn pax_header_of_64_mib_is_refused_from_its_size_field() {
    // The adversary's archive: a 64 MiB PAX `path` record. Before, the tar crate read it
    // whole into memory and `inspect` printed the 64 MiB path.
    let record = pax_record("path", &vec![b'a'; 64 * 1024 * 1024 - 32]);
    let mut tar = Vec::new();
    member(&mut tar, "PaxHeaders/a", tar::EntryType::XHeader, &record);
    member(&mut tar, "a", tar::EntryType::Regular, b"x");
    end(&mut tar);
    let result = bsk::list(&gzip(&tar)[..]);
    match result {
        Err(BskError::ExtensionTooLarge { size, limit, .. }) => {
            assert_eq!(size, record.len() as u64);
            assert_eq!(limit, bsk::MAX_EXTENSION_HEADER_LEN);
        }
        other => panic!("expected ExtensionTooLarge, got {:?}", other.map(|(c, e)| (c, e.len()))),
    }
}

#[test]
fn gnu_long_name_above_the_cap_is_refused() {
    let mut tar = Vec::new();
    member(&mut tar, "././@LongLink", tar::EntryType::GNULongName, &vec![b'n'; 100_000]);
    member(&mut tar, "a", tar::EntryType::Regular, b"x");
    end(&mut tar);
    assert!(matches!(bsk::list(&gzip(&tar)[..]), Err(BskError::ExtensionTooLarge { size: 100_000, .. })));
}

#[test]
fn pax_and_gnu_long_names_below_the_cap_are_applied_and_checked() {
    let long = format!("zonefiles/{}", "d/".repeat(100)) + "file.txt";
    let mut tar = Vec::new();
    member(&mut tar, "PaxHeaders/1", tar::EntryType::XHeader, &pax_record("path", long.as_bytes()));
    member(&mut tar, "short-1", tar::EntryType::Regular, b"1");
    member(&mut tar, "././@LongLink", tar::EntryType::GNULongName, format!("{long}.gnu\0").as_bytes());
    member(&mut tar, "short-2", tar::EntryType::Regular, b"2");
    end(&mut tar);
    let (_, entries) = bsk::list(&gzip(&tar)[..]).expect("lists");
    let names: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(names, [long.clone(), format!("{long}.gnu")]);

    // The escape check applies to the name the extension header gives, not the stub.
    for (kind, name, data) in [
        (tar::EntryType::XHeader, "PaxHeaders/1", pax_record("path", b"../../escaped")),
        (tar::EntryType::GNULongName, "././@LongLink", b"../../escaped\0".to_vec()),
    ] {
        let mut tar = Vec::new();
        member(&mut tar, name, kind, &data);
        member(&mut tar, "harmless", tar::EntryType::Regular, b"1");
        end(&mut tar);
        assert!(matches!(bsk::list(&gzip(&tar)[..]), Err(BskError::PathTraversal { .. })), "{kind:?}");
    }
}

#[test]
fn many_tiny_entries_stop_at_the_entry_cap() {
    let limits = Limits { max_entries: 1000, ..Limits::DEFAULT };
    let archive = |count: usize| {
        let mut tar = Vec::new();
        for index in 0..count {
            member(&mut tar, &format!("f{index}"), tar::EntryType::Regular, b"");
        }
        end(&mut tar);
        gzip(&tar)
    };
    assert_eq!(bsk::list_with(&archive(1000)[..], &limits).expect("at the cap").1.len(), 1000);
    assert!(matches!(
        bsk::list_with(&archive(1001)[..], &limits),
        Err(BskError::TooManyEntries { limit: 1000 })
    ));
    // Listing no longer collects: `walk` visits each entry and keeps only counts.
    let summary = bsk::walk(&archive(1000)[..], &limits, |_, _| Ok(())).expect("walks");
    assert_eq!(summary.entries, 1000);
}

/// A bzip2 bomb: one 16 MiB file of zeros compresses to a few hundred bytes.
fn bzip2_bomb() -> Vec<u8> {
    let mut tar = Vec::new();
    member(&mut tar, "zeros", tar::EntryType::Regular, &vec![0u8; 16 * 1024 * 1024]);
    end(&mut tar);
    bzip(&tar)
}

#[test]
fn bzip2_bomb_stops_at_the_compression_ratio_cap_and_extracts_nothing() {
    let bomb = bzip2_bomb();
    assert!(bomb.len() < 4096, "a bomb: {} bytes", bomb.len());
    let limits = Limits { ratio_grace_bytes: 1024 * 1024, ..Limits::DEFAULT };
    assert!(matches!(bsk::list_with(&bomb[..], &limits), Err(BskError::CompressionRatio { .. })));
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("out");
    let result = bsk::extract_with(&bomb[..], &target, &limits);
    assert!(matches!(result, Err(BskError::CompressionRatio { limit: bsk::MAX_COMPRESSION_RATIO, .. })));
    assert!(!target.exists());
    assert_eq!(std::fs::read_dir(dir.path()).expect("read").count(), 0, "no staging directory left");
    // Under the real limits the same archive is fine (16 MiB is below the grace).
    assert!(bsk::list(&bomb[..]).is_ok());
}

#[test]
fn total_decompressed_bytes_are_capped() {
    let mut tar = Vec::new();
    member(&mut tar, "big", tar::EntryType::Regular, &vec![7u8; 3 * 1024 * 1024]);
    end(&mut tar);
    let limits = Limits { max_total_bytes: 1024 * 1024, ..Limits::DEFAULT };
    for payload in [gzip(&tar), bzip(&tar)] {
        assert!(matches!(
            bsk::list_with(&payload[..], &limits),
            Err(BskError::TooManyBytes { limit: 1_048_576 })
        ));
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out");
        assert!(bsk::extract_with(&payload[..], &target, &limits).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).expect("read").count(), 0);
    }
}
