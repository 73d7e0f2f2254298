//! `--restart` without risk: the new store is built in a sibling directory
//! (`NAME.restart-new`) while the old one stays untouched and locked; only a run that
//! succeeded swaps it in (`commit`), anything else removes the sibling (`abort`, also
//! on drop) and leaves the old store exactly as it was.

use crate::dir::{self, DirState, WriterLock};
use crate::error::OpenError;
use crate::lmdb::old_format_version;
use std::path::{Path, PathBuf};

/// A restart in progress.
#[derive(Debug)]
pub struct Restart {
    target: PathBuf,
    staging: PathBuf,
    /// The old store's writer lock (none for an absent, empty or pre-marker store).
    _old_lock: Option<WriterLock>,
    done: bool,
}

fn io(dir: &Path) -> impl FnOnce(std::io::Error) -> OpenError + '_ {
    move |source| OpenError::Io { dir: dir.to_path_buf(), source }
}

fn sibling(target: &Path, suffix: &str) -> Result<PathBuf, OpenError> {
    let name = target.file_name().ok_or_else(|| OpenError::NotOurs {
        dir: target.to_path_buf(),
        reason: "a store to restart needs a directory name (not `.` or `/`)".to_string(),
    })?;
    let mut name = name.to_os_string();
    name.push(suffix);
    Ok(target.with_file_name(name))
}

/// Remove a store directory of ours: only our files, then the directory (which
/// must then be empty).
fn remove_store_dir(dir: &Path) -> Result<(), OpenError> {
    for name in dir::STORE_FILES {
        match std::fs::remove_file(dir.join(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(dir)(e)),
            _ => {}
        }
    }
    match std::fs::remove_dir(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(dir)(e)),
        _ => Ok(()),
    }
}

/// Make `path` an absent directory if it holds a leftover store of ours that no
/// writer holds; refuse anything else.
fn clear_leftover(path: &Path) -> Result<(), OpenError> {
    match dir::classify(path)? {
        DirState::Fresh => remove_store_dir(path),
        DirState::Ours => {
            let lock = dir::lock_writer(path)?;
            drop(lock);
            remove_store_dir(path)
        }
        DirState::Foreign(reason) => Err(OpenError::NotOurs { dir: path.to_path_buf(), reason }),
    }
}

impl Restart {
    /// Check that `target` may be replaced (absent, empty, a store of ours of any
    /// format version) and take its writer lock; prepare the sibling to build in.
    pub fn begin(target: &Path) -> Result<Restart, OpenError> {
        if let Ok(entries) = std::fs::read_dir(target) {
            let mut names: Vec<String> = entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            if let Some(other) = names.iter().find(|n| !dir::STORE_FILES.contains(&n.as_str())) {
                return Err(OpenError::NotOurs {
                    dir: target.to_path_buf(),
                    reason: format!("it holds {other}, which is not part of a store"),
                });
            }
        }
        let old_lock = match dir::classify(target)? {
            DirState::Fresh => None,
            DirState::Ours => Some(dir::lock_writer(target)?),
            DirState::Foreign(reason) => {
                if old_format_version(target).is_none() {
                    return Err(OpenError::NotOurs { dir: target.to_path_buf(), reason });
                }
                None
            }
        };
        let staging = sibling(target, ".restart-new")?;
        clear_leftover(&staging)?;
        Ok(Restart { target: target.to_path_buf(), staging, _old_lock: old_lock, done: false })
    }

    /// Where to build the new store.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Put the new store in place of the old one (the old one is removed). Call with
    /// the new store closed; `new_lock` (its writer lock) is released afterwards.
    pub fn commit(mut self, new_lock: Option<WriterLock>) -> Result<(), OpenError> {
        let old = sibling(&self.target, ".restart-old")?;
        clear_leftover(&old)?;
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(io(&self.target))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(io(&self.target)(e));
        }
        self.done = true;
        drop(new_lock);
        if had_old {
            remove_store_dir(&old)?;
        }
        Ok(())
    }

    /// Give up: remove the sibling; the old store stays as it was.
    pub fn abort(mut self) {
        self.remove_staging();
    }

    fn remove_staging(&mut self) {
        if !self.done {
            self.done = true;
            let _ = remove_store_dir(&self.staging);
        }
    }
}

impl Drop for Restart {
    fn drop(&mut self) {
        self.remove_staging();
    }
}
