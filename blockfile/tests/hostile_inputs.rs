//! Inputs an adversary (or an accident) hands the block-file layer (issue 13, items 6
//! and 8): a huge or endless `xor.dat`, FIFOs where regular files belong, a record
//! claiming 0xFFFFFFFF bytes, and a mapped block file truncated while it is read.
//! Each must give a clear error (or a skipped record) at once: no hang, no gigabyte
//! allocation, no SIGBUS.

use bns_blockfile::input::{read_regular, read_regular_text};
use bns_blockfile::{
    load_xor_key, record_bytes, records_in_slice, BlkFile, ChainNetwork, InputError, ReadBlockError,
    MAX_BLOCK_SERIALIZED_SIZE,
};
use std::io::Write as _;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// Run `f` on another thread; fail (instead of hanging the suite) after 10 s.
fn within_10s<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10)).unwrap_or_else(|_| panic!("{what} hung"))
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn xor_dat_size_is_checked_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // A 3 GB sparse file: refused from its size, nothing read.
    let huge = std::fs::File::create(dir.path().join("xor.dat")).unwrap();
    huge.set_len(3 << 30).unwrap();
    let err = load_xor_key(dir.path()).unwrap_err();
    assert!(matches!(err, ReadBlockError::BadXorKey { len, .. } if len == 3 << 30), "{err}");
    assert!(err.to_string().contains("expected 8"), "{err}");
    // A symlink to /dev/zero: not a regular file.
    std::fs::remove_file(dir.path().join("xor.dat")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("xor.dat")).unwrap();
    let err = load_xor_key(dir.path()).unwrap_err();
    assert!(
        matches!(&err, ReadBlockError::Input(InputError::NotRegular { kind: "a character device", .. })),
        "{err}"
    );
    // Nine bytes and seven bytes: wrong length; eight: the key.
    std::fs::remove_file(dir.path().join("xor.dat")).unwrap();
    std::fs::write(dir.path().join("xor.dat"), [1u8; 9]).unwrap();
    assert!(matches!(load_xor_key(dir.path()), Err(ReadBlockError::BadXorKey { len: 9, .. })));
    std::fs::write(dir.path().join("xor.dat"), [1u8; 7]).unwrap();
    assert!(matches!(load_xor_key(dir.path()), Err(ReadBlockError::BadXorKey { len: 7, .. })));
    std::fs::write(dir.path().join("xor.dat"), [1u8; 8]).unwrap();
    assert_eq!(load_xor_key(dir.path()).unwrap(), Some([1u8; 8]));
}

#[test]
fn fifos_are_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("xor.dat"));
    mkfifo(&dir.path().join("blk00000.dat"));
    mkfifo(&dir.path().join("params.json"));
    let d = dir.path().to_path_buf();
    let err = within_10s("xor.dat FIFO", move || load_xor_key(&d).unwrap_err());
    assert!(err.to_string().contains("xor.dat is not a regular file but a FIFO"), "{err}");
    let p = dir.path().join("blk00000.dat");
    let err = within_10s("blk FIFO", move || BlkFile::open(0, &p, None).unwrap_err());
    assert!(err.to_string().contains("blk00000.dat is not a regular file but a FIFO"), "{err}");
    let p = dir.path().join("params.json");
    let err = within_10s("params FIFO", move || read_regular_text(&p, 1 << 20).unwrap_err());
    assert!(matches!(err, InputError::NotRegular { kind: "a FIFO", .. }), "{err}");
}

