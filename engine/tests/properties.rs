//! Properties of the engine over random block sequences (proptest):
//! determinism (same blocks → same hashes, outcomes and state digest), the delta
//! contract (`state_before.apply_delta(delta) == state_after`), and no panics on
//! arbitrary candidates (garbage names, huge numbers, unknown token types).

mod common;
use bns_engine::types::{Candidate, ConsensusHash, Op};
use bns_engine::{BlockInput, Engine};
use common::*;
use proptest::prelude::*;

const NAMES: [&str; 6] = ["a.test", "b.test", "0a.test", "c.abc", "zz.test", "a.nope"];
const NAMESPACES: [&str; 3] = ["test", "abc", "nope"];

/// One op drawn from a small vocabulary so that ops interact (same names, wallets).
fn op_strategy() -> impl Strategy<Value = (u8, u8, u8, u8, u64, bool)> {
    (0u8..14, 1u8..7, 1u8..7, 0u8..6, 0u64..2_000_000_000, any::<bool>())
}

fn build(kind: u8, from: u8, to: u8, pick: u8, amount: u64, flag: bool, ch: ConsensusHash) -> Candidate {
    let (f, t) = (wallet(from), wallet(to));
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let ns = NAMESPACES[usize::from(pick) % NAMESPACES.len()];
    match kind {
        0 => name_preorder(&f, name, &t, amount % 1000, ch),
        1 => register(&f, name, &t),
        2 => renew(&f, name, &t, amount % 1000),
        3 => update(&f, name, ch, [pick; 20]),
        4 => transfer(&f, name, &t, flag, ch),
        5 => revoke(&f, name),
        6 => import(&f, name, &t, [pick; 20]),
        7 => ns_preorder(&f, ns, &t, amount.saturating_mul(4), ch, if flag { Some(amount) } else { None }),
        8 => ns_reveal(&f, ns, &t, u16::from(pick % 4), 5 + u32::from(pick)),
        9 => ns_ready(&f, ns),
        10 => token_transfer(&f, &t, amount, ch),
        11 => announce(&f),
        12 => name_preorder_stx(&f, name, &t, 0, amount, ch),
        _ => register_with(&f, name, &t, Some([pick; 20])),
    }
}

type OpSpec = (u8, u8, u8, u8, u64, bool);

fn blocks_strategy() -> impl Strategy<Value = Vec<Vec<OpSpec>>> {
    prop::collection::vec(prop::collection::vec(op_strategy(), 0..6), 1..25)
}

/// Funded regtest params: wallets 1..=6 hold STX.
fn funded_params() -> bns_engine::Params {
    let wallets: Vec<Wallet> = (1..7).map(wallet).collect();
    let rows: Vec<(&Wallet, u64, u32, bool)> =
        wallets.iter().map(|w| (w, 10_000_000_000_000, 0, true)).collect();
    params_with_stx(&rows)
}

/// Run the sequence from `start` (jumping to it with empty blocks); returns every outcome.
fn run(specs: &[Vec<OpSpec>], start: u32) -> (Vec<bns_engine::BlockOutcome>, [u8; 32]) {
    let mut engine = Engine::new(funded_params());
    let mut outcomes = Vec::new();
    let mut replay = engine.state().clone();
    while engine.next_height() < start {
        let h = engine.next_height();
        let out = engine
            .apply_block(BlockInput { height: h, block_hash: Default::default(), candidates: Vec::new() })
            .unwrap();
        replay.apply_delta(&out.delta);
    }
    for block in specs {
        let height = engine.next_height();
        let ch = engine.consensus_hash_at(height - 1).unwrap();
        let cands =
            number(height, block.iter().map(|&(k, f, t, p, a, b)| build(k, f, t, p, a, b, ch)).collect());
        let out = engine
            .apply_block(BlockInput { height, block_hash: Default::default(), candidates: cands })
            .expect("no halt expected");
        replay.apply_delta(&out.delta);
        assert_eq!(&replay, engine.state(), "delta replay diverged at {height}");
        outcomes.push(out);
    }
    (outcomes, engine.state_digest())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn same_blocks_give_same_hashes_and_digest(specs in blocks_strategy(), start in prop::sample::select(vec![688u32, 790, 845, 905])) {
        let (a, da) = run(&specs, start);
        let (b, db) = run(&specs, start);
        prop_assert_eq!(a, b);
        prop_assert_eq!(da, db);
    }
}

fn arbitrary_op() -> impl Strategy<Value = Op> {
    let text = "[a-z0-9._+\\-\n]{0,40}";
    let bytes20 = prop::array::uniform20(any::<u8>());
    prop_oneof![
        (bytes20, any::<u64>(), proptest::option::of(any::<u64>()), proptest::option::of(text)).prop_map(
            |(h, fee, tf, tu)| Op::NamePreorder {
                preorder_hash: h,
                consensus_hash: ConsensusHash::default(),
                token_fee: tf,
                token_units: tu,
                op_fee_sat: fee,
                burn_address: burn(),
            }
        ),
        (text, proptest::option::of(bytes20), proptest::option::of(any::<u64>())).prop_map(|(n, v, t)| {
            Op::NameRegistration {
                name: n,
                value_hash: v,
                token_fee: t,
                recipient: vec![0x51],
                recipient_address: "garbage".to_string(),
            }
        }),
        (text, any::<u64>(), proptest::option::of(any::<u64>())).prop_map(|(n, fee, t)| Op::NameRenewal {
            name: n,
            value_hash: None,
            token_fee: t,
            recipient: Vec::new(),
            recipient_address: String::new(),
            op_fee_sat: fee,
            burn_address: String::new(),
        }),
        (text).prop_map(|n| Op::NameRevoke { name: n }),
        (text, bytes20).prop_map(|(n, v)| Op::NameImport {
            name: n,
            recipient: Vec::new(),
            recipient_address: String::new(),
            value_hash: v
        }),
        (text, any::<u32>(), any::<u8>(), any::<u8>(), any::<u16>()).prop_map(
            |(id, life, coeff, base, version)| Op::NamespaceReveal {
                namespace_id: id,
                lifetime: life,
                coeff,
                base,
                buckets: [15; 16],
                nonalpha_discount: 0,
                no_vowel_discount: 0,
                version,
                recipient: Vec::new(),
                recipient_address: String::new(),
            }
        ),
        (text).prop_map(|id| Op::NamespaceReady { namespace_id: id }),
        (text, any::<u64>()).prop_map(|(t, amount)| Op::TokenTransfer {
            consensus_hash: ConsensusHash([0; 16]),
            token_type: t,
            amount,
            scratch_area: vec![0xff; 3],
            recipient: Vec::new(),
            recipient_address: String::new(),
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_candidates_never_panic(ops in prop::collection::vec((arbitrary_op(), 1u8..7), 0..12), start in prop::sample::select(vec![688u32, 860, 905])) {
        let mut engine = Engine::new(funded_params());
        while engine.next_height() < start {
            let h = engine.next_height();
            engine.apply_block(BlockInput { height: h, block_hash: Default::default(), candidates: Vec::new() }).unwrap();
        }
        let height = engine.next_height();
        let cands: Vec<Candidate> = ops
            .into_iter()
            .map(|(op, w)| Candidate { txid: Default::default(), vtxindex: 0, sender: sender(&wallet(w)), op })
            .collect();
        let cands = number(height, cands);
        let n = cands.len();
        let out = engine.apply_block(BlockInput { height, block_hash: Default::default(), candidates: cands });
        if let Ok(out) = out {
            prop_assert_eq!(out.accepted.len() + out.rejected.len(), n);
        }
    }
}
