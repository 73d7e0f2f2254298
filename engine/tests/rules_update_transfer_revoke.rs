//! NAME_UPDATE (bns spec §5.4), NAME_TRANSFER (§5.5), NAME_REVOKE (§5.6) and the
//! expiry / grace-period predicates (§7), on state outcomes.

mod common;
use bns_engine::consensus::Value;
use bns_engine::rules::RejectReason;
use common::*;

const NS: &str = "test";

fn setup_with(lifetime: u32) -> (Rules, Wallet) {
    let mut r = Rules::new();
    r.ready_namespace(&wallet(1), NS, &wallet(2), lifetime);
    let alice = wallet(10);
    r.register_name(&alice, "foo.test");
    (r, alice)
}

fn setup() -> (Rules, Wallet) {
    setup_with(1000)
}

#[test]
fn s5_4_update_accepted_sets_value_and_consensus_hash() {
    let (mut r, alice) = setup();
    let ch = r.ch();
    let acc = accepted(&r.one(update(&alice, "foo.test", ch, [5; 20]))).clone();
    let rec = r.state.name("foo.test").unwrap();
    assert_eq!(rec.value_hash, Some(hex::encode([5u8; 20])));
    assert_eq!(rec.consensus_hash, Some(ch.to_hex()));
    assert_eq!(rec.op, "+");
    // sender_pubkey kept from the registration.
    assert_eq!(rec.sender_pubkey, Some(hex::encode(&alice.pubkey)));
    let expected = hex::encode(bns_engine::hashes::name_consensus_hash("foo.test", &ch));
    assert_eq!(acc.record.get("name_consensus_hash"), Some(&Value::Str(expected)));
}

#[test]
fn s5_4_update_rejected_with_unknown_name_consensus_hash() {
    let (mut r, alice) = setup();
    let stale = Rules::fake_ch(r.height - 1);
    let target = r.height + 25;
    r.skip_to(target);
    assert_eq!(
        rejected(&r.one(update(&alice, "foo.test", stale, [5; 20]))),
        RejectReason::NameConsensusHashNotFound
    );
}

#[test]
fn s5_4_update_by_non_owner_does_not_resolve() {
    let (mut r, _) = setup();
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(update(&wallet(11), "foo.test", ch, [5; 20]))),
        RejectReason::NameConsensusHashNotFound
    );
}

#[test]
fn s7_1_name_registered_in_block_is_invisible_to_later_ops_of_that_block() {
    let mut r = Rules::new();
    r.ready_namespace(&wallet(1), NS, &wallet(2), 1000);
    let alice = wallet(10);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "foo.test", &alice, 100, ch)));
    let ch = r.ch();
    let v = r.block(vec![register(&alice, "foo.test", &alice), update(&alice, "foo.test", ch, [1; 20])]);
    accepted(&v[0]);
    assert_eq!(rejected(&v[1]), RejectReason::NameConsensusHashNotFound);
}

#[test]
fn s8_5_update_transfer_update_in_one_block() {
    let (mut r, alice) = setup();
    let bob = wallet(11);
    let ch = r.ch();
    let v = r.block(vec![
        update(&alice, "foo.test", ch, [1; 20]),
        transfer(&alice, "foo.test", &bob, true, ch),
        update(&bob, "foo.test", ch, [2; 20]),
    ]);
    v.iter().for_each(|v| {
        accepted(v);
    });
    let rec = r.state.name("foo.test").unwrap();
    assert_eq!(rec.address, bob.address);
    assert_eq!(rec.value_hash, Some(hex::encode([2u8; 20])));
}

#[test]
fn s5_5_transfer_keep_data_accepted() {
    let (mut r, alice) = setup();
    let bob = wallet(11);
    let ch = r.ch();
    accepted(&r.one(update(&alice, "foo.test", ch, [5; 20])));
    let ch = r.ch();
    let acc = accepted(&r.one(transfer(&alice, "foo.test", &bob, true, ch))).clone();
    assert_eq!(acc.op, ">>");
    assert_eq!(acc.record.get("keep_data"), Some(&Value::Bool(true)));
    let rec = r.state.name("foo.test").unwrap();
    assert_eq!(rec.sender, hex::encode(&bob.script));
    assert_eq!(rec.sender_pubkey, None);
    assert_eq!(rec.value_hash, Some(hex::encode([5u8; 20])));
}

#[test]
fn s5_5_transfer_clear_data_accepted() {
    let (mut r, alice) = setup();
    let bob = wallet(11);
    let ch = r.ch();
    accepted(&r.one(update(&alice, "foo.test", ch, [5; 20])));
    let ch = r.ch();
    let acc = accepted(&r.one(transfer(&alice, "foo.test", &bob, false, ch))).clone();
    assert_eq!(acc.op, ">~");
    assert_eq!(acc.record.get("keep_data"), Some(&Value::Bool(false)));
    assert_eq!(r.state.name("foo.test").unwrap().value_hash, None);
}

