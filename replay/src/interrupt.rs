//! SIGINT/SIGTERM (CONVENTIONS: clean up temp files, print `replay: interrupted`, exit
//! 130/143). The replay loop polls [`requested`] after every block, commits what it
//! applied and returns [`crate::error::ReplayError::Interrupted`]; the binary prints
//! the line. A run busy elsewhere (scanning, where nothing is applied yet) does not
//! poll: after [`GRACE`] the signal thread removes the registered temporary paths (a
//! `--restart` staging store), prints the line and exits itself.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Mutex;
use std::time::Duration;

static SIGNAL: AtomicI32 = AtomicI32::new(0);
static ACKNOWLEDGED: AtomicBool = AtomicBool::new(false);
static TEMP: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// How long the signal thread waits for the replay loop to take over.
pub const GRACE: Duration = Duration::from_secs(2);

/// The signal that arrived (SIGINT 2, SIGTERM 15), once; the caller then stops after
/// committing. `None` when no signal arrived (or handling was never installed).
pub fn requested() -> Option<i32> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        signal => {
            ACKNOWLEDGED.store(true, Ordering::SeqCst);
            Some(signal)
        }
    }
}

/// Remove `path` if the process is interrupted before [`forget`] is called.
pub fn register_temp(path: &Path) {
    if let Ok(mut list) = TEMP.lock() {
        list.push(path.to_path_buf());
    }
}

/// `path` is no longer temporary (or was removed by its owner).
pub fn forget(path: &Path) {
    if let Ok(mut list) = TEMP.lock() {
        list.retain(|p| p != path);
    }
}

/// Start the signal thread.
pub fn install(tool: &'static str) -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new().name("signals".into()).spawn(move || {
        let Some(signal) = signals.forever().next() else { return };
        SIGNAL.store(signal, Ordering::SeqCst);
        let deadline = std::time::Instant::now() + GRACE;
        while std::time::Instant::now() < deadline {
            if ACKNOWLEDGED.load(Ordering::SeqCst) {
                return; // the replay loop commits and exits
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if ACKNOWLEDGED.load(Ordering::SeqCst) {
            return;
        }
        let list = TEMP.lock().map(|l| l.clone()).unwrap_or_default();
        for path in list {
            let _ = std::fs::remove_dir_all(&path);
        }
        eprintln!("{tool}: interrupted");
        std::process::exit(128 + signal);
    })?;
    Ok(())
}
