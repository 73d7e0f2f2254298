//! `Params::from_params_file` over the oracle's shipped parameter sets
//! (`shared/oracle/params/*.json`, found by walking up from CARGO_MANIFEST_DIR or via
//! env BNS_SHARED_DIR), the env knobs of oracle PARAMS.md §4, and `Params::fingerprint`.

use bns_engine::params::{NamePriceScale, Network, Params};
use bns_engine::params_file::{ParamsFile, ParamsFileError};
use std::collections::BTreeMap;
use std::path::PathBuf;

// Tests (not engine code) may read the environment: BNS_SHARED_DIR locates shared data.
#[allow(clippy::disallowed_methods)]
fn oracle_params_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("BNS_SHARED_DIR") {
        let p = PathBuf::from(dir).join("oracle/params");
        if p.is_dir() {
            return Some(p);
        }
    }
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let candidate = dir.join("shared/oracle/params");
        if candidate.is_dir() {
            return Some(candidate);
        }
        if !dir.pop() {
            panic!("shared/oracle/params not found above CARGO_MANIFEST_DIR and BNS_SHARED_DIR unset: these tests need the project's shared/ folder beside the checkout (the steering repository's shared/), or BNS_SHARED_DIR=/path/to/shared");
        }
    }
}

fn load(name: &str) -> Option<ParamsFile> {
    let path = oracle_params_dir()?.join(name);
    Some(serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap())
}

fn file(env: &[(&str, &str)]) -> ParamsFile {
    ParamsFile {
        name: "custom".into(),
        network: Network::Regtest,
        first_block: 688,
        freeze_height: Some(665_750),
        env: env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<BTreeMap<_, _>>(),
        genesis_rows: Some(Vec::new()),
    }
}

#[test]
fn regtest_json_is_exactly_params_regtest() {
    let Some(f) = load("regtest.json") else { return };
    assert_eq!(Params::from_params_file(&f).unwrap(), Params::regtest());
}

#[test]
fn regtest_itest_json_is_test_mode_with_mainnet_epochs() {
    let Some(f) = load("regtest-itest.json") else { return };
    let p = Params::from_params_file(&f).unwrap();
    assert_eq!(p.name, "regtest-itest");
    assert_eq!(p.first_block, 688);
    assert!(p.test_mode);
    assert_eq!((p.p2pkh_version, p.p2sh_version), (0x6f, 0xc4));
    let ends: Vec<Option<u32>> = p.epochs.iter().map(|e| e.end_block).collect();
    assert_eq!(ends, vec![Some(436_650), Some(488_500), Some(547_921), Some(599_866), Some(613_249), None]);
    assert_eq!(p.epoch_number_at(688), 1);
    // test-mode constants (oracle PARAMS.md §1), mainnet grace / fee windows
    assert_eq!(p.namespace_reveal_expire, 144);
    assert_eq!(p.import_keyring_size, 5);
    assert_eq!(p.epochs[0].namespace_price_btc_sat.unwrap()[0], 4_100_000_000);
    assert_eq!(p.epochs[2].namespace_price_btc_sat.unwrap()[0], 410_000_000);
    assert_eq!(p.epochs[2].grace_period, 5000);
    assert_eq!(p.epochs[2].receive_fees_period, 52_595);
    assert!(p.genesis_rows.is_empty() && p.genesis_patches.is_empty());
}

#[test]
fn mainnet_json_is_params_mainnet_with_genesis() {
    let Some(f) = load("mainnet.json") else { return };
    let p = Params::from_params_file(&f).unwrap();
    assert_eq!(p, Params::mainnet_with_genesis());
    assert_eq!(Params { genesis_rows: vec![], genesis_patches: vec![], ..p }, Params::mainnet());
}

#[test]
fn without_test_mode_epoch_knobs_are_ignored_and_first_block_moves() {
    let mut f =
        file(&[("BLOCKSTACK_EPOCH_1_END_BLOCK", "750"), ("BLOCKSTACK_EPOCH_3_PRICE_DIVISOR", "garbage")]);
    f.network = Network::Mainnet;
    let p = Params::from_params_file(&f).unwrap();
    let mut want = Params::mainnet();
    want.name = "custom".into();
    want.first_block = 688;
    assert_eq!(p, want);
}

