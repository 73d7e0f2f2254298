//! The derivations of `shared/data/real/mainnet/mainnet_facts_and_checks.json`
//! reproduced with our functions: protocol constants, name hashes, preorder hash,
//! name_consensus_hash, expiry arithmetic, the namespace price of `id`, and the
//! consensus-hash algorithm facts. Values are read from the JSON file itself (found by
//! walking up from CARGO_MANIFEST_DIR, or env BNS_SHARED_DIR).

use bns_engine::address::burn_address;
use bns_engine::consensus::{consensus_hash, ops_hash, skip_list_heights};
use bns_engine::hashes::{name_consensus_hash, name_hash128, name_preorder_hash};
use bns_engine::params::{
    NamePriceScale, Params, BLOCKS_PER_DAY, BLOCKS_PER_YEAR, CONSENSUS_HASH_WINDOW, GENESIS_CONSENSUS_HASH,
    MAX_NAMES_PER_SENDER, NAMESPACE_LIFE_INFINITE,
};
use bns_engine::price::{name_price, namespace_price, NamespaceCurve, Price, Units};
use bns_engine::ConsensusHash;
use serde_json::Value as Json;
use std::path::PathBuf;

// Tests (not engine code) may read the environment: BNS_SHARED_DIR locates shared data.
#[allow(clippy::disallowed_methods)]
fn facts() -> Option<Json> {
    let from_env = std::env::var_os("BNS_SHARED_DIR").map(|d| PathBuf::from(d).join("data/real"));
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let real = from_env.filter(|p| p.is_dir()).or_else(|| loop {
        let candidate = dir.join("shared/data/real");
        if candidate.is_dir() {
            break Some(candidate);
        }
        if !dir.pop() {
            break None;
        }
    });
    let Some(real) = real else {
        panic!("shared/data/real not found above CARGO_MANIFEST_DIR and BNS_SHARED_DIR unset: these tests need the project's shared/ folder beside the checkout (the steering repository's shared/), or BNS_SHARED_DIR=/path/to/shared");
    };
    let text = std::fs::read_to_string(real.join("mainnet/mainnet_facts_and_checks.json")).unwrap();
    Some(serde_json::from_str(&text).unwrap())
}

fn derivation<'a>(facts: &'a Json, what_prefix: &str) -> &'a Json {
    facts["verified_here_derivations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["what"].as_str().unwrap().starts_with(what_prefix))
        .unwrap_or_else(|| panic!("no derivation {what_prefix}"))
}

