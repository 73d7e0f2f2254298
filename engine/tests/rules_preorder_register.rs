//! NAME_PREORDER (bns spec §5.1), NAME_REGISTRATION (§5.2) and NAME_RENEWAL (§5.3):
//! one test per acceptance path and per rejection reason, on state outcomes.

mod common;
use bns_engine::consensus::Value;
use bns_engine::rules::RejectReason;
use bns_engine::state::OpFee;
use common::*;

const NS: &str = "test";

fn setup() -> (Rules, Wallet, Wallet) {
    let mut r = Rules::new();
    let owner = wallet(1);
    let reveal = wallet(2);
    r.ready_namespace(&owner, NS, &reveal, 100);
    (r, owner, reveal)
}

#[test]
fn s5_1_preorder_accepted_stores_row() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let ch = r.ch();
    let height = r.height;
    let acc = accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 100, ch))).clone();
    assert_eq!(acc.op, "?");
    let hash = bns_engine::hashes::name_preorder_hash("foo.test", &alice.script, &alice.address).unwrap();
    let row = r.state.preorder(&hash).expect("stored");
    assert_eq!(row.block_number, height);
    assert_eq!(row.op_fee, 100);
    assert_eq!(row.token_fee, "0");
    assert_eq!(row.token_units, "BTC");
    assert_eq!(row.sender_pubkey.as_deref(), Some(hex::encode(&alice.pubkey).as_str()));
    assert_eq!(acc.record.get("block_number"), Some(&Value::Int(i128::from(height))));
}

#[test]
fn s5_1_preorder_rejected_when_hash_not_new() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 100, ch)));
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(name_preorder(&alice, "foo.test", &alice, 100, ch))),
        RejectReason::PreorderNotNew
    );
}

#[test]
fn quirk_name_preorder_never_ages_out_of_duplicate_check() {
    // bns spec §12.4: an unconsumed preorder blocks the same hash forever.
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 100, ch)));
    let target = r.height + 300;
    r.skip_to(target);
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(name_preorder(&alice, "foo.test", &alice, 100, ch))),
        RejectReason::PreorderNotNew
    );
}

#[test]
fn s5_1_preorder_rejected_with_stale_consensus_hash() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let old = Rules::fake_ch(r.height - 1);
    let target = r.height + 25;
    r.skip_to(target);
    assert_eq!(
        rejected(&r.one(name_preorder(&alice, "foo.test", &alice, 100, old))),
        RejectReason::ConsensusHashNotRecent
    );
}

#[test]
fn s2_5_consensus_hash_valid_for_24_blocks_back() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let old = Rules::fake_ch(r.height - 1);
    let target = r.height + 23; // B - 24 == height of `old`
    r.skip_to(target);
    accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 100, old)));
}

#[test]
fn s2_5_genesis_consensus_hash_is_valid_in_the_first_blocks() {
    let mut r = Rules::new();
    let alice = wallet(10);
    let genesis = bns_engine::types::ConsensusHash(bns_engine::params::GENESIS_CONSENSUS_HASH);
    accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 100, genesis)));
}

/// The reference commits each preorder at once, so a second same-hash preorder in the
/// block already fails "hash is new" (check 1) before the collision rule (check 5).
#[test]
fn s8_4_second_same_hash_preorder_in_a_block_is_rejected() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let ch = r.ch();
    let v = r.block(vec![
        name_preorder(&alice, "foo.test", &alice, 100, ch),
        name_preorder(&alice, "foo.test", &alice, 200, ch),
    ]);
    accepted(&v[0]);
    assert_eq!(rejected(&v[1]), RejectReason::PreorderNotNew);
}

