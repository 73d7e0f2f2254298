//! Turns a SIGBUS from a mapped block file that someone truncated into one error line
//! and exit code 3, instead of a death by signal (issue 13 item 8).
//!
//! [`crate::BlkFile::bytes_in_place`] checks the file's length before every block, which
//! leaves one window: a truncation while that one block is being worked on. Reading
//! every block with `pread` would close it at +14% CPU (BENCHMARKS.md "Reading blk
//! files: mmap vs pread"), so the mapping stays and this guard covers the window: each
//! mapping registers its address range and a prepared message; a SIGBUS whose faulting
//! address lies in a registered range writes that message and `_exit`s. Nothing of the
//! block being read was committed (the store's write transaction is simply not
//! committed), which is what a SIGKILL at that moment would leave too. A SIGBUS anywhere
//! else (not ours) gets the previous disposition back and faults again as before.
//!
//! Everything the handler touches is atomics and `write(2)`/`_exit(2)`: async-signal
//! safe.
#![allow(unsafe_code)]

use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

/// How many mappings can be registered at once; more are simply not covered (mainnet
/// to the freeze has about 2,400 block files).
const SLOTS: usize = 8192;
/// A slot being filled or emptied.
const BUSY: usize = usize::MAX;

struct Slot {
    start: AtomicUsize,
    end: AtomicUsize,
    message: AtomicPtr<u8>,
    message_len: AtomicUsize,
}

#[allow(clippy::declare_interior_mutable_const)] // only used to initialise the array
const EMPTY: Slot = Slot {
    start: AtomicUsize::new(0),
    end: AtomicUsize::new(0),
    message: AtomicPtr::new(std::ptr::null_mut()),
    message_len: AtomicUsize::new(0),
};
static TABLE: [Slot; SLOTS] = [EMPTY; SLOTS];
static PREFIX: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());
static PREFIX_LEN: AtomicUsize = AtomicUsize::new(0);
static INSTALLED: AtomicBool = AtomicBool::new(false);
/// Set by the first thread that reports; others (parallel readers of the same file)
/// wait for its `_exit` instead of printing the line again.
static REPORTING: AtomicBool = AtomicBool::new(false);
static PREVIOUS: AtomicPtr<libc::sigaction> = AtomicPtr::new(std::ptr::null_mut());

/// A registered mapping; unregisters when dropped (before the mapping is unmapped).
#[derive(Debug)]
pub(crate) struct Registration {
    slot: Option<usize>,
    /// The message the handler prints; owned here so it lives as long as the slot.
    _message: Box<[u8]>,
}

/// Register `bytes` (a live mapping of `path`).
pub(crate) fn register(bytes: &[u8], path: &std::path::Path) -> Registration {
    let message = format!(
        "blk file {} changed during the run (truncated while one of its blocks was being read); \
         nothing of that block was stored; run again when nothing writes to it\n",
        path.display()
    )
    .into_bytes()
    .into_boxed_slice();
    let start = bytes.as_ptr() as usize;
    let slot = (0..SLOTS)
        .find(|&i| TABLE[i].start.compare_exchange(0, BUSY, Ordering::AcqRel, Ordering::Relaxed).is_ok());
    if let Some(i) = slot {
        let entry = &TABLE[i];
        entry.end.store(start + bytes.len(), Ordering::Release);
        entry.message.store(message.as_ptr().cast_mut(), Ordering::Release);
        entry.message_len.store(message.len(), Ordering::Release);
        entry.start.store(start, Ordering::Release);
    }
    Registration { slot, _message: message }
}

impl Drop for Registration {
    fn drop(&mut self) {
        if let Some(i) = self.slot {
            let entry = &TABLE[i];
            entry.start.store(BUSY, Ordering::Release);
            entry.end.store(0, Ordering::Release);
            entry.message.store(std::ptr::null_mut(), Ordering::Release);
            entry.message_len.store(0, Ordering::Release);
            entry.start.store(0, Ordering::Release);
        }
    }
}

/// Install the SIGBUS handler for this process; `tool` prefixes the message
/// (`TOOL: error: …`). Idempotent. An error only means the guard is not active.
pub fn install(tool: &'static str) -> std::io::Result<()> {
    if INSTALLED.swap(true, Ordering::AcqRel) {
        return Ok(());
    }
    let prefix = format!("{tool}: error: ").into_bytes().leak();
    PREFIX_LEN.store(prefix.len(), Ordering::Release);
    PREFIX.store(prefix.as_mut_ptr(), Ordering::Release);
    // SAFETY: plain sigaction(2) with a handler that only reads atomics and calls
    // write(2)/_exit(2) or restores the previous action; both structs are fully
    // initialised (zeroed, then the fields set).
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sigbus as *const () as libc::sighandler_t;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        libc::sigemptyset(&mut action.sa_mask);
        let previous: &'static mut libc::sigaction = Box::leak(Box::new(std::mem::zeroed()));
        if libc::sigaction(libc::SIGBUS, &action, &mut *previous) != 0 {
            INSTALLED.store(false, Ordering::Release);
            return Err(std::io::Error::last_os_error());
        }
        PREVIOUS.store(previous, Ordering::Release);
    }
    Ok(())
}

extern "C" fn on_sigbus(_signal: libc::c_int, info: *mut libc::siginfo_t, _context: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo for SA_SIGINFO handlers; si_addr is the
    // faulting address for SIGBUS.
    let address = unsafe { (*info).si_addr() } as usize;
    for entry in &TABLE {
        let start = entry.start.load(Ordering::Acquire);
        if start == 0 || start == BUSY || address < start || address >= entry.end.load(Ordering::Acquire) {
            continue;
        }
        let (message, len) =
            (entry.message.load(Ordering::Acquire), entry.message_len.load(Ordering::Acquire));
        let (prefix, prefix_len) = (PREFIX.load(Ordering::Acquire), PREFIX_LEN.load(Ordering::Acquire));
        // SAFETY: both buffers are alive (the prefix is leaked, the message is owned by
        // the registration of a mapping this thread is reading); write/_exit/pause are
        // async-signal safe.
        unsafe {
            if REPORTING.swap(true, Ordering::AcqRel) {
                loop {
                    libc::pause();
                }
            }
            if !prefix.is_null() {
                libc::write(2, prefix.cast(), prefix_len);
            }
            if !message.is_null() {
                libc::write(2, message.cast(), len);
            }
            libc::_exit(3);
        }
    }
    // Not a mapping of ours: put the previous disposition back; returning re-runs the
    // faulting instruction, which then gets it.
    let previous = PREVIOUS.load(Ordering::Acquire);
    // SAFETY: `previous` is the leaked action saved at install time (or null: default).
    unsafe {
        if previous.is_null() {
            libc::signal(libc::SIGBUS, libc::SIG_DFL);
        } else {
            libc::sigaction(libc::SIGBUS, previous, std::ptr::null_mut());
        }
    }
}
