//! # bns-replay: Bitcoin Core block files → BNS consensus hashes
//!
//! `replay --from ~/.bitcoin/blocks` reads a node's block files (read-only, as the
//! node leaves them), picks the best chain from the headers, scans it in parallel for
//! transactions carrying a BNS OP_RETURN, resolves the outputs their inputs spend from
//! the same files, runs the BNS engine over the blocks in height order and stores the
//! results in LMDB. Pipeline: `source` (files + header index) → `chain` (best chain)
//! → `scan` (candidates + prevouts) → `processor` (engine) → `store`, driven by
//! `replay::run`.

pub mod chain;
pub mod check;
pub mod cli;
pub mod engine_adapter;
pub mod error;
pub mod export_cmd;
pub mod hashkey;
pub mod interrupt;
pub mod memory_model;
pub mod params_loader;
pub mod predict;
pub mod processor;
pub mod progress;
pub mod query;
pub mod replay;
pub mod scan;
pub mod serve;
pub mod sha256_batch;
pub mod sha256_plan;
pub mod sha256_shani;
pub mod sha256_x16;
pub mod sha256_x16_pipe;
pub mod sha256_x8;
pub mod source;
pub mod store;
pub mod store_info;
pub mod txwalk;
pub mod work;
pub mod zonefiles_cmd;

pub use engine_adapter::drive_engine;

/// Test helpers shared by the unit tests of this crate.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::PathBuf;

    /// The project's `shared/` folder (spec, oracle, real data), which sits beside the
    /// checkout: found by walking up from this crate, or given as `BNS_SHARED_DIR`.
    pub fn shared_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("BNS_SHARED_DIR") {
            return PathBuf::from(dir);
        }
        let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        loop {
            let candidate = dir.join("shared");
            if candidate.join("data/real").is_dir() {
                return candidate;
            }
            if !dir.pop() {
                panic!("no shared/ folder above {} (set BNS_SHARED_DIR)", env!("CARGO_MANIFEST_DIR"));
            }
        }
    }
}