#[test]
fn endless_and_oversized_inputs_are_refused_by_size() {
    let err = within_10s("/dev/zero", || read_regular(Path::new("/dev/zero"), 64 << 20).unwrap_err());
    assert!(matches!(err, InputError::NotRegular { kind: "a character device", .. }), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big");
    std::fs::File::create(&big).unwrap().set_len(10 << 30).unwrap();
    let err = read_regular(&big, 64 << 20).unwrap_err();
    assert!(
        matches!(err, InputError::TooLarge { len, max, .. } if len == 10 << 30 && max == 64 << 20),
        "{err}"
    );
    std::fs::write(&big, b"0123456789").unwrap();
    assert_eq!(read_regular(&big, 10).unwrap(), b"0123456789");
    assert!(read_regular(&big, 9).is_err());
}

#[test]
fn records_above_the_consensus_maximum_are_skipped_unread() {
    // Bitcoin Core's MAX_BLOCK_SERIALIZED_SIZE (consensus.h).
    assert_eq!(MAX_BLOCK_SERIALIZED_SIZE, 4_000_000);
    let magic = ChainNetwork::Regtest.magic();
    let dir = tempfile::tempdir().unwrap();
    // A record claiming 0xFFFFFFFF bytes, one claiming one byte too many (4,000,001,
    // and the file is long enough to hold it), then the largest allowed and a small one.
    let mut bytes = magic.to_vec();
    bytes.extend_from_slice(&u32::MAX.to_le_bytes());
    bytes.extend(record_bytes(&magic, &[3u8; 100]));
    let mut too_big = magic.to_vec();
    too_big.extend_from_slice(&(MAX_BLOCK_SERIALIZED_SIZE + 1).to_le_bytes());
    bytes.extend(&too_big);
    bytes.extend(vec![0u8; MAX_BLOCK_SERIALIZED_SIZE as usize + 1]);
    bytes.extend(record_bytes(&magic, &vec![5u8; MAX_BLOCK_SERIALIZED_SIZE as usize]));
    let path = dir.path().join("blk00000.dat");
    std::fs::write(&path, &bytes).unwrap();
    let file = BlkFile::open(0, &path, None).unwrap();
    let sizes: Vec<u32> = file.records(&magic).unwrap().iter().map(|r| r.size).collect();
    assert_eq!(sizes, vec![100, MAX_BLOCK_SERIALIZED_SIZE]);
    let slice: Vec<u32> = records_in_slice(&bytes, &magic).iter().map(|(_, size)| *size).collect();
    assert_eq!(slice, sizes, "the in-memory model applies the same cap");
}

/// A block file of `len` patterned bytes (`i % modulus`) in a new temporary directory.
fn patterned_file(len: u32, modulus: u32) -> (tempfile::TempDir, std::path::PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blk00000.dat");
    let plain: Vec<u8> = (0..len).map(|i| (i % modulus) as u8).collect();
    std::fs::write(&path, &plain).unwrap();
    (dir, path, plain)
}

#[test]
fn a_truncated_mapped_file_is_an_error_not_a_sigbus() {
    let (_dir, path, plain) = patterned_file(1_000_000, 251);
    let mut file = BlkFile::open(0, &path, None).unwrap();
    file.map();
    assert!(file.is_mapped());
    file.check_unchanged().unwrap();
    assert_eq!(file.bytes_in_place(900_000, 1000).unwrap(), Some(&plain[900_000..901_000]));
    // Someone else truncates it (as `cp` over it does first).
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(4096).unwrap();
    let err = file.bytes_in_place(900_000, 1000).unwrap_err();
    assert!(matches!(&err, ReadBlockError::Changed { was: 1_000_000, now: 4096, .. }), "{err}");
    assert!(err.to_string().contains("blk00000.dat changed during the run"), "{err}");
    assert!(!err.is_bad_input(), "an I/O-class failure (exit 3), not bad input");
    // Rewritten to the same length: still a change (modification time).
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&path, &plain).unwrap();
    let err = file.bytes_in_place(0, 10).unwrap_err();
    assert!(matches!(err, ReadBlockError::Changed { was: 1_000_000, now: 1_000_000, .. }), "{err}");
}

