//! Fuzz the payload codecs: for every opcode and epoch, decoding arbitrary bytes must
//! not panic, and whatever decodes must survive encode → decode unchanged.
//!
//! Input layout: `opcode selector(1) ‖ epoch selector(1) ‖ payload(rest)`.
#![no_main]

use bns_engine::types::Opcode;
use bns_engine::{wire, Params};
use libfuzzer_sys::fuzz_target;

/// One mainnet height per epoch (1–6).
const HEIGHTS: [u32; 6] = [400_000, 450_000, 500_000, 550_000, 600_000, 620_000];

fuzz_target!(|data: &[u8]| {
    let [op_selector, epoch_selector, payload @ ..] = data else { return };
    let opcode = Opcode::VALUES[usize::from(*op_selector) % Opcode::VALUES.len()];
    let height = HEIGHTS[usize::from(*epoch_selector) % HEIGHTS.len()];
    let features = Params::mainnet().features_at(height);
    if let Ok(decoded) = wire::decode(opcode, payload, &features) {
        assert_eq!(decoded.opcode(), opcode);
        let encoded = wire::encode(&decoded);
        let again = wire::decode(opcode, &encoded, &features).expect("an encoded payload decodes");
        assert_eq!(again, decoded);
    }
});
