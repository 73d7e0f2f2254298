//! # bns-snapshots: signed fast-sync archives of BNS v1 state
//!
//! A producer writes the state at a height into an archive, one or more keys sign it,
//! a user verifies the signatures *and the content* and starts from it.
//!
//! * [`trailer`]: the reference's signature trailer (consensus spec §11.4), shared by
//!   our archives and Blockstack Core's `.bsk` files.
//! * [`signing`]: ECDSA over `sha256(payload)`, low-S; threshold over distinct keys.
//! * [`keys`]: private keys from files (hex or WIF), public keys from hex, keygen.
//! * [`format`]: our archive body, version 2 (SNAPSHOT-FORMAT.md).
//! * [`archive`]: gzip + trailer around the body; `create` and `verify`.
//! * [`bsk`]: Blockstack Core archives: compression detection, safe tar listing.
//! * [`restore`]: verify, write a store into a temporary directory, check, rename.
//! * [`engine_glue`], [`store_glue`]: the only places that know the engine's state
//!   type and the replay store.
//! * [`interrupt`]: SIGINT/SIGTERM: temporary paths removed, exit 130/143.
//! * [`cli`]: the `snapshot` command line.
#![forbid(unsafe_code)]

pub mod archive;
pub mod bsk;
pub mod cli;
pub mod engine_glue;
pub mod error;
pub mod format;
pub mod interrupt;
pub mod keys;
pub mod restore;
pub mod signing;
pub mod store_glue;
#[doc(hidden)]
pub mod testing;
pub mod trailer;
