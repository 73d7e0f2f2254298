//! NAME_IMPORT (bns spec §5.7, §9), NAMESPACE_PREORDER / REVEAL / READY (§5.8–§5.10)
//! on state outcomes, including the import keychain quirks (§12.7, §15.1) and the
//! reference-halts case (§15.7).

mod common;
use bns_engine::consensus::Value;
use bns_engine::rules::{self, RejectReason};
use bns_engine::state::OpFee;
use common::*;

const NS: &str = "test";

/// Namespace `test` preordered by wallet 1 and revealed to wallet 2 (not ready).
fn revealed() -> (Rules, Wallet, Wallet) {
    let mut r = Rules::new();
    let owner = wallet(1);
    let reveal = wallet(2);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &reveal, 4_100_000_000, ch, None)));
    accepted(&r.one(ns_reveal(&owner, NS, &reveal, 1, 1000)));
    (r, owner, reveal)
}

#[test]
fn s5_7_import_by_revealer_accepted_with_reference_fields() {
    let (mut r, _, reveal) = revealed();
    let alice = wallet(10);
    let height = r.height;
    let acc = accepted(&r.one(import(&reveal, "foo.test", &alice, [3; 20]))).clone();
    let rec = r.state.name("foo.test").unwrap();
    assert_eq!(rec.sender, hex::encode(&alice.script));
    assert_eq!(rec.address, alice.address);
    assert_eq!(rec.importer, Some(hex::encode(&reveal.script)));
    assert_eq!(rec.importer_address, Some(reveal.address.clone()));
    assert_eq!(rec.sender_pubkey, Some(hex::encode(&reveal.pubkey)));
    assert_eq!(rec.value_hash, Some(hex::encode([3u8; 20])));
    assert_eq!((rec.block_number, rec.first_registered, rec.last_renewed), (height, height, height));
    let ph = bns_engine::hashes::name_preorder_hash("foo.test", &reveal.script, &alice.address).unwrap();
    assert_eq!(rec.preorder_hash, hex::encode(ph));
    // op_fee = float(price_name): the cheap curve costs the 100-sat unit (§6.2).
    assert_eq!(rec.op_fee, OpFee::Float(100.0));
    assert_eq!(rec.last_creation_op, ";");
    assert_eq!(acc.record.get("op_fee"), Some(&Value::Float(100.0)));
    assert_eq!(
        r.state.import_keychains.get(NS).map(Vec::len),
        Some(r.params.import_keyring_size as usize + 1)
    );
}

#[test]
fn s5_7_import_rejected_without_public_key() {
    let (mut r, _, _) = revealed();
    assert_eq!(
        rejected(&r.one(import(&p2sh_wallet(5), "foo.test", &wallet(10), [3; 20]))),
        RejectReason::NoSenderPubkey
    );
}

#[test]
fn s5_7_import_rejected_when_first_importer_is_not_revealer() {
    let (mut r, _, _) = revealed();
    assert_eq!(
        rejected(&r.one(import(&wallet(9), "foo.test", &wallet(10), [3; 20]))),
        RejectReason::ImporterNotRevealer
    );
    assert!(r.state.import_keychains.is_empty());
}

#[test]
fn s9_keychain_child_may_import_and_others_may_not() {
    let (mut r, _, reveal) = revealed();
    accepted(&r.one(import(&reveal, "a.test", &wallet(10), [3; 20])));
    let child = keychain_child(2, 4); // regtest keyring size 5: children 0..=4
    accepted(&r.one(import(&child, "b.test", &wallet(10), [3; 20])));
    let outsider = keychain_child(2, 5);
    assert_eq!(
        rejected(&r.one(import(&outsider, "c.test", &wallet(10), [3; 20]))),
        RejectReason::ImporterNotInKeychain
    );
}

#[test]
fn s9_uncompressed_revealer_key_gets_its_own_address_in_the_keychain() {
    let mut r = Rules::new();
    let owner = wallet(1);
    let reveal = wallet_uncompressed(2);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &reveal, 4_100_000_000, ch, None)));
    accepted(&r.one(ns_reveal(&owner, NS, &reveal, 1, 1000)));
    accepted(&r.one(import(&reveal, "a.test", &wallet(10), [3; 20])));
    // The children come from the compressed form of the same key.
    accepted(&r.one(import(&keychain_child(2, 0), "b.test", &wallet(10), [3; 20])));
}

