//! Releasing the pages of the LMDB map a writer has touched (peak RSS, issue 12 §3).
//!
//! LMDB (without `MDB_WRITEMAP`, as here) reads the data file through one shared,
//! read-only mapping and writes committed pages with `pwrite`. Every page a commit
//! reads (the B-tree paths of its puts) stays mapped in the process, so over a long
//! replay almost the whole data file shows in the resident set: on the mainnet-shaped
//! history 1.08 GB of a 1.1 GB store, half of the peak RSS, though those pages are
//! clean page cache the kernel may drop at any time. After each commit the writer
//! drops its page-table entries for the mapping (`MADV_DONTNEED`): for a shared file
//! mapping this discards nothing (the file and the page cache keep every byte; the
//! next read maps the same page again), it only stops counting the pages as ours.
//!
//! What this does not do: change any byte of the store, or touch anonymous memory
//! (LMDB's dirty pages of the next commit are allocated as before).

use std::path::{Path, PathBuf};

/// The address range of a file's shared mapping in this process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MappedRange {
    start: usize,
    len: usize,
}

/// The mapping of `file` in `/proc/self/maps` text (`start-end perms offset dev inode
/// path`): the first shared (`s`) range whose path is exactly `file`.
fn find_in_maps(maps: &str, file: &Path) -> Option<MappedRange> {
    let wanted = file.to_str()?;
    maps.lines().find_map(|line| {
        let mut fields = line.splitn(6, ' ');
        let range = fields.next()?;
        let perms = fields.next()?;
        let path = fields.nth(3)?.trim_start();
        if path != wanted || !perms.ends_with('s') {
            return None;
        }
        let (start, end) = range.split_once('-')?;
        let start = usize::from_str_radix(start, 16).ok()?;
        let end = usize::from_str_radix(end, 16).ok()?;
        Some(MappedRange { start, len: end.checked_sub(start)? })
    })
}

/// Where this process maps `data_file` (an LMDB data file opened by this process).
pub(crate) fn locate(data_file: &Path) -> Option<MappedRange> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let canonical: PathBuf = std::fs::canonicalize(data_file).ok()?;
    let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
    find_in_maps(&maps, &canonical)
}

/// Drop this process's page-table entries for the first `used_bytes` of `range`.
/// Best effort: a failure only leaves the pages counted as before.
#[cfg(target_os = "linux")]
pub(crate) fn release(range: MappedRange, used_bytes: u64) {
    let len = usize::try_from(used_bytes).map_or(range.len, |used| used.min(range.len));
    if len == 0 {
        return;
    }
    // SAFETY: `range` is LMDB's shared, read-only mapping of the store's data file
    // (found by path in /proc/self/maps, and LMDB maps the file once for the life of
    // the environment, which outlives this call). MADV_DONTNEED on a shared file
    // mapping only removes page-table entries: no memory is freed or unmapped, and a
    // later read of any address in it (through a slice LMDB handed out, or a new
    // transaction) faults the same file contents back in. Nothing writes through
    // this mapping (no MDB_WRITEMAP), so there are no dirty mapped pages to lose.
    #[allow(unsafe_code)]
    let _ = unsafe {
        rustix::mm::madvise(range.start as *mut std::ffi::c_void, len, rustix::mm::Advice::LinuxDontNeed)
    };
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn release(_range: MappedRange, _used_bytes: u64) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_shared_mapping_of_the_exact_path() {
        let maps = "\
55d0c000-55d0d000 r--p 00000000 fd:00 11 /usr/bin/replay
7f0000000000-7f0100000000 r--s 00000000 fd:00 42 /tmp/s/data.mdb
7f0200000000-7f0200001000 r--s 00000000 fd:00 43 /tmp/s/data.mdb.old
";
        let found = find_in_maps(maps, Path::new("/tmp/s/data.mdb"));
        assert_eq!(found, Some(MappedRange { start: 0x7f00_0000_0000, len: 0x1_0000_0000 }));
        assert_eq!(find_in_maps(maps, Path::new("/tmp/s/data")), None);
        assert_eq!(find_in_maps(maps, Path::new("/usr/bin/replay")), None, "private mappings are not ours");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_released_mapping_still_reads_the_same_bytes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let identity = crate::Identity {
            fingerprint: [7; 32],
            params_json: None,
            network: "regtest".to_string(),
            params_source: "test".to_string(),
        };
        let store = crate::LmdbStore::open_writer(&dir.path().join("s"), &identity).expect("store");
        let range = locate(&store.dir().join(crate::dir::DATA_FILE)).expect("the data file is mapped");
        let before = store.fingerprint().expect("read");
        release(range, store.file_size());
        assert_eq!(store.fingerprint().expect("read after release"), before);
        assert_eq!(before, Some([7; 32]));
    }
}
