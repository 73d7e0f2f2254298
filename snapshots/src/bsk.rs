//! Blockstack Core `.bsk` archives (consensus spec §11.2–11.3, §11.7): the signed
//! payload is a tar stream compressed with gzip (v22) or bzip2 (≤ v21). This module
//! detects the compression, lists the tar entries and extracts them into a fresh
//! directory, refusing any entry whose name or link target could land outside it.
//!
//! It does not interpret the SQLite files inside; it only reports which backup
//! heights the archive carries (`backups/<file>.bak.<N>`, §11.1).

#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used))]

use crate::error::BskError;
use std::io::{BufRead, BufReader, Read};
use std::path::{Component, Path, PathBuf};

/// Upper bound on entries walked, so a crafted stream of empty headers terminates in
/// reasonable time (real snapshots hold a few hundred thousand zone files).
pub const MAX_ENTRIES: usize = 50_000_000;

/// The reference's state files; a backup height is usable only if all five exist (§11.1).
pub const BACKUP_FILES: [&str; 5] = [
    "blockstack-server.db",
    "blockstack-server.snapshots",
    "atlas.db",
    "subdomains.db",
    "subdomains.db.queue",
];

/// Compression of a `.bsk` payload, told apart by magic bytes (§11.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Bzip2,
}

/// Detects the compression from the first bytes of the payload.
pub fn detect(first_bytes: &[u8]) -> Result<Compression, BskError> {
    if first_bytes.starts_with(&[0x1f, 0x8b]) {
        Ok(Compression::Gzip)
    } else if first_bytes.starts_with(b"BZh") {
        Ok(Compression::Bzip2)
    } else {
        Err(BskError::UnknownCompression { found: first_bytes.iter().take(4).copied().collect() })
    }
}

/// Kind of a tar entry, as far as listing cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Directory,
    Symlink { target: String },
    HardLink { target: String },
    Other { type_byte: u8 },
}

/// One tar entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub size: u64,
    pub kind: EntryKind,
}

/// Opens the decompressed tar stream of a payload reader.
fn decompressed<'a, R: Read + 'a>(payload: R) -> Result<(Compression, Box<dyn Read + 'a>), BskError> {
    let mut buffered = BufReader::new(payload);
    let head = buffered.fill_buf().map_err(BskError::Tar)?;
    let compression = detect(head)?;
    let stream: Box<dyn Read + 'a> = match compression {
        // Multi-member readers: `gzip`/`bzip2` CLI output may hold several members.
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(buffered)),
        Compression::Bzip2 => Box::new(bzip2::bufread::MultiBzDecoder::new(buffered)),
    };
    Ok((compression, stream))
}

/// Checks that `path` is relative and stays below the extraction root; returns the
/// normalised relative path (empty for the root itself, e.g. `./`).
pub fn contained_path(path: &Path) -> Result<PathBuf, &'static str> {
    let mut clean = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => clean.push(part),
            Component::CurDir => {}
            Component::ParentDir => return Err("parent-directory component"),
            Component::RootDir | Component::Prefix(_) => return Err("absolute path"),
        }
    }
    Ok(clean)
}

fn traversal(entry: &str, reason: &'static str) -> BskError {
    BskError::PathTraversal { entry: entry.to_string(), reason }
}

fn describe(entry: &mut tar::Entry<'_, impl Read>) -> Result<Entry, BskError> {
    let path_text = entry.path().map_err(BskError::Tar)?.to_string_lossy().into_owned();
    let header = entry.header();
    let size = header.size().map_err(BskError::Tar)?;
    let link = entry.link_name().map_err(BskError::Tar)?.map(|target| target.to_string_lossy().into_owned());
    let type_byte = header.entry_type().as_byte();
    let kind = match header.entry_type() {
        tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => EntryKind::File,
        tar::EntryType::Directory => EntryKind::Directory,
        tar::EntryType::Symlink => EntryKind::Symlink { target: link.unwrap_or_default() },
        tar::EntryType::Link => EntryKind::HardLink { target: link.unwrap_or_default() },
        _ => EntryKind::Other { type_byte },
    };
    Ok(Entry { path: path_text, size, kind })
}