#[test]
fn every_epoch_knob_is_applied_in_test_mode() {
    let p = Params::from_params_file(&file(&[
        ("BLOCKSTACK_TEST", "1"),
        ("BLOCKSTACK_EPOCH_1_END_BLOCK", "700"),
        ("BLOCKSTACK_EPOCH_2_END_BLOCK", "710"),
        ("BLOCKSTACK_EPOCH_3_END_BLOCK", "720"),
        ("BLOCKSTACK_EPOCH_4_END_BLOCK", "730"),
        ("BLOCKSTACK_EPOCH_5_END_BLOCK", "740"),
        ("BLOCKSTACK_EPOCH_6_END_BLOCK", "-1"),
        ("BLOCKSTACK_EPOCH_1_NAMESPACE_LIFETIME_MULTIPLIER", "3"),
        ("BLOCKSTACK_EPOCH_2_NAMESPACE_LIFETIME_GRACE_PERIOD", "7"),
        ("BLOCKSTACK_EPOCH_4_NAMESPACE_RECEIVE_FEES_PERIOD", "9"),
        ("BLOCKSTACK_EPOCH_3_PRICE_MULTIPLIER", "0.25"),
        ("BLOCKSTACK_EPOCH_5_PRICE_MULTIPLIER", "0.5"), // inert: epoch 5 has no multiplier
        ("BLOCKSTACK_EPOCH_2_PRICE_DIVISOR", "3"),      // inert: epoch 2 has no divisor
        ("BLOCKSTACK_NAMESPACE_REVEAL_EXPIRE", "77"),
        ("BLOCKSTACK_TEST_NAMESPACE_REVEAL_EXPIRE", "5"), // no effect (quirk)
        ("BLOCKSTACK_TEST_NAME_PREORDER_EXPIRE", "11"),
        ("BLOCKSTACK_TEST_NAMESPACE_PREORDER_EXPIRE", "12"),
        ("BLOCKSTACK_TESTNET_ID", "xy"),
        ("BLOCKSTACK_DEBUG", "1"),
    ]))
    .unwrap();
    let ends: Vec<Option<u32>> = p.epochs.iter().map(|e| e.end_block).collect();
    assert_eq!(ends, vec![Some(700), Some(710), Some(720), Some(730), Some(740), None]);
    assert_eq!(p.epochs[0].lifetime_multiplier, 3);
    assert_eq!(p.epochs[1].grace_period, 7);
    assert_eq!(p.epochs[3].receive_fees_period, 9);
    assert_eq!(p.epochs[2].name_price, NamePriceScale::Float { multiplier: 0.25 });
    assert_eq!(p.epochs[4].name_price, NamePriceScale::IntDivision { btc_divisor: 10, stx_divisor: 1 });
    assert_eq!(p.epochs[1].name_price, NamePriceScale::Float { multiplier: 1.0 });
    assert_eq!(p.namespace_reveal_expire, 77);
    assert_eq!(p.name_preorder_expire, 11);
    assert_eq!(p.namespace_preorder_expire, 12);
    assert_eq!(&p.magic, b"xy");
    // BLOCKSTACK_TESTNET absent: mainnet version bytes
    assert_eq!((p.p2pkh_version, p.p2sh_version), (0x00, 0x05));
}

#[test]
fn test_flag_zero_is_still_test_mode_and_testnet_needs_exactly_one() {
    // The reference tests BLOCKSTACK_TEST for truthiness: "0" is a non-empty string.
    let p =
        Params::from_params_file(&file(&[("BLOCKSTACK_TEST", "0"), ("BLOCKSTACK_TESTNET", "yes")])).unwrap();
    assert!(p.test_mode);
    assert_eq!(p.p2pkh_version, 0x00);
    let p = Params::from_params_file(&file(&[("BLOCKSTACK_TESTNET3", "1")])).unwrap();
    assert!(!p.test_mode);
    assert_eq!((p.p2pkh_version, p.p2sh_version), (0x6f, 0xc4));
}

