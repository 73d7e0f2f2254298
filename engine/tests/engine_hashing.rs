//! Engine loop with real consensus hashing (bns spec §11, consensus spec §7–§8): known
//! vectors, ANNOUNCE exclusion, freeze, halts, ordering, state round trips.

mod common;
use bns_engine::params::Params;
use bns_engine::rules::RejectReason;
use bns_engine::types::{BlockHash, Candidate, ConsensusHash, Op, Sender, Txid};
use bns_engine::{BlockInput, Engine, EngineError};
use common::*;

fn empty(height: u32) -> BlockInput {
    BlockInput { height, block_hash: BlockHash::default(), candidates: Vec::new() }
}

#[test]
fn engine_empty_mainnet_chain_matches_consensus_spec_8_2() {
    // Expected values: consensus-and-snapshots.md §8.2 table.
    let expected = [
        "2a9148d8b13939723d2aca16c75c6d68",
        "1c54465d3486f07be2c7a81af0ef44ad",
        "0efa29f955c6ae3bb5037039d89dba5e",
        "9daa6e59877b9e0ca4772a3df475abd2",
        "996ff3a1e5d612d4e4cf73dea04ccee6",
        "7ffaa0c606e1ebc5240b21934f8cffaa",
        "837782072d30d8cd90041eb1157d0f3b",
        "04c955e6e2c806ead334df392e433b63",
    ];
    let mut engine = Engine::new(Params::mainnet());
    assert_eq!(engine.next_height(), 373_601);
    for (i, want) in expected.iter().enumerate() {
        let height = 373_601 + i as u32;
        let out = engine.apply_block(empty(height)).unwrap();
        assert_eq!(out.consensus_hash.to_hex(), *want, "height {height}");
        assert_eq!(out.ops_hash.to_hex(), "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456");
    }
}

#[test]
fn engine_namespace_preorder_record_matches_consensus_spec_8_3() {
    // A real regtest NAMESPACE_PREORDER (consensus spec §8.3): txid 3564…c74a, vtxindex 1,
    // block 694 of a chain whose FIRST block (688) was empty.
    let mut engine = Engine::new(Params::regtest());
    for h in 688..694 {
        engine.apply_block(empty(h)).unwrap();
    }
    assert_eq!(engine.consensus_hash_at(688).unwrap().to_hex(), "2a9148d8b13939723d2aca16c75c6d68");
    let script = hex::decode("76a91474178497e927ff3ff1428a241be454d393c3c91c88ac").unwrap();
    let mut preorder_hash = [0u8; 20];
    hex::decode_to_slice("db67800bdfa5da781e177cc268f7cf030952629a", &mut preorder_hash).unwrap();
    let cand = Candidate {
        txid: Txid::from_hex("3564976059b4cbc33e8c8f2b06f2c0a9483eabfe95ee557dd1a646ec20c9c74a").unwrap(),
        vtxindex: 1,
        sender: Sender {
            script,
            address: "mr6nrMvvh44sR5MiX929mMXP5hqgaTr6fx".to_string(),
            pubkey: Some(
                hex::decode("03d6fd1ba0effaf1e8d94ea7b7a3d0ef26fea00a14ce5ffcc1495fe588a2c6d0f3").unwrap(),
            ),
        },
        op: Op::NamespacePreorder {
            preorder_hash,
            consensus_hash: ConsensusHash::from_hex("2a9148d8b13939723d2aca16c75c6d68").unwrap(),
            token_fee: None,
            op_fee_sat: 400_000_000,
            burn_address: bns_engine::address::burn_address(&Params::regtest()),
        },
    };
    let out = engine
        .apply_block(BlockInput { height: 694, block_hash: BlockHash::default(), candidates: vec![cand] })
        .unwrap();
    assert_eq!(out.accepted.len(), 1, "rejected: {:?}", out.rejected);
    assert_eq!(
        out.accepted[0].record,
        "*:40:db67800bdfa5da781e177cc268f7cf030952629a,32:2a9148d8b13939723d2aca16c75c6d68,1:*,9:400000000,64:3564976059b4cbc33e8c8f2b06f2c0a9483eabfe95ee557dd1a646ec20c9c74a,1:1,3:694,50:76a91474178497e927ff3ff1428a241be454d393c3c91c88ac,66:03d6fd1ba0effaf1e8d94ea7b7a3d0ef26fea00a14ce5ffcc1495fe588a2c6d0f3,34:mr6nrMvvh44sR5MiX929mMXP5hqgaTr6fx"
    );
    assert_eq!(out.ops_hash.to_hex(), "56851352f48b42abe5989371a8e5e06c4ef72872816a0c344578bf32938350b5");
}

