//! Prices the generator pays when a scenario says `"price"` (bns spec §6). A small,
//! independent rendering of the rules, used only to pick fee amounts: whether an
//! amount is enough is always decided by the engine / oracle, never here.

use crate::payload::RevealFields;
use bns_engine::params::{NamePriceScale, Params};

const NAME_COST_UNIT_SAT: u64 = 100;
const NAME_COST_UNIT_USTX: u64 = 1733;

/// The label before the namespace dot.
fn label(fqn: &str) -> &str {
    fqn.split('.').next().unwrap_or(fqn)
}

fn discount(name: &str, curve: &RevealFields) -> u64 {
    let mut d = 1u64;
    if !name.chars().any(|c| "aeiouy".contains(c)) {
        d = d.max(u64::from(curve.no_vowel_discount));
    }
    if name.chars().any(|c| c.is_ascii_digit() || c == '-' || c == '_') {
        d = d.max(u64::from(curve.nonalpha_discount));
    }
    d
}

/// `price_name` at `height`, rounded **up** to a whole unit (satoshis for versions
/// 1–2, µSTX for version 3), so paying it always satisfies `paid >= price`.
pub fn name_price(fqn: &str, curve: &RevealFields, height: u32, params: &Params) -> u64 {
    let name = label(fqn);
    let index = name.len().saturating_sub(1).min(15);
    let exponent = u32::from(curve.buckets[index]);
    let unit = if curve.version == 3 { NAME_COST_UNIT_USTX } else { NAME_COST_UNIT_SAT };
    let d = discount(name, curve);
    let power = u64::from(curve.base).saturating_pow(exponent);
    match params.epoch_at(height).name_price {
        NamePriceScale::IntDivision { btc_divisor, stx_divisor } => {
            let p = u64::from(curve.coeff).saturating_mul(power).saturating_mul(unit) / d.max(1);
            let p = p.max(unit);
            let divisor = if curve.version == 3 { stx_divisor } else { btc_divisor };
            p / divisor.max(1)
        }
        NamePriceScale::Float { multiplier } => {
            let p = (u64::from(curve.coeff).saturating_mul(power) as f64 / d as f64) * unit as f64;
            let p = if p < unit as f64 { unit as f64 } else { p };
            (p * multiplier).ceil() as u64
        }
    }
}

/// STX price of a BTC-curve name (`price_name_stacks`, §6.2).
pub fn name_price_stacks(fqn: &str, curve: &RevealFields, height: u32, params: &Params) -> u64 {
    let price = name_price(fqn, curve, height, params);
    if curve.version == 3 {
        price
    } else {
        price.saturating_mul(650) / 15
    }
}

fn length_class(namespace_id: &str) -> usize {
    match namespace_id.len() {
        0 | 1 => 0,
        2 | 3 => 1,
        4..=7 => 2,
        _ => 3,
    }
}

/// Namespace price in satoshis at `height` (epochs 1–3), if that epoch has a BTC table.
pub fn namespace_price_sat(namespace_id: &str, height: u32, params: &Params) -> Option<u64> {
    params.epoch_at(height).namespace_price_btc_sat.map(|t| t[length_class(namespace_id)])
}

/// Namespace price in µSTX at `height` (epochs ≥ 4), if that epoch has an STX table.
pub fn namespace_price_stx(namespace_id: &str, height: u32, params: &Params) -> Option<u64> {
    params.epoch_at(height).namespace_price_stx.map(|t| t[length_class(namespace_id)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_curve() -> RevealFields {
        RevealFields {
            lifetime: 52595,
            coeff: 250,
            base: 4,
            buckets: [6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            nonalpha_discount: 10,
            no_vowel_discount: 10,
            version: 1,
        }
    }

    /// bns spec §6.2 worked by hand: "foo" → bucket 3 (len 3 → index 2 → e = 4),
    /// 250 × 4^4 = 64000, × 100 sat = 6,400,000 sat in epoch 1 (multiplier 1.0).
    #[test]
    fn three_letter_name_in_epoch_1() {
        assert_eq!(name_price("foo.test", &test_curve(), 700, &Params::regtest()), 6_400_000);
    }

    /// Epoch 3 multiplies by 0.1 (regtest epoch 3 = 801–850).
    #[test]
    fn epoch_3_is_a_tenth() {
        assert_eq!(name_price("foo.test", &test_curve(), 820, &Params::regtest()), 640_000);
    }

    #[test]
    fn nonalpha_discount_applies_once() {
        // "f00": index 2, e = 4, nonalpha and no-vowel both 10 → max = 10.
        assert_eq!(name_price("f00.test", &test_curve(), 700, &Params::regtest()), 640_000);
    }

    #[test]
    fn namespace_table_test_mode() {
        let p = Params::regtest();
        assert_eq!(namespace_price_sat("test", 700, &p), Some(400_000_000));
        assert_eq!(namespace_price_sat("a", 700, &p), Some(4_100_000_000));
        assert_eq!(namespace_price_sat("test", 860, &p), None);
        assert_eq!(namespace_price_stx("test", 860, &p), Some(6_400_000_000));
    }
}