#[test]
fn invalid_files_are_typed_errors() {
    let cases: Vec<(Vec<(&str, &str)>, ParamsFileError)> = vec![
        (vec![("BLOCKSTACK_TEST", "")], ParamsFileError::EmptyTestFlag),
        (vec![("BLOCKSTACK_FOO", "1")], ParamsFileError::UnknownEnvVar("BLOCKSTACK_FOO".into())),
        (
            vec![("BLOCKSTACK_TEST", "1"), ("BLOCKSTACK_EPOCH_7_END_BLOCK", "1")],
            ParamsFileError::UnknownEnvVar("BLOCKSTACK_EPOCH_7_END_BLOCK".into()),
        ),
        (
            vec![("BLOCKSTACK_TEST", "1"), ("BLOCKSTACK_EPOCH_1_END_BLOCK", "010")],
            ParamsFileError::InvalidValue { var: "BLOCKSTACK_EPOCH_1_END_BLOCK".into(), value: "010".into() },
        ),
        (
            vec![("BLOCKSTACK_TEST", "1"), ("BLOCKSTACK_EPOCH_2_END_BLOCK", "100")],
            ParamsFileError::EpochsNotIncreasing,
        ),
        (
            vec![("BLOCKSTACK_TEST", "1"), ("BLOCKSTACK_EPOCH_6_END_BLOCK", "99999999")],
            ParamsFileError::LastEpochClosed,
        ),
        (
            vec![("BLOCKSTACK_TEST", "1"), ("BLOCKSTACK_EPOCH_4_PRICE_DIVISOR", "10")],
            ParamsFileError::FloatPriceDivisor { epoch: 4 },
        ),
        (
            vec![("BLOCKSTACK_TEST", "1"), ("BLOCKSTACK_EPOCH_1_PRICE_MULTIPLIER", "1/10")],
            ParamsFileError::InvalidValue {
                var: "BLOCKSTACK_EPOCH_1_PRICE_MULTIPLIER".into(),
                value: "1/10".into(),
            },
        ),
        (vec![("BLOCKSTACK_TESTNET_ID", "id")], ParamsFileError::InvalidTestnetId("id".into())),
        (vec![("BLOCKSTACK_TESTNET_ID", "abc")], ParamsFileError::InvalidTestnetId("abc".into())),
        (
            vec![("BLOCKSTACK_TEST_FIRST_BLOCK", "5")],
            ParamsFileError::FirstBlockInEnv("BLOCKSTACK_TEST_FIRST_BLOCK".into()),
        ),
        (
            vec![("BLOCKSTACK_TEST", "1"), ("BLOCKSTACK_NAMESPACE_REVEAL_EXPIRE", "")],
            ParamsFileError::InvalidValue {
                var: "BLOCKSTACK_NAMESPACE_REVEAL_EXPIRE".into(),
                value: "".into(),
            },
        ),
    ];
    for (env, want) in cases {
        assert_eq!(Params::from_params_file(&file(&env)), Err(want.clone()), "{env:?}");
        assert!(!want.to_string().is_empty());
    }
}

#[test]
fn null_genesis_on_testnet_versions_reencodes_builtin_rows() {
    let mut f = file(&[("BLOCKSTACK_TEST", "1"), ("BLOCKSTACK_TESTNET", "1")]);
    f.genesis_rows = None;
    let p = Params::from_params_file(&f).unwrap();
    let mainnet = Params::mainnet_with_genesis();
    assert_eq!(p.genesis_rows.len(), mainnet.genesis_rows.len());
    for (ours, theirs) in p.genesis_rows.iter().zip(&mainnet.genesis_rows) {
        match theirs.address.chars().next() {
            Some('1') => assert!(ours.address.starts_with(['m', 'n']), "{}", ours.address),
            Some('3') => assert!(ours.address.starts_with('2'), "{}", ours.address),
            _ => assert_eq!(ours.address, theirs.address), // unspendable rows stay as they are
        }
    }
}