#[test]
fn quirk_announce_never_recorded() {
    // bns spec §15.2: a block holding only an ANNOUNCE hashes like an empty block.
    let mut with_announce = Chain::new();
    let mut plain = Chain::new();
    let out = with_announce.block(vec![announce(&wallet(1))]);
    assert!(out.accepted.is_empty());
    assert_eq!(out.rejected[0].reason, RejectReason::AnnounceNotRecorded);
    let plain_out = plain.block(Vec::new());
    assert_eq!(out.consensus_hash, plain_out.consensus_hash);
}

#[test]
fn engine_rejects_heights_out_of_order() {
    let mut engine = Engine::new(Params::regtest());
    assert_eq!(
        engine.apply_block(empty(689)),
        Err(EngineError::HeightOutOfOrder { expected: 688, got: 689 })
    );
    engine.apply_block(empty(688)).unwrap();
    assert_eq!(
        engine.apply_block(empty(688)),
        Err(EngineError::HeightOutOfOrder { expected: 689, got: 688 })
    );
}

#[test]
fn s2_1_freeze_drops_every_candidate() {
    let mut params = Params::regtest();
    params.freeze_height = Some(689);
    let mut engine = Engine::new(params);
    let ch = ConsensusHash(bns_engine::params::GENESIS_CONSENSUS_HASH);
    let first = engine
        .apply_block(BlockInput {
            height: 688,
            block_hash: BlockHash::default(),
            candidates: number(
                688,
                vec![ns_preorder(&wallet(1), "test", &wallet(2), 4_100_000_000, ch, None)],
            ),
        })
        .unwrap();
    assert_eq!(first.accepted.len(), 1);
    let frozen = engine
        .apply_block(BlockInput {
            height: 689,
            block_hash: BlockHash::default(),
            candidates: number(
                689,
                vec![ns_preorder(&wallet(3), "test", &wallet(2), 4_100_000_000, ch, None)],
            ),
        })
        .unwrap();
    assert!(frozen.accepted.is_empty());
    assert_eq!(frozen.rejected[0].reason, RejectReason::StacksExportFreeze);
}

#[test]
fn s15_7_engine_reports_reference_halt_and_stays_halted() {
    let mut chain = Chain::new();
    let owner = wallet(1);
    let ch = chain.ch();
    chain.block(vec![ns_preorder(&owner, "test", &wallet(2), 4_100_000_000, ch, None)]);
    chain.block(vec![ns_reveal(&owner, "test", &wallet(2), 1, 1000)]);
    for _ in 0..145 {
        chain.block(Vec::new());
    }
    let ch = chain.ch();
    chain.block(vec![ns_preorder(&owner, "test", &wallet(3), 4_200_000_000, ch, None)]);
    let height = chain.engine.next_height();
    let input = BlockInput {
        height,
        block_hash: BlockHash::default(),
        candidates: number(height, vec![ns_reveal(&owner, "test", &wallet(3), 1, 1000)]),
    };
    match chain.engine.apply_block(input) {
        Err(EngineError::ReferenceHalts { height: h, reason }) => {
            assert_eq!(h, height);
            // The quirk by name: the re-reveal's UPDATE pins op_fee, matches no row.
            assert!(
                matches!(&reason, bns_engine::Halt::NamespaceReRevealFee { namespace_id, .. } if namespace_id == "test"),
                "{reason:?}"
            );
        }
        other => panic!("expected a halt, got {other:?}"),
    }
    assert!(matches!(chain.engine.apply_block(empty(height + 1)), Err(EngineError::ReferenceHalts { .. })));
    assert_eq!(chain.engine.consensus_hash_at(height), None);
}

