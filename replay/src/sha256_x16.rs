//! The SHA-256 compression function on sixteen independent states at once, one per
//! 32-bit lane of the AVX-512 registers. Unsafe code (as in the other `sha256_*`
//! kernels): the intrinsics need the CPU feature, which [`available`] checks at run
//! time, and two loads/stores of fixed-size arrays.
//!
//! Why: verifying every block's merkle root means a double SHA-256 of every byte of
//! every transaction. One SHA-NI stream runs at about 1.2 GB/s per core on our
//! machines (`openssl speed -evp sha256` agrees); sixteen lanes run at about 3.8 GiB/s
//! (criterion `sha256_compress/avx512`, BENCHMARKS.md "Hash kernels").
//!
//! Besides the plain compression ([`Avx512::compress`], [`Avx512::compress_from`]):
//! the second hash of sixteen first digests taken in the lanes' own word-major layout
//! with the constant padding words folded into the schedule ([`Avx512::second_hash`]),
//! sixteen merkle nodes whose padding block's schedule is a precomputed constant
//! ([`Avx512::merkle_nodes`]), and one padded block built in a register
//! (its [`crate::sha256_plan::Fill`]). [`crate::sha256_x16_pipe`] feeds them.
#![allow(unsafe_code)]

/// Number of messages hashed side by side.
pub const LANES: usize = 16;

/// Per-word lane states: `state[w][l]` is word `w` (a..h) of lane `l`.
pub type LaneStates = [[u32; LANES]; 8];

/// One 64-byte block per lane, wherever it lies (in the block file or a staging buffer).
pub type LaneBlocks<'a> = [&'a [u8; 64]; LANES];

/// Whether this CPU can run [`compress`].
pub fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("avx512bw")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Compress one block into every lane's state. `None` (nothing done) when the CPU
/// lacks AVX-512; callers check [`available`] once and use their scalar path.
pub fn compress(state: &mut LaneStates, blocks: &LaneBlocks<'_>) -> Option<()> {
    #[cfg(target_arch = "x86_64")]
    {
        if available() {
            // SAFETY: the CPU has AVX-512F and AVX-512BW (checked just above).
            unsafe { x86::compress(state, blocks) };
            return Some(());
        }
    }
    let _ = (state, blocks);
    None
}

/// Proof that this CPU has AVX-512F and AVX-512BW: only [`Avx512::detect`] makes one,
/// so [`Avx512::compress`] needs no check per call.
#[derive(Clone, Copy, Debug)]
pub struct Avx512(());

impl Avx512 {
    /// `Some` when this CPU can run [`Avx512::compress`].
    pub fn detect() -> Option<Avx512> {
        available().then_some(Avx512(()))
    }

    /// Compress one block into every lane's state.
    #[inline]
    pub fn compress(self, state: &mut LaneStates, blocks: &LaneBlocks<'_>) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: an `Avx512` exists only when `available()` said yes.
        unsafe {
            x86::compress(state, blocks)
        };
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (state, blocks);
    }

    /// [`Avx512::compress`], except that the lanes whose bit is set in `fresh` start
    /// from the SHA-256 initial state whatever their words in `state` hold (a lane
    /// starting a new message: resetting it with scalar stores would make the vector
    /// load of the state wait for them, a failed store forwarding on every call).
    #[inline]
    pub fn compress_from(self, state: &mut LaneStates, blocks: &LaneBlocks<'_>, fresh: u16) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: an `Avx512` exists only when `available()` said yes.
        unsafe {
            x86::compress_from(state, blocks, fresh)
        };
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (state, blocks, fresh);
    }

    /// The second SHA-256 of sixteen first digests, given as their state words
    /// (`words[w][l]`: word `w` of lane `l`'s first digest, the layout of
    /// [`LaneStates`]): `out[l]` = SHA-256 of lane `l`'s 32 digest bytes. The message's
    /// words 8..15 are the fixed padding of a 32-byte message, so part of the schedule
    /// is constant.
    #[inline]
    pub fn second_hash(self, words: &LaneStates, out: &mut [[u8; 32]; LANES]) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: an `Avx512` exists only when `available()` said yes.
        unsafe {
            x86::second_hash(words, out)
        };
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (words, out);
    }

    /// Sixteen merkle nodes: `out[l]` = sha256d of the 64 bytes `pairs[64 l..64 l + 64]`
    /// (two child hashes side by side, as a merkle row lies in memory). The padding block
    /// of a 64-byte message is constant, so its whole schedule is precomputed.
    #[inline]
    pub fn merkle_nodes(self, pairs: &[u8; 64 * LANES], out: &mut [[u8; 32]; LANES]) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: an `Avx512` exists only when `available()` said yes.
        unsafe {
            x86::merkle_nodes(pairs, out)
        };
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (pairs, out);
    }
}