#[test]
fn quirk_import_keychain_built_during_prescan() {
    // bns spec §15.1: a child-key import placed before the revealer's first import in the
    // same block is accepted.
    let (mut r, _, reveal) = revealed();
    let child = keychain_child(2, 1);
    let v = r.block(vec![
        import(&child, "a.test", &wallet(10), [3; 20]),
        import(&reveal, "b.test", &wallet(10), [3; 20]),
    ]);
    accepted(&v[0]);
    accepted(&v[1]);
}

#[test]
fn s8_3_imports_of_one_name_in_a_block_last_wins() {
    let (mut r, _, reveal) = revealed();
    let v = r.block(vec![
        import(&reveal, "a.test", &wallet(10), [3; 20]),
        import(&reveal, "a.test", &wallet(11), [4; 20]),
    ]);
    accepted(&v[0]);
    accepted(&v[1]);
    assert_eq!(r.state.name("a.test").unwrap().address, wallet(11).address);
}

#[test]
fn s5_7_reimport_in_later_block_keeps_creation_fields() {
    let (mut r, _, reveal) = revealed();
    let first_height = r.height;
    accepted(&r.one(import(&reveal, "a.test", &wallet(10), [3; 20])));
    let first_hash = r.state.name("a.test").unwrap().preorder_hash.clone();
    accepted(&r.one(import(&reveal, "a.test", &wallet(11), [4; 20])));
    let rec = r.state.name("a.test").unwrap();
    assert_eq!(rec.block_number, first_height);
    assert_eq!(rec.first_registered, first_height);
    assert_eq!(rec.preorder_hash, first_hash);
    assert_eq!(rec.address, wallet(11).address);
}

#[test]
fn s5_7_import_rejected_after_ready_and_reveal_same_block_invisible() {
    let mut r = Rules::new();
    let owner = wallet(1);
    let reveal = wallet(2);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &reveal, 4_100_000_000, ch, None)));
    let v = r.block(vec![
        ns_reveal(&owner, NS, &reveal, 1, 1000),
        import(&reveal, "a.test", &wallet(10), [3; 20]),
    ]);
    accepted(&v[0]);
    assert_eq!(rejected(&v[1]), RejectReason::NamespaceNotRevealed);
    accepted(&r.one(ns_ready(&reveal, NS)));
    assert_eq!(
        rejected(&r.one(import(&reveal, "a.test", &wallet(10), [3; 20]))),
        RejectReason::NamespaceNotRevealed
    );
}

#[test]
fn quirk_import_keychain_survives_reveal_expiry() {
    // bns spec §9 / §12.7: regtest reveals expire after 144 blocks; the first revealer's
    // keychain stays cached, so after a re-reveal to someone else the old importer can
    // import and the new revealer cannot. Imported names resurface.
    let (mut r, owner, reveal) = revealed();
    let reveal_height = r.height - 1;
    accepted(&r.one(import(&reveal, "old.test", &wallet(10), [3; 20])));
    r.skip_to(reveal_height + 145);
    assert!(r.state.name("old.test").is_some());
    let new_reveal = wallet(3);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &new_reveal, 4_100_000_000, ch, None)));
    accepted(&r.one(ns_reveal(&owner, NS, &new_reveal, 1, 1000)));
    assert_eq!(
        rejected(&r.one(import(&new_reveal, "new.test", &wallet(10), [3; 20]))),
        RejectReason::ImporterNotInKeychain
    );
    accepted(&r.one(import(&reveal, "new.test", &wallet(10), [3; 20])));
    accepted(&r.one(ns_ready(&new_reveal, NS)));
    // old.test is alive again (it joins the namespace by ID) and can be updated.
    let ch = r.ch();
    accepted(&r.one(update(&wallet(10), "old.test", ch, [9; 20])));
}

#[test]
fn s15_7_reference_halts_on_rereveal_with_different_fee() {
    let (mut r, owner, _) = revealed();
    let reveal_height = r.height - 1;
    r.skip_to(reveal_height + 145);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &wallet(3), 4_200_000_000, ch, None)));
    let height = r.height;
    let cands = number(height, vec![ns_reveal(&owner, NS, &wallet(3), 1, 1000)]);
    assert!(rules::run_block(&mut r.state, &r.params, height, &cands).is_err());
}

