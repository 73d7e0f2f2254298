//! The store directory, before LMDB touches it: the marker file that proves a
//! directory is ours, the writer lock (one writer per store, held for a whole run),
//! and a check of `data.mdb` against its own LMDB header, so a truncated file is an
//! error instead of a SIGBUS when its pages are mapped.
//!
//! A directory is ours if it holds `bns-store.json` with our `kind`. Anything else that
//! is not empty (another program's `data.mdb`, a text file named `data.mdb`, other
//! files) is refused, never wiped or adopted. Stores of format 1 and 2 predate the
//! marker: they are recognised (read-only) only to be refused with what to do.

use crate::error::OpenError;
use std::fs::File;
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

/// The marker file's name.
pub const MARKER_FILE: &str = "bns-store.json";
/// The writer lock file's name (flock(2), exclusive, held while a writer runs).
pub const LOCK_FILE: &str = "writer.lock";
/// The marker's `kind`.
const MARKER_KIND: &str = "bns-store";
/// LMDB's data file.
pub const DATA_FILE: &str = "data.mdb";
/// LMDB's lock file.
pub const LMDB_LOCK_FILE: &str = "lock.mdb";

/// A new store's data file while it is created (renamed to [`DATA_FILE`] once its
/// tables and version row are committed), and LMDB's lock file beside it.
pub const NEW_DATA_FILE: &str = "data.mdb.new";
pub const NEW_DATA_LOCK_FILE: &str = "data.mdb.new-lock";

/// Every file name a store directory of ours may hold.
pub const STORE_FILES: [&str; 6] =
    [MARKER_FILE, LOCK_FILE, DATA_FILE, LMDB_LOCK_FILE, NEW_DATA_FILE, NEW_DATA_LOCK_FILE];

fn io(dir: &Path) -> impl FnOnce(std::io::Error) -> OpenError + '_ {
    move |source| OpenError::Io { dir: dir.to_path_buf(), source }
}

/// What a directory holds, as far as stores go.
#[derive(Debug, PartialEq, Eq)]
pub enum DirState {
    /// Absent or empty: a new store may be created there.
    Fresh,
    /// Holds our marker.
    Ours,
    /// Holds something else (the reason says what).
    Foreign(String),
}

/// Classify `dir` without changing anything.
pub fn classify(dir: &Path) -> Result<DirState, OpenError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DirState::Fresh),
        Err(e) => return Err(io(dir)(e)),
    };
    let names: Vec<String> =
        entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    if names.is_empty() {
        return Ok(DirState::Fresh);
    }
    if names.iter().any(|n| n == MARKER_FILE) {
        let text = std::fs::read_to_string(dir.join(MARKER_FILE)).map_err(io(dir))?;
        let kind = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string));
        return Ok(match kind.as_deref() {
            Some(MARKER_KIND) => DirState::Ours,
            _ => DirState::Foreign(format!("{MARKER_FILE} is not ours")),
        });
    }
    if names.iter().any(|n| n == DATA_FILE) {
        return Ok(DirState::Foreign(format!("it holds {DATA_FILE} but no {MARKER_FILE}")));
    }
    let mut sorted = names;
    sorted.sort();
    Ok(DirState::Foreign(format!("it holds other files, e.g. {}", sorted[0])))
}

/// Write the marker into a fresh directory (created if absent).
pub fn write_marker(dir: &Path, format_version: u32) -> Result<(), OpenError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let text = serde_json::json!({
        "kind": MARKER_KIND,
        "format_version": format_version,
        "about": "a BNS v1 state store (LMDB); see store/STORE-FORMAT.md of bns-v1",
    });
    let path = dir.join(MARKER_FILE);
    let mut file = File::create(&path).map_err(io(dir))?;
    writeln!(file, "{text:#}").and_then(|()| file.sync_all()).map_err(io(dir))
}

/// The exclusive writer lock of a store directory, released on drop (closing the
/// file releases the flock, also when the process dies).
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
    pub path: PathBuf,
}