#[test]
fn quirk_transfer_consensus_hash_from_last_update() {
    // bns spec §5.5 / §12.8 (transfer.py find_transfer_consensus_hash).
    let (mut r, alice) = setup();
    let bob = wallet(11);
    let carol = wallet(12);
    // No update since registration: the transfer's own hash.
    let ch1 = r.ch();
    let acc = accepted(&r.one(transfer(&alice, "foo.test", &bob, true, ch1))).clone();
    assert_eq!(acc.record.get("consensus_hash"), Some(&Value::Str(ch1.to_hex())));
    // Update, renew, transfer: the update's hash, not the transfer's.
    let ch_update = r.ch();
    accepted(&r.one(update(&bob, "foo.test", ch_update, [1; 20])));
    accepted(&r.one(renew(&bob, "foo.test", &bob, 100)));
    let ch2 = r.ch();
    assert_ne!(ch2, ch_update);
    let acc = accepted(&r.one(transfer(&bob, "foo.test", &carol, true, ch2))).clone();
    assert_eq!(acc.record.get("consensus_hash"), Some(&Value::Str(ch_update.to_hex())));
}

#[test]
fn s5_5_transfer_rejected_to_self() {
    let (mut r, alice) = setup();
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(transfer(&alice, "foo.test", &alice, true, ch))),
        RejectReason::TransferToSelf
    );
}

#[test]
fn s5_5_transfer_rejected_not_owner() {
    let (mut r, _) = setup();
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(transfer(&wallet(11), "foo.test", &wallet(12), true, ch))),
        RejectReason::NotOwner
    );
}

#[test]
fn s5_5_transfer_rejected_stale_consensus_hash() {
    let (mut r, alice) = setup();
    let stale = Rules::fake_ch(r.height - 1);
    let target = r.height + 25;
    r.skip_to(target);
    assert_eq!(
        rejected(&r.one(transfer(&alice, "foo.test", &wallet(11), true, stale))),
        RejectReason::ConsensusHashNotRecent
    );
}

#[test]
fn s5_5_transfer_rejected_unknown_name() {
    let (mut r, alice) = setup();
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(transfer(&alice, "nope.test", &wallet(11), true, ch))),
        RejectReason::NameHashNotFound
    );
}

#[test]
fn s5_5_transfer_from_p2sh_rejected_in_epoch_1() {
    let mut r = Rules::new();
    r.ready_namespace(&wallet(1), NS, &wallet(2), 1000);
    let alice = wallet(10);
    let multisig = p2sh_wallet(4);
    // Register to alice, then move it to the p2sh owner in epoch 1 (recipients may be
    // p2sh only from epoch 2; transfers *to* p2sh are not restricted).
    r.register_name(&alice, "foo.test");
    let ch = r.ch();
    accepted(&r.one(transfer(&alice, "foo.test", &multisig, true, ch)));
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(transfer(&multisig, "foo.test", &alice, true, ch))),
        RejectReason::MultisigNotAllowed
    );
}

#[test]
fn s5_6_revoke_accepted_then_name_is_dead() {
    let (mut r, alice) = setup();
    let ch = r.ch();
    accepted(&r.one(update(&alice, "foo.test", ch, [5; 20])));
    let acc = accepted(&r.one(revoke(&alice, "foo.test"))).clone();
    assert_eq!(acc.op, "~");
    let rec = r.state.name("foo.test").unwrap();
    assert!(rec.revoked);
    assert_eq!(rec.value_hash, None);
    assert_eq!(rec.sender, hex::encode(&alice.script));
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(update(&alice, "foo.test", ch, [6; 20]))),
        RejectReason::NameConsensusHashNotFound
    );
    assert_eq!(
        rejected(&r.one(transfer(&alice, "foo.test", &wallet(11), true, ch))),
        RejectReason::NameHashNotFound
    );
    assert_eq!(rejected(&r.one(revoke(&alice, "foo.test"))), RejectReason::NameRevoked);
    // Re-registration is impossible while the revoked record is alive.
    let bob = wallet(11);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&bob, "foo.test", &bob, 100, ch)));
    assert_eq!(rejected(&r.one(register(&bob, "foo.test", &bob))), RejectReason::NameRevoked);
}

#[test]
fn s5_6_revoke_rejected_not_owner() {
    let (mut r, _) = setup();
    assert_eq!(rejected(&r.one(revoke(&wallet(11), "foo.test"))), RejectReason::NotOwner);
}

#[test]
fn s5_6_revoke_rejected_unknown_name() {
    let (mut r, alice) = setup();
    assert_eq!(rejected(&r.one(revoke(&alice, "nope.test"))), RejectReason::NameNotRegistered);
}

