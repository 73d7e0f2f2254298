//! NAME_IMPORT `op_fee` for BTC-priced namespaces is `float(price_name(...))` (reference
//! operations/nameimport.py; bns spec §5.7, §6.2): an integer price (epochs ≥ 4,
//! INT_DIVISION) is rounded to a double like CPython's long → float — half-even, and
//! exact even for prices beyond u64 (which a 255 × 255^15 curve reaches).

mod common;
use bns_engine::consensus::Value;
use bns_engine::state::OpFee;
use common::*;

#[test]
fn quirk_import_op_fee_is_python_float_of_an_int_price_beyond_2_pow_53() {
    let owner = wallet(1);
    let reveal = wallet(2);
    let alice = wallet(10);
    let mut r = Rules::with_params(params_with_stx(&[(&owner, 1_000_000_000_000, 0, true)]));
    r.skip_to(901); // regtest epoch 5: integer name prices (btc divisor 10)
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&owner, "test", &reveal, 4_100_000_000, ch, Some(640_000_000_000))));
    let mut buckets = [15u8; 16];
    buckets[1] = 6;
    accepted(&r.one(ns_reveal_curve(&owner, "test", &reveal, 1, 1000, 255, 255, buckets, 1, 1)));

    // "a": bucket 15 → 255 × 255^15 × 100 sat / 10 = 255^16 × 10, far beyond u64.
    // Expected: python2 -c "print repr(float(255**16*10))" → 3.196265793150785e+39.
    let acc = accepted(&r.one(import(&reveal, "a.test", &alice, [3; 20]))).clone();
    assert_eq!(r.state.name("a.test").unwrap().op_fee, OpFee::Float(3.196265793150785e39));
    assert_eq!(acc.record.get("op_fee"), Some(&Value::Float(3.196265793150785e39)));

    // "ab": bucket 6 → 255^7 × 10 = 701102092071093750 (> 2^53, not a double); Python
    // float() gives 7.011020920710938e+17 (python2 -c "print repr(float(255**7*10))").
    accepted(&r.one(import(&reveal, "ab.test", &alice, [4; 20])));
    let fee = r.state.name("ab.test").unwrap().op_fee;
    assert_eq!(fee, OpFee::Float(7.011020920710938e17));
    assert_ne!(
        fee.as_float() as u128,
        701_102_092_071_093_750u128,
        "the int price itself is not representable"
    );
}
