//! Reading generated block directories back in the tests, through bns-blockfile's
//! reader (the record rules replay uses): every record with the file it is in.

#![allow(dead_code)]

use bns_blockfile::{list_blk_files, load_xor_key, BlkFile};
use std::path::{Path, PathBuf};

pub struct Record {
    pub file: u32,
    /// Offset of the record (its magic) in the file.
    pub offset: u64,
    /// Size the record header claims.
    pub declared: u32,
    /// The block bytes (de-obfuscated).
    pub bytes: Vec<u8>,
}

pub fn blk_files(dir: &Path) -> Vec<PathBuf> {
    list_blk_files(dir).unwrap().into_iter().map(|(_, path)| path).collect()
}

pub fn xor_key(dir: &Path) -> Option<[u8; 8]> {
    load_xor_key(dir).unwrap()
}

/// Every record in file order (bns-blockfile's record rules: padding, junk and records
/// that cannot hold a block are skipped).
pub fn read_records(dir: &Path, magic: [u8; 4]) -> Vec<Record> {
    let key = xor_key(dir);
    let mut out = Vec::new();
    for (index, path) in blk_files(dir).iter().enumerate() {
        let file = BlkFile::open(index as u32, path, key).unwrap();
        for r in file.records(&magic).unwrap() {
            out.push(Record {
                file: index as u32,
                offset: r.offset - bns_blockfile::reader::RECORD_HEADER_SIZE as u64,
                declared: r.size,
                bytes: file.read_block(r.offset, r.size).unwrap(),
            });
        }
    }
    out
}