/// Take the writer lock of `dir` (which exists and is ours), without waiting: a lock
/// held by another process is `OpenError::InUse` naming its pid.
pub fn lock_writer(dir: &Path) -> Result<WriterLock, OpenError> {
    use rustix::fs::{flock, FlockOperation};
    let path = dir.join(LOCK_FILE);
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io(dir))?;
    if let Err(errno) = flock(&file, FlockOperation::NonBlockingLockExclusive) {
        if errno == rustix::io::Errno::WOULDBLOCK {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            let pid = text.trim().to_string();
            let pid = if pid.is_empty() { "unknown".to_string() } else { pid };
            return Err(OpenError::InUse { dir: dir.to_path_buf(), pid });
        }
        return Err(io(dir)(std::io::Error::from(errno)));
    }
    let pid = std::process::id();
    file.set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| writeln!(file, "{pid}"))
        .and_then(|()| file.flush())
        .map_err(io(dir))?;
    Ok(WriterLock { _file: file, path })
}

/// The pid holding the writer lock of `dir`, if a writer holds it now.
pub fn writer_pid(dir: &Path) -> Option<String> {
    match lock_writer(dir) {
        Err(OpenError::InUse { pid, .. }) => Some(pid),
        _ => None,
    }
}

/// LMDB's magic (`MDB_MAGIC`) and data version, at offset 16 of each meta page.
const MDB_MAGIC: u32 = 0xBEEF_C0DE;
const MDB_DATA_VERSION: u32 = 1;
/// Page header size (`PAGEHDRSZ`) on 64-bit builds: the meta struct follows it.
const PAGE_HEADER: u64 = 16;
/// Bytes of `MDB_meta` read: magic, version, address, mapsize, two `MDB_db` (48 bytes
/// each; the first one's `md_pad` holds the page size), `mm_last_pg`, `mm_txnid`.
const META_BYTES: usize = 136;

/// One meta page: (page size, last page number, transaction id).
fn read_meta(file: &mut File, at: u64) -> Option<(u64, u64, u64)> {
    let mut meta = [0u8; META_BYTES];
    file.seek(SeekFrom::Start(at + PAGE_HEADER)).ok()?;
    file.read_exact(&mut meta).ok()?;
    let u32_at = |o: usize| meta.get(o..o + 4).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes);
    let u64_at = |o: usize| meta.get(o..o + 8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    if u32_at(0)? != MDB_MAGIC || u32_at(4)? != MDB_DATA_VERSION {
        return None;
    }
    Some((u64::from(u32_at(24)?), u64_at(120)?, u64_at(128)?))
}

/// Check `dir/data.mdb` (if present) against its header before LMDB maps it: both
/// meta pages must carry LMDB's magic, and the file must hold every page the newer
/// meta page counts. `Ok(false)`: no data file yet.
pub fn check_data_file(dir: &Path) -> Result<bool, OpenError> {
    let path = dir.join(DATA_FILE);
    let mut file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io(dir)(e)),
    };
    let size = file.metadata().map_err(io(dir))?.len();
    let not_lmdb =
        || OpenError::NotOurs { dir: dir.to_path_buf(), reason: format!("{DATA_FILE} is not an LMDB file") };
    let Some((page, last0, txn0)) = read_meta(&mut file, 0) else {
        // Too short for one meta page: a truncated store, or not LMDB at all.
        return Err(if size < PAGE_HEADER + META_BYTES as u64 {
            OpenError::Truncated { dir: dir.to_path_buf(), size, needed: PAGE_HEADER + META_BYTES as u64 }
        } else {
            not_lmdb()
        });
    };
    if !(512..=65_536).contains(&page) || !page.is_power_of_two() {
        return Err(not_lmdb());
    }
    let Some((_, last1, txn1)) = read_meta(&mut file, page) else {
        return Err(if size < page * 2 {
            OpenError::Truncated { dir: dir.to_path_buf(), size, needed: page * 2 }
        } else {
            not_lmdb()
        });
    };
    let last = if txn1 > txn0 { last1 } else { last0 };
    let needed = last.saturating_add(1).saturating_mul(page);
    if size < needed {
        return Err(OpenError::Truncated { dir: dir.to_path_buf(), size, needed });
    }
    Ok(true)
}
