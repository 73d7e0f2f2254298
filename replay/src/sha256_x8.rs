//! The SHA-256 compression function on eight independent states at once, one per
//! 32-bit lane of the AVX2 registers: the same scheme as [`crate::sha256_x16`] for
//! CPUs with AVX2 but no AVX-512 (rotations as two shifts, choose and majority as
//! plain logic). [`Avx2`] is a proof that the CPU has AVX2: only [`Avx2::detect`]
//! makes one, which is what makes [`Avx2::compress`] safe to call.
// The unsafe code here: the intrinsics need the CPU feature (checked once by `detect`,
// carried by the `Avx2` token) and unaligned 32-byte loads/stores of fixed-size arrays.
#![allow(unsafe_code)]

/// Number of messages hashed side by side.
pub const LANES: usize = 8;

/// Per-word lane states: `state[w][l]` is word `w` (a..h) of lane `l`.
pub type LaneStates = [[u32; LANES]; 8];

/// Proof that this CPU has AVX2.
#[derive(Clone, Copy, Debug)]
pub struct Avx2(());

impl Avx2 {
    /// `Some` when this CPU can run [`Avx2::compress`].
    pub fn detect() -> Option<Avx2> {
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx2") {
                return Some(Avx2(()));
            }
        }
        None
    }

    /// Compress one block into every lane's state.
    #[inline]
    pub fn compress(self, state: &mut LaneStates, blocks: &[&[u8; 64]; LANES]) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: an `Avx2` exists only when `detect` found AVX2.
        unsafe {
            x86::compress(state, blocks)
        };
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (state, blocks);
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{LaneStates, LANES};
    use std::arch::x86_64::*;

    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    /// 8×8 transpose of 32-bit words: `out[j]` lane `i` = `rows[i]` word `j`.
    #[target_feature(enable = "avx2")]
    fn transpose8(r: [__m256i; 8]) -> [__m256i; 8] {
        let t0 = _mm256_unpacklo_epi32(r[0], r[1]);
        let t1 = _mm256_unpackhi_epi32(r[0], r[1]);
        let t2 = _mm256_unpacklo_epi32(r[2], r[3]);
        let t3 = _mm256_unpackhi_epi32(r[2], r[3]);
        let t4 = _mm256_unpacklo_epi32(r[4], r[5]);
        let t5 = _mm256_unpackhi_epi32(r[4], r[5]);
        let t6 = _mm256_unpacklo_epi32(r[6], r[7]);
        let t7 = _mm256_unpackhi_epi32(r[6], r[7]);
        // u0: word 0 (low half) and 4 (high half) of rows 0..3; u1: 1 and 5; ...
        let u0 = _mm256_unpacklo_epi64(t0, t2);
        let u1 = _mm256_unpackhi_epi64(t0, t2);
        let u2 = _mm256_unpacklo_epi64(t1, t3);
        let u3 = _mm256_unpackhi_epi64(t1, t3);
        let u4 = _mm256_unpacklo_epi64(t4, t6);
        let u5 = _mm256_unpackhi_epi64(t4, t6);
        let u6 = _mm256_unpacklo_epi64(t5, t7);
        let u7 = _mm256_unpackhi_epi64(t5, t7);
        [
            _mm256_permute2x128_si256::<0x20>(u0, u4),
            _mm256_permute2x128_si256::<0x20>(u1, u5),
            _mm256_permute2x128_si256::<0x20>(u2, u6),
            _mm256_permute2x128_si256::<0x20>(u3, u7),
            _mm256_permute2x128_si256::<0x31>(u0, u4),
            _mm256_permute2x128_si256::<0x31>(u1, u5),
            _mm256_permute2x128_si256::<0x31>(u2, u6),
            _mm256_permute2x128_si256::<0x31>(u3, u7),
        ]
    }

    /// Message words: `w[t]` lane `l` = big-endian word `t` of block `l`.
    #[target_feature(enable = "avx2")]
    fn transpose(blocks: &[&[u8; 64]; LANES]) -> [__m256i; 16] {
        // Swap the bytes of every 32-bit word (SHA-256 words are big-endian).
        let bswap = _mm256_set_epi64x(
            0x0c0d0e0f_08090a0b,
            0x04050607_00010203,
            0x0c0d0e0f_08090a0b,
            0x04050607_00010203,
        );
        let mut lo = [_mm256_setzero_si256(); 8];
        let mut hi = [_mm256_setzero_si256(); 8];
        for ((lo, hi), block) in lo.iter_mut().zip(hi.iter_mut()).zip(blocks) {
            // SAFETY: `block` is 64 readable bytes: two unaligned 32-byte loads.
            let (a, b) = unsafe {
                (_mm256_loadu_si256(block.as_ptr().cast()), _mm256_loadu_si256(block.as_ptr().add(32).cast()))
            };
            *lo = _mm256_shuffle_epi8(a, bswap);
            *hi = _mm256_shuffle_epi8(b, bswap);
        }
        let lo = transpose8(lo);
        let hi = transpose8(hi);
        std::array::from_fn(|t| if t < 8 { lo[t] } else { hi[t - 8] })
    }

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn compress(state: &mut LaneStates, blocks: &[&[u8; 64]; LANES]) {
        let mut w = transpose(blocks);
        let mut s = [_mm256_setzero_si256(); 8];
        for (v, words) in s.iter_mut().zip(state.iter()) {
            // SAFETY: `words` is LANES (8) u32s, exactly one 256-bit vector.
            *v = unsafe { _mm256_loadu_si256(words.as_ptr().cast()) };
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = s;
        macro_rules! ror {
            ($x:expr, $n:literal) => {
                _mm256_or_si256(_mm256_srli_epi32::<$n>($x), _mm256_slli_epi32::<{ 32 - $n }>($x))
            };
        }
        macro_rules! xor3 {
            ($x:expr, $y:expr, $z:expr) => {
                _mm256_xor_si256(_mm256_xor_si256($x, $y), $z)
            };
        }
        // Rounds 16 at a time with constant indices into `w`.
        macro_rules! round {
            ($t:expr, $i:expr, $schedule:expr) => {{
                if $schedule {
                    let w15 = w[($i + 1) % 16];
                    let w2 = w[($i + 14) % 16];
                    let s0 = xor3!(ror!(w15, 7), ror!(w15, 18), _mm256_srli_epi32::<3>(w15));
                    let s1 = xor3!(ror!(w2, 17), ror!(w2, 19), _mm256_srli_epi32::<10>(w2));
                    w[$i] =
                        _mm256_add_epi32(_mm256_add_epi32(w[$i], s0), _mm256_add_epi32(w[($i + 9) % 16], s1));
                }
                let sigma1 = xor3!(ror!(e, 6), ror!(e, 11), ror!(e, 25));
                // choose = (e & f) ^ (!e & g) = g ^ (e & (f ^ g))
                let choose = _mm256_xor_si256(g, _mm256_and_si256(e, _mm256_xor_si256(f, g)));
                let kw = _mm256_add_epi32(w[$i], _mm256_set1_epi32(K[$t + $i] as i32));
                let t1 = _mm256_add_epi32(_mm256_add_epi32(h, sigma1), _mm256_add_epi32(choose, kw));
                let sigma0 = xor3!(ror!(a, 2), ror!(a, 13), ror!(a, 22));
                // majority = (a & b) | (c & (a | b))
                let majority =
                    _mm256_or_si256(_mm256_and_si256(a, b), _mm256_and_si256(c, _mm256_or_si256(a, b)));
                let t2 = _mm256_add_epi32(sigma0, majority);
                h = g;
                g = f;
                f = e;
                e = _mm256_add_epi32(d, t1);
                d = c;
                c = b;
                b = a;
                a = _mm256_add_epi32(t1, t2);
            }};
        }
        macro_rules! sixteen_rounds {
            ($t:expr, $schedule:expr) => {
                round!($t, 0, $schedule);
                round!($t, 1, $schedule);
                round!($t, 2, $schedule);
                round!($t, 3, $schedule);
                round!($t, 4, $schedule);
                round!($t, 5, $schedule);
                round!($t, 6, $schedule);
                round!($t, 7, $schedule);
                round!($t, 8, $schedule);
                round!($t, 9, $schedule);
                round!($t, 10, $schedule);
                round!($t, 11, $schedule);
                round!($t, 12, $schedule);
                round!($t, 13, $schedule);
                round!($t, 14, $schedule);
                round!($t, 15, $schedule);
            };
        }
        sixteen_rounds!(0, false);
        sixteen_rounds!(16, true);
        sixteen_rounds!(32, true);
        sixteen_rounds!(48, true);
        for (words, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            // SAFETY: `words` is LANES (8) u32s, exactly one 256-bit vector.
            unsafe {
                let sum = _mm256_add_epi32(_mm256_loadu_si256(words.as_ptr().cast()), v);
                _mm256_storeu_si256(words.as_mut_ptr().cast(), sum);
            }
        }
    }
}
