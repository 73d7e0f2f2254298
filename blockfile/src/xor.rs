//! `xor.dat` (Bitcoin Core 28+): an 8-byte key; byte `i` of every block file is XORed
//! with `key[i % 8]`, by absolute file offset.

use crate::error::{InputError, ReadBlockError};
use std::path::Path;

/// An 8-byte obfuscation key.
pub type XorKey = [u8; 8];

/// The key file's name inside a blocks directory.
pub const XOR_FILE: &str = "xor.dat";

/// The key of `dir/xor.dat`: `None` when absent or all zero. The file must be a
/// regular file of exactly 8 bytes; its size is checked before anything is read, so a
/// huge file or a link to `/dev/zero` is refused at once.
pub fn load_xor_key(dir: &Path) -> Result<Option<XorKey>, ReadBlockError> {
    let path = dir.join(XOR_FILE);
    let bytes = match crate::input::read_regular(&path, 8) {
        Ok(bytes) => bytes,
        Err(InputError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(None)
        }
        Err(InputError::TooLarge { len, .. }) => {
            return Err(ReadBlockError::BadXorKey { dir: dir.to_path_buf(), len })
        }
        Err(other) => return Err(ReadBlockError::Input(other)),
    };
    let key: XorKey = bytes
        .as_slice()
        .try_into()
        .map_err(|_| ReadBlockError::BadXorKey { dir: dir.to_path_buf(), len: bytes.len() as u64 })?;
    Ok(if key == [0u8; 8] { None } else { Some(key) })
}

/// XOR `buf`, which starts at absolute file offset `offset`, with `key`.
pub fn apply_xor(buf: &mut [u8], offset: u64, key: &XorKey) {
    // offset % 8 < 8, so the cast cannot truncate.
    let start = (offset % 8) as usize;
    for (i, byte) in buf.iter_mut().enumerate() {
        *byte ^= key[(start + i) % 8];
    }
}
