//! A block directory opened for replay: its files, the network, and the header index
//! built from every record (headers only; bodies are read later by the scan).

use crate::chain::{hash_hex, BestChain, HeaderIndex};
use crate::error::{ChainError, ReadBlockError};
use bns_blockfile::{detect_network, list_blk_files, load_xor_key, BlkFile, ChainNetwork, Record};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Bytes of the first file examined to detect the network.
const DETECT_PREFIX_BYTES: usize = 1 << 20;

/// An indexed block directory.
/// Open files besides the block files: the store, the standard streams, libraries.
const OTHER_OPEN_FILES: u64 = 64;

/// Every block file stays open for the run, and mainnet has thousands of them while the
/// usual soft limit is 1,024: raise the soft limit towards the hard one (as Bitcoin
/// Core does for itself) when needed, and say so plainly when even that is too few.
fn allow_open_files(files: usize) -> Result<(), ReadBlockError> {
    use rustix::process::{getrlimit, setrlimit, Resource};
    let needed = files as u64 + OTHER_OPEN_FILES;
    let limits = getrlimit(Resource::Nofile);
    let soft = limits.current.unwrap_or(u64::MAX);
    if soft >= needed {
        return Ok(());
    }
    let hard = limits.maximum.unwrap_or(u64::MAX);
    if hard < needed {
        return Err(ReadBlockError::TooManyFiles { files, needed, limit: hard });
    }
    let raised = rustix::process::Rlimit { current: Some(needed), maximum: limits.maximum };
    setrlimit(Resource::Nofile, raised).map_err(|_| ReadBlockError::TooManyFiles {
        files,
        needed,
        limit: soft,
    })
}

/// How many of the newest block files may still be written to by a running node.
const UNFINISHED_FILES: usize = 2;

pub struct BlockSource {
    pub dir: PathBuf,
    pub network: ChainNetwork,
    pub files: Vec<BlkFile>,
    pub index: HeaderIndex,
    pub xor: bool,
    /// Total size of the block files.
    pub bytes: u64,
}

impl BlockSource {
    /// Open `dir`, detect the network unless given, and index every header.
    pub fn open(dir: &Path, network: Option<ChainNetwork>) -> Result<BlockSource, ReadBlockError> {
        let listed = list_blk_files(dir)?;
        allow_open_files(listed.len())?;
        let key = load_xor_key(dir)?;
        let mut files =
            listed.iter().map(|(n, p)| BlkFile::open(*n, p, key)).collect::<Result<Vec<_>, _>>()?;
        // A running node appends to its newest file (two with an assumeutxo background
        // chainstate) and truncates it when done: those are checked differently.
        let finished = files.len().saturating_sub(UNFINISHED_FILES);
        for (i, file) in files.iter_mut().enumerate() {
            if i < finished {
                file.map();
            } else {
                file.map_growing();
            }
        }
        let network = match (network, detect(&files)) {
            (Some(given), Ok(found)) if given != found => {
                return Err(ReadBlockError::NetworkMismatch { dir: dir.to_path_buf(), found, given })
            }
            (Some(given), _) => given,
            (None, detected) => detected?,
        };
        let magic = network.magic();
        let per_file: Vec<Vec<Record>> =
            files.par_iter().map(|f| f.records(&magic)).collect::<Result<_, _>>()?;
        let mut index = HeaderIndex::default();
        for (i, records) in per_file.iter().enumerate() {
            index.add_file(u32::try_from(i).unwrap_or(u32::MAX), records);
        }
        let bytes = files.iter().map(|f| f.len).sum();
        Ok(BlockSource { dir: dir.to_path_buf(), network, files, index, xor: key.is_some(), bytes })
    }

    pub fn best_chain(&self) -> Result<BestChain, ChainError> {
        self.index.best_chain(&self.network.genesis_internal())
    }

    /// Display-order hash of the block at `height` of `chain`.
    pub fn block_hash(&self, chain: &BestChain, height: u32) -> Option<[u8; 32]> {
        let entry = self.index.entry(*chain.blocks.get(height as usize)?);
        let mut h = entry.hash;
        h.reverse();
        Some(h)
    }

    /// Describe the file and chain situation in a few lines (for stderr).
    pub fn describe(&self, chain: &BestChain) -> Vec<String> {
        let mut lines = vec![format!(
            "{}: {} file(s), {} MB, network {}{}; {} record(s), {} unique, {} duplicate(s)",
            self.dir.display(),
            self.files.len(),
            self.bytes / 1_000_000,
            self.network.name(),
            if self.xor { ", xor.dat applied" } else { "" },
            self.index.records,
            self.index.entries.len(),
            self.index.duplicates
        )];
        let tip = chain.tip_height();
        lines.push(format!(
            "best chain: height {tip}, tip {}, {} block(s) off the best chain skipped",
            self.block_hash(chain, tip).map(hex::encode).unwrap_or_default(),
            chain.off_chain
        ));
        const SHOWN: usize = 10;
        for (hash, parent) in chain.orphans.iter().take(SHOWN) {
            lines.push(format!("block {} has a missing parent {}", hash_hex(hash), hash_hex(parent)));
        }
        if chain.orphans.len() > SHOWN {
            lines
                .push(format!("... and {} more block(s) with a missing parent", chain.orphans.len() - SHOWN));
        }
        lines
    }
}

fn detect(files: &[BlkFile]) -> Result<ChainNetwork, ReadBlockError> {
    let mut last_err = None;
    for f in files {
        match detect_network(&f.read_prefix(DETECT_PREFIX_BYTES)?) {
            Ok(n) => return Ok(n),
            Err(e) => last_err = Some(e),
        }
    }
    Err(last_err.unwrap_or(ReadBlockError::UnknownMagic { first_bytes: String::new() }))
}