#[test]
fn s5_1_preorder_rejected_when_sender_owns_25_names() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let ch = r.ch();
    let names: Vec<String> = (0..25).map(|i| format!("n{i}.test")).collect();
    let v = r.block(names.iter().map(|n| name_preorder(&alice, n, &alice, 100, ch)).collect());
    v.iter().for_each(|v| {
        accepted(v);
    });
    // Registrations in the same block count toward the quota (checked_ops).
    let ch = r.ch();
    let mut block: Vec<_> = names.iter().map(|n| register(&alice, n, &alice)).collect();
    block.push(name_preorder(&alice, "extra.test", &alice, 100, ch));
    let v = r.block(block);
    v[..25].iter().for_each(|v| {
        accepted(v);
    });
    assert_eq!(rejected(&v[25]), RejectReason::SenderQuotaExceeded);
}

#[test]
fn s5_2_registration_accepted_with_reference_field_values() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let bob = wallet(11);
    let ch = r.ch();
    let preorder_height = r.height;
    accepted(&r.one(name_preorder(&alice, "foo.test", &bob, 150, ch)));
    let reg_height = r.height;
    let acc = accepted(&r.one(register(&alice, "foo.test", &bob))).clone();
    let rec = r.state.name("foo.test").expect("registered");
    assert_eq!(rec.sender, hex::encode(&bob.script));
    assert_eq!(rec.address, bob.address);
    // §12.12: the registering tx's key, i.e. the preorderer's.
    assert_eq!(rec.sender_pubkey, Some(hex::encode(&alice.pubkey)));
    assert_eq!(rec.block_number, preorder_height);
    assert_eq!(rec.preorder_block_number, preorder_height);
    assert_eq!(rec.first_registered, reg_height);
    assert_eq!(rec.last_renewed, reg_height);
    assert_eq!(rec.op, ":");
    assert_eq!(rec.op_fee, OpFee::Int(150));
    assert_eq!(rec.token_fee, "0");
    assert_eq!(rec.last_creation_op, "?");
    assert!(
        r.state.preorders.is_empty()
            || r.state.preorders.values().all(|rows| rows.iter().all(|p| p.op != "?"))
    );
    assert_eq!(acc.record.get("op_fee"), Some(&Value::Int(150)));
    assert_eq!(acc.record.get("importer"), Some(&Value::None));
}

#[test]
fn s15_4_preorder_and_registration_in_the_same_block() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let ch = r.ch();
    let v = r.block(vec![
        name_preorder(&alice, "foo.test", &alice, 100, ch),
        register(&alice, "foo.test", &alice),
    ]);
    accepted(&v[0]);
    accepted(&v[1]);
    // Registration before its preorder in block order: not found.
    let ch = r.ch();
    let v = r.block(vec![
        register(&alice, "bar.test", &alice),
        name_preorder(&alice, "bar.test", &alice, 100, ch),
    ]);
    assert_eq!(rejected(&v[0]), RejectReason::PreorderNotFound);
    accepted(&v[1]);
}

#[test]
fn s5_2_registration_rejected_namespace_not_ready() {
    let mut r = Rules::new();
    let alice = wallet(10);
    let reveal = wallet(2);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&alice, NS, &reveal, 4_100_000_000, ch, None)));
    accepted(&r.one(ns_reveal(&alice, NS, &reveal, 1, 100)));
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 100, ch)));
    assert_eq!(rejected(&r.one(register(&alice, "foo.test", &alice))), RejectReason::NamespaceNotReady);
}

#[test]
fn s5_2_registration_rejected_without_preorder() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    assert_eq!(rejected(&r.one(register(&alice, "foo.test", &alice))), RejectReason::PreorderNotFound);
}

#[test]
fn s5_2_registration_rejected_for_wrong_recipient_hash() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let bob = wallet(11);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 100, ch)));
    assert_eq!(rejected(&r.one(register(&alice, "foo.test", &bob))), RejectReason::PreorderNotFound);
}