#[test]
fn protocol_constants_match_params_mainnet() {
    let Some(f) = facts() else { return };
    let c = &f["protocol_constants"];
    let p = Params::mainnet();
    assert_eq!(u64::from(p.first_block), c["FIRST_BLOCK_MAINNET"]["value"].as_u64().unwrap());
    let genesis = c["GENESIS_SNAPSHOT"]["value"].as_object().unwrap();
    assert_eq!(genesis.len(), 4);
    for (height, ch) in genesis {
        let h: u32 = height.parse().unwrap();
        assert!((p.first_block - 4..p.first_block).contains(&h));
        assert_eq!(ch.as_str().unwrap(), hex::encode(GENESIS_CONSENSUS_HASH));
    }
    for (n, end) in c["EPOCH_END_BLOCKS"]["value"].as_object().unwrap() {
        let i: usize = n.parse().unwrap();
        let ours = p.epochs[i - 1].end_block;
        match end.as_u64() {
            Some(e) => assert_eq!(ours.map(u64::from), Some(e), "epoch {n}"),
            None => assert_eq!(ours, None, "epoch {n}"),
        }
    }
    let ns = &c["EPOCH_id_NAMESPACE_PARAMS"];
    for (n, m) in ns["NAMESPACE_LIFETIME_MULTIPLIER"].as_object().unwrap() {
        let i: usize = n.parse().unwrap();
        assert_eq!(u64::from(p.epochs[i - 1].lifetime_multiplier), m.as_u64().unwrap());
    }
    for (n, g) in ns["NAMESPACE_LIFETIME_GRACE_PERIOD"].as_object().unwrap() {
        let i: usize = n.parse().unwrap();
        assert_eq!(u64::from(p.epochs[i - 1].grace_period), g.as_u64().unwrap());
    }
    for (n, m) in ns["PRICE_MULTIPLIER (float)"].as_object().unwrap() {
        let i: usize = n.parse().unwrap();
        assert_eq!(p.epochs[i - 1].name_price, NamePriceScale::Float { multiplier: m.as_f64().unwrap() });
    }
    for (n, d) in ns["PRICE_DIVISOR (int, epoch>=4)"].as_object().unwrap() {
        let i: usize = n.parse().unwrap();
        let NamePriceScale::IntDivision { btc_divisor, .. } = p.epochs[i - 1].name_price else {
            panic!("epoch {n}")
        };
        assert_eq!(btc_divisor, d.as_u64().unwrap());
    }
    let fees = &ns["NAMESPACE_RECEIVE_FEES_PERIOD"];
    assert_eq!(u64::from(p.epochs[0].receive_fees_period), fees["1"].as_u64().unwrap());
    assert_eq!(u64::from(p.epochs[1].receive_fees_period), fees["2"].as_u64().unwrap());
    assert!(p.epochs[2..].iter().all(|e| e.receive_fees_period == BLOCKS_PER_YEAR));
    assert_eq!(
        u64::from(CONSENSUS_HASH_WINDOW),
        c["valid_transaction_window_blocks"]["value"].as_u64().unwrap()
    );
    // BLOCKS_PER_YEAR = round(365.2424 × 24 × 60 / 10)
    assert_eq!(BLOCKS_PER_YEAR, (365.2424f64 * 24.0 * 60.0 / 10.0).round() as u32);
    let t = &c["time_constants"];
    assert_eq!(u64::from(BLOCKS_PER_DAY), t["BLOCKS_PER_DAY"].as_u64().unwrap());
    assert_eq!(MAX_NAMES_PER_SENDER, t["MAX_NAMES_PER_SENDER"].as_u64().unwrap());
    assert_eq!(u64::from(p.import_keyring_size), t["NAME_IMPORT_KEYRING_SIZE (mainnet)"].as_u64().unwrap());
    assert_eq!(NAMESPACE_LIFE_INFINITE, 0xffff_ffff);
    assert_eq!((p.name_preorder_expire, p.namespace_preorder_expire), (BLOCKS_PER_DAY, BLOCKS_PER_DAY));
    assert_eq!(p.namespace_reveal_expire, BLOCKS_PER_YEAR);
    assert!(t["BLOCKSTACK_BURN_ADDRESS"].as_str().unwrap().starts_with(&burn_address(&p)));
    assert_eq!(p.freeze_height.map(u64::from), c["V1_EXPORT_BLOCK_HEIGHT"]["value"].as_u64());
}

#[test]
fn name_hash128_cases() {
    let Some(f) = facts() else { return };
    let cases = derivation(&f, "name_hash128")["cases"].as_object().unwrap();
    assert_eq!(cases.len(), 2);
    for (name, want) in cases {
        assert_eq!(hex::encode(name_hash128(name)), want.as_str().unwrap(), "{name}");
    }
}

#[test]
fn name_consensus_hash_of_jfperez_id() {
    let Some(f) = facts() else { return };
    let case = &derivation(&f, "name_consensus_hash")["case"];
    let ch = ConsensusHash::from_hex(case["consensus_hash"].as_str().unwrap()).unwrap();
    let got = name_consensus_hash(case["name"].as_str().unwrap(), &ch);
    assert_eq!(hex::encode(got), case["expected"].as_str().unwrap());
}

