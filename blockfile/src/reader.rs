//! Reading Bitcoin Core block files as a running node leaves them: `blkNNNNN.dat` in
//! numeric order, de-obfuscated with `xor.dat` by absolute file offset, records found by
//! their network magic. Read-only positional reads, or reads in place from a read-only
//! mapping (see [`BlkFile::map`], [`BlkFile::map_growing`]); no locks, no LevelDB.
//!
//! Record rules (same as the oracle's `btcblk.iter_blk_records`): look for the magic
//! from the current position; stop when fewer than 8 bytes remain after it; a record
//! whose size is below 80, above [`MAX_BLOCK_SERIALIZED_SIZE`] or runs past the end of
//! the file is skipped by resuming the search one byte after its magic; otherwise the record is taken and the search goes
//! on right after it. Zero padding, junk and a truncated last record all fall out of
//! these rules.

use crate::error::ReadBlockError;
use crate::network::find_subslice;
use crate::xor::{apply_xor, XorKey};
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// Size of a block header.
pub const HEADER_SIZE: usize = 80;
/// The largest block a record may hold: Bitcoin's consensus limit of 4,000,000 weight
/// units (`MAX_BLOCK_WEIGHT`, BIP 141) bounds the serialized size too, since every byte
/// weighs at least 1 (Bitcoin Core's `MAX_BLOCK_SERIALIZED_SIZE` in consensus.h). A
/// record claiming more cannot hold a valid block and is skipped like a short one, so a
/// crafted size field (0xFFFFFFFF) never makes us read gigabytes.
pub const MAX_BLOCK_SERIALIZED_SIZE: u32 = 4_000_000;
/// Bytes of the record framing before a block: magic and size.
pub const RECORD_HEADER_SIZE: usize = 8;
/// Bytes read per step when searching for a magic.
const SEARCH_CHUNK: usize = 64 * 1024;

/// One `blkNNNNN.dat` file, opened read-only.
#[derive(Debug)]
pub struct BlkFile {
    pub number: u32,
    pub path: PathBuf,
    file: File,
    /// Length when opened; bytes a running node appends later are not seen.
    pub len: u64,
    /// Modification time when opened (with `len`, what [`BlkFile::check_unchanged`]
    /// compares).
    modified: Option<std::time::SystemTime>,
    key: Option<XorKey>,
    /// The file mapped read-only (see [`BlkFile::map`]).
    map: Option<mapped::Map>,
    /// A running node may still append to this file ([`BlkFile::map_growing`]).
    growing: bool,
}

/// A block record: where its bytes are and its raw 80-byte header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Offset of the block's first byte (after magic and size).
    pub offset: u64,
    pub size: u32,
    pub header: [u8; HEADER_SIZE],
}

/// List `blk*.dat` files of `dir` as (number, path), sorted by number.
pub fn list_blk_files(dir: &Path) -> Result<Vec<(u32, PathBuf)>, ReadBlockError> {
    if !dir.is_dir() {
        return Err(ReadBlockError::MissingDir { dir: dir.to_path_buf() });
    }
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(dir, 0, e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, 0, e))?;
        let name = entry.file_name();
        if let Some(number) = blk_file_number(&name.to_string_lossy()) {
            files.push((number, entry.path()));
        }
    }
    files.sort();
    if files.is_empty() {
        // A node's datadir instead of its blocks/ directory is the likely mistake.
        let hint = ["blocks", "testnet3/blocks", "testnet4/blocks", "signet/blocks", "regtest/blocks"]
            .iter()
            .map(|sub| dir.join(sub))
            .find(|sub| sub.is_dir() && list_blk_files(sub).is_ok())
            .map(|sub| format!(" (did you mean {}?)", sub.display()))
            .unwrap_or_default();
        return Err(ReadBlockError::NoBlockFiles { dir: dir.to_path_buf(), hint });
    }
    Ok(files)
}