#[test]
fn fingerprint_changes_with_every_field() {
    let base = Params::regtest();
    let fp = base.fingerprint();
    assert_eq!(fp, Params::regtest().fingerprint());
    let mut variants: Vec<Params> = Vec::new();
    let mut v = |f: &dyn Fn(&mut Params)| {
        let mut p = base.clone();
        f(&mut p);
        variants.push(p);
    };
    v(&|p| p.network = Network::Testnet);
    v(&|p| p.name.push('x'));
    v(&|p| p.magic = *b"ie");
    v(&|p| p.first_block += 1);
    v(&|p| p.freeze_height = None);
    v(&|p| p.p2pkh_version = 0);
    v(&|p| p.p2sh_version = 5);
    v(&|p| p.test_mode = false);
    v(&|p| p.epochs[2].end_block = Some(851));
    v(&|p| p.epochs[5].features.segwit = false);
    v(&|p| p.epochs[0].features.token_transfer_consensus_hash_optional = true);
    v(&|p| p.epochs[1].lifetime_multiplier = 3);
    v(&|p| p.epochs[3].grace_period = 11);
    v(&|p| p.epochs[3].receive_fees_period = 51);
    v(&|p| p.epochs[2].name_price = NamePriceScale::Float { multiplier: 0.2 });
    v(&|p| p.epochs[4].name_price = NamePriceScale::IntDivision { btc_divisor: 10, stx_divisor: 2 });
    v(&|p| p.epochs[0].namespace_price_btc_sat = None);
    v(&|p| p.epochs[3].namespace_price_stx.as_mut().unwrap()[3] += 1);
    v(&|p| {
        p.epochs.pop();
    });
    v(&|p| p.namespace_reveal_expire += 1);
    v(&|p| p.name_preorder_expire += 1);
    v(&|p| p.namespace_preorder_expire += 1);
    v(&|p| p.import_keyring_size += 1);
    v(&|p| p.genesis_rows[0].value += 1);
    v(&|p| p.genesis_rows[1].address.push('x'));
    v(&|p| p.genesis_rows[2].token_type.push('x'));
    v(&|p| p.genesis_rows[3].lock_send += 1);
    v(&|p| p.genesis_rows[4].metadata.push('x'));
    v(&|p| p.genesis_rows[5].receive_whitelisted = false);
    v(&|p| {
        p.genesis_rows[0].vesting.insert(700, 1);
    });
    v(&|p| p.genesis_rows[0].vesting_total += 1);
    v(&|p| {
        p.genesis_rows.pop();
    });
    v(&|p| p.genesis_patches = Params::mainnet_with_genesis().genesis_patches[..1].to_vec());
    let mut seen = std::collections::BTreeSet::new();
    seen.insert(fp);
    for (i, p) in variants.iter().enumerate() {
        assert_ne!(p, &base, "variant {i} is not a change");
        assert!(seen.insert(p.fingerprint()), "variant {i} does not change the fingerprint");
    }
    // and the two shipped parameter sets differ
    assert_ne!(Params::mainnet().fingerprint(), fp);
    assert_ne!(Params::mainnet_with_genesis().fingerprint(), Params::mainnet().fingerprint());
}

#[test]
fn harness_only_env_is_accepted_and_changes_nothing() {
    // The oracle accepts params files carrying these two `TEST ENV` knobs of the
    // reference's integration tests (golden scenarios stacks_vest_many and
    // stacks_sendtokens_invalid); neither touches consensus (params_file.rs cites where
    // v22.2.0.0 reads them), so the parameters equal those of the file without them.
    let base = Params::from_params_file(&file(&[("BLOCKSTACK_TEST", "1")])).unwrap();
    for (var, value) in [("BLOCKSTACK_TEST_AMOUNT_PER_WALLET", "0"), ("BLOCKSTACK_DB_SAVE_REJECTED", "1")] {
        let p = Params::from_params_file(&file(&[("BLOCKSTACK_TEST", "1"), (var, value)]))
            .unwrap_or_else(|e| panic!("{var} refused: {e}"));
        assert_eq!(p, base, "{var}");
        assert_eq!(p.fingerprint(), base.fingerprint(), "{var}");
    }
    // Outside test mode too (the reference reads both regardless of BLOCKSTACK_TEST).
    let p = Params::from_params_file(&file(&[("BLOCKSTACK_DB_SAVE_REJECTED", "1")])).unwrap();
    assert_eq!(p, Params::from_params_file(&file(&[])).unwrap());
}
