//! Fuzz target `engine_blocks`: arbitrary sequences of blocks of arbitrary candidate
//! operations through `Engine::apply_block`. The engine must never panic, must accept
//! every block in height order (unless it reports that the reference halts), and must
//! be deterministic: the same blocks applied to a second engine give the same hashes
//! and the same state digest.
#![no_main]

use arbitrary::Arbitrary;
use bns_engine::params::GENESIS_CONSENSUS_HASH;
use bns_engine::{
    BlockHash, BlockInput, Candidate, ConsensusHash, Engine, EngineError, Op, Params, Sender, Txid,
};
use libfuzzer_sys::fuzz_target;

/// Small alphabets so that names, namespaces and senders collide often.
const NAMES: [&str; 4] = ["a", "bob", "x_1", "0"];
const NAMESPACES: [&str; 3] = ["test", "id", "x"];

#[derive(Arbitrary, Debug)]
struct FuzzCandidate {
    sender: u8,
    recipient: u8,
    name: u8,
    namespace: u8,
    consensus_back: u8,
    amount: u64,
    small: u8,
    buckets: [u8; 16],
    kind: u8,
    hash: [u8; 20],
}

#[derive(Arbitrary, Debug)]
struct FuzzBlock {
    empty_before: u8,
    candidates: Vec<FuzzCandidate>,
}

fn wallet_script(i: u8) -> Vec<u8> {
    let mut s = vec![0x76, 0xa9, 0x14];
    s.extend_from_slice(&[i % 6; 20]);
    s.extend_from_slice(&[0x88, 0xac]);
    s
}

fn to_candidate(engine: &Engine, height: u32, index: u32, c: &FuzzCandidate) -> Candidate {
    let params = engine.params();
    let script = wallet_script(c.sender);
    let address = bns_engine::address::script_to_address(&script, params).unwrap_or_default();
    let recipient = wallet_script(c.recipient);
    let recipient_address = bns_engine::address::script_to_address(&recipient, params).unwrap_or_default();
    let ns = NAMESPACES[usize::from(c.namespace) % NAMESPACES.len()];
    let fqn = format!("{}.{}", NAMES[usize::from(c.name) % NAMES.len()], ns);
    let ch = engine
        .consensus_hash_at(height.saturating_sub(1 + u32::from(c.consensus_back % 30)))
        .unwrap_or(ConsensusHash(GENESIS_CONSENSUS_HASH));
    let burn = bns_engine::address::burn_address(params);
    let op = match c.kind % 12 {
        0 => Op::NamePreorder {
            preorder_hash: bns_engine::hashes::name_preorder_hash(&fqn, &script, &recipient_address)
                .unwrap_or(c.hash),
            consensus_hash: ch,
            token_fee: (c.small & 1 == 1).then_some(c.amount),
            token_units: (c.small & 1 == 1).then(|| "STACKS".to_string()),
            op_fee_sat: c.amount,
            burn_address: burn,
        },
        1 => Op::NameRegistration {
            name: fqn,
            value_hash: None,
            token_fee: Some(0),
            recipient,
            recipient_address,
        },
        2 => Op::NameRenewal {
            name: fqn,
            value_hash: None,
            token_fee: None,
            recipient,
            recipient_address,
            op_fee_sat: c.amount,
            burn_address: burn,
        },
        3 => Op::NameUpdate {
            name_consensus_hash: bns_engine::hashes::name_consensus_hash(&fqn, &ch),
            value_hash: c.hash,
        },
        4 => Op::NameTransfer {
            keep_data: c.small & 1 == 1,
            name_hash128: bns_engine::hashes::name_hash128(&fqn),
            consensus_hash: ch,
            recipient,
            recipient_address,
        },
        5 => Op::NameRevoke { name: fqn },
        6 => Op::NameImport { name: fqn, recipient, recipient_address, value_hash: c.hash },
        7 => Op::NamespacePreorder {
            preorder_hash: bns_engine::hashes::namespace_preorder_hash(ns, &script, &recipient_address)
                .unwrap_or(c.hash),
            consensus_hash: ch,
            token_fee: (c.small & 1 == 1).then_some(c.amount),
            op_fee_sat: c.amount,
            burn_address: burn,
        },
        8 => Op::NamespaceReveal {
            namespace_id: ns.to_string(),
            lifetime: u32::from(c.small) * 3,
            coeff: c.small,
            base: c.hash[0],
            buckets: c.buckets.map(|b| b % 16),
            nonalpha_discount: c.hash[1] % 16,
            no_vowel_discount: c.hash[2] % 16,
            version: u16::from(c.hash[3] % 4),
            recipient,
            recipient_address,
        },
        9 => Op::NamespaceReady { namespace_id: ns.to_string() },
        10 => Op::Announce { message_hash: c.hash },
        _ => Op::TokenTransfer {
            consensus_hash: ch,
            token_type: "STACKS".to_string(),
            amount: c.amount,
            scratch_area: vec![],
            recipient,
            recipient_address,
        },
    };
    Candidate {
        txid: Txid(bns_engine::hashes::sha256(
            &[&height.to_le_bytes()[..], &index.to_le_bytes()[..]].concat(),
        )),
        vtxindex: index + 1,
        sender: Sender { script, address, pubkey: None },
        op,
    }
}

fuzz_target!(|blocks: Vec<FuzzBlock>| {
    let params = Params::regtest();
    let mut engine = Engine::new(params.clone());
    let mut twin = Engine::new(params);
    for block in blocks.iter().take(64) {
        for _ in 0..(block.empty_before % 40) {
            let h = engine.next_height();
            let input = BlockInput { height: h, block_hash: BlockHash([1; 32]), candidates: vec![] };
            let a = engine.apply_block(input.clone()).map(|o| o.consensus_hash);
            let b = twin.apply_block(input).map(|o| o.consensus_hash);
            assert_eq!(a, b);
        }
        let h = engine.next_height();
        let candidates: Vec<Candidate> = block
            .candidates
            .iter()
            .take(40)
            .enumerate()
            .map(|(i, c)| to_candidate(&engine, h, i as u32, c))
            .collect();
        let input = BlockInput { height: h, block_hash: BlockHash([2; 32]), candidates };
        let a = engine.apply_block(input.clone());
        let b = twin.apply_block(input);
        match (&a, &b) {
            (Ok(x), Ok(y)) => assert_eq!(x, y),
            (Err(EngineError::ReferenceHalts { .. }), Err(EngineError::ReferenceHalts { .. })) => return,
            _ => panic!("engine diverged or failed: {a:?} vs {b:?}"),
        }
    }
    assert_eq!(engine.state_digest(), twin.state_digest());
});