/// Registers foo.test with lifetime `l` well after READY (so the last_renewed branch of
/// the alive predicate decides); returns (rules, owner, last_renewed).
fn expiring(l: u32) -> (Rules, Wallet, u32) {
    let mut r = Rules::new();
    r.ready_namespace(&wallet(1), NS, &wallet(2), l);
    r.skip_to(r.height + l + 2);
    let alice = wallet(10);
    r.register_name(&alice, "foo.test");
    let last_renewed = r.height - 1;
    (r, alice, last_renewed)
}

#[test]
fn quirk_revoke_vs_update_expiry() {
    // bns spec §15.6 / §7.3 in epoch 1 (M = 1, G = 0), lifetime 10: at
    // B = last_renewed + 11 the record is alive at P but dead at B, so update is
    // accepted while revoke is rejected.
    let (mut r, alice, lr) = expiring(10);
    r.skip_to(lr + 11);
    assert_eq!(rejected(&r.one(revoke(&alice, "foo.test"))), RejectReason::NameExpired);
    // Same height again on a fresh chain for the update.
    let (mut r, alice, lr) = expiring(10);
    r.skip_to(lr + 11);
    let ch = r.ch();
    accepted(&r.one(update(&alice, "foo.test", ch, [1; 20])));
    // One block later the name is gone for update too.
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(update(&alice, "foo.test", ch, [2; 20]))),
        RejectReason::NameConsensusHashNotFound
    );
}

#[test]
fn s7_3_renewal_accepted_up_to_last_renewed_plus_lifetime_plus_one() {
    let (mut r, alice, lr) = expiring(10);
    r.skip_to(lr + 11);
    accepted(&r.one(renew(&alice, "foo.test", &alice, 100)));
    let (mut r, alice, lr) = expiring(10);
    r.skip_to(lr + 12);
    assert_eq!(rejected(&r.one(renew(&alice, "foo.test", &alice, 100))), RejectReason::NameNotRegistered);
}

#[test]
fn s7_3_reregistration_possible_from_last_renewed_plus_lifetime_plus_two() {
    let (mut r, _, lr) = expiring(10);
    let bob = wallet(11);
    r.skip_to(lr + 11);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&bob, "foo.test", &bob, 100, ch))); // at lr+11
    assert_eq!(r.height, lr + 12);
    let old_block_number = r.state.name("foo.test").unwrap().block_number;
    accepted(&r.one(register(&bob, "foo.test", &bob))); // at lr+12
    let rec = r.state.name("foo.test").unwrap();
    assert_eq!(rec.address, bob.address);
    // §7.4: the primary key's block_number is preserved.
    assert_eq!(rec.block_number, old_block_number);
}

#[test]
fn quirk_epoch_switch_doubles_lifetimes_retroactively() {
    // bns spec §15.5: regtest epoch 1 ends at 750. A lifetime-10 name expired under
    // M = 1 is alive again once M = 2.
    let mut r = Rules::new();
    r.ready_namespace(&wallet(1), NS, &wallet(2), 10);
    r.skip_to(735);
    let alice = wallet(10);
    r.register_name(&alice, "foo.test"); // last_renewed 736
    r.skip_to(748);
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(update(&alice, "foo.test", ch, [1; 20]))),
        RejectReason::NameConsensusHashNotFound
    );
    r.skip_to(752);
    let ch = r.ch();
    accepted(&r.one(update(&alice, "foo.test", ch, [1; 20])));
}

#[test]
fn s7_2_grace_period_allows_only_renewal() {
    // Epoch 3 (regtest 801–850): M = 2, G = 10. Lifetime 5 → L' = 10.
    let mut r = Rules::new();
    r.skip_to(801);
    r.ready_namespace(&wallet(1), NS, &wallet(2), 5);
    r.skip_to(r.height + 15);
    let alice = wallet(10);
    r.register_name(&alice, "foo.test");
    let lr = r.height - 1;
    r.skip_to(lr + 10); // B = E: in grace
    let ch = r.ch();
    assert_eq!(rejected(&r.one(update(&alice, "foo.test", ch, [1; 20]))), RejectReason::NameInGracePeriod);
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(transfer(&alice, "foo.test", &wallet(11), true, ch))),
        RejectReason::NameInGracePeriod
    );
    assert_eq!(rejected(&r.one(revoke(&alice, "foo.test"))), RejectReason::NameInGracePeriod);
    accepted(&r.one(renew(&alice, "foo.test", &alice, 100)));
}

#[test]
fn quirk_update_accepted_again_at_end_of_grace_window() {
    // bns spec §7.3: at B = last_renewed + L' + G the record is alive at P and B but
    // past the grace window.
    let mut r = Rules::new();
    r.skip_to(801);
    r.ready_namespace(&wallet(1), NS, &wallet(2), 5);
    r.skip_to(r.height + 15);
    let alice = wallet(10);
    r.register_name(&alice, "foo.test");
    let lr = r.height - 1;
    r.skip_to(lr + 20);
    let ch = r.ch();
    accepted(&r.one(update(&alice, "foo.test", ch, [1; 20])));
}