/// One padded block built in a register and written with one store: `parts` are
/// `(position, bytes)` copied in (each within the block, masked loads that read
/// nothing outside `bytes`), then the 0x80 byte at `pad_at` and the big-endian
/// `bit_length` in bytes 56..64 where given; every other byte is zero. A part
/// reaching past byte 64 is a caller's bug: asserted.
impl crate::sha256_plan::Fill for Avx512 {
    #[inline]
    fn fill(
        self,
        out: &mut [u8; 64],
        parts: &[(usize, &[u8])],
        pad_at: Option<usize>,
        bit_length: Option<u64>,
    ) {
        // These guard the unsafe masked loads below; no input reaches them: the only
        // callers (the planners of `sha256_plan`) take at most `64 - filled` bytes
        // per part and puts the padding byte at `len - start` only when it lies in this
        // block, whatever the transaction's size.
        for (at, bytes) in parts {
            assert!(*at <= 64 && bytes.len() <= 64 - at, "{} bytes at {at} in a 64-byte block", bytes.len());
        }
        assert!(pad_at.is_none_or(|at| at < 64), "padding byte inside the block");
        #[cfg(target_arch = "x86_64")]
        // SAFETY: an `Avx512` exists only when `available()` said yes; every part lies
        // inside the block (checked just above).
        unsafe {
            x86::fill_block(out, parts, pad_at, bit_length)
        };
        #[cfg(not(target_arch = "x86_64"))]
        crate::sha256_plan::Fill::fill(crate::sha256_plan::CopyFill, out, parts, pad_at, bit_length);
    }
}

