//! Bitcoin Core `blocks/` directory writer: `blkNNNNN.dat` files of records
//! `magic | size (u32 LE) | block`, a new file when the next record would reach the
//! maximum file size (Core's `FindNextBlockPos`), optional `xor.dat` obfuscation of
//! every byte by `key[offset % 8]` (Core 28+), zero padding after the last record of
//! the last file (Core preallocates in 16 MiB chunks; the padding is raw zeros on disk,
//! not obfuscated, as a preallocated range is), and an optional half-written record.

use crate::xor::{apply_xor, XorKey, XOR_FILE};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Bitcoin Core's MAX_BLOCKFILE_SIZE (128 MiB).
pub const MAX_BLOCKFILE_SIZE: u64 = 0x0800_0000;
/// Bitcoin Core's BLOCKFILE_CHUNK_SIZE (16 MiB), the preallocation step.
pub const BLOCKFILE_CHUNK_SIZE: u64 = 0x0100_0000;

#[derive(Clone, Debug)]
pub struct WriterOptions {
    pub magic: [u8; 4],
    pub max_file_size: u64,
    /// `None` = no xor.dat; `Some(key)` = write xor.dat and obfuscate.
    pub xor_key: Option<XorKey>,
    /// Pad the last file with zeros up to a multiple of this; `None` = no padding.
    pub padding_chunk: Option<u64>,
}

/// Where a record was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordPos {
    pub file: u32,
    pub offset: u64,
}

pub struct BlkWriter {
    dir: PathBuf,
    opts: WriterOptions,
    file_index: u32,
    file: Option<BufWriter<File>>,
    file_size: u64,
    scratch: Vec<u8>,
    files: Vec<String>,
}

fn blk_name(index: u32) -> String {
    format!("blk{index:05}.dat")
}

impl BlkWriter {
    /// Create `dir` (it must not contain blk files already) and `xor.dat` if asked.
    pub fn create(dir: &Path, opts: WriterOptions) -> std::io::Result<BlkWriter> {
        std::fs::create_dir_all(dir)?;
        if dir.join(blk_name(0)).exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the directory already holds block files (blk00000.dat)",
            ));
        }
        if let Some(key) = opts.xor_key {
            std::fs::write(dir.join(XOR_FILE), key)?;
        }
        Ok(BlkWriter {
            dir: dir.to_path_buf(),
            opts,
            file_index: 0,
            file: None,
            file_size: 0,
            scratch: Vec::new(),
            files: Vec::new(),
        })
    }

    fn open_current(&mut self) -> std::io::Result<&mut BufWriter<File>> {
        if self.file.is_none() {
            let name = blk_name(self.file_index);
            let f = File::create(self.dir.join(&name))?;
            self.files.push(name);
            self.file = Some(BufWriter::with_capacity(1 << 20, f));
            self.file_size = 0;
        }
        self.file.as_mut().ok_or_else(|| std::io::Error::other("no block file open"))
    }

    /// Write `bytes` at the current position, obfuscated by the xor key.
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let offset = self.file_size;
        match self.opts.xor_key {
            Some(key) if key != [0u8; 8] => {
                let mut scratch = std::mem::take(&mut self.scratch);
                scratch.clear();
                scratch.extend_from_slice(bytes);
                apply_xor(&mut scratch, offset, &key);
                self.open_current()?.write_all(&scratch)?;
                self.scratch = scratch;
            }
            _ => self.open_current()?.write_all(bytes)?,
        }
        self.file_size += bytes.len() as u64;
        Ok(())
    }

    /// Move to the next file if a record of `record_len` bytes would not fit.
    fn roll_if_needed(&mut self, record_len: u64) -> std::io::Result<()> {
        if self.file.is_some() && self.file_size > 0 && self.file_size + record_len >= self.opts.max_file_size
        {
            if let Some(mut f) = self.file.take() {
                f.flush()?;
            }
            self.file_index += 1;
        }
        Ok(())
    }

    /// Append one complete record.
    pub fn write_block(&mut self, block: &[u8]) -> std::io::Result<RecordPos> {
        self.write_truncated(block, block.len())
    }

    /// Append a record header claiming `block.len()` bytes followed by only the first
    /// `keep` bytes of the block: what a crash in the middle of a write leaves behind.
    pub fn write_truncated(&mut self, block: &[u8], keep: usize) -> std::io::Result<RecordPos> {
        let size =
            u32::try_from(block.len()).map_err(|_| std::io::Error::other("block larger than 4 GiB"))?;
        self.roll_if_needed(block.len() as u64 + 8)?;
        self.open_current()?;
        let pos = RecordPos { file: self.file_index, offset: self.file_size };
        let magic = self.opts.magic;
        self.put(&magic)?;
        self.put(&size.to_le_bytes())?;
        self.put(&block[..keep.min(block.len())])?;
        Ok(pos)
    }

    /// Pad the last file and close everything; returns the file names written.
    pub fn finish(mut self) -> std::io::Result<Vec<String>> {
        if let (Some(chunk), Some(f)) = (self.opts.padding_chunk, self.file.as_mut()) {
            if chunk > 0 {
                let padded = self.file_size.div_ceil(chunk) * chunk;
                let zeros = vec![0u8; 1 << 16];
                let mut left = padded - self.file_size;
                while left > 0 {
                    let n = left.min(zeros.len() as u64) as usize;
                    f.write_all(&zeros[..n])?;
                    left -= n as u64;
                }
            }
        }
        if let Some(mut f) = self.file.take() {
            f.flush()?;
        }
        Ok(self.files)
    }
}