/// Refuses names and link targets that could resolve outside the target directory.
fn check_contained(entry: &Entry) -> Result<PathBuf, BskError> {
    let relative = contained_path(Path::new(&entry.path)).map_err(|reason| traversal(&entry.path, reason))?;
    match &entry.kind {
        EntryKind::Symlink { target } | EntryKind::HardLink { target } => {
            contained_path(Path::new(target))
                .map_err(|_| traversal(&entry.path, "link target leaves the directory"))?;
        }
        _ => {}
    }
    Ok(relative)
}

/// Lists every entry of a `.bsk` payload, refusing the archive at the first entry that
/// would escape a target directory.
pub fn list<R: Read>(payload: R) -> Result<(Compression, Vec<Entry>), BskError> {
    let (compression, stream) = decompressed(payload)?;
    let mut archive = tar::Archive::new(stream);
    let mut entries = Vec::new();
    for entry in archive.entries().map_err(BskError::Tar)? {
        if entries.len() >= MAX_ENTRIES {
            return Err(BskError::TooManyEntries { limit: MAX_ENTRIES });
        }
        let mut entry = entry.map_err(BskError::Tar)?;
        let described = describe(&mut entry)?;
        check_contained(&described)?;
        entries.push(described);
    }
    Ok((compression, entries))
}

/// Backup heights `N` present in full (all five `backups/<file>.bak.N`), ascending.
pub fn usable_backup_heights(entries: &[Entry]) -> Vec<u64> {
    let mut found: std::collections::BTreeMap<u64, std::collections::BTreeSet<&str>> = Default::default();
    for entry in entries {
        let Ok(relative) = contained_path(Path::new(&entry.path)) else { continue };
        let text = relative.to_string_lossy();
        let Some(name) = text.strip_prefix("backups/") else { continue };
        for file in BACKUP_FILES {
            let height = name
                .strip_prefix(file)
                .and_then(|rest| rest.strip_prefix(".bak."))
                .and_then(|n| n.parse::<u64>().ok());
            if let Some(height) = height {
                found.entry(height).or_default().insert(file);
            }
        }
    }
    found
        .into_iter()
        .filter(|(_, files)| files.len() == BACKUP_FILES.len())
        .map(|(height, _)| height)
        .collect()
}

/// Extracts regular files and directories into `target`, which must not exist yet.
/// Work happens in a sibling temporary directory that is renamed into place only when
/// every entry was written, so a refused or broken archive leaves nothing behind.
/// Links and special files are refused.
pub fn extract<R: Read>(payload: R, target: &Path) -> Result<usize, BskError> {
    let write_error = |path: &Path, source| BskError::Write { path: path.to_path_buf(), source };
    if target.exists() {
        return Err(write_error(target, std::io::Error::from(std::io::ErrorKind::AlreadyExists)));
    }
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let staging = tempfile::Builder::new()
        .prefix(".bsk-extract-")
        .tempdir_in(parent)
        .map_err(|e| write_error(parent, e))?;
    let count = extract_into(payload, staging.path())?;
    let staged = staging.keep();
    std::fs::rename(&staged, target).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        write_error(target, e)
    })?;
    Ok(count)
}