/// Ask the CPU to start loading the cache line holding `bytes[0]` (a hint: no effect
/// on results, nothing on other architectures or for an empty slice).
#[inline]
pub fn prefetch(bytes: &[u8]) {
    #[cfg(target_arch = "x86_64")]
    if !bytes.is_empty() {
        // SAFETY: SSE is part of x86_64; a prefetch never faults, and the address is a
        // valid byte anyway.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(bytes.as_ptr().cast())
        };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = bytes;
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{LaneBlocks, LaneStates, LANES};
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

    /// SHA-256 initial state (FIPS 180-4 §5.3.3).
    const H0: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

    /// The message schedule of the padding block that follows a 64-byte message
    /// (0x80, zeros, bit length 512), plus the round constants: `W[t] + K[t]` for every
    /// round (FIPS 180-4 §6.2.2 step 1), so its rounds need no schedule at all.
    const PAD64_WK: [u32; 64] = pad_schedule(512);

    const fn pad_schedule(bits: u32) -> [u32; 64] {
        let mut w = [0u32; 64];
        w[0] = 0x8000_0000;
        w[15] = bits;
        let mut t = 16;
        while t < 64 {
            let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
            let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16].wrapping_add(s0).wrapping_add(w[t - 7]).wrapping_add(s1);
            t += 1;
        }
        let mut t = 0;
        while t < 64 {
            w[t] = w[t].wrapping_add(K[t]);
            t += 1;
        }
        w
    }

    /// Swap the bytes of every 32-bit word (SHA-256 words are big-endian).
    #[target_feature(enable = "avx512f,avx512bw")]
    fn bswap32(v: __m512i) -> __m512i {
        let bswap = _mm512_set4_epi32(0x0c0d0e0f, 0x08090a0b, 0x04050607, 0x00010203);
        _mm512_shuffle_epi8(v, bswap)
    }

    /// 16×16 transpose of 32-bit words: `out[j]` lane `i` = `r[i]` word `j`.
    #[target_feature(enable = "avx512f,avx512bw")]
    fn transpose16(mut r: [__m512i; 16]) -> [__m512i; 16] {
        // Interleave words, then pairs, then 128-bit quarters.
        let mut t = [_mm512_setzero_si512(); 16];
        for i in 0..8 {
            t[2 * i] = _mm512_unpacklo_epi32(r[2 * i], r[2 * i + 1]);
            t[2 * i + 1] = _mm512_unpackhi_epi32(r[2 * i], r[2 * i + 1]);
        }
        for i in 0..4 {
            let (a, b, c, d) = (t[4 * i], t[4 * i + 1], t[4 * i + 2], t[4 * i + 3]);
            r[4 * i] = _mm512_unpacklo_epi64(a, c);
            r[4 * i + 1] = _mm512_unpackhi_epi64(a, c);
            r[4 * i + 2] = _mm512_unpacklo_epi64(b, d);
            r[4 * i + 3] = _mm512_unpackhi_epi64(b, d);
        }
        // r[4i + j], quarter q: word 4q + j of rows 4i..4i+3.
        for j in 0..4 {
            let (a, b, c, d) = (r[j], r[4 + j], r[8 + j], r[12 + j]);
            let ab_even = _mm512_shuffle_i32x4::<0x88>(a, b);
            let ab_odd = _mm512_shuffle_i32x4::<0xdd>(a, b);
            let cd_even = _mm512_shuffle_i32x4::<0x88>(c, d);
            let cd_odd = _mm512_shuffle_i32x4::<0xdd>(c, d);
            t[j] = _mm512_shuffle_i32x4::<0x88>(ab_even, cd_even);
            t[8 + j] = _mm512_shuffle_i32x4::<0xdd>(ab_even, cd_even);
            t[4 + j] = _mm512_shuffle_i32x4::<0x88>(ab_odd, cd_odd);
            t[12 + j] = _mm512_shuffle_i32x4::<0xdd>(ab_odd, cd_odd);
        }
        t
    }

    /// Message words of sixteen 64-byte blocks: `w[t]` lane `l` = big-endian word `t`
    /// of block `l`. One vector load per block, then the transpose in registers.
    #[target_feature(enable = "avx512f,avx512bw")]
    fn load_blocks(blocks: &LaneBlocks<'_>) -> [__m512i; 16] {
        let mut r = [_mm512_setzero_si512(); 16];
        for (row, block) in r.iter_mut().zip(blocks) {
            // SAFETY: `block` is 64 readable bytes; the load is unaligned.
            *row = bswap32(unsafe { _mm512_loadu_si512(block.as_ptr().cast()) });
        }
        transpose16(r)
    }

    /// The same for sixteen consecutive blocks of one array.
    #[target_feature(enable = "avx512f,avx512bw")]
    fn load_consecutive(bytes: &[u8; 64 * LANES]) -> [__m512i; 16] {
        let mut r = [_mm512_setzero_si512(); 16];
        for (row, block) in r.iter_mut().zip(bytes.chunks_exact(64)) {
            // SAFETY: `block` is 64 readable bytes (chunks_exact); the load is unaligned.
            *row = bswap32(unsafe { _mm512_loadu_si512(block.as_ptr().cast()) });
        }
        transpose16(r)
    }

    #[target_feature(enable = "avx512f,avx512bw")]
    fn splat_state(words: &[u32; 8]) -> [__m512i; 8] {
        std::array::from_fn(|w| _mm512_set1_epi32(words[w] as i32))
    }

    /// One round (FIPS 180-4 §6.2.2 step 3) with `kw` = K[t] + W[t]; the state rotates.
    macro_rules! round {
        ($s:ident, $kw:expr) => {{
            let [a, b, c, d, e, f, g, h] = $s;
            let sigma1 = _mm512_ternarylogic_epi32::<0x96>(
                _mm512_ror_epi32::<6>(e),
                _mm512_ror_epi32::<11>(e),
                _mm512_ror_epi32::<25>(e),
            );
            let choose = _mm512_ternarylogic_epi32::<0xCA>(e, f, g);
            let t1 = _mm512_add_epi32(_mm512_add_epi32(h, sigma1), _mm512_add_epi32(choose, $kw));
            let sigma0 = _mm512_ternarylogic_epi32::<0x96>(
                _mm512_ror_epi32::<2>(a),
                _mm512_ror_epi32::<13>(a),
                _mm512_ror_epi32::<22>(a),
            );
            let majority = _mm512_ternarylogic_epi32::<0xE8>(a, b, c);
            let t2 = _mm512_add_epi32(sigma0, majority);
            $s = [_mm512_add_epi32(t1, t2), a, b, c, _mm512_add_epi32(d, t1), e, f, g];
        }};
    }

    /// One round with the schedule of FIPS 180-4 §6.2.2 step 1 computed in place (16
    /// words of `w` live; constant indices, so `w` stays in registers).
    macro_rules! step {
        ($w:ident, $s:ident, $t:expr, $i:expr, $schedule:expr) => {{
            if $schedule {
                let w15 = $w[($i + 1) % 16];
                let w2 = $w[($i + 14) % 16];
                let s0 = _mm512_ternarylogic_epi32::<0x96>(
                    _mm512_ror_epi32::<7>(w15),
                    _mm512_ror_epi32::<18>(w15),
                    _mm512_srli_epi32::<3>(w15),
                );
                let s1 = _mm512_ternarylogic_epi32::<0x96>(
                    _mm512_ror_epi32::<17>(w2),
                    _mm512_ror_epi32::<19>(w2),
                    _mm512_srli_epi32::<10>(w2),
                );
                $w[$i] =
                    _mm512_add_epi32(_mm512_add_epi32($w[$i], s0), _mm512_add_epi32($w[($i + 9) % 16], s1));
            }
            round!($s, _mm512_add_epi32($w[$i], _mm512_set1_epi32(K[$t + $i] as i32)));
        }};
    }

    macro_rules! sixteen {
        ($w:ident, $s:ident, $t:expr, $schedule:expr) => {
            step!($w, $s, $t, 0, $schedule);
            step!($w, $s, $t, 1, $schedule);
            step!($w, $s, $t, 2, $schedule);
            step!($w, $s, $t, 3, $schedule);
            step!($w, $s, $t, 4, $schedule);
            step!($w, $s, $t, 5, $schedule);
            step!($w, $s, $t, 6, $schedule);
            step!($w, $s, $t, 7, $schedule);
            step!($w, $s, $t, 8, $schedule);
            step!($w, $s, $t, 9, $schedule);
            step!($w, $s, $t, 10, $schedule);
            step!($w, $s, $t, 11, $schedule);
            step!($w, $s, $t, 12, $schedule);
            step!($w, $s, $t, 13, $schedule);
            step!($w, $s, $t, 14, $schedule);
            step!($w, $s, $t, 15, $schedule);
        };
    }

    /// The 64 rounds over message words `$w` (a `[__m512i; 16]`), then the
    /// feed-forward: evaluates to `$state` + the rounds' result. A macro, not a
    /// function, so every use is expanded in place and constant words in `$w` fold
    /// into constants wherever the schedule allows (the second hash).
    macro_rules! rounds {
        ($state:expr, $w:expr) => {{
            let state: [__m512i; 8] = $state;
            let mut w: [__m512i; 16] = $w;
            let mut s = state;
            sixteen!(w, s, 0, false);
            sixteen!(w, s, 16, true);
            sixteen!(w, s, 32, true);
            sixteen!(w, s, 48, true);
            let out: [__m512i; 8] = std::array::from_fn(|i| _mm512_add_epi32(state[i], s[i]));
            out
        }};
    }

    /// The 64 rounds of a block whose `W[t] + K[t]` are the constants `wk` (the same
    /// block in every lane), then the feed-forward.
    #[target_feature(enable = "avx512f,avx512bw")]
    fn rounds_constant(state: [__m512i; 8], wk: &[u32; 64]) -> [__m512i; 8] {
        let mut s = state;
        for kw in wk {
            round!(s, _mm512_set1_epi32(*kw as i32));
        }
        std::array::from_fn(|i| _mm512_add_epi32(state[i], s[i]))
    }

    /// The second hash: SHA-256 of the 32 bytes whose big-endian words are `digest`.
    #[target_feature(enable = "avx512f,avx512bw")]
    fn second(digest: [__m512i; 8]) -> [__m512i; 8] {
        let zero = _mm512_setzero_si512();
        let mut w = [zero; 16];
        w[..8].copy_from_slice(&digest);
        w[8] = _mm512_set1_epi32(0x8000_0000_u32 as i32);
        w[15] = _mm512_set1_epi32(256);
        rounds!(splat_state(&H0), w)
    }

    /// `out[l]` = the big-endian bytes of words `words[0..8]` lane `l`.
    #[target_feature(enable = "avx512f,avx512bw")]
    fn store_digests(words: [__m512i; 8], out: &mut [[u8; 32]; LANES]) {
        let mut rows = [_mm512_setzero_si512(); 16];
        rows[..8].copy_from_slice(&words);
        let lanes = transpose16(rows);
        for (digest, v) in out.iter_mut().zip(lanes) {
            let bytes = _mm512_castsi512_si256(bswap32(v));
            // SAFETY: `digest` is 32 writable bytes, one 256-bit vector; unaligned store.
            unsafe { _mm256_storeu_si256(digest.as_mut_ptr().cast(), bytes) };
        }
    }

    /// # Safety
    /// The CPU must support AVX-512F and AVX-512BW.
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(super) unsafe fn compress(state: &mut LaneStates, blocks: &LaneBlocks<'_>) {
        // SAFETY: the caller's contract, passed on.
        unsafe { compress_from(state, blocks, 0) }
    }

    /// # Safety
    /// The CPU must support AVX-512F and AVX-512BW.
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(super) unsafe fn compress_from(state: &mut LaneStates, blocks: &LaneBlocks<'_>, fresh: u16) {
        let w = load_blocks(blocks);
        let mut s = [_mm512_setzero_si512(); 8];
        for ((v, words), h) in s.iter_mut().zip(state.iter()).zip(H0) {
            // SAFETY: `words` is LANES (16) u32s, exactly one 512-bit vector.
            let loaded = unsafe { _mm512_loadu_si512(words.as_ptr().cast()) };
            *v = _mm512_mask_blend_epi32(fresh, loaded, _mm512_set1_epi32(h as i32));
        }
        let s = rounds!(s, w);
        for (words, v) in state.iter_mut().zip(s) {
            // SAFETY: `words` is LANES (16) u32s, exactly one 512-bit vector.
            unsafe { _mm512_storeu_si512(words.as_mut_ptr().cast(), v) };
        }
    }

    /// # Safety
    /// The CPU must support AVX-512F and AVX-512BW.
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(super) unsafe fn second_hash(words: &LaneStates, out: &mut [[u8; 32]; LANES]) {
        let mut d = [_mm512_setzero_si512(); 8];
        for (v, row) in d.iter_mut().zip(words.iter()) {
            // SAFETY: `row` is LANES (16) u32s, exactly one 512-bit vector.
            *v = unsafe { _mm512_loadu_si512(row.as_ptr().cast()) };
        }
        store_digests(second(d), out);
    }

    /// # Safety
    /// The CPU must support AVX-512F and AVX-512BW; every part within the block
    /// (`at + bytes.len() <= 64`) and `pad_at < 64`.
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(super) unsafe fn fill_block(
        out: &mut [u8; 64],
        parts: &[(usize, &[u8])],
        pad_at: Option<usize>,
        bit_length: Option<u64>,
    ) {
        let mut v = _mm512_setzero_si512();
        for (at, bytes) in parts {
            let mask: u64 = if bytes.is_empty() { 0 } else { (u64::MAX >> (64 - bytes.len())) << at };
            // SAFETY: lane `at + i` reads `bytes[i]` (address minus `at` plus lane);
            // masked-off lanes read nothing and raise no fault, so the address before
            // the slice is never dereferenced (hence `wrapping_sub`).
            v = unsafe { _mm512_mask_loadu_epi8(v, mask, bytes.as_ptr().wrapping_sub(*at).cast()) };
        }
        if let Some(at) = pad_at {
            v = _mm512_mask_mov_epi8(v, 1u64 << at, _mm512_set1_epi8(0x80_u8 as i8));
        }
        if let Some(bits) = bit_length {
            // Qword 7 = bytes 56..64, stored little-endian: swap for big-endian bytes.
            v = _mm512_mask_mov_epi64(v, 0x80, _mm512_set1_epi64(bits.swap_bytes() as i64));
        }
        // SAFETY: `out` is 64 writable bytes; unaligned store.
        unsafe { _mm512_storeu_si512(out.as_mut_ptr().cast(), v) };
    }

    /// # Safety
    /// The CPU must support AVX-512F and AVX-512BW.
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(super) unsafe fn merkle_nodes(pairs: &[u8; 64 * LANES], out: &mut [[u8; 32]; LANES]) {
        let first = rounds!(splat_state(&H0), load_consecutive(pairs));
        let first = rounds_constant(first, &PAD64_WK);
        store_digests(second(first), out);
    }
}