/// The newest files, which a running node appends to and finally truncates past its last
/// block: mapped too, and a block stays readable while the file grows or is cut after
/// it; cut below the block, it is the same `Changed` error as for a finished file.
#[test]
fn a_growing_mapped_file_reads_while_appended_to_and_errs_when_cut_below_a_block() {
    let (_dir, path, plain) = patterned_file(1_000_000, 251);
    let mut file = BlkFile::open(0, &path, None).unwrap();
    file.map_growing();
    assert!(file.is_mapped());
    assert_eq!(file.bytes_in_place(900_000, 1000).unwrap(), Some(&plain[900_000..901_000]));
    // The node appends a block (length and modification time change).
    std::thread::sleep(Duration::from_millis(20));
    std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(&[9u8; 5000]).unwrap();
    assert!(file.check_unchanged().is_err(), "a finished file would call this a change");
    assert_eq!(file.bytes_in_place(900_000, 1000).unwrap(), Some(&plain[900_000..901_000]));
    assert_eq!(
        file.bytes_in_place(999_000, 1000).unwrap(),
        Some(&plain[999_000..]),
        "up to the length at open"
    );
    assert_eq!(file.bytes_in_place(999_000, 2000).unwrap(), None, "appended bytes are not in the mapping");
    // Finalized: cut to just past the blocks indexed at open.
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(950_000).unwrap();
    assert_eq!(file.bytes_in_place(900_000, 1000).unwrap(), Some(&plain[900_000..901_000]));
    let err = file.bytes_in_place(940_000, 20_000).unwrap_err();
    assert!(matches!(&err, ReadBlockError::Changed { was: 1_000_000, now: 950_000, .. }), "{err}");
    assert!(!err.is_bad_input(), "an I/O-class failure (exit 3), not bad input");
}

/// Populating (a hint) at unaligned offsets, up to the last byte, past the end and on an
/// empty range changes nothing that is read.
#[test]
fn populating_cached_pages_changes_no_byte_read() {
    let (_dir, path, plain) = patterned_file(100_000, 241);
    let _ = std::fs::read(&path).unwrap();
    let mut file = BlkFile::open(0, &path, None).unwrap();
    file.map();
    for (offset, len) in [(0u64, 100_000usize), (4095, 2), (99_999, 1), (99_000, 5_000), (50_000, 0)] {
        file.populate_if_cached(offset, len);
        let end = (offset as usize + len).min(plain.len());
        if offset as usize + len <= plain.len() {
            assert_eq!(file.bytes_in_place(offset, len).unwrap(), Some(&plain[offset as usize..end]));
        }
        file.release(offset, len);
    }
    assert_eq!(file.bytes_in_place(0, 100_000).unwrap(), Some(&plain[..]));
}

/// The window the length check leaves (issue 13 item 8): bytes handed out in place, then
/// the file is truncated while they are still being read. With the guard installed the
/// fault ends the process with one error line naming the file and exit 3, not SIGBUS.
/// The fault must happen in a child process (the guard `_exit`s): this test re-runs its
/// own binary with `BNS_GUARD_CHILD` set, and the child does the faulting read.
#[test]
fn a_fault_inside_the_block_being_read_is_one_error_line_not_a_sigbus() {
    use std::os::unix::process::ExitStatusExt as _;
    if let Some(path) = std::env::var_os("BNS_GUARD_CHILD") {
        bns_blockfile::truncation_guard::install("guard-test").unwrap();
        let mut file = BlkFile::open(0, Path::new(&path), None).unwrap();
        file.map();
        assert!(file.is_mapped());
        let bytes = file.bytes_in_place(0, 3 * 4096).unwrap().expect("mapped, in range, no xor");
        std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(10).unwrap();
        // SAFETY-free: a plain read of a slice whose page is now past the file's end.
        let last = std::hint::black_box(bytes)[3 * 4096 - 1];
        println!("read {last} after truncation: no fault");
        std::process::exit(0);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blk00000.dat");
    std::fs::write(&path, vec![7u8; 4 * 4096]).unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_fault_inside_the_block_being_read_is_one_error_line_not_a_sigbus",
            "--nocapture",
        ])
        .env("BNS_GUARD_CHILD", &path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.signal(), None, "killed by a signal: {err}");
    assert_eq!(out.status.code(), Some(3), "stdout {} stderr {err}", String::from_utf8_lossy(&out.stdout));
    let line = err.lines().find(|l| l.starts_with("guard-test: error: ")).unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains("blk00000.dat changed during the run"), "{line}");
}