/// `blk00042.dat` → 42 (digits only, like the oracle's `^blk(\d+)\.dat$`).
fn blk_file_number(name: &str) -> Option<u32> {
    let digits = name.strip_prefix("blk")?.strip_suffix(".dat")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn io_error(file: &Path, offset: u64, source: std::io::Error) -> ReadBlockError {
    ReadBlockError::Io { file: file.to_path_buf(), offset, source }
}

impl BlkFile {
    /// Open a block file; a FIFO, device or directory is refused (non-blocking open,
    /// then the type of what was opened), so it cannot hang the run.
    pub fn open(number: u32, path: &Path, key: Option<XorKey>) -> Result<BlkFile, ReadBlockError> {
        let file = crate::input::open_regular(path)?;
        let meta = file.metadata().map_err(|e| io_error(path, 0, e))?;
        let (len, modified) = (meta.len(), meta.modified().ok());
        Ok(BlkFile { number, path: path.to_path_buf(), file, len, modified, key, map: None, growing: false })
    }

    /// Whether the file is mapped (reads in place possible).
    pub fn is_mapped(&self) -> bool {
        self.map.is_some()
    }

    /// Fail when the file's length or modification time differ from when it was
    /// opened (`fstat`): someone truncated or rewrote it. Checked before every read
    /// from the mapping, so a truncation is reported as an error naming the file
    /// instead of a SIGBUS when a page past the new end is touched.
    pub fn check_unchanged(&self) -> Result<(), ReadBlockError> {
        let meta = self.file.metadata().map_err(|e| io_error(&self.path, 0, e))?;
        if meta.len() != self.len || meta.modified().ok() != self.modified {
            return Err(ReadBlockError::Changed { file: self.path.clone(), was: self.len, now: meta.len() });
        }
        Ok(())
    }

    /// Map the file, so blocks are read in place instead of copied out by `pread`
    /// (the copy was a quarter of replay's CPU time). For files the node has finished:
    /// their length and modification time must stay as they were at open (checked
    /// before each block). Bitcoin Core appends to and finally truncates only its
    /// newest files: those take [`BlkFile::map_growing`]. A mapped page cut off by a
    /// truncation would kill the process (SIGBUS) but for the checks and the guard
    /// ([`crate::truncation_guard`]). Failure to map just keeps `pread`.
    pub fn map(&mut self) {
        if self.len > 0 {
            self.map = mapped::Map::new(&self.file, &self.path);
        }
    }

    /// [`BlkFile::map`] for one of the newest files, which a running node may still be
    /// appending to (changing its length and modification time) and finally truncates
    /// to cut the space it preallocated past its last block. Neither touches a block
    /// already written, so before each block only this is checked: the file still holds
    /// the block's bytes. A truncation below a block, the only change that could
    /// fault, is an error as in [`BlkFile::check_unchanged`] (and the SIGBUS guard
    /// covers the window while the block is read). `pread` for these files instead
    /// cost 6% of a replay's CPU on a 2.3 GB chain with 18 files (a fresh buffer per
    /// block in flight: BENCHMARKS.md "Reading blk files").
    pub fn map_growing(&mut self) {
        self.map();
        self.growing = true;
    }

    /// Fail when the file no longer holds `..end` (someone cut it below that).
    fn check_holds(&self, end: u64) -> Result<(), ReadBlockError> {
        let meta = self.file.metadata().map_err(|e| io_error(&self.path, 0, e))?;
        if meta.len() < end {
            return Err(ReadBlockError::Changed { file: self.path.clone(), was: self.len, now: meta.len() });
        }
        Ok(())
    }

    /// Done with the mapped bytes `offset..offset + len`: drop them from this process's
    /// memory (they stay in the page cache). Without this every page read stays mapped
    /// and counts in the resident size: the whole chain on mainnet.
    pub fn release(&self, offset: u64, len: usize) {
        if let (Some(map), Ok(start)) = (self.map.as_ref(), usize::try_from(offset)) {
            map.release(start, len);
        }
    }

    /// Map the pages of `offset..offset + len` now when all are in the page cache, in
    /// one system call instead of a page fault every 64 KiB (warm: −1.6% of a replay's
    /// CPU); cold, populating would read the block synchronously before the walk
    /// starts (measured slower), so those pages are left alone. Only a hint.
    pub fn populate_if_cached(&self, offset: u64, len: usize) {
        if let (Some(map), Ok(start)) = (self.map.as_ref(), usize::try_from(offset)) {
            map.populate_if_cached(start, len);
        }
    }

    /// The block bytes at `offset` as they lie in the mapped file, when that is what
    /// they are (mapped, in range, no XOR key); `None` means: use `read_at`. An error
    /// when the file changed since it was opened ([`BlkFile::check_unchanged`]).
    ///
    /// What remains: a truncation after this check, while the caller still works on
    /// the returned bytes, faults (SIGBUS) on a page past the new end. A process that
    /// installed [`crate::truncation_guard::install`] turns that fault into this same
    /// error's message and exit code 3; reading every block with `pread` instead would
    /// cost +14% CPU for a replay (measured, BENCHMARKS.md "Reading blk files: mmap vs
    /// pread").
    pub fn bytes_in_place(&self, offset: u64, len: usize) -> Result<Option<&[u8]>, ReadBlockError> {
        if self.key.is_some() {
            return Ok(None);
        }
        let Some(map) = self.map.as_ref() else { return Ok(None) };
        let Some(range) = usize::try_from(offset).ok().and_then(|s| Some(s..s.checked_add(len)?)) else {
            return Ok(None);
        };
        if range.end > map.bytes().len() {
            return Ok(None);
        }
        if self.growing {
            self.check_holds(range.end as u64)?;
        } else {
            self.check_unchanged()?;
        }
        Ok(map.bytes().get(range))
    }

    /// Fill `buf` with the de-obfuscated bytes at `offset` (must lie within `len`).
    pub fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<(), ReadBlockError> {
        // Always pread, even when mapped: a touch of a mapped page maps its whole
        // page-cache folio (up to megabytes), which the small reads of the header
        // index would leave resident for every block of the chain.
        if let Err(e) = self.file.read_exact_at(buf, offset) {
            // A read past the end of a file we measured at open: someone cut it.
            self.check_unchanged()?;
            return Err(io_error(&self.path, offset, e));
        }
        if let Some(key) = &self.key {
            apply_xor(buf, offset, key);
        }
        Ok(())
    }

    /// Tell the kernel these bytes will be read soon, so it reads them from disk in the
    /// background (`posix_fadvise(WILLNEED)`). Only a hint: errors are ignored.
    pub fn will_need(&self, offset: u64, len: u64) {
        if let Some(len) = std::num::NonZeroU64::new(len) {
            let _ = rustix::fs::fadvise(&self.file, offset, Some(len), rustix::fs::Advice::WillNeed);
        }
    }

    /// The bytes of `record`'s block.
    pub fn read_block(&self, offset: u64, size: u32) -> Result<Vec<u8>, ReadBlockError> {
        let mut buf = vec![0u8; size as usize];
        self.read_at(offset, &mut buf)?;
        Ok(buf)
    }

    /// Up to `max` bytes from the start of the file (for network detection).
    pub fn read_prefix(&self, max: usize) -> Result<Vec<u8>, ReadBlockError> {
        let n = usize::try_from(self.len).unwrap_or(usize::MAX).min(max);
        let mut buf = vec![0u8; n];
        self.read_at(0, &mut buf)?;
        Ok(buf)
    }

    /// First position ≥ `from` where `magic` starts, if any.
    fn find_magic(&self, from: u64, magic: &[u8; 4]) -> Result<Option<u64>, ReadBlockError> {
        let mut pos = from;
        let mut buf = vec![0u8; SEARCH_CHUNK];
        while pos.saturating_add(4) <= self.len {
            let n = usize::try_from(self.len - pos).unwrap_or(usize::MAX).min(SEARCH_CHUNK);
            let chunk = &mut buf[..n];
            self.read_at(pos, chunk)?;
            if let Some(i) = find_subslice(chunk, magic) {
                return Ok(Some(pos + i as u64));
            }
            if n < SEARCH_CHUNK {
                return Ok(None);
            }
            // Overlap by 3 bytes so a magic split across chunks is still found.
            pos += (n - 3) as u64;
        }
        Ok(None)
    }

    /// Every block record of the file, in file order (see the module rules).
    pub fn records(&self, magic: &[u8; 4]) -> Result<Vec<Record>, ReadBlockError> {
        let mut records = Vec::new();
        let mut pos = 0u64;
        let mut head = [0u8; 8 + HEADER_SIZE];
        loop {
            // Fast path: the next record starts right here.
            let fast = pos + 8 + HEADER_SIZE as u64 <= self.len && {
                self.read_at(pos, &mut head)?;
                head[..4] == magic[..]
            };
            let at = if fast {
                pos
            } else {
                match self.find_magic(pos, magic)? {
                    Some(at) => at,
                    None => return Ok(records),
                }
            };
            if at + 8 > self.len {
                return Ok(records);
            }
            let mut size_bytes = [0u8; 4];
            if fast {
                size_bytes.copy_from_slice(&head[4..8]);
            } else {
                self.read_at(at + 4, &mut size_bytes)?;
            }
            let size = u32::from_le_bytes(size_bytes);
            let end = at + 8 + u64::from(size);
            if !plausible_size(size) || end > self.len {
                pos = at + 1;
                continue;
            }
            let mut header = [0u8; HEADER_SIZE];
            if fast {
                header.copy_from_slice(&head[8..]);
            } else {
                self.read_at(at + 8, &mut header)?;
            }
            records.push(Record { offset: at + 8, size, header });
            pos = end;
        }
    }
}

/// A record size that can hold a block: a header at least, the consensus maximum at most.
fn plausible_size(size: u32) -> bool {
    (HEADER_SIZE as u32..=MAX_BLOCK_SERIALIZED_SIZE).contains(&size)
}

/// One `magic | size (u32 LE) | block` record, as it lies in a file before any xor.
pub fn record_bytes(magic: &[u8; 4], block: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(RECORD_HEADER_SIZE + block.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&u32::try_from(block.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(block);
    out
}

/// The record rules over bytes in memory, written as directly as the oracle's loop:
/// the model the file reader is checked against (tests, fuzz target `blockfile`).
pub fn records_in_slice(data: &[u8], magic: &[u8; 4]) -> Vec<(u64, u32)> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while let Some(found) = data.get(pos..).and_then(|rest| find_subslice(rest, magic)) {
        let at = pos + found;
        let Some(size_bytes) = data.get(at + 4..at + 8) else { break };
        let size = u32::from_le_bytes([size_bytes[0], size_bytes[1], size_bytes[2], size_bytes[3]]);
        let end = (at + 8).saturating_add(size as usize);
        if !plausible_size(size) || end > data.len() {
            pos = at + 1;
            continue;
        }
        out.push(((at + 8) as u64, size));
        pos = end;
    }
    out
}

/// The one unsafe operation of block reading: mapping a file.
mod mapped {
    #![allow(unsafe_code)]

    use crate::truncation_guard::{register, Registration};

    /// The mapping and its registration with the SIGBUS guard (declared first so it is
    /// dropped, unregistering, before the mapping goes away).
    #[derive(Debug)]
    pub struct Map(#[allow(dead_code)] Registration, memmap2::Mmap);

    impl Map {
        pub fn new(file: &std::fs::File, path: &std::path::Path) -> Option<Map> {
            // SAFETY: the mapping is read-only and private to this process. What memmap2
            // cannot rule out is another process changing the file while it is mapped:
            // Bitcoin Core never rewrites a block it has written. It only appends to its
            // newest files (bytes past the blocks indexed at open, never read from this
            // mapping), truncates them past their last block, and deletes old files
            // whole (pruning; a deleted file stays mapped intact). Any other truncation
            // is caught by the length check before each block and, inside one block, by
            // the SIGBUS guard.
            let map = unsafe { memmap2::Mmap::map(file) }.ok()?;
            Some(Map(register(&map, path), map))
        }

        pub fn bytes(&self) -> &[u8] {
            &self.1
        }

        /// Map the pages of a range now (`madvise(MADV_POPULATE_READ)`, one system call)
        /// when every one of them is already in the page cache (`mincore`); pages
        /// still on disk are left to the faults and the read-ahead, which overlap the
        /// reading with the walk.
        pub fn populate_if_cached(&self, offset: usize, len: usize) {
            const PAGE: usize = 4096;
            if len == 0 || offset.checked_add(len).is_none_or(|end| end > self.1.len()) {
                return;
            }
            let start = offset / PAGE * PAGE;
            let end = (offset + len).div_ceil(PAGE) * PAGE;
            let mut resident = vec![0u8; (end - start) / PAGE];
            // SAFETY: `start..end` lies in this mapping (the map starts page-aligned and
            // its last page is whole in memory); `resident` has one byte per page.
            let ok = unsafe {
                libc::mincore(
                    self.1.as_ptr().add(start) as *mut libc::c_void,
                    end - start,
                    resident.as_mut_ptr(),
                )
            } == 0;
            if ok && resident.iter().all(|r| r & 1 == 1) {
                let _ = self.1.advise_range(memmap2::Advice::PopulateRead, offset, len);
            }
        }

        /// `madvise(MADV_DONTNEED)` on a range (rounded out to whole pages).
        pub fn release(&self, offset: usize, len: usize) {
            if offset.checked_add(len).is_none_or(|end| end > self.1.len()) {
                return;
            }
            // SAFETY: the mapping is read-only and backed by a file nobody writes (see
            // `new`): dropping its pages only makes the next access fault them in again
            // from the page cache with the same bytes, so every live reference into the
            // map (other threads may be reading a neighbouring block) still sees what it
            // saw. It is a hint; failure changes nothing.
            let _ = unsafe { self.1.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, offset, len) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xor::load_xor_key;
    use std::io::Write;

    fn magic() -> [u8; 4] {
        crate::ChainNetwork::Regtest.magic()
    }

    fn record(fill: u8, size: u32) -> Vec<u8> {
        let mut out = magic().to_vec();
        out.extend_from_slice(&size.to_le_bytes());
        out.extend(std::iter::repeat_n(fill, size as usize));
        out
    }

    fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::File::create(&path).unwrap().write_all(bytes).unwrap();
        path
    }

    #[test]
    fn skips_padding_junk_short_and_truncated_records() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = vec![0u8; 5];
        bytes.extend(record(1, 100));
        bytes.extend([7u8, 7, 7]); // junk
        bytes.extend(record(2, 79)); // too small: skipped
        bytes.extend(vec![0u8; 64]); // padding
        bytes.extend(record(3, 90));
        let mut truncated = record(4, 200);
        truncated.truncate(150);
        bytes.extend(truncated);
        let path = write_file(dir.path(), "blk00000.dat", &bytes);
        let file = BlkFile::open(0, &path, None).unwrap();
        let records = file.records(&magic()).unwrap();
        let summary: Vec<(u32, u8)> = records.iter().map(|r| (r.size, r.header[0])).collect();
        assert_eq!(summary, vec![(100, 1), (90, 3)]);
        assert_eq!(records[0].offset, 5 + 8);
    }

    #[test]
    fn a_datadir_instead_of_its_blocks_directory_gets_a_hint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("testnet3/blocks")).unwrap();
        write_file(&dir.path().join("testnet3/blocks"), "blk00000.dat", &record(1, 100));
        let err = list_blk_files(dir.path()).unwrap_err().to_string();
        assert!(err.contains("did you mean") && err.contains("testnet3/blocks"), "{err}");
        let empty = tempfile::tempdir().unwrap();
        let err = list_blk_files(empty.path()).unwrap_err().to_string();
        assert!(!err.contains("did you mean"), "{err}");
    }

    #[test]
    fn mapped_and_pread_reads_agree_and_xor_is_never_read_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let plain: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        let path = write_file(dir.path(), "blk00000.dat", &plain);
        let mut mapped = BlkFile::open(0, &path, None).unwrap();
        mapped.map();
        let unmapped = BlkFile::open(0, &path, None).unwrap();
        assert_eq!(mapped.bytes_in_place(100, 300).unwrap(), Some(&plain[100..400]));
        assert_eq!(unmapped.bytes_in_place(100, 300).unwrap(), None, "not mapped: read_at");
        assert_eq!(mapped.bytes_in_place(4900, 101).unwrap(), None, "past the end");
        let (mut a, mut b) = (vec![0u8; 777], vec![0u8; 777]);
        mapped.read_at(1234, &mut a).unwrap();
        unmapped.read_at(1234, &mut b).unwrap();
        assert_eq!(a, b);
        assert!(mapped.read_at(4500, &mut a).is_err(), "past the end is an error, mapped or not");
        let key: XorKey = [9, 8, 7, 6, 5, 4, 3, 2];
        let mut xored = BlkFile::open(0, &path, Some(key)).unwrap();
        xored.map();
        assert_eq!(xored.bytes_in_place(0, 10).unwrap(), None);
        let mut c = vec![0u8; 777];
        xored.read_at(1234, &mut c).unwrap();
        let mut expected = plain[1234..2011].to_vec();
        apply_xor(&mut expected, 1234, &key);
        assert_eq!(c, expected);
    }

    #[test]
    fn xor_applies_by_absolute_offset() {
        let dir = tempfile::tempdir().unwrap();
        let key: XorKey = [1, 2, 3, 4, 5, 6, 7, 8];
        let mut plain = vec![0u8; 3];
        plain.extend(record(9, 120));
        plain.extend(record(10, 81));
        let mut obfuscated = plain.clone();
        apply_xor(&mut obfuscated, 0, &key);
        let path = write_file(dir.path(), "blk00000.dat", &obfuscated);
        let file = BlkFile::open(0, &path, Some(key)).unwrap();
        let records = file.records(&magic()).unwrap();
        assert_eq!(records.len(), 2);
        let second = file.read_block(records[1].offset, records[1].size).unwrap();
        assert!(second.iter().all(|b| *b == 10));
    }

    #[test]
    fn magic_split_across_search_chunks_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = vec![0u8; SEARCH_CHUNK - 2];
        bytes.extend(record(5, 80));
        let path = write_file(dir.path(), "blk00000.dat", &bytes);
        let file = BlkFile::open(0, &path, None).unwrap();
        assert_eq!(file.records(&magic()).unwrap().len(), 1);
    }

    #[test]
    fn file_reader_agrees_with_the_slice_model_on_noise() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = 0x1234_5678_9abc_def1u64;
        for round in 0..40 {
            let mut bytes = Vec::new();
            for _ in 0..(round % 7 + 1) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                match state % 5 {
                    0 => bytes.extend(vec![0u8; (state >> 8) as usize % 500]),
                    1 => bytes.extend(magic()),
                    2 => bytes.extend(record((state >> 16) as u8, 80 + (state >> 24) as u32 % 300)),
                    3 => bytes.extend(((state >> 8) as u32 % 1000).to_le_bytes()),
                    _ => bytes.extend((0..(state >> 32) % 50).map(|i| (i as u8) ^ (state as u8))),
                }
            }
            let key: XorKey = (state ^ 0x55).to_le_bytes();
            let mut obfuscated = bytes.clone();
            apply_xor(&mut obfuscated, 0, &key);
            let path = write_file(dir.path(), "blk00000.dat", &obfuscated);
            let file = BlkFile::open(0, &path, Some(key)).unwrap();
            let got: Vec<(u64, u32)> =
                file.records(&magic()).unwrap().iter().map(|r| (r.offset, r.size)).collect();
            assert_eq!(got, records_in_slice(&bytes, &magic()), "round {round}");
        }
    }

    #[test]
    fn blk_files_sorted_numerically_and_others_ignored() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["blk00010.dat", "blk00002.dat", "rev00000.dat", "blkx.dat", "blk3.dat"] {
            write_file(dir.path(), name, b"");
        }
        let numbers: Vec<u32> = list_blk_files(dir.path()).unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(numbers, vec![2, 3, 10]);
    }

    #[test]
    fn missing_dir_and_empty_dir_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(list_blk_files(&dir.path().join("nope")), Err(ReadBlockError::MissingDir { .. })));
        assert!(matches!(list_blk_files(dir.path()), Err(ReadBlockError::NoBlockFiles { .. })));
    }

    #[test]
    fn all_zero_xor_key_means_none() {
        let dir = tempfile::tempdir().unwrap();
        write_file(dir.path(), "xor.dat", &[0u8; 8]);
        assert_eq!(load_xor_key(dir.path()).unwrap(), None);
        write_file(dir.path(), "xor.dat", &[1u8; 8]);
        assert_eq!(load_xor_key(dir.path()).unwrap(), Some([1u8; 8]));
        write_file(dir.path(), "xor.dat", &[1u8; 3]);
        assert!(matches!(load_xor_key(dir.path()), Err(ReadBlockError::BadXorKey { .. })));
    }
}