fn extract_into<R: Read>(payload: R, root: &Path) -> Result<usize, BskError> {
    let (_, stream) = decompressed(payload)?;
    let mut archive = tar::Archive::new(stream);
    let mut count = 0usize;
    for entry in archive.entries().map_err(BskError::Tar)? {
        if count >= MAX_ENTRIES {
            return Err(BskError::TooManyEntries { limit: MAX_ENTRIES });
        }
        let mut entry = entry.map_err(BskError::Tar)?;
        let described = describe(&mut entry)?;
        let relative = check_contained(&described)?;
        let destination = root.join(&relative);
        match described.kind {
            EntryKind::Directory => {
                std::fs::create_dir_all(&destination)
                    .map_err(|e| BskError::Write { path: destination.clone(), source: e })?;
            }
            EntryKind::File if !relative.as_os_str().is_empty() => {
                if let Some(dir) = destination.parent() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| BskError::Write { path: dir.to_path_buf(), source: e })?;
                }
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&destination)
                    .map_err(|e| BskError::Write { path: destination.clone(), source: e })?;
                std::io::copy(&mut entry, &mut file).map_err(BskError::Tar)?;
            }
            other => {
                return Err(BskError::UnsupportedEntry { entry: described.path, kind: format!("{other:?}") });
            }
        }
        count = count.saturating_add(1);
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    /// Builds a tar with the given (name, contents) files, writing names raw so that
    /// unsafe names can be produced (the `tar` builder itself refuses `..`).
    fn tar_with(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, data) in files {
            let mut header = tar::Header::new_old();
            header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_entry_type(tar::EntryType::Regular);
            header.set_cksum();
            out.extend_from_slice(header.as_bytes());
            out.extend_from_slice(data);
            out.resize(out.len().div_ceil(512) * 512, 0);
        }
        out.resize(out.len() + 1024, 0);
        out
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
        encoder.write_all(bytes).expect("in-memory write");
        encoder.finish().expect("in-memory gzip")
    }

    fn bzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::new(6));
        encoder.write_all(bytes).expect("in-memory write");
        encoder.finish().expect("in-memory bzip2")
    }

    fn reference_layout() -> Vec<u8> {
        let mut files: Vec<(String, &[u8])> = Vec::new();
        for file in BACKUP_FILES {
            files.push((format!("./backups/{file}.bak.700"), b"sqlite"));
        }
        files.push(("./backups/atlas.db.bak.556".to_string(), b"partial"));
        files.push(("zonefiles/ab/cd/abcd.txt".to_string(), b"$ORIGIN x"));
        let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        tar_with(&borrowed)
    }

    #[test]
    fn gzip_and_bzip2_payloads_are_detected_and_listed() {
        for (payload, expected) in
            [(gzip(&reference_layout()), Compression::Gzip), (bzip(&reference_layout()), Compression::Bzip2)]
        {
            let (compression, entries) = list(&payload[..]).expect("lists");
            assert_eq!(compression, expected);
            assert_eq!(entries.len(), 7);
            assert_eq!(usable_backup_heights(&entries), vec![700]);
        }
    }

    #[test]
    fn unknown_compression_is_refused() {
        assert!(matches!(list(&b"PK\x03\x04"[..]), Err(BskError::UnknownCompression { .. })));
        assert!(matches!(list(&b""[..]), Err(BskError::UnknownCompression { .. })));
    }

    #[test]
    fn path_traversal_is_refused_when_listing() {
        for name in ["../evil", "./a/../../evil", "/etc/evil"] {
            let payload = gzip(&tar_with(&[("ok", b"1"), (name, b"2")]));
            let result = list(&payload[..]);
            assert!(matches!(result, Err(BskError::PathTraversal { .. })), "{name}: {result:?}");
        }
    }

    #[test]
    fn path_traversal_extracts_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out");
        let payload = gzip(&tar_with(&[("first", b"1"), ("../escaped", b"2")]));
        assert!(matches!(extract(&payload[..], &target), Err(BskError::PathTraversal { .. })));
        assert!(!target.exists());
        assert!(!dir.path().join("escaped").exists());
        assert_eq!(std::fs::read_dir(dir.path()).expect("read").count(), 0, "staging directory was removed");
    }

    #[test]
    fn safe_archive_extracts_into_target() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out");
        let count = extract(&gzip(&reference_layout())[..], &target).expect("extracts");
        assert_eq!(count, 7);
        assert_eq!(std::fs::read(target.join("zonefiles/ab/cd/abcd.txt")).expect("read"), b"$ORIGIN x");
    }

    #[test]
    fn symlink_leaving_the_directory_is_refused() {
        let mut header = tar::Header::new_gnu();
        header.set_path("link").expect("path");
        header.set_link_name("../../etc/passwd").expect("link");
        header.set_entry_type(tar::EntryType::Symlink);
        header.set_size(0);
        header.set_cksum();
        let mut bytes = header.as_bytes().to_vec();
        bytes.resize(bytes.len() + 1024, 0);
        assert!(matches!(list(&gzip(&bytes)[..]), Err(BskError::PathTraversal { .. })));
    }

    #[test]
    fn corrupt_compressed_stream_is_an_error_not_a_panic() {
        let mut payload = gzip(&reference_layout());
        let middle = payload.len() / 2;
        payload[middle] ^= 0xff;
        assert!(list(&payload[..]).is_err());
        payload.truncate(middle);
        assert!(list(&payload[..]).is_err());
    }
}