#[test]
fn preorder_hash_of_patrickstanley_id() {
    let Some(f) = facts() else { return };
    let case = &derivation(&f, "preorder_hash")["case"];
    let script = hex::decode(case["sender_script_pubkey"].as_str().unwrap()).unwrap();
    let got = name_preorder_hash(
        case["name"].as_str().unwrap(),
        &script,
        case["register_address"].as_str().unwrap(),
    );
    assert_eq!(hex::encode(got.unwrap()), case["expected"].as_str().unwrap());
    // the registration came within the preorder's lifetime (epoch 2: no 144-block cap)
    let p = Params::mainnet();
    let (pre, reg) =
        (case["preorder_block"].as_u64().unwrap() as u32, case["register_block"].as_u64().unwrap() as u32);
    assert_eq!(p.epoch_number_at(pre), 2);
    assert!(!p.features_at(reg).fix_preorder_expire);
}

#[test]
fn muneeb_id_expiry_arithmetic() {
    let Some(f) = facts() else { return };
    let case = &derivation(&f, "name expiry")["case"];
    let p = Params::mainnet();
    let lifetime = f["mainnet_namespace_facts"]["id"]["reveal_params"]["lifetime"].as_u64().unwrap() as u32;
    let last_renewed = case["last_renewed"].as_u64().unwrap() as u32;
    let expire_guess = last_renewed + lifetime * 2;
    // M and G are those of the epoch in force at the expiry height
    let epoch = p.epoch_at(expire_guess);
    let expire = last_renewed + lifetime * epoch.lifetime_multiplier;
    assert_eq!(u64::from(expire), case["expire_block"].as_u64().unwrap());
    assert_eq!(u64::from(expire + epoch.grace_period), case["renewal_deadline"].as_u64().unwrap());
    assert_eq!(epoch.grace_period, 5000);
}

#[test]
fn id_namespace_cost_and_curve() {
    let Some(f) = facts() else { return };
    let id = &f["mainnet_namespace_facts"]["id"];
    let p = Params::mainnet();
    let block = id["namespace_block_number"].as_u64().unwrap() as u32;
    // "cost": "40 BTC" — a 2-character namespace ID in epoch 1
    assert_eq!(id["cost"].as_str().unwrap(), "40 BTC");
    assert_eq!(namespace_price("id", block, Units::Btc, &p), Some(40 * 100_000_000));
    let r = &id["reveal_params"];
    let buckets: Vec<u8> =
        r["buckets"].as_array().unwrap().iter().map(|b| b.as_u64().unwrap() as u8).collect();
    let curve = NamespaceCurve {
        version: 1,
        coeff: r["coeff"].as_u64().unwrap() as u8,
        base: r["base"].as_u64().unwrap() as u8,
        buckets: buckets.try_into().unwrap(),
        nonalpha_discount: r["nonalpha_discount"].as_u64().unwrap() as u8,
        no_vowel_discount: r["no_vowel_discount"].as_u64().unwrap() as u8,
    };
    // bns spec §6.2 on that curve: a 6-letter name in epoch 1 is 250 × 4^1 × 100 sat.
    assert_eq!(name_price("muneeb", &curve, block, &p), Price::Float(100_000.0));
}

#[test]
fn consensus_hash_algorithm_facts() {
    let Some(f) = facts() else { return };
    let first = derivation(&f, "first block with no ops");
    let ops = ops_hash(&[]);
    assert_eq!(ops.to_hex(), first["ops_hash"].as_str().unwrap());
    assert_eq!(consensus_hash(&ops, &[]).to_hex(), first["consensus_hash"].as_str().unwrap());
    // "prev_consensus_hashes = CH[k-(2^i-1)] for i=1.. while k-(2^i-1) >= first_block"
    let p = Params::mainnet();
    assert_eq!(skip_list_heights(p.first_block, p.first_block), Vec::<u32>::new());
    assert_eq!(
        skip_list_heights(p.first_block + 15, p.first_block),
        vec![373_615, 373_613, 373_609, 373_601]
    );
    // the genesis rows (FIRST−4 … FIRST−1) are never mixed in
    assert!(skip_list_heights(p.first_block + 2, p.first_block).iter().all(|h| *h >= p.first_block));
}
