//! Blockstack Core `.bsk` archives (consensus spec §11.2–11.3, §11.7): the signed
//! payload is a tar stream compressed with gzip (v22) or bzip2 (≤ v21). This module
//! detects the compression, walks the tar entries one at a time (nothing is collected
//! unless the caller collects it) and extracts them into a fresh directory, refusing
//! any entry whose name or link target could land outside it.
//!
//! Hostile inputs are bounded by [`Limits`] (README, "Limits"): the size of a PAX or
//! GNU long-name header, the number of tar headers, the total decompressed bytes and
//! the compression ratio. Extension headers are read by this module (the `tar` crate
//! is used in raw mode), so a 64 MiB PAX header is refused from its size field before
//! a byte of it is read.
//!
//! It does not interpret the SQLite files inside; it only reports which backup
//! heights the archive carries (`backups/<file>.bak.<N>`, §11.1).

#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used))]

use crate::error::BskError;
use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

/// Most tar headers (entries and extension headers) walked. Real snapshots hold a few
/// hundred thousand zone files; this bounds the time a stream of empty headers takes.
pub const MAX_ENTRIES: u64 = 10_000_000;
/// Largest PAX (`x`, `g`) or GNU long-name/long-link (`L`, `K`) header accepted. Such a
/// header carries a path and a few attributes; Linux paths are at most 4 KiB.
pub const MAX_EXTENSION_HEADER_LEN: u64 = 64 * 1024;
/// Most decompressed tar bytes read (listing) or extracted (`--extract`).
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024 * 1024;
/// Past [`RATIO_GRACE_BYTES`], the decompressed stream may be at most this many times
/// the compressed bytes read so far: a bzip2 or gzip bomb stops early.
pub const MAX_COMPRESSION_RATIO: u64 = 200;
/// Decompressed bytes allowed before the ratio is enforced.
pub const RATIO_GRACE_BYTES: u64 = 1024 * 1024 * 1024;
/// Distinct backup heights tracked for [`Summary::backup_heights`].
pub const MAX_BACKUP_HEIGHTS: usize = 4096;

/// The caps applied while reading a `.bsk` payload. [`Limits::DEFAULT`] holds the named
/// constants above; tests scale them down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_entries: u64,
    pub max_extension_header_len: u64,
    pub max_total_bytes: u64,
    pub max_compression_ratio: u64,
    pub ratio_grace_bytes: u64,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_entries: MAX_ENTRIES,
        max_extension_header_len: MAX_EXTENSION_HEADER_LEN,
        max_total_bytes: MAX_TOTAL_BYTES,
        max_compression_ratio: MAX_COMPRESSION_RATIO,
        ratio_grace_bytes: RATIO_GRACE_BYTES,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

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

impl std::fmt::Display for Compression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Compression::Gzip => "gzip",
            Compression::Bzip2 => "bzip2",
        })
    }
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

impl std::fmt::Display for EntryKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EntryKind::File => f.write_str("file"),
            EntryKind::Directory => f.write_str("directory"),
            EntryKind::Symlink { target } => write!(f, "symlink to {}", printable(target)),
            EntryKind::HardLink { target } => write!(f, "hard link to {}", printable(target)),
            EntryKind::Other { type_byte } => write!(f, "tar type {}", printable_byte(*type_byte)),
        }
    }
}

fn printable_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        format!("'{}'", char::from(byte))
    } else {
        format!("0x{byte:02x}")
    }
}

/// Longest path shown by [`printable`].
pub const MAX_SHOWN_PATH_CHARS: usize = 256;

/// A name from an archive made safe for a terminal: control characters escaped, cut
/// after [`MAX_SHOWN_PATH_CHARS`] characters.
pub fn printable(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0usize;
    for c in text.chars() {
        if chars >= MAX_SHOWN_PATH_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        chars = chars.saturating_add(1);
    }
    out
}

/// One tar entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub size: u64,
    pub kind: EntryKind,
}