#[test]
fn s5_8_namespace_preorder_rejections() {
    let mut r = Rules::new();
    let owner = wallet(1);
    let ch = r.ch();
    let bad_burn = ns_preorder_to(&owner, NS, &wallet(2), 4_100_000_000, ch, None, wallet(7).address);
    assert_eq!(rejected(&r.one(bad_burn)), RejectReason::WrongBurnAddress);
    let stale = Rules::fake_ch(r.height - 1);
    r.skip_to(r.height + 25);
    assert_eq!(
        rejected(&r.one(ns_preorder(&owner, NS, &wallet(2), 1, stale, None))),
        RejectReason::ConsensusHashNotRecent
    );
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &wallet(2), 1, ch, None)));
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(ns_preorder(&owner, NS, &wallet(2), 1, ch, None))),
        RejectReason::PreorderNotNew
    );
}

#[test]
fn s5_9_reveal_accepted_with_reference_fields_and_ready() {
    let mut r = Rules::new();
    let owner = wallet(1);
    let reveal = wallet(2);
    let ch = r.ch();
    let preorder_height = r.height;
    accepted(&r.one(ns_preorder(&owner, NS, &reveal, 4_100_000_000, ch, None)));
    let reveal_height = r.height;
    let acc = accepted(&r.one(ns_reveal_curve(
        &owner,
        NS,
        &reveal,
        1,
        1000,
        4,
        5,
        [6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        10,
        9,
    )))
    .clone();
    let ns = r.state.namespace(NS).unwrap().clone();
    assert_eq!(ns.block_number, preorder_height);
    assert_eq!(ns.reveal_block, reveal_height);
    assert_eq!(ns.op_fee, 4_100_000_000);
    assert_eq!(ns.sender, hex::encode(&owner.script));
    assert_eq!(ns.address, owner.address);
    assert_eq!(ns.recipient_address, reveal.address);
    assert_eq!(ns.ready_block, 0);
    assert_eq!(
        acc.record.get("buckets"),
        Some(&Value::IntList(vec![6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
    );
    assert!(r.state.preorders.is_empty());
    let ready_height = r.height;
    accepted(&r.one(ns_ready(&reveal, NS)));
    let ns = r.state.namespace(NS).unwrap();
    assert_eq!(ns.op, "!");
    assert_eq!(ns.ready_block, ready_height);
    // §12.13: sender becomes the reveal recipient, address stays the preorderer's.
    assert_eq!(ns.sender, hex::encode(&reveal.script));
    assert_eq!(ns.address, owner.address);
}

#[test]
fn s5_9_reveal_rejections() {
    let mut r = Rules::new();
    let owner = wallet(1);
    let reveal = wallet(2);
    assert_eq!(
        rejected(&r.one(ns_reveal(&owner, NS, &reveal, 1, 1000))),
        RejectReason::NamespacePreorderNotFound
    );
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &reveal, 399_999_999, ch, None)));
    // 4-char namespace costs 4 BTC in epochs 1–2 (§6.3).
    assert_eq!(
        rejected(&r.one(ns_reveal(&owner, NS, &reveal, 1, 1000))),
        RejectReason::NamespaceFeeInsufficient
    );
    // Version 2 needs NAMESPACE_BURN_TO_CREATOR (epoch 3).
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, "abcd", &reveal, 400_000_000, ch, None)));
    assert_eq!(
        rejected(&r.one(ns_reveal(&owner, "abcd", &reveal, 2, 1000))),
        RejectReason::NamespaceVersionNotAllowed
    );
    accepted(&r.one(ns_reveal(&owner, "abcd", &reveal, 1, 1000)));
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&wallet(5), "abcd", &reveal, 400_000_000, ch, None)));
    assert_eq!(
        rejected(&r.one(ns_reveal(&wallet(5), "abcd", &reveal, 1, 1000))),
        RejectReason::NamespaceAlreadyRevealed
    );
    accepted(&r.one(ns_ready(&reveal, "abcd")));
    assert_eq!(
        rejected(&r.one(ns_reveal(&wallet(5), "abcd", &reveal, 1, 1000))),
        RejectReason::NamespaceAlreadyReady
    );
}

#[test]
fn s8_2_two_reveals_of_one_namespace_in_a_block_are_all_rejected() {
    let mut r = Rules::new();
    let ch = r.ch();
    r.block(vec![
        ns_preorder(&wallet(1), NS, &wallet(2), 4_100_000_000, ch, None),
        ns_preorder(&wallet(3), NS, &wallet(4), 4_100_000_000, ch, None),
    ]);
    let v = r.block(vec![
        ns_reveal(&wallet(1), NS, &wallet(2), 1, 1000),
        ns_reveal(&wallet(3), NS, &wallet(4), 1, 1000),
    ]);
    assert_eq!(rejected(&v[0]), RejectReason::NamespaceCollision);
    assert_eq!(rejected(&v[1]), RejectReason::NamespaceCollision);
}

