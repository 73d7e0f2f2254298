//! Consensus records and hashes (consensus spec §4–§7): the Python 2 `str()` text of
//! record fields, the netstring-like record serialization, the ops-hash Merkle root,
//! and the per-block consensus hash with its skip list of earlier hashes.

pub mod value;
pub use value::Value;