/// What a walk saw, without the entries themselves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub compression: Compression,
    /// Entries other than extension headers.
    pub entries: u64,
    /// Sum of the entries' sizes.
    pub total_size: u64,
    /// Backup heights `N` present in full (all five `backups/<file>.bak.N`), ascending.
    pub backup_heights: Vec<u64>,
}

/// Counters shared by the compressed and decompressed readers; a cap that is hit is
/// remembered here, so it is reported as itself whatever wraps the I/O error.
#[derive(Debug)]
struct Meter {
    limits: Limits,
    compressed: Cell<u64>,
    decompressed: Cell<u64>,
    tripped: Cell<Option<Tripped>>,
}

#[derive(Clone, Copy, Debug)]
enum Tripped {
    Total,
    Ratio { compressed: u64 },
}

impl Meter {
    /// Turns an error from the tar stream into the cap it came from, if any.
    fn error(&self, error: std::io::Error) -> BskError {
        match self.tripped.get() {
            Some(Tripped::Total) => BskError::TooManyBytes { limit: self.limits.max_total_bytes },
            Some(Tripped::Ratio { compressed }) => BskError::CompressionRatio {
                decompressed: self.decompressed.get(),
                compressed,
                limit: self.limits.max_compression_ratio,
            },
            None => BskError::Tar(error),
        }
    }
}

struct CountCompressed<R> {
    inner: R,
    meter: Rc<Meter>,
}

impl<R: Read> Read for CountCompressed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let count = self.inner.read(buf)?;
        self.meter.compressed.set(self.meter.compressed.get().saturating_add(count as u64));
        Ok(count)
    }
}

struct CapDecompressed<R> {
    inner: R,
    meter: Rc<Meter>,
}

impl<R: Read> Read for CapDecompressed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let meter = &self.meter;
        if meter.tripped.get().is_some() {
            return Err(std::io::Error::other("decompression limit reached"));
        }
        let count = self.inner.read(buf)?;
        let total = meter.decompressed.get().saturating_add(count as u64);
        meter.decompressed.set(total);
        let limits = &meter.limits;
        let compressed = meter.compressed.get();
        if total > limits.max_total_bytes {
            meter.tripped.set(Some(Tripped::Total));
        } else if total > limits.ratio_grace_bytes
            && total > compressed.saturating_mul(limits.max_compression_ratio)
        {
            meter.tripped.set(Some(Tripped::Ratio { compressed }));
        }
        if meter.tripped.get().is_some() {
            return Err(std::io::Error::other("decompression limit reached"));
        }
        Ok(count)
    }
}

/// Opens the decompressed, metered tar stream of a payload reader.
fn decompressed<'a, R: Read + 'a>(
    payload: R,
    meter: &Rc<Meter>,
) -> Result<(Compression, Box<dyn Read + 'a>), BskError> {
    let mut buffered = BufReader::new(CountCompressed { inner: payload, meter: Rc::clone(meter) });
    let head = buffered.fill_buf().map_err(BskError::Tar)?;
    let compression = detect(head)?;
    let stream: Box<dyn Read + 'a> = match compression {
        // Multi-member readers: `gzip`/`bzip2` CLI output may hold several members.
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(buffered)),
        Compression::Bzip2 => Box::new(bzip2::bufread::MultiBzDecoder::new(buffered)),
    };
    Ok((compression, Box::new(CapDecompressed { inner: stream, meter: Rc::clone(meter) })))
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
    BskError::PathTraversal { entry: printable(entry), reason }
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

/// Extension headers seen since the last real entry.
#[derive(Default)]
struct Pending {
    long_name: Option<Vec<u8>>,
    long_link: Option<Vec<u8>>,
    pax_path: Option<Vec<u8>>,
    pax_link: Option<Vec<u8>>,
    pax_size: Option<u64>,
    any: bool,
}

