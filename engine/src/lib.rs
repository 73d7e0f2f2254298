//! # bns-engine: the BNS v1 consensus core
//!
//! A pure function of its inputs: ordered Bitcoin blocks (already reduced to candidate
//! operations by [`extract`]) go in; per-block consensus hashes, accepted operations and
//! state changes come out, bit-exact with Blockstack Core v22.2.0.0.
//!
//! Contract (sans-I/O, like quinn-proto): no files, sockets, clocks, environment
//! variables, threads, printing or randomness anywhere in this crate. Heights, block
//! hashes and prevouts arrive as data. Every map whose iteration order can reach a hash
//! or an output is a `BTreeMap`. Malformed input is a rejected candidate, never a panic;
//! `Err` means the engine cannot go on (heights out of order, or a block at which the
//! reference itself halts).
#![forbid(unsafe_code)]

pub mod address;
pub mod b40;
pub mod consensus;
pub mod extract;
pub mod hashes;
pub mod names;
pub mod params;
pub mod params_file;
pub mod params_file_write;
pub mod price;
pub mod script;
pub mod types;
pub mod wire;

mod engine;
mod keychain;
pub mod rules;
pub mod state;

pub use engine::*;
pub use rules::Halt;

pub use params::{Network, Params};
pub use types::{BlockHash, Candidate, ConsensusHash, Op, Opcode, OpsHash, OutputRef, Sender, Txid};
