//! SIGINT/SIGTERM handling (CONVENTIONS: "on SIGINT/SIGTERM, clean up temp files,
//! print `TOOL: interrupted` and exit 130/143").
//!
//! Code that creates a temporary file or directory registers it with [`TempGuard`];
//! the guard removes it when dropped (every error and success path), and the signal
//! thread started by [`install`] removes every path still registered before it exits.
//! Long loops (extraction) also poll [`interrupted`] and stop early.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static REGISTERED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn registered() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock leaves a plain Vec behind: still usable.
    REGISTERED.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// True once SIGINT or SIGTERM arrived (only after [`install`]).
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Removes a file or a directory tree; a path already gone is fine.
fn remove(path: &Path) {
    for _ in 0..20 {
        let result = match std::fs::symlink_metadata(path) {
            Err(_) => return,
            Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
            Ok(_) => std::fs::remove_file(path),
        };
        if result.is_ok() {
            return;
        }
        // The main thread may still be creating entries inside it: try again.
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// A registered temporary path, removed on drop unless [`TempGuard::keep`] is called.
#[derive(Debug)]
pub struct TempGuard {
    path: Option<PathBuf>,
}

impl TempGuard {
    /// Registers `path` (which the caller has just created) for removal.
    pub fn register(path: &Path) -> TempGuard {
        registered().push(path.to_path_buf());
        TempGuard { path: Some(path.to_path_buf()) }
    }

    /// The path is no longer temporary (it was renamed into place): forget it.
    pub fn keep(mut self) {
        if let Some(path) = self.path.take() {
            unregister(&path);
        }
    }
}

fn unregister(path: &Path) {
    let mut list = registered();
    if let Some(index) = list.iter().position(|p| p == path) {
        list.swap_remove(index);
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            remove(&path);
            unregister(&path);
        }
    }
}

/// Starts a thread that, on SIGINT or SIGTERM, removes every registered path, prints
/// `TOOL: interrupted` and exits with 128 + the signal number (130 / 143).
pub fn install(tool: &'static str) -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new().name("signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            INTERRUPTED.store(true, Ordering::Relaxed);
            // Hold the lock to the end: no guard can unregister (or new path appear)
            // between the clean-up and the exit.
            let list = registered();
            for path in list.iter() {
                remove(path);
            }
            eprintln!("{tool}: interrupted");
            std::process::exit(128_i32.saturating_add(signal));
        }
    })?;
    Ok(())
}
