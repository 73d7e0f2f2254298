//! Proof of work from `nBits`, exactly as the oracle computes it with Python integers:
//! target = mantissa shifted by the exponent (0 when the sign bit is set, unbounded
//! above 2²⁵⁶), block work = ⌊2²⁵⁶ / (target + 1)⌋ (Bitcoin Core `GetBlockProof`; 0
//! when the target is 0 or exceeds 2²⁵⁶ − 1), and chain work as an exact sum.
//!
//! Numbers are little-endian 64-bit limbs; five limbs hold any sum of 2³² block works.

use std::cmp::Ordering;

/// Unsigned 320-bit integer, little-endian limbs.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Hash)]
pub struct ChainWork(pub [u64; 5]);

impl ChainWork {
    pub const ZERO: ChainWork = ChainWork([0; 5]);

    /// Sum, saturating at the maximum (unreachable: it would take 2⁶⁴ blocks).
    pub fn saturating_add(self, other: ChainWork) -> ChainWork {
        let mut out = [0u64; 5];
        let mut carry = false;
        for (i, limb) in out.iter_mut().enumerate() {
            let (sum, c1) = self.0[i].overflowing_add(other.0[i]);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            *limb = sum;
            carry = c1 || c2;
        }
        if carry {
            ChainWork([u64::MAX; 5])
        } else {
            ChainWork(out)
        }
    }

    fn shl1(self) -> ChainWork {
        let mut out = [0u64; 5];
        for i in (0..5).rev() {
            out[i] = (self.0[i] << 1) | if i > 0 { self.0[i - 1] >> 63 } else { 0 };
        }
        ChainWork(out)
    }

    fn wrapping_sub(self, other: ChainWork) -> ChainWork {
        let mut out = [0u64; 5];
        let mut borrow = false;
        for (i, limb) in out.iter_mut().enumerate() {
            let (d, b1) = self.0[i].overflowing_sub(other.0[i]);
            let (d, b2) = d.overflowing_sub(u64::from(borrow));
            *limb = d;
            borrow = b1 || b2;
        }
        ChainWork(out)
    }

    fn bit(self, index: usize) -> bool {
        (self.0[index / 64] >> (index % 64)) & 1 == 1
    }

    fn set_bit(&mut self, index: usize) {
        self.0[index / 64] |= 1 << (index % 64);
    }

    /// Hex, most significant first, no leading zeros (for logs and tests).
    pub fn to_hex(self) -> String {
        let s: String = self.0.iter().rev().map(|l| format!("{l:016x}")).collect();
        let trimmed = s.trim_start_matches('0');
        if trimmed.is_empty() {
            "0".to_string()
        } else {
            trimmed.to_string()
        }
    }
}