/// Parse an xor option: 16 hex chars.
pub fn parse_xor_key(text: &str) -> Option<XorKey> {
    hex::decode(text).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::{list_blk_files, BlkFile};
    use crate::xor::load_xor_key;

    #[test]
    fn writer_output_reads_back_with_xor_rolling_and_padding() {
        let dir = tempfile::tempdir().unwrap();
        let magic = crate::ChainNetwork::Regtest.magic();
        let opts = WriterOptions {
            magic,
            max_file_size: 1000,
            xor_key: Some([1, 2, 3, 4, 5, 6, 7, 8]),
            padding_chunk: Some(4096),
        };
        let mut writer = BlkWriter::create(dir.path(), opts).unwrap();
        let blocks: Vec<Vec<u8>> = (0..7u8).map(|i| vec![i; 100 + 50 * usize::from(i)]).collect();
        let mut positions = Vec::new();
        for block in &blocks {
            positions.push(writer.write_block(block).unwrap());
        }
        writer.write_truncated(&[9u8; 300], 120).unwrap();
        let names = writer.finish().unwrap();
        assert!(names.len() >= 3, "rolled over: {names:?}");
        let key = load_xor_key(dir.path()).unwrap();
        assert_eq!(key, Some([1, 2, 3, 4, 5, 6, 7, 8]));
        let mut read = Vec::new();
        for (number, path) in list_blk_files(dir.path()).unwrap() {
            let file = BlkFile::open(number, &path, key).unwrap();
            assert!(file.len < 1000 || file.len.is_multiple_of(4096), "{} bytes", file.len);
            for r in file.records(&magic).unwrap() {
                read.push(((number, r.offset - 8), file.read_block(r.offset, r.size).unwrap()));
            }
        }
        let expected: Vec<((u32, u64), Vec<u8>)> =
            positions.iter().map(|p| (p.file, p.offset)).zip(blocks).collect();
        assert_eq!(read.len(), 8, "the half-written record fits thanks to the zero padding");
        assert_eq!(read[..7], expected[..], "every block back where the writer said");
        assert!(read[7].1[..120].iter().all(|b| *b == 9));
        assert!(BlkWriter::create(
            dir.path(),
            WriterOptions { magic, max_file_size: 1000, xor_key: None, padding_chunk: None }
        )
        .is_err());
    }
}
