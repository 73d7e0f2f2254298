//! # bns-blockfile: Bitcoin Core block files, once
//!
//! The one block-file layer of the project: record framing (`<magic><u32 LE
//! size><block>`, padding and junk skipped, sizes capped), the network names and
//! magics, `xor.dat`, a reader (positional reads, or in place from a mapping), a
//! writer ([`BlkWriter`]: files of a maximum size, xor, padding, a half-written
//! tail), safe opening of input files (no FIFO hangs, no endless devices), the
//! reference double SHA-256 and merkle root, and (feature `clap`) the command-line
//! arguments naming a network and its BNS parameters.

#[cfg(feature = "clap")]
pub mod args;
pub mod error;
pub mod hash;
pub mod input;
pub mod network;
pub mod reader;
pub mod truncation_guard;
pub mod writer;
pub mod xor;

pub use error::{InputError, ReadBlockError};
pub use hash::{merkle_root, sha256d};
pub use network::{detect_network, ChainNetwork};
pub use reader::{
    list_blk_files, record_bytes, records_in_slice, BlkFile, Record, HEADER_SIZE, MAX_BLOCK_SERIALIZED_SIZE,
};
pub use writer::{BlkWriter, RecordPos, WriterOptions};
pub use xor::{apply_xor, load_xor_key, XorKey};