#[test]
fn engine_from_state_continues_identically() {
    let mut a = Chain::new();
    let owner = wallet(1);
    let ch = a.ch();
    a.block(vec![ns_preorder(&owner, "test", &wallet(2), 4_100_000_000, ch, None)]);
    a.block(vec![ns_reveal(&owner, "test", &wallet(2), 1, 1000)]);
    let mut b = Chain { engine: Engine::from_state(params(), a.engine.state().clone()).unwrap() };
    assert_eq!(a.engine.state_digest(), b.engine.state_digest());
    let oa = a.block(vec![ns_ready(&wallet(2), "test")]);
    let ob = b.block(vec![ns_ready(&wallet(2), "test")]);
    assert_eq!(oa, ob);
    assert_eq!(a.engine.state_digest(), b.engine.state_digest());
}

#[test]
fn engine_from_state_rejects_a_state_without_its_last_hash() {
    let mut state = Engine::new(params()).into_state();
    state.consensus_hashes.clear();
    assert!(matches!(Engine::from_state(params(), state), Err(EngineError::InvalidState { .. })));
}

#[test]
fn engine_delta_replays_a_full_namespace_and_name_lifecycle() {
    let mut chain = Chain::new();
    let owner = wallet(1);
    let reveal = wallet(2);
    let alice = wallet(10);
    let mut replay = chain.engine.state().clone();
    let mut step = |chain: &mut Chain, cands: Vec<Candidate>| {
        let out = chain.block(cands);
        replay.apply_delta(&out.delta);
        assert_eq!(&replay, chain.engine.state());
        out
    };
    let ch = chain.ch();
    step(&mut chain, vec![ns_preorder(&owner, "test", &reveal, 4_100_000_000, ch, None)]);
    step(&mut chain, vec![ns_reveal(&owner, "test", &reveal, 1, 1000)]);
    step(&mut chain, vec![import(&reveal, "imp.test", &alice, [1; 20])]);
    step(&mut chain, vec![ns_ready(&reveal, "test")]);
    let ch = chain.ch();
    step(&mut chain, vec![name_preorder(&alice, "foo.test", &alice, 100, ch)]);
    let out = step(&mut chain, vec![register(&alice, "foo.test", &alice)]);
    assert_eq!(out.accepted.len(), 1);
    let ch = chain.ch();
    let out = step(
        &mut chain,
        vec![update(&alice, "foo.test", ch, [2; 20]), transfer(&alice, "imp.test", &wallet(11), false, ch)],
    );
    assert_eq!(out.accepted.len(), 2, "{:?}", out.rejected);
    // op_fee of an import-created name is serialized as a float (§11).
    assert!(out.accepted[1].record.contains(",5:100.0,"), "{}", out.accepted[1].record);
    let out = step(&mut chain, vec![revoke(&alice, "foo.test")]);
    assert_eq!(out.accepted.len(), 1);
}

#[test]
fn engine_refuses_a_block_whose_skip_list_hash_is_missing() {
    let mut engine = Engine::new(Params::regtest());
    for h in 688..692 {
        engine.apply_block(empty(h)).unwrap();
    }
    let mut state = engine.into_state();
    state.consensus_hashes.remove(&689); // needed by 692 (692 − 3)
    let mut engine = Engine::from_state(Params::regtest(), state).unwrap();
    let before = engine.state_digest();
    assert!(matches!(engine.apply_block(empty(692)), Err(EngineError::InvalidState { .. })));
    assert_eq!(engine.state_digest(), before);
}
