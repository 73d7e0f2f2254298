//! A tiny block-file reader written for the tests, independent of chaingen's writer:
//! de-obfuscates with xor.dat, scans every blkNNNNN.dat for the network magic, and
//! returns each record (complete or not) with where it was found.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub struct Record {
    pub file: u32,
    pub offset: u64,
    /// Size the record header claims.
    pub declared: u32,
    /// The block bytes actually present (shorter than `declared` if truncated).
    pub bytes: Vec<u8>,
}

pub fn blk_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            n.starts_with("blk") && n.ends_with(".dat")
        })
        .collect();
    files.sort();
    files
}

pub fn xor_key(dir: &Path) -> Option<[u8; 8]> {
    std::fs::read(dir.join("xor.dat")).ok().map(|b| b.try_into().expect("xor.dat is 8 bytes"))
}

/// File bytes with the xor key removed.
pub fn plain_bytes(dir: &Path, file: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(file).unwrap();
    if let Some(key) = xor_key(dir) {
        for (i, b) in bytes.iter_mut().enumerate() {
            *b ^= key[i % 8];
        }
    }
    bytes
}

/// Every record in file order. Bytes between records that are not the magic are skipped.
pub fn read_records(dir: &Path, magic: [u8; 4]) -> Vec<Record> {
    let mut out = Vec::new();
    for (index, path) in blk_files(dir).iter().enumerate() {
        let bytes = plain_bytes(dir, path);
        let mut pos = 0usize;
        while pos + 8 <= bytes.len() {
            if bytes[pos..pos + 4] != magic {
                pos += 1;
                continue;
            }
            let declared = u32::from_le_bytes(bytes[pos + 4..pos + 8].try_into().unwrap());
            let start = pos + 8;
            let end = (start + declared as usize).min(bytes.len());
            out.push(Record {
                file: index as u32,
                offset: pos as u64,
                declared,
                bytes: bytes[start..end].to_vec(),
            });
            pos = end;
        }
    }
    out
}
