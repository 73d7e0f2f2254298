//! A `BuildHasher` for maps keyed by values that are already cryptographic hashes
//! (txids, hash160/sha256 inside scripts): their bytes are uniformly distributed, so
//! folding the first 16 bytes is as good as SipHash and much cheaper. Only for keys
//! that come out of a hash function; never for attacker-chosen plain data.

use std::hash::{BuildHasherDefault, Hasher};

/// Folds up to the first 16 bytes written (lengths are ignored).
#[derive(Default, Clone, Copy)]
pub struct HashKeyHasher(u64);

impl Hasher for HashKeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8).take(2) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = self.0.rotate_left(23) ^ u64::from_le_bytes(word);
        }
    }
    fn write_usize(&mut self, _: usize) {}
}

/// `HashMap<K, V, HashKeyState>` for hash-valued keys.
pub type HashKeyState = BuildHasherDefault<HashKeyHasher>;