#[test]
fn s5_2_registration_rejected_when_name_registered() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let bob = wallet(11);
    r.register_name(&alice, "foo.test");
    let ch = r.ch();
    accepted(&r.one(name_preorder(&bob, "foo.test", &bob, 100, ch)));
    // get_name_preorder reports "not found" while the name is alive.
    assert_eq!(rejected(&r.one(register(&bob, "foo.test", &bob))), RejectReason::PreorderNotFound);
}

#[test]
fn s5_2_registration_rejected_fee_insufficient() {
    let mut r = Rules::new();
    let owner = wallet(1);
    let reveal = wallet(2);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &reveal, 4_100_000_000, ch, None)));
    // coeff 250, base 2, bucket exponent 5: 250·32·100 = 800,000 sat.
    accepted(&r.one(ns_reveal_curve(&owner, NS, &reveal, 1, 1000, 250, 2, [5; 16], 1, 1)));
    accepted(&r.one(ns_ready(&reveal, NS)));
    let alice = wallet(10);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 799_999, ch)));
    assert_eq!(rejected(&r.one(register(&alice, "foo.test", &alice))), RejectReason::FeeInsufficient);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "bar.test", &alice, 800_000, ch)));
    accepted(&r.one(register(&alice, "bar.test", &alice)));
}

#[test]
fn s6_4_registration_rejected_when_fee_not_burned() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let ch = r.ch();
    accepted(&r.one(name_preorder_to(&alice, "foo.test", &alice, 100, ch, wallet(12).address)));
    assert_eq!(rejected(&r.one(register(&alice, "foo.test", &alice))), RejectReason::WrongBurnAddress);
}

#[test]
fn s5_2_registration_rejected_p2sh_recipient_in_epoch_1() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let multisig = p2sh_wallet(3);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "foo.test", &multisig, 100, ch)));
    assert_eq!(rejected(&r.one(register(&alice, "foo.test", &multisig))), RejectReason::MultisigNotAllowed);
}

#[test]
fn s5_2_registration_with_value_hash_rejected_before_epoch_3() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 100, ch)));
    assert_eq!(
        rejected(&r.one(register_with(&alice, "foo.test", &alice, Some([9; 20])))),
        RejectReason::ValueHashNotAllowed
    );
}

#[test]
fn s5_2_registration_rejected_when_preordered_before_ready() {
    let mut r = Rules::new();
    let owner = wallet(1);
    let reveal = wallet(2);
    let alice = wallet(10);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &reveal, 4_100_000_000, ch, None)));
    accepted(&r.one(ns_reveal(&owner, NS, &reveal, 1, 100)));
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 100, ch)));
    accepted(&r.one(ns_ready(&reveal, NS)));
    assert_eq!(
        rejected(&r.one(register(&alice, "foo.test", &alice))),
        RejectReason::PreorderBeforeNamespaceReady
    );
}

#[test]
fn s8_2_two_registrations_of_one_name_in_a_block_are_all_rejected() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let bob = wallet(11);
    let ch = r.ch();
    r.block(vec![
        name_preorder(&alice, "foo.test", &alice, 100, ch),
        name_preorder(&bob, "foo.test", &bob, 100, ch),
    ]);
    let v = r.block(vec![register(&alice, "foo.test", &alice), register(&bob, "foo.test", &bob)]);
    assert_eq!(rejected(&v[0]), RejectReason::NameCollision);
    assert_eq!(rejected(&v[1]), RejectReason::NameCollision);
    assert!(r.state.name("foo.test").is_none());
}

#[test]
fn s8_2_registration_after_same_block_preorder_collides_with_earlier_registration() {
    // The pre-scan cannot see the second one (its preorder is in the same block), but
    // the main pass rejects it because the key was already accepted.
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let bob = wallet(11);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 100, ch)));
    let ch = r.ch();
    let v = r.block(vec![
        register(&alice, "foo.test", &alice),
        name_preorder(&bob, "foo.test", &bob, 100, ch),
        register(&bob, "foo.test", &bob),
    ]);
    accepted(&v[0]);
    accepted(&v[1]);
    assert_eq!(rejected(&v[2]), RejectReason::NameCollision);
}

