//! # bns-snapshots: signed fast-sync archives of BNS v1 state
//!
//! A producer writes the state at a height into an archive, one or more keys sign it,
//! a user verifies the signatures *and the content* and starts from it.
//!
//! * [`trailer`]: the reference's signature trailer (consensus spec §11.4), shared by
//!   our archives and Blockstack Core's `.bsk` files.
//! * [`signing`]: ECDSA over `sha256(payload)`, low-S; threshold over distinct keys.
//! * [`keys`]: private keys from files (hex or WIF), public keys from hex, keygen.
//! * [`bsk`]: Blockstack Core archives: compression detection, safe tar listing.
#![forbid(unsafe_code)]

pub mod bsk;
pub mod error;
pub mod keys;
pub mod signing;
pub mod trailer;
