//! Restore: verify an archive, write a fresh store from it into a temporary directory
//! beside the target, read the store back and compare it with the archive header,
//! and only then rename it into place. A failure at any step leaves the target as it
//! was (absent or an empty directory); the temporary directory is removed.
//!
//! The store itself is written through [`StoreWriter`], so this module knows nothing
//! of LMDB; the replay store's implementation lives in `store_glue`.

use crate::archive::{self, Policy, Verified};
use crate::engine_glue::State;
use crate::error::RestoreError;
use crate::format::Body;
use bns_engine::{BlockHash, ConsensusHash, Params};
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

/// What a store says about itself after it was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreTip {
    pub height: u32,
    pub block_hash: BlockHash,
    pub consensus_hash: ConsensusHash,
}

/// Writes a store from a verified archive body, and reads its tip back.
pub trait StoreWriter {
    /// Creates a store in the existing, empty directory `dir`.
    fn write_store(&self, dir: &Path, params: &Params, body: &Body<State>) -> Result<(), String>;
    /// Opens the store in `dir` and reports its tip.
    fn read_tip(&self, dir: &Path) -> Result<StoreTip, String>;
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> RestoreError + '_ {
    move |source| RestoreError::Io { path: path.to_path_buf(), source }
}

/// The target must not exist or be an empty directory (then it is replaced).
fn check_target(target: &Path) -> Result<PathBuf, RestoreError> {
    match std::fs::read_dir(target) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(RestoreError::TargetExists { path: target.to_path_buf() });
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(_) => return Err(RestoreError::TargetExists { path: target.to_path_buf() }),
    }
    let parent = match target.parent() {
        Some(parent) if parent.as_os_str().is_empty() => PathBuf::from("."),
        Some(parent) => parent.to_path_buf(),
        None => return Err(RestoreError::NoParent { path: target.to_path_buf() }),
    };
    Ok(parent)
}

/// Verifies `file` under `policy` and restores it into `target`.
pub fn restore<R: Read + Seek>(
    file: &mut R,
    policy: &Policy,
    target: &Path,
    writer: &dyn StoreWriter,
) -> Result<Verified, RestoreError> {
    let parent = check_target(target)?;
    let verified = archive::verify(file, policy)?;
    let staging = tempfile::Builder::new()
        .prefix(".snapshot-restore-")
        .tempdir_in(&parent)
        .map_err(io_error(&parent))?;
    writer
        .write_store(staging.path(), &policy.params, &verified.body)
        .map_err(|reason| RestoreError::Store { reason })?;
    // Paired check (STYLE §3.9): the store must report the archive's tip.
    let header = &verified.body.header;
    let expected = StoreTip {
        height: header.height,
        block_hash: header.block_hash,
        consensus_hash: header.consensus_hash,
    };
    let found = writer.read_tip(staging.path()).map_err(|reason| RestoreError::Store { reason })?;
    if found != expected {
        return Err(RestoreError::Store {
            reason: format!("store reads back tip {found:?}, archive says {expected:?}"),
        });
    }
    let staged = staging.keep();
    if let Err(source) = std::fs::rename(&staged, target) {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(RestoreError::Io { path: target.to_path_buf(), source });
    }
    Ok(verified)
}
