//! The SHA-256 compression function through the x86 SHA extensions (SHA-NI), on
//! `N` independent messages at once. One SHA-NI stream is latency-bound: each
//! `sha256rnds2` waits for the one before it, so a core with one or two SHA units sits
//! mostly idle; interleaving two (or four) unrelated messages fills those gaps.
//! [`ShaNi`] is a proof that the CPU has the extensions: only [`ShaNi::detect`] makes
//! one, which is what makes [`ShaNi::compress`] safe to call.
// The unsafe code here: the intrinsics need CPU features (checked once by `detect`,
// carried by the `ShaNi` token) and unaligned 16-byte loads/stores of fixed-size arrays.
#![allow(unsafe_code)]

/// Proof that this CPU has SHA-NI, SSE4.1 and SSSE3.
#[derive(Clone, Copy, Debug)]
pub struct ShaNi(());

impl ShaNi {
    /// `Some` when this CPU can run [`ShaNi::compress`].
    pub fn detect() -> Option<ShaNi> {
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("sha")
                && std::is_x86_feature_detected!("sse4.1")
                && std::is_x86_feature_detected!("ssse3")
            {
                return Some(ShaNi(()));
            }
        }
        None
    }

    /// Compress one block into each of `N` states (`states[l]` is words a..h of
    /// message `l`).
    #[inline]
    pub fn compress<const N: usize>(self, states: &mut [[u32; 8]; N], blocks: &[&[u8; 64]; N]) {
        let runs: [&[u8]; N] = std::array::from_fn(|l| &blocks[l][..]);
        self.compress_runs(states, &runs, 1);
    }

    /// Compress `count` consecutive blocks into each of `N` states: `runs[l]` holds
    /// message `l`'s next blocks. The states stay in registers from one block to the
    /// next. Does `min(count, shortest run / 64)` blocks and returns that number.
    #[inline]
    pub fn compress_runs<const N: usize>(
        self,
        states: &mut [[u32; 8]; N],
        runs: &[&[u8]; N],
        count: usize,
    ) -> usize {
        let count = runs.iter().map(|r| r.len() / 64).fold(count, usize::min);
        if count == 0 {
            return 0;
        }
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `ShaNi` exists only when `detect` found the features; every run
        // holds at least `count` blocks (checked just above).
        unsafe {
            x86::compress(states, runs, count)
        };
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (states, runs);
        count
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
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

    /// # Safety
    /// The CPU must support SHA, SSE4.1 and SSSE3, and every run must hold at least
    /// `count` 64-byte blocks.
    #[target_feature(enable = "sha,sse4.1,ssse3")]
    pub(super) unsafe fn compress<const N: usize>(
        states: &mut [[u32; 8]; N],
        runs: &[&[u8]; N],
        count: usize,
    ) {
        // The rounds keep the state as two vectors, (a, b, e, f) and (c, d, g, h), each
        // listed from its highest 32-bit element down.
        let mut abef = [_mm_setzero_si128(); N];
        let mut cdgh = [_mm_setzero_si128(); N];
        for l in 0..N {
            // SAFETY: `states[l]` is 8 u32s: two unaligned 16-byte loads inside it.
            let (dcba, hgfe) = unsafe {
                (
                    _mm_loadu_si128(states[l].as_ptr().cast()),
                    _mm_loadu_si128(states[l].as_ptr().add(4).cast()),
                )
            };
            let cdab = _mm_shuffle_epi32::<0xB1>(dcba);
            let efgh = _mm_shuffle_epi32::<0x1B>(hgfe);
            abef[l] = _mm_alignr_epi8::<8>(cdab, efgh);
            cdgh[l] = _mm_blend_epi16::<0xF0>(efgh, cdab);
        }
        // Message words, big-endian in the block: byte-swap every 32-bit word.
        let bswap = _mm_set_epi64x(0x0c0d0e0f_08090a0b, 0x04050607_00010203);
        for i in 0..count {
            let (abef_in, cdgh_in) = (abef, cdgh);
            let mut m = [[_mm_setzero_si128(); 4]; N];
            for l in 0..N {
                for (q, words) in m[l].iter_mut().enumerate() {
                    // SAFETY: bytes 16q..16q+16 of block `i` of a run of at least `count`.
                    let v = unsafe { _mm_loadu_si128(runs[l].as_ptr().add(64 * i + 16 * q).cast()) };
                    *words = _mm_shuffle_epi8(v, bswap);
                }
            }
            // Four rounds (`$g`: words 4g..4g+3, held in m[_][g % 4]), then the schedule:
            // words of group g+1 from groups g-3 (already through msg1), g-1 and g; and
            // msg1 of group g-1 with g, for group g+3.
            macro_rules! group {
                ($g:literal) => {{
                    // SAFETY: K has 64 words; 4g+3 < 64.
                    let k = unsafe { _mm_loadu_si128(K.as_ptr().add(4 * $g).cast()) };
                    let mut kw = [_mm_setzero_si128(); N];
                    for l in 0..N {
                        kw[l] = _mm_add_epi32(m[l][$g % 4], k);
                        cdgh[l] = _mm_sha256rnds2_epu32(cdgh[l], abef[l], kw[l]);
                    }
                    for l in 0..N {
                        abef[l] = _mm_sha256rnds2_epu32(abef[l], cdgh[l], _mm_shuffle_epi32::<0x0E>(kw[l]));
                    }
                    if $g >= 3 && $g < 15 {
                        for l in 0..N {
                            let w7 = _mm_alignr_epi8::<4>(m[l][$g % 4], m[l][($g + 3) % 4]);
                            let sum = _mm_add_epi32(m[l][($g + 1) % 4], w7);
                            m[l][($g + 1) % 4] = _mm_sha256msg2_epu32(sum, m[l][$g % 4]);
                        }
                    }
                    if $g >= 1 && $g <= 12 {
                        for l in 0..N {
                            m[l][($g + 3) % 4] = _mm_sha256msg1_epu32(m[l][($g + 3) % 4], m[l][$g % 4]);
                        }
                    }
                }};
            }
            group!(0);
            group!(1);
            group!(2);
            group!(3);
            group!(4);
            group!(5);
            group!(6);
            group!(7);
            group!(8);
            group!(9);
            group!(10);
            group!(11);
            group!(12);
            group!(13);
            group!(14);
            group!(15);
            for l in 0..N {
                abef[l] = _mm_add_epi32(abef[l], abef_in[l]);
                cdgh[l] = _mm_add_epi32(cdgh[l], cdgh_in[l]);
            }
        }
        for l in 0..N {
            let feba = _mm_shuffle_epi32::<0x1B>(abef[l]);
            let dchg = _mm_shuffle_epi32::<0xB1>(cdgh[l]);
            let dcba = _mm_blend_epi16::<0xF0>(feba, dchg);
            let hgfe = _mm_alignr_epi8::<8>(dchg, feba);
            // SAFETY: `states[l]` is 8 u32s: two unaligned 16-byte stores inside it.
            unsafe {
                _mm_storeu_si128(states[l].as_mut_ptr().cast(), dcba);
                _mm_storeu_si128(states[l].as_mut_ptr().add(4).cast(), hgfe);
            }
        }
    }
}
