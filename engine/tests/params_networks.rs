//! The three built-in networks differ only where the reference's switches say
//! (consensus spec §9; oracle PARAMS.md §3).

use bns_engine::address::burn_address;
use bns_engine::{Network, Params};

#[test]
fn testnet_is_mainnet_rules_with_testnet_addresses_and_given_start_and_magic() {
    let testnet = Params::testnet(2_000_000, *b"tx");
    let mainnet = Params::mainnet();
    assert_eq!(testnet.network, Network::Testnet);
    assert_eq!(testnet.first_block, 2_000_000);
    assert_eq!(testnet.magic, *b"tx");
    assert_eq!((testnet.p2pkh_version, testnet.p2sh_version), (0x6f, 0xc4));
    assert_eq!(burn_address(&testnet), "mfWxJ45yp2SFn7UciZyNpvDKrzbhyfKrY8");
    // consensus rules are mainnet's: epoch table, reveal expiry, keyring, no test prices
    assert_eq!(testnet.epochs, mainnet.epochs);
    assert_eq!(testnet.namespace_reveal_expire, mainnet.namespace_reveal_expire);
    assert_eq!(testnet.import_keyring_size, 300);
    assert!(!testnet.test_mode);
    assert!(testnet.genesis_rows.is_empty());
    assert_eq!(testnet.epoch_number_at(2_000_000), 6);
}

#[test]
fn every_network_has_its_own_fingerprint() {
    let prints = [
        Params::mainnet().fingerprint(),
        Params::testnet(373_601, *b"id").fingerprint(),
        Params::regtest().fingerprint(),
    ];
    assert_ne!(prints[0], prints[1]);
    assert_ne!(prints[1], prints[2]);
    assert_ne!(prints[0], prints[2]);
}