fn strip_nul(mut bytes: Vec<u8>) -> Vec<u8> {
    while bytes.last() == Some(&0) {
        bytes.pop();
    }
    bytes
}

/// Parses PAX records (`"<len> <key>=<value>\n"`), keeping the keys that change where
/// the next entry is or what it is called.
fn parse_pax(data: &[u8], pending: &mut Pending) -> Result<(), BskError> {
    let bad = |why: &'static str| BskError::BadExtension { why };
    let mut rest = data;
    while !rest.is_empty() && rest.iter().any(|b| *b != 0) {
        let space = rest.iter().position(|b| *b == b' ').ok_or(bad("PAX record without a length"))?;
        let len_text = std::str::from_utf8(rest.get(..space).unwrap_or_default())
            .map_err(|_| bad("PAX record length is not a number"))?;
        let len: usize = len_text.parse().map_err(|_| bad("PAX record length is not a number"))?;
        let record = rest.get(..len).ok_or(bad("PAX record runs past its header"))?;
        let body = record
            .get(space.saturating_add(1)..len.saturating_sub(1))
            .ok_or(bad("PAX record is too short"))?;
        if record.last() != Some(&b'\n') {
            return Err(bad("PAX record does not end with a newline"));
        }
        let equals = body.iter().position(|b| *b == b'=').ok_or(bad("PAX record without '='"))?;
        let (key, value) = (body.get(..equals).unwrap_or_default(), body.get(equals.saturating_add(1)..));
        let value = value.unwrap_or_default().to_vec();
        match key {
            b"path" => pending.pax_path = Some(value),
            b"linkpath" => pending.pax_link = Some(value),
            b"size" => {
                let text = std::str::from_utf8(&value).map_err(|_| bad("PAX size is not a number"))?;
                pending.pax_size = Some(text.parse().map_err(|_| bad("PAX size is not a number"))?);
            }
            _ => {}
        }
        rest = rest.get(len..).unwrap_or_default();
    }
    Ok(())
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Walks the entries of a `.bsk` payload one at a time under `limits`, calling `visit`
/// with each entry (already checked not to escape a target directory) and a reader of
/// its data. Extension headers (PAX, GNU long names) are applied, not visited.
pub fn walk<R, F>(payload: R, limits: &Limits, mut visit: F) -> Result<Summary, BskError>
where
    R: Read,
    F: FnMut(&Entry, &mut dyn Read) -> Result<(), BskError>,
{
    let meter = Rc::new(Meter {
        limits: *limits,
        compressed: Cell::new(0),
        decompressed: Cell::new(0),
        tripped: Cell::new(None),
    });
    let (compression, stream) = decompressed(payload, &meter)?;
    let mut archive = tar::Archive::new(stream);
    let mut summary = Summary { compression, entries: 0, total_size: 0, backup_heights: Vec::new() };
    let mut backups = Backups::default();
    let mut pending = Pending::default();
    let mut headers = 0u64;
    for raw in archive.entries().map_err(|e| meter.error(e))?.raw(true) {
        headers = headers.saturating_add(1);
        if headers > limits.max_entries {
            return Err(BskError::TooManyEntries { limit: limits.max_entries });
        }
        let mut entry = raw.map_err(|e| meter.error(e))?;
        let entry_type = entry.header().entry_type();
        let size = entry.size();
        let extension = entry_type.is_gnu_longname()
            || entry_type.is_gnu_longlink()
            || entry_type.is_pax_local_extensions()
            || entry_type.is_pax_global_extensions();
        if extension {
            if size > limits.max_extension_header_len {
                return Err(BskError::ExtensionTooLarge {
                    kind: printable_byte(entry_type.as_byte()),
                    size,
                    limit: limits.max_extension_header_len,
                });
            }
            let mut data = Vec::new();
            (&mut entry).take(size).read_to_end(&mut data).map_err(|e| meter.error(e))?;
            let duplicate = BskError::BadExtension { why: "two extension headers of one kind for one entry" };
            if entry_type.is_gnu_longname() {
                if pending.long_name.replace(strip_nul(data)).is_some() {
                    return Err(duplicate);
                }
            } else if entry_type.is_gnu_longlink() {
                if pending.long_link.replace(strip_nul(data)).is_some() {
                    return Err(duplicate);
                }
            } else if entry_type.is_pax_local_extensions() {
                parse_pax(&data, &mut pending)?;
            }
            pending.any = true;
            continue;
        }
        let taken = std::mem::take(&mut pending);
        if let Some(pax_size) = taken.pax_size {
            if pax_size != size {
                return Err(BskError::BadExtension {
                    why: "PAX size differs from the header size (not supported)",
                });
            }
        }
        let path = taken.long_name.or(taken.pax_path).unwrap_or_else(|| entry.path_bytes().into_owned());
        let link = taken
            .long_link
            .or(taken.pax_link)
            .or_else(|| entry.link_name_bytes().map(std::borrow::Cow::into_owned));
        let kind = match entry_type {
            tar::EntryType::Regular | tar::EntryType::Continuous => EntryKind::File,
            tar::EntryType::Directory => EntryKind::Directory,
            tar::EntryType::Symlink => EntryKind::Symlink { target: lossy(&link.unwrap_or_default()) },
            tar::EntryType::Link => EntryKind::HardLink { target: lossy(&link.unwrap_or_default()) },
            other => EntryKind::Other { type_byte: other.as_byte() },
        };
        let described = Entry { path: lossy(&path), size, kind };
        check_contained(&described)?;
        summary.entries = summary.entries.saturating_add(1);
        summary.total_size = summary.total_size.saturating_add(size);
        backups.note(&described.path);
        let visited = visit(&described, &mut entry);
        if meter.tripped.get().is_some() {
            return Err(meter.error(std::io::Error::other("limit")));
        }
        visited?;
    }
    if pending.any {
        return Err(BskError::BadExtension { why: "extension header at the end of the archive" });
    }
    summary.backup_heights = backups.usable();
    Ok(summary)
}

/// Backup heights seen so far, with which of the five files each has.
#[derive(Default)]
struct Backups {
    found: std::collections::BTreeMap<u64, u8>,
}

impl Backups {
    fn note(&mut self, path: &str) {
        let Ok(relative) = contained_path(Path::new(path)) else { return };
        let text = relative.to_string_lossy();
        let Some(name) = text.strip_prefix("backups/") else { return };
        for (bit, file) in BACKUP_FILES.iter().enumerate() {
            let height = name
                .strip_prefix(file)
                .and_then(|rest| rest.strip_prefix(".bak."))
                .and_then(|n| n.parse::<u64>().ok());
            if let Some(height) = height {
                if self.found.len() >= MAX_BACKUP_HEIGHTS && !self.found.contains_key(&height) {
                    return;
                }
                let mask = self.found.entry(height).or_default();
                *mask |= 1u8.checked_shl(u32::try_from(bit).unwrap_or(0)).unwrap_or(0);
            }
        }
    }

    fn usable(&self) -> Vec<u64> {
        self.found.iter().filter(|(_, mask)| **mask == 0b1_1111).map(|(height, _)| *height).collect()
    }
}

/// Decompresses the whole payload under `limits` without looking at the tar inside, so
/// the compression's own checksums (gzip / bzip2 CRCs) are all checked. Returns the
/// decompressed length.
pub fn check_stream<R: Read>(payload: R, limits: &Limits) -> Result<u64, BskError> {
    let meter = Rc::new(Meter {
        limits: *limits,
        compressed: Cell::new(0),
        decompressed: Cell::new(0),
        tripped: Cell::new(None),
    });
    let (_, mut stream) = decompressed(payload, &meter)?;
    std::io::copy(&mut stream, &mut std::io::sink()).map_err(|e| meter.error(e))
}

/// Lists every entry of a `.bsk` payload under the default limits, refusing the
/// archive at the first entry that would escape a target directory. Holds every entry
/// in memory: for tests and small archives; `inspect` uses [`walk`].
pub fn list<R: Read>(payload: R) -> Result<(Compression, Vec<Entry>), BskError> {
    list_with(payload, &Limits::DEFAULT)
}

/// [`list`] under explicit limits.
pub fn list_with<R: Read>(payload: R, limits: &Limits) -> Result<(Compression, Vec<Entry>), BskError> {
    let mut entries = Vec::new();
    let summary = walk(payload, limits, |entry, _| {
        entries.push(entry.clone());
        Ok(())
    })?;
    Ok((summary.compression, entries))
}

/// Backup heights `N` present in full (all five `backups/<file>.bak.N`), ascending.
pub fn usable_backup_heights(entries: &[Entry]) -> Vec<u64> {
    let mut backups = Backups::default();
    for entry in entries {
        backups.note(&entry.path);
    }
    backups.usable()
}

/// Extracts regular files and directories into `target`, which must not exist yet,
/// under the default limits. See [`extract_with`].
pub fn extract<R: Read>(payload: R, target: &Path) -> Result<Summary, BskError> {
    extract_with(payload, target, &Limits::DEFAULT)
}

/// Extracts regular files and directories into `target`, which must not exist yet.
/// Work happens in a sibling temporary directory that is renamed into place only when
/// every entry was written, so a refused, broken or interrupted extraction leaves
/// nothing behind (the directory is registered with [`crate::interrupt`]). Links and
/// special files are refused.
pub fn extract_with<R: Read>(payload: R, target: &Path, limits: &Limits) -> Result<Summary, BskError> {
    let write_error = |path: &Path, source| BskError::Write { path: path.to_path_buf(), source };
    if target.exists() {
        return Err(write_error(target, std::io::Error::from(std::io::ErrorKind::AlreadyExists)));
    }
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let staging = tempfile::Builder::new()
        .prefix(".bsk-extract-")
        .tempdir_in(parent)
        .map_err(|e| write_error(parent, e))?
        .keep();
    let guard = crate::interrupt::TempGuard::register(&staging);
    let summary = walk(payload, limits, |entry, data| write_entry(&staging, entry, data))?;
    std::fs::rename(&staging, target).map_err(|e| write_error(target, e))?;
    guard.keep();
    Ok(summary)
}

enum CopyError {
    Read(std::io::Error),
    Write(std::io::Error),
}

/// `std::io::copy`, telling a read error (the archive) from a write error (the disk).
fn copy(data: &mut dyn Read, out: &mut impl std::io::Write) -> Result<u64, CopyError> {
    let mut buffer = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let count = match data.read(&mut buffer) {
            Ok(0) => return Ok(total),
            Ok(count) => count,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CopyError::Read(e)),
        };
        out.write_all(buffer.get(..count).unwrap_or_default()).map_err(CopyError::Write)?;
        total = total.saturating_add(count as u64);
        if crate::interrupt::interrupted() {
            return Err(CopyError::Read(std::io::Error::from(std::io::ErrorKind::Interrupted)));
        }
    }
}

fn write_entry(root: &Path, entry: &Entry, data: &mut dyn Read) -> Result<(), BskError> {
    if crate::interrupt::interrupted() {
        return Err(BskError::Interrupted);
    }
    let relative = check_contained(entry)?;
    let destination = root.join(&relative);
    match &entry.kind {
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
            copy(data, &mut file).map_err(|error| match error {
                CopyError::Read(e) => BskError::Tar(e),
                CopyError::Write(e) => BskError::Write { path: destination.clone(), source: e },
            })?;
        }
        other => {
            return Err(BskError::UnsupportedEntry {
                entry: printable(&entry.path),
                kind: other.to_string(),
            });
        }
    }
    Ok(())
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
        assert_eq!(count.entries, 7);
        assert_eq!(count.backup_heights, vec![700]);
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