impl Ord for ChainWork {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}
impl PartialOrd for ChainWork {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The target of `bits`: `None` when it is ≥ 2²⁵⁶ (Python's unbounded shift result).
pub fn target_from_bits(bits: u32) -> Option<ChainWork> {
    let exponent = bits >> 24;
    let mantissa = u64::from(bits & 0x007f_ffff);
    if bits & 0x0080_0000 != 0 || mantissa == 0 {
        return Some(ChainWork::ZERO);
    }
    if exponent <= 3 {
        return Some(ChainWork([mantissa >> (8 * (3 - exponent)), 0, 0, 0, 0]));
    }
    let shift = 8 * (exponent as usize - 3);
    let bit_len = 64 - mantissa.leading_zeros() as usize;
    if bit_len + shift > 256 {
        return None;
    }
    let mut out = ChainWork::ZERO;
    for i in 0..bit_len {
        if (mantissa >> i) & 1 == 1 {
            out.set_bit(i + shift);
        }
    }
    Some(out)
}

/// Work of one block with `bits` (oracle `btcblk.block_work`).
pub fn block_work(bits: u32) -> ChainWork {
    match target_from_bits(bits) {
        Some(t) if t != ChainWork::ZERO => {
            let divisor = t.saturating_add(ChainWork([1, 0, 0, 0, 0]));
            let mut numerator = ChainWork::ZERO;
            numerator.set_bit(256);
            divide(numerator, divisor)
        }
        _ => ChainWork::ZERO,
    }
}

/// ⌊n / d⌋ by shift-and-subtract (d ≠ 0; 320 steps, cached per distinct bits by callers).
fn divide(n: ChainWork, d: ChainWork) -> ChainWork {
    let mut quotient = ChainWork::ZERO;
    let mut remainder = ChainWork::ZERO;
    for i in (0..320).rev() {
        remainder = remainder.shl1();
        if n.bit(i) {
            remainder.0[0] |= 1;
        }
        if remainder >= d {
            remainder = remainder.wrapping_sub(d);
            quotient.set_bit(i);
        }
    }
    quotient
}

/// Oracle `check_pow`: target > 0 and hash (as a big-endian number) ≤ target.
/// `hash` is in internal byte order (little-endian number).
pub fn check_pow(hash: &[u8; 32], bits: u32) -> bool {
    let value = ChainWork(std::array::from_fn(|i| {
        if i < 4 {
            let mut limb = [0u8; 8];
            limb.copy_from_slice(&hash[i * 8..i * 8 + 8]);
            u64::from_le_bytes(limb)
        } else {
            0
        }
    }));
    match target_from_bits(bits) {
        None => true,
        Some(t) => t != ChainWork::ZERO && value <= t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regtest_bits_work_is_two() {
        // 0x207fffff: target 0x7fffff << 232; 2^256 / (target + 1) = 2 (Bitcoin Core
        // regtest chainwork grows by 2 per block: getblockchaininfo chainwork 0x...02 per height).
        assert_eq!(block_work(0x207f_ffff), ChainWork([2, 0, 0, 0, 0]));
    }

    #[test]
    fn mainnet_genesis_bits_work() {
        // 0x1d00ffff: work 0x100010001 (Bitcoin Core: genesis chainwork 0x0000...0100010001).
        assert_eq!(block_work(0x1d00_ffff).to_hex(), "100010001");
    }

    #[test]
    fn negative_zero_and_huge_targets() {
        assert_eq!(target_from_bits(0x0480_0001), Some(ChainWork::ZERO));
        assert_eq!(block_work(0x0100_0000), ChainWork::ZERO);
        assert_eq!(target_from_bits(0xff7f_ffff), None);
        assert_eq!(block_work(0xff7f_ffff), ChainWork::ZERO);
        assert!(check_pow(&[0xff; 32], 0xff7f_ffff));
        assert!(!check_pow(&[0; 32], 0x0100_0000));
    }

    #[test]
    fn small_exponent_shifts_right() {
        assert_eq!(target_from_bits(0x0212_3456), Some(ChainWork([0x1234, 0, 0, 0, 0])));
        assert_eq!(target_from_bits(0x0312_3456), Some(ChainWork([0x12_3456, 0, 0, 0, 0])));
    }

    #[test]
    fn target_one_has_work_two_to_255() {
        let w = block_work(0x0300_0001);
        let mut expected = ChainWork::ZERO;
        expected.set_bit(255);
        assert_eq!(w, expected);
    }

    #[test]
    fn pow_compares_hash_as_little_endian_number() {
        let mut hash = [0u8; 32];
        hash[31] = 0x7f; // most significant byte
        assert!(check_pow(&hash, 0x207f_ffff));
        hash[31] = 0x80;
        assert!(!check_pow(&hash, 0x207f_ffff));
    }

    #[test]
    fn sums_carry_across_limbs() {
        let a = ChainWork([u64::MAX, 0, 0, 0, 0]);
        assert_eq!(a.saturating_add(ChainWork([1, 0, 0, 0, 0])), ChainWork([0, 1, 0, 0, 0]));
        assert!(ChainWork([0, 1, 0, 0, 0]) > ChainWork([u64::MAX, 0, 0, 0, 0]));
    }
}
