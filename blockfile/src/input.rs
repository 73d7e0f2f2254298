//! Opening files we are given as input (block files, `xor.dat`, params files, check
//! lists) so that a FIFO cannot hang us and a device cannot be read forever: the
//! open is non-blocking (opening a FIFO with no writer returns at once), and what was
//! opened must be a regular file, checked on the open descriptor (no race with a
//! rename). Reads are capped by the file's size, checked before reading.

use crate::error::InputError;
use std::fs::File;
use std::io::Read as _;
use std::os::unix::fs::{FileTypeExt as _, OpenOptionsExt as _};
use std::path::Path;

/// Open `path` read-only; refuse anything but a regular file (symlinks followed).
pub fn open_regular(path: &Path) -> Result<File, InputError> {
    let io = |source| InputError::Io { file: path.to_path_buf(), source };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(io)?;
    let kind = file.metadata().map_err(io)?.file_type();
    if kind.is_file() {
        return Ok(file);
    }
    let kind = if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a file"
    };
    Err(InputError::NotRegular { file: path.to_path_buf(), kind })
}

/// The whole of the regular file `path`, refused when longer than `max` bytes (its
/// size is checked before reading, and the read stops at `max + 1` bytes in case it
/// grows meanwhile).
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, InputError> {
    let io = |source| InputError::Io { file: path.to_path_buf(), source };
    let file = open_regular(path)?;
    let len = file.metadata().map_err(io)?.len();
    if len > max {
        return Err(InputError::TooLarge { file: path.to_path_buf(), len, max });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(InputError::TooLarge { file: path.to_path_buf(), len: bytes.len() as u64, max });
    }
    Ok(bytes)
}

/// [`read_regular`] as UTF-8 text.
pub fn read_regular_text(path: &Path, max: u64) -> Result<String, InputError> {
    let bytes = read_regular(path, max)?;
    String::from_utf8(bytes).map_err(|e| InputError::Io {
        file: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
    })
}
