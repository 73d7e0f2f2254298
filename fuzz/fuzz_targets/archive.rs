//! Fuzz target: untrusted snapshot archive files (ours and Blockstack Core `.bsk`).
//! The trailer parser, the signature check, the gzip payload and body decoder, the
//! content checks and the `.bsk` tar lister all get the input; none may panic, hang
//! or allocate beyond what the input holds. The logic lives in
//! `bns_snapshots::testing::fuzz_archive`, which `snapshots/tests/fuzz_smoke.rs` also
//! runs in the ordinary test suite.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    bns_snapshots::testing::fuzz_archive(data);
});