#[test]
fn s5_10_ready_rejections() {
    let (mut r, owner, reveal) = revealed();
    assert_eq!(rejected(&r.one(ns_ready(&owner, NS))), RejectReason::NotRevealRecipient);
    assert_eq!(rejected(&r.one(ns_ready(&reveal, "nope"))), RejectReason::NamespaceNotRevealed);
    accepted(&r.one(ns_ready(&reveal, NS)));
    assert_eq!(rejected(&r.one(ns_ready(&reveal, NS))), RejectReason::NamespaceNotRevealed);
}

#[test]
fn quirk_btc_preorder_revealed_in_epoch4_skips_price_check() {
    // bns spec §5.9 / §12.5: regtest epoch 4 starts at 851.
    let mut r = Rules::new();
    r.skip_to(850);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&wallet(1), NS, &wallet(2), 1, ch, None)));
    assert_eq!(r.height, 851);
    accepted(&r.one(ns_reveal(&wallet(1), NS, &wallet(2), 1, 1000)));
}

#[test]
fn s5_8_namespace_preorder_needs_stx_from_epoch_4() {
    let owner = wallet(1);
    let mut r = Rules::with_params(params_with_stx(&[(&owner, 700_000_000_000, 0, true)]));
    r.skip_to(851);
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(ns_preorder(&owner, NS, &wallet(2), 0, ch, None))),
        RejectReason::MissingTokenFee
    );
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(ns_preorder(&wallet(9), NS, &wallet(2), 0, ch, Some(1)))),
        RejectReason::NoTokenAccount
    );
    let ch = r.ch();
    assert_eq!(
        rejected(&r.one(ns_preorder(&owner, NS, &wallet(2), 0, ch, Some(700_000_000_001)))),
        RejectReason::InsufficientTokenBalance
    );
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &wallet(2), 0, ch, Some(6_400_000_000))));
    let account = r.state.account(&owner.address, "STACKS").unwrap();
    assert_eq!(account.balance(), 700_000_000_000 - 6_400_000_000);
    accepted(&r.one(ns_reveal(&owner, NS, &wallet(2), 3, 1000)));
    assert_eq!(r.state.namespace(NS).unwrap().token_fee, "6400000000");
}

#[test]
fn s15_7_reference_halts_on_reimport_with_different_token_fee() {
    // nameimport.py MUTATE_FIELDS lacks token_fee, so the overwrite's UPDATE pins it.
    let owner = wallet(1);
    let reveal = wallet(2);
    let mut r = Rules::with_params(params_with_stx(&[(&owner, 10_000_000_000_000, 0, true)]));
    r.skip_to(851);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &reveal, 1000, ch, Some(6_400_000_000))));
    accepted(&r.one(ns_reveal(&owner, NS, &reveal, 1, 1000)));
    let reveal_height = r.height - 1;
    accepted(&r.one(import(&reveal, "a.test", &wallet(10), [3; 20])));
    assert_eq!(r.state.name("a.test").unwrap().token_fee, "0");
    r.skip_to(reveal_height + 145);
    // A different reveal address: the old (expired) row still claims the old hash.
    let new_reveal = wallet(3);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &new_reveal, 1000, ch, Some(6_400_000_000))));
    accepted(&r.one(ns_reveal(&owner, NS, &new_reveal, 3, 1000)));
    // The cached keychain is the first revealer's. A new name is fine; re-importing a.test (stored token_fee "0") halts.
    accepted(&r.one(import(&reveal, "b.test", &wallet(10), [3; 20])));
    assert_ne!(r.state.name("b.test").unwrap().token_fee, "0");
    let height = r.height;
    let cands = number(height, vec![import(&reveal, "a.test", &wallet(10), [4; 20])]);
    assert!(rules::run_block(&mut r.state, &r.params, height, &cands).is_err());
}

#[test]
fn s5_9_rereveal_with_the_same_preorder_hash_is_not_found() {
    // namedb_get_namespace_preorder: a namespace row carrying the hash (revealed, even if
    // expired) hides the preorder.
    let (mut r, owner, reveal) = revealed();
    let reveal_height = r.height - 1;
    r.skip_to(reveal_height + 145);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, NS, &reveal, 4_100_000_000, ch, None)));
    assert_eq!(
        rejected(&r.one(ns_reveal(&owner, NS, &reveal, 1, 1000))),
        RejectReason::NamespacePreorderNotFound
    );
}
