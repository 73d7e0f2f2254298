//! Consensus records and hashes (consensus spec §4–§7): the Python 2 `str()` text of
//! record fields, the netstring-like record serialization, the ops-hash Merkle root,
//! and the per-block consensus hash with its skip list of earlier hashes.

pub mod fields;
pub mod hash;
pub mod py2str;
pub mod record;
pub mod value;

pub use hash::{consensus_hash, ops_hash, skip_list_heights};
pub use record::serialize_record;
pub use value::Value;
