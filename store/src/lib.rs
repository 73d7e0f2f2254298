//! # bns-store: where BNS v1 state lives
//!
//! The one owner of persistence: an LMDB environment (heed) with one database per
//! state table, one row per block, and a `meta` database holding the format version,
//! the full parameter set the store was built with (a params file, JSON, and its
//! fingerprint), the network, the tip and the state digest. Row values use explicit,
//! versioned byte encodings (`codec`, no serde on disk), each sealed with a CRC-32
//! trailer checked on every read. Byte layout and version log: `STORE-FORMAT.md`.
//!
//! * [`rows`]: block rows, tip, state tables, one commit (`Batch`), the `Store` and
//!   `StateReader` traits and an in-memory store for tests.
//! * [`codec`]: the record encodings; [`state`]: the engine `State` as rows.
//! * [`lmdb`]: the LMDB store (writer lock, compare-and-swap commits, checksums).
//! * [`dir`]: the marker that proves a directory is ours, the writer lock, and the
//!   data-file check that turns a truncated file into an error instead of a SIGBUS.
//! * [`restart`]: rebuilding a store beside the old one and swapping on success.
//! * [`verify`]: every row of a whole store, and the state digest.
//! * [`owners`]: the owner index (address → names), written with the state.

pub mod codec;
pub mod dir;
pub mod error;
pub mod history;
pub mod lmdb;
mod mapped;
pub mod owners;
pub mod restart;
pub mod rows;
pub mod state;
pub mod verify;
pub mod zonefiles;

pub use error::{CommitError, Corrupt, CorruptKind, OpenError, ReadError};
pub use lmdb::{Identity, LmdbStore, StoreView, FORMAT_VERSION};
pub use restart::Restart;
pub use rows::{
    Batch, BlockRow, MemStore, RowChange, RowVisitor, StateReader, StateTable, StateWrite, Store, Tip,
};
pub use state::{delta_rows, load_state_rows, state_write};
