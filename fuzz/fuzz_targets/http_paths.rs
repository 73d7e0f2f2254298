//! The API router and request parsing on arbitrary request targets and methods:
//! no panic, and every answer is a well-formed reply (JSON bodies parse).
#![no_main]

use bns_api::InMemoryModel;
use bns_engine::{BlockHash, BlockInput, Params};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn model() -> &'static InMemoryModel {
    static MODEL: OnceLock<InMemoryModel> = OnceLock::new();
    MODEL.get_or_init(|| {
        let params = Params::regtest();
        let first = params.first_block;
        let mut m = InMemoryModel::new(params);
        for h in first..first + 3 {
            let _ = m.apply_block(BlockInput {
                height: h,
                block_hash: BlockHash([h as u8; 32]),
                candidates: vec![],
            });
        }
        m
    })
}

const METHODS: [&str; 6] = ["GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE"];

fuzz_target!(|data: &[u8]| {
    let Some((&m, target)) = data.split_first() else { return };
    let method = METHODS[usize::from(m) % METHODS.len()];
    // Also exercise the routes with a known prefix so the fuzzer reaches handlers.
    const PREFIXES: [&[u8]; 6] = [
        b"",
        b"/v1/names/",
        b"/v1/accounts/",
        b"/v1/blockchains/bitcoin/",
        b"/x/v1/",
        b"/v1/dids/did:stack:v0:",
    ];
    let prefix = PREFIXES[usize::from(m / 6) % PREFIXES.len()];
    let mut full = prefix.to_vec();
    full.extend_from_slice(target);
    let reply = bns_api::handle(model(), method, &full);
    assert!((100..600).contains(&reply.status));
    if reply.content_type == "application/json" {
        serde_json::from_slice::<serde_json::Value>(&reply.body).expect("JSON body");
    }
});