#[test]
fn s5_3_renewal_accepted_updates_last_renewed_and_fee() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    r.register_name(&alice, "foo.test");
    let first = r.state.name("foo.test").unwrap().clone();
    let height = r.height;
    let acc = accepted(&r.one(renew(&alice, "foo.test", &alice, 300))).clone();
    assert_eq!(acc.op, "::");
    let rec = r.state.name("foo.test").unwrap();
    assert_eq!(rec.last_renewed, height);
    assert_eq!(rec.first_registered, first.first_registered);
    assert_eq!(rec.block_number, first.block_number);
    assert_eq!(rec.op_fee, OpFee::Int(300));
    assert_eq!(rec.op, "::");
}

#[test]
fn s5_3_renewal_rejected_not_owner() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let bob = wallet(11);
    r.register_name(&alice, "foo.test");
    // Epochs 1–2: "recipient must own the name" (check 7) fires before "sender is owner".
    assert_eq!(
        rejected(&r.one(renew(&bob, "foo.test", &bob, 300))),
        RejectReason::RenewalOwnerChangeNotAllowed
    );
    // From epoch 3 on (OP_RENEW_TRANSFER_UPDATE) the same op fails "sender is owner".
    r.skip_to(801);
    assert_eq!(rejected(&r.one(renew(&bob, "foo.test", &bob, 300))), RejectReason::NotOwner);
}

#[test]
fn s5_3_renewal_owner_change_rejected_in_epoch_1() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let bob = wallet(11);
    r.register_name(&alice, "foo.test");
    assert_eq!(
        rejected(&r.one(renew(&alice, "foo.test", &bob, 300))),
        RejectReason::RenewalOwnerChangeNotAllowed
    );
}

#[test]
fn s5_3_renewal_rejected_fee_insufficient_and_not_burned() {
    let mut r = Rules::new();
    let owner = wallet(1);
    let reveal = wallet(2);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &reveal, 4_100_000_000, ch, None)));
    accepted(&r.one(ns_reveal_curve(&owner, NS, &reveal, 1, 1000, 250, 2, [5; 16], 1, 1)));
    accepted(&r.one(ns_ready(&reveal, NS)));
    let alice = wallet(10);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 800_000, ch)));
    accepted(&r.one(register(&alice, "foo.test", &alice)));
    assert_eq!(rejected(&r.one(renew(&alice, "foo.test", &alice, 799_999))), RejectReason::FeeInsufficient);
    let not_burn = renew_with(&alice, "foo.test", &alice, 800_000, wallet(12).address, Some(0), None);
    assert_eq!(rejected(&r.one(not_burn)), RejectReason::WrongBurnAddress);
    accepted(&r.one(renew(&alice, "foo.test", &alice, 800_000)));
}

#[test]
fn quirk_renewal_quota_counts_renewed_name() {
    // bns spec §12.9: an owner of 25 names cannot renew any of them.
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    let ch = r.ch();
    let names: Vec<String> = (0..25).map(|i| format!("n{i}.test")).collect();
    r.block(names.iter().map(|n| name_preorder(&alice, n, &alice, 100, ch)).collect());
    let v = r.block(names.iter().map(|n| register(&alice, n, &alice)).collect());
    v.iter().for_each(|v| {
        accepted(v);
    });
    assert_eq!(rejected(&r.one(renew(&alice, "n0.test", &alice, 100))), RejectReason::RecipientQuotaExceeded);
}

#[test]
fn s5_3_renewal_of_revoked_name_rejected() {
    let (mut r, _, _) = setup();
    let alice = wallet(10);
    r.register_name(&alice, "foo.test");
    accepted(&r.one(revoke(&alice, "foo.test")));
    assert_eq!(rejected(&r.one(renew(&alice, "foo.test", &alice, 100))), RejectReason::NameRevoked);
}
