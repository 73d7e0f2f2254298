//! Name and namespace prices (bns spec §6). STUB: owner H1.

use crate::consensus::Value;
use crate::params::Params;

/// The pricing curve of a namespace (from its NAMESPACE_REVEAL).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct NamespaceCurve {
    pub version: u16,
    pub coeff: u8,
    pub base: u8,
    pub buckets: [u8; 16],
    pub nonalpha_discount: u8,
    pub no_vowel_discount: u8,
}

/// A price as the reference holds it: an IEEE double before INT_DIVISION, else an int.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Price {
    Float(f64),
    Int(u64),
}

impl Price {
    /// Python's `paid >= price` with exact int/float comparison.
    pub fn is_paid_by(&self, paid: u64) -> bool {
        let _ = paid;
        unimplemented!("price (H1)")
    }
    /// The value stored in records (float → `Value::Float`, int → `Value::Int`).
    pub fn to_value(&self) -> Value {
        unimplemented!("price (H1)")
    }
}

/// Which currency a namespace price is asked in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Units {
    Btc,
    Stacks,
}

/// `price_name(name, ns, h)`: `name_part` is the label before the dot. Version 3 →
/// µSTX, otherwise satoshis (bns spec §6.2).
pub fn name_price(name_part: &str, curve: &NamespaceCurve, height: u32, params: &Params) -> Price {
    let _ = (name_part, curve, height, params);
    unimplemented!("price (H1)")
}

/// `price_name_stacks(name, ns, h)` (bns spec §6.2).
pub fn name_price_stacks(name_part: &str, curve: &NamespaceCurve, height: u32, params: &Params) -> u64 {
    let _ = (name_part, curve, height, params);
    unimplemented!("price (H1)")
}

/// `price_namespace(id, h, units)`: `None` where the epoch has no such table.
pub fn namespace_price(namespace_id: &str, height: u32, units: Units, params: &Params) -> Option<u64> {
    let _ = (namespace_id, height, units, params);
    unimplemented!("price (H1)")
}
