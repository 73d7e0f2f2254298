//! Double SHA-256 of many messages at once: every txid of a block and every row of its
//! merkle tree. Several messages go side by side through one of the lane kernels, taken
//! in order so the lanes read neighbouring bytes; the last few, and everything when no
//! kernel fits the CPU, go one at a time through `sha2` (SHA-NI where present).
//!
//! Kernels ([`Kernel`]): `avx512` (16 lanes, [`crate::sha256_x16`], fed by its own
//! pipeline [`crate::sha256_x16_pipe`] for txids and merkle rows), `avx2` (8 lanes,
//! [`crate::sha256_x8`]), `shani` / `shani4` (2 or 4 messages interleaved through the
//! SHA extensions, [`crate::sha256_shani`]) and `scalar` (`sha2`). The fastest one the
//! CPU has is picked at run time (order: [`Kernel::PREFERENCE`], from the measurements
//! in BENCHMARKS.md "Hash kernels"); the environment variable `BNS_SHA256_KERNEL`
//! (`scalar`, `shani`, `shani4`, `avx2`, `avx512`) forces one for tests and benches.
//! Results are the same bytes whichever runs (tested against `sha2` below).

use crate::sha256_plan::{plan_blocks, CopyFill, InPlaceRun, LaneQueues, ZERO_BLOCK};
use crate::sha256_shani::ShaNi;
use crate::sha256_x16::{self, Avx512};
use crate::sha256_x16_pipe;
use crate::sha256_x8::Avx2;
use bumpalo::Bump;
use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::sync::OnceLock;

/// SHA-256 initial state (FIPS 180-4 §5.3.3).
const H0: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// The environment variable that forces a kernel (tests, benches).
pub const KERNEL_ENV: &str = "BNS_SHA256_KERNEL";

/// A message made of consecutive pieces (a segwit transaction minus its marker, flag
/// and witnesses is three: version, inputs and outputs, lock time).
#[derive(Clone, Copy, Debug)]
pub struct Pieces<'a>(pub [&'a [u8]; 3]);

impl<'a> Pieces<'a> {
    pub fn whole(bytes: &'a [u8]) -> Pieces<'a> {
        Pieces([bytes, &[], &[]])
    }
}

/// One implementation of the batch hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kernel {
    /// One message at a time through `sha2` (its SHA-NI code where the CPU has it).
    Scalar,
    /// Two messages interleaved through the SHA extensions.
    ShaNi,
    /// Four messages interleaved through the SHA extensions.
    ShaNi4,
    /// Eight lanes of AVX2.
    Avx2,
    /// Sixteen lanes of AVX-512.
    Avx512,
}

impl Kernel {
    /// Every kernel, whether or not this CPU has it.
    pub const ALL: [Kernel; 5] =
        [Kernel::Scalar, Kernel::ShaNi, Kernel::ShaNi4, Kernel::Avx2, Kernel::Avx512];

    /// Fastest first, from criterion on whole blocks (BENCHMARKS.md "Hash kernels",
    /// an Intel Xeon with AVX-512 and SHA-NI): avx512 1.28×, shani 1.15×, shani4 1.06×,
    /// avx2 0.80× the scalar (`sha2` SHA-NI) speed. `avx2` is for CPUs without SHA-NI,
    /// where `sha2` falls back to plain software rounds (not measured here). Without
    /// AVX-512 (AMD EPYC) `shani` comes first: two streams measured faster than four
    /// here, and four streams need more than the 16 xmm registers such a CPU has;
    /// `BNS_SHA256_KERNEL=shani4` is there to check that on the EPYC itself.
    pub const PREFERENCE: [Kernel; 5] =
        [Kernel::Avx512, Kernel::ShaNi, Kernel::ShaNi4, Kernel::Avx2, Kernel::Scalar];

    /// The name `BNS_SHA256_KERNEL` takes and `replay --version` prints.
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Scalar => "scalar",
            Kernel::ShaNi => "shani",
            Kernel::ShaNi4 => "shani4",
            Kernel::Avx2 => "avx2",
            Kernel::Avx512 => "avx512",
        }
    }

    pub fn from_name(name: &str) -> Option<Kernel> {
        Kernel::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Messages hashed side by side.
    pub fn lanes(self) -> usize {
        match self {
            Kernel::Scalar => 1,
            Kernel::ShaNi => 2,
            Kernel::ShaNi4 => 4,
            Kernel::Avx2 => 8,
            Kernel::Avx512 => 16,
        }
    }

    /// Whether this CPU can run it.
    pub fn available(self) -> bool {
        match self {
            Kernel::Scalar => true,
            Kernel::ShaNi | Kernel::ShaNi4 => ShaNi::detect().is_some(),
            Kernel::Avx2 => Avx2::detect().is_some(),
            Kernel::Avx512 => Avx512::detect().is_some(),
        }
    }

    /// The first kernel of [`Kernel::PREFERENCE`] this CPU has.
    pub fn fastest() -> Kernel {
        Kernel::PREFERENCE.into_iter().find(|k| k.available()).unwrap_or(Kernel::Scalar)
    }

    /// The kernel [`Backend::Detect`] uses: `BNS_SHA256_KERNEL` when it names one this
    /// CPU has, else [`Kernel::fastest`]. Decided once per process.
    pub fn selected() -> Kernel {
        selection().0
    }

    /// One line for `replay --version`: the kernel in use, and why when it was forced
    /// or a request could not be met.
    pub fn describe() -> &'static str {
        &selection().1
    }

    /// Below this many busy lanes, with no message left to start, the rest goes one at
    /// a time: with SHA-NI, one `sha2` stream is about as fast as this many lanes
    /// (criterion `sha256_compress`: 16 AVX-512 lanes 2.2×, 8 AVX2 lanes 0.9× one
    /// stream).
    fn min_busy(self) -> usize {
        let sha_ni = ShaNi::detect().is_some();
        match self {
            Kernel::Scalar => usize::MAX,
            Kernel::ShaNi | Kernel::ShaNi4 => 2,
            Kernel::Avx2 | Kernel::Avx512 if !sha_ni => 2,
            Kernel::Avx2 => 8,
            Kernel::Avx512 => 8,
        }
    }
}

fn selection() -> &'static (Kernel, String) {
    static SELECTION: OnceLock<(Kernel, String)> = OnceLock::new();
    SELECTION.get_or_init(|| {
        let fastest = Kernel::fastest();
        let line = |k: Kernel, why: &str| format!("sha256 kernel: {} ({} lanes{why})", k.name(), k.lanes());
        match std::env::var(KERNEL_ENV) {
            Err(_) => (fastest, line(fastest, "")),
            Ok(name) => match Kernel::from_name(name.trim()) {
                Some(k) if k.available() => (k, line(k, &format!(", forced by {KERNEL_ENV}"))),
                Some(_) => {
                    (fastest, line(fastest, &format!("; {KERNEL_ENV}={name} is not supported by this CPU")))
                }
                None => (fastest, line(fastest, &format!("; {KERNEL_ENV}={name} is not a kernel"))),
            },
        }
    })
}

/// Which implementation to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// [`Kernel::selected`]: the fastest this CPU has, unless `BNS_SHA256_KERNEL` says.
    Detect,
    /// One message at a time (tests compare the two).
    Scalar,
    /// This kernel (one message at a time if the CPU lacks it).
    Kernel(Kernel),
}

/// sha256d (internal byte order) of every message `next()` gives until it gives
/// `None`, in order: [`sha256d_many`] without a list of the messages. Each message is
/// asked for when a lane frees up, so the work that produces them (the block walk)
/// runs between the compressions.
pub fn sha256d_stream<'a>(next: impl FnMut() -> Option<Pieces<'a>>, backend: Backend) -> Vec<[u8; 32]> {
    let kernel = backend.kernel();
    let min_busy = kernel.min_busy();
    match kernel {
        Kernel::Avx512 => {
            if let Some(k) = Avx512::detect() {
                return sha256_x16_pipe::sha256d_stream(k, min_busy, next);
            }
        }
        Kernel::ShaNi => {
            if let Some(k) = ShaNi::detect() {
                return run_lanes::<2, _>(k, min_busy, next);
            }
        }
        Kernel::ShaNi4 => {
            if let Some(k) = ShaNi::detect() {
                return run_lanes::<4, _>(k, min_busy, next);
            }
        }
        Kernel::Avx2 => {
            if let Some(k) = Avx2::detect() {
                return run_lanes::<8, _>(k, min_busy, next);
            }
        }
        Kernel::Scalar => {}
    }
    std::iter::from_fn(next).map(|message| sha256d_scalar(&message)).collect()
}

impl Backend {
    /// The kernel this backend runs (the CPU may still lack it).
    fn kernel(self) -> Kernel {
        match self {
            Backend::Detect => Kernel::selected(),
            Backend::Scalar => Kernel::Scalar,
            Backend::Kernel(k) => k,
        }
    }
}

/// sha256d (internal byte order) of every message, in order.
pub fn sha256d_many(messages: &[Pieces<'_>], backend: Backend) -> Vec<[u8; 32]> {
    let mut messages = messages.iter().copied();
    sha256d_stream(move || messages.next(), backend)
}

/// A kernel compressing one block into each of `N` states at once.
trait Lanes<const N: usize>: Copy {
    type State: Copy;
    fn fresh() -> Self::State;
    fn set_lane(state: &mut Self::State, lane: usize, words: &[u32; 8]);
    fn lane(state: &Self::State, lane: usize) -> [u32; 8];
    fn compress(self, state: &mut Self::State, blocks: &[&[u8; 64]; N]);
    /// Whether [`Lanes::compress_runs`] is worth calling (it keeps the states in
    /// registers over several blocks).
    const RUNS: bool = false;
    /// Up to `count` consecutive blocks of every run (`runs[l]`: lane `l`'s next
    /// blocks); returns how many it did.
    fn compress_runs(self, state: &mut Self::State, runs: &[&[u8]; N], count: usize) -> usize {
        for i in 0..count {
            let mut blocks: [&[u8; 64]; N] = [&ZERO_BLOCK; N];
            for (block, run) in blocks.iter_mut().zip(runs) {
                match run.get(64 * i..64 * i + 64).and_then(|b| <&[u8; 64]>::try_from(b).ok()) {
                    Some(b) => *block = b,
                    None => return i,
                }
            }
            self.compress(state, &blocks);
        }
        count
    }
}

/// State `[w][l]`: word `w` (a..h) of lane `l`, as the vector kernels keep it.
fn set_word_major<const N: usize>(state: &mut [[u32; N]; 8], lane: usize, words: &[u32; 8]) {
    for (row, value) in state.iter_mut().zip(words) {
        row[lane] = *value;
    }
}

fn word_major_lane<const N: usize>(state: &[[u32; N]; 8], lane: usize) -> [u32; 8] {
    std::array::from_fn(|w| state[w][lane])
}

impl Lanes<16> for Avx512 {
    type State = sha256_x16::LaneStates;
    fn fresh() -> Self::State {
        [[0; 16]; 8]
    }
    fn set_lane(state: &mut Self::State, lane: usize, words: &[u32; 8]) {
        set_word_major(state, lane, words)
    }
    fn lane(state: &Self::State, lane: usize) -> [u32; 8] {
        word_major_lane(state, lane)
    }
    #[inline]
    fn compress(self, state: &mut Self::State, blocks: &[&[u8; 64]; 16]) {
        Avx512::compress(self, state, blocks)
    }
}

impl Lanes<8> for Avx2 {
    type State = crate::sha256_x8::LaneStates;
    fn fresh() -> Self::State {
        [[0; 8]; 8]
    }
    fn set_lane(state: &mut Self::State, lane: usize, words: &[u32; 8]) {
        set_word_major(state, lane, words)
    }
    fn lane(state: &Self::State, lane: usize) -> [u32; 8] {
        word_major_lane(state, lane)
    }
    #[inline]
    fn compress(self, state: &mut Self::State, blocks: &[&[u8; 64]; 8]) {
        Avx2::compress(self, state, blocks)
    }
}

impl<const N: usize> Lanes<N> for ShaNi {
    type State = [[u32; 8]; N];
    fn fresh() -> Self::State {
        [[0; 8]; N]
    }
    fn set_lane(state: &mut Self::State, lane: usize, words: &[u32; 8]) {
        state[lane] = *words;
    }
    fn lane(state: &Self::State, lane: usize) -> [u32; 8] {
        state[lane]
    }
    #[inline]
    fn compress(self, state: &mut Self::State, blocks: &[&[u8; 64]; N]) {
        ShaNi::compress(self, state, blocks)
    }
    const RUNS: bool = true;
    #[inline]
    fn compress_runs(self, state: &mut Self::State, runs: &[&[u8]; N], count: usize) -> usize {
        ShaNi::compress_runs(self, state, runs, count)
    }
}

/// Merkle root (internal order) of txids, odd rows duplicating their last element;
/// `None` for an empty list.
pub fn merkle_root(txids: &[[u8; 32]], backend: Backend) -> Option<[u8; 32]> {
    let kernel = backend.kernel();
    if let (Kernel::Avx512, Some(k)) = (kernel, Avx512::detect()) {
        return sha256_x16_pipe::merkle_root(k, txids);
    }
    let mut row: Vec<[u8; 32]> = txids.to_vec();
    row.first()?;
    while row.len() > 1 {
        if row.len() % 2 == 1 {
            let last = row[row.len() - 1];
            row.push(last);
        }
        let pairs: Vec<[u8; 64]> = row
            .chunks_exact(2)
            .map(|p| {
                let mut pair = [0u8; 64];
                pair[..32].copy_from_slice(&p[0]);
                pair[32..].copy_from_slice(&p[1]);
                pair
            })
            .collect();
        let messages: Vec<Pieces<'_>> = pairs.iter().map(|p| Pieces::whole(p)).collect();
        row = sha256d_many(&messages, backend);
    }
    row.first().copied()
}

/// sha256d of one message through `sha2`.
pub fn sha256d_scalar(message: &Pieces<'_>) -> [u8; 32] {
    let mut h = Sha256::new();
    for piece in message.0 {
        h.update(piece);
    }
    Sha256::digest(h.finalize()).into()
}

fn digest_bytes(state: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// What a lane of [`run_lanes`] is hashing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Idle,
    /// The message's own blocks.
    First,
    /// The single block hashing the first digest.
    Second,
}

/// The lanes of [`run_lanes`]: the planned blocks ([`crate::sha256_plan`]), what each
/// lane is hashing, and its message's in-place run.
struct BatchLanes<'q, const N: usize> {
    q: LaneQueues<'q, N>,
    phase: [Phase; N],
    runs: [InPlaceRun<'q>; N],
}

/// sha256d of every message `next()` gives, `N` at a time through `kernel`.
fn run_lanes<'a, const N: usize, K: Lanes<N>>(
    kernel: K,
    min_busy: usize,
    next: impl FnMut() -> Option<Pieces<'a>>,
) -> Vec<[u8; 32]> {
    thread_local! {
        /// Where built blocks live during a call; its memory is kept for the next.
        static ARENA: RefCell<Bump> = RefCell::new(Bump::new());
    }
    ARENA.with_borrow_mut(|arena| {
        arena.reset();
        run_lanes_in(kernel, min_busy, next, arena)
    })
}

fn run_lanes_in<'a: 'q, 'q, const N: usize, K: Lanes<N>>(
    kernel: K,
    min_busy: usize,
    mut next: impl FnMut() -> Option<Pieces<'a>>,
    arena: &'q Bump,
) -> Vec<[u8; 32]> {
    // Messages in their order, not longest first: the lanes then read neighbouring
    // bytes, which the caches and prefetchers handle far better; a long tail goes one
    // at a time.
    let mut out: Vec<[u8; 32]> = Vec::new();
    let mut exhausted = false;
    let mut lanes = BatchLanes::<'q, N> {
        q: LaneQueues::new(),
        phase: [Phase::Idle; N],
        runs: [InPlaceRun::default(); N],
    };
    let mut states = K::fresh();
    loop {
        for lane in 0..N {
            if lanes.phase[lane] != Phase::Idle || exhausted {
                continue;
            }
            let Some(message) = next() else {
                exhausted = true;
                continue;
            };
            let message: Pieces<'q> = message;
            lanes.runs[lane] = plan_blocks(CopyFill, &message, arena, &mut lanes.q.queues[lane]);
            lanes.q.taken[lane] = 0;
            lanes.q.message[lane] = out.len();
            lanes.phase[lane] = Phase::First;
            out.push([0; 32]);
            K::set_lane(&mut states, lane, &H0);
        }
        let busy = lanes.phase.iter().filter(|p| **p != Phase::Idle).count();
        if busy == 0 {
            return out;
        }
        if busy < min_busy && exhausted {
            finish_one_at_a_time::<N, K>(&mut out, &lanes, &states);
            return out;
        }
        if K::RUNS && busy == N && run_in_place::<N, K>(kernel, &mut lanes, &mut states) {
            continue;
        }
        let (blocks, mut finished) = lanes.q.next_blocks();
        kernel.compress(&mut states, &blocks);
        while finished != 0 {
            let lane = finished.trailing_zeros() as usize;
            finished &= finished - 1;
            let digest = digest_bytes(&K::lane(&states, lane));
            lanes.q.taken[lane] = 0;
            lanes.q.queues[lane].clear();
            lanes.runs[lane] = InPlaceRun::default();
            if lanes.phase[lane] == Phase::First {
                lanes.q.queues[lane].push(arena.alloc(second_block(&digest)));
                K::set_lane(&mut states, lane, &H0);
                lanes.phase[lane] = Phase::Second;
            } else {
                out[lanes.q.message[lane]] = digest;
                lanes.phase[lane] = Phase::Idle;
            }
        }
    }
}

/// When every lane is inside the in-place run of its message with at least two of its
/// blocks ahead, compress as many as all lanes have in one call (a run never holds a
/// message's last block, so no lane finishes). False when that is not the case
/// (nothing done).
fn run_in_place<const N: usize, K: Lanes<N>>(
    kernel: K,
    lanes: &mut BatchLanes<'_, N>,
    states: &mut K::State,
) -> bool {
    let mut count = usize::MAX;
    for lane in 0..N {
        let (run, taken) = (&lanes.runs[lane], lanes.q.taken[lane]);
        let run_end = run.start + run.bytes.len() / 64;
        let ahead = if lanes.phase[lane] == Phase::First && (run.start..run_end).contains(&taken) {
            run_end - taken
        } else {
            0
        };
        count = count.min(ahead);
    }
    if count < 2 {
        return false;
    }
    let runs: [&[u8]; N] = std::array::from_fn(|l| {
        let from = 64 * (lanes.q.taken[l] - lanes.runs[l].start);
        &lanes.runs[l].bytes[from..from + 64 * count]
    });
    let done = kernel.compress_runs(states, &runs, count);
    for taken in lanes.q.taken.iter_mut() {
        *taken += done;
    }
    done > 0
}

/// Finish the busy lanes with `sha2`'s compression function, from their states.
fn finish_one_at_a_time<const N: usize, K: Lanes<N>>(
    out: &mut [[u8; 32]],
    lanes: &BatchLanes<'_, N>,
    states: &K::State,
) {
    for lane in 0..N {
        if lanes.phase[lane] == Phase::Idle {
            continue;
        }
        let mut state = K::lane(states, lane);
        for block in lanes.q.rest(lane) {
            sha2::compress256(&mut state, &[GenericArray::from(**block)]);
        }
        out[lanes.q.message[lane]] = match lanes.phase[lane] {
            Phase::First => Sha256::digest(digest_bytes(&state)).into(),
            _ => digest_bytes(&state),
        };
    }
}

/// The one block of SHA-256 over a 32-byte digest.
fn second_block(digest: &[u8; 32]) -> [u8; 64] {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(digest);
    block[32] = 0x80;
    block[56..].copy_from_slice(&256u64.to_be_bytes());
    block
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn reference(message: &Pieces<'_>) -> [u8; 32] {
        let whole: Vec<u8> = message.0.concat();
        crate::chain::sha256d(&whole)
    }

    /// Random messages of every length around the block and padding boundaries, cut
    /// into three pieces at random points (empty pieces included).
    fn random_messages(rng: &mut ChaCha8Rng, count: usize, max_len: usize) -> Vec<Vec<u8>> {
        (0..count).map(|_| (0..rng.gen_range(0..=max_len)).map(|_| rng.gen()).collect()).collect()
    }

    fn split<'a>(rng: &mut ChaCha8Rng, bytes: &'a [u8]) -> Pieces<'a> {
        let a = rng.gen_range(0..=bytes.len());
        let b = rng.gen_range(a..=bytes.len());
        Pieces([&bytes[..a], &bytes[a..b], &bytes[b..]])
    }

    /// The kernels this CPU has; the others are named on stderr as skipped.
    fn kernels_here() -> Vec<Kernel> {
        Kernel::ALL
            .into_iter()
            .filter(|k| {
                let ok = k.available();
                if !ok {
                    eprintln!("this CPU lacks the {} kernel: not exercised here", k.name());
                }
                ok
            })
            .collect()
    }

    fn backends() -> Vec<Backend> {
        let mut all = vec![Backend::Detect, Backend::Scalar];
        all.extend(kernels_here().into_iter().map(Backend::Kernel));
        all
    }

    #[test]
    fn every_length_up_to_300_matches_sha2_every_kernel() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let owned: Vec<Vec<u8>> = (0..=300).map(|len| (0..len).map(|_| rng.gen()).collect()).collect();
        let messages: Vec<Pieces<'_>> = owned.iter().map(|m| split(&mut rng, m)).collect();
        let expected: Vec<[u8; 32]> = messages.iter().map(reference).collect();
        for backend in backends() {
            assert_eq!(sha256d_many(&messages, backend), expected, "{backend:?}");
            // Longest first too: then every lane is busy on different lengths at once.
            let reversed: Vec<Pieces<'_>> = messages.iter().rev().copied().collect();
            let mut hashes = sha256d_many(&reversed, backend);
            hashes.reverse();
            assert_eq!(hashes, expected, "{backend:?} reversed");
        }
    }

    #[test]
    fn batches_of_every_size_and_mixed_lengths_match() {
        for backend in backends() {
            let mut rng = ChaCha8Rng::seed_from_u64(2);
            for count in 0..48 {
                let max_len = if count % 3 == 0 { 3000 } else { 200 };
                let owned = random_messages(&mut rng, count, max_len);
                let messages: Vec<Pieces<'_>> = owned.iter().map(|m| split(&mut rng, m)).collect();
                let expected: Vec<[u8; 32]> = messages.iter().map(reference).collect();
                assert_eq!(sha256d_many(&messages, backend), expected, "{backend:?} count {count}");
            }
        }
    }

    #[test]
    fn one_huge_message_among_small_ones_matches() {
        // The tail path: the long message is still running when the small ones end.
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut owned = random_messages(&mut rng, 40, 100);
        owned.push((0..200_000).map(|_| rng.gen()).collect());
        let mut messages: Vec<Pieces<'_>> = owned.iter().map(|m| Pieces::whole(m)).collect();
        // And the huge one cut into pieces, at the front.
        let huge = &owned[40];
        messages.insert(0, Pieces([&huge[..70_001], &huge[70_001..70_003], &huge[70_003..]]));
        let expected: Vec<[u8; 32]> = messages.iter().map(reference).collect();
        for backend in backends() {
            assert_eq!(sha256d_many(&messages, backend), expected, "{backend:?}");
        }
    }

    #[test]
    fn known_answer_sha256d_of_abc() {
        // FIPS 180-2 "abc" vector, hashed twice: sha256(ba7816bf…15ad) = 4f8b42c2…3358.
        for backend in backends() {
            // Enough copies to fill every lane of every kernel.
            let abc = sha256d_many(&[Pieces::whole(b"abc"); 20], backend);
            for digest in abc {
                assert_eq!(
                    hex::encode(digest),
                    "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358",
                    "{backend:?}"
                );
            }
        }
    }

    /// The textbook tree, one pair at a time.
    fn pairwise_merkle_root(txids: &[[u8; 32]]) -> Option<[u8; 32]> {
        let mut row = txids.to_vec();
        while row.len() > 1 {
            if row.len() % 2 == 1 {
                row.push(row[row.len() - 1]);
            }
            row = row.chunks_exact(2).map(|p| crate::chain::sha256d(&[p[0], p[1]].concat())).collect();
        }
        row.first().copied()
    }

    #[test]
    fn merkle_roots_match_the_one_at_a_time_code_for_every_count() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for count in 0..70 {
            let txids: Vec<[u8; 32]> = (0..count).map(|_| rng.gen()).collect();
            let expected = pairwise_merkle_root(&txids);
            for backend in backends() {
                assert_eq!(merkle_root(&txids, backend), expected, "{backend:?} count {count}");
            }
        }
    }

    /// One compression of different blocks from different states in every lane, against
    /// `sha2::compress256` lane by lane.
    fn check_compress<const N: usize, K: Lanes<N>>(kernel: K) {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut states = K::fresh();
        let starts: Vec<[u32; 8]> = (0..N).map(|_| rng.gen()).collect();
        for (l, start) in starts.iter().enumerate() {
            K::set_lane(&mut states, l, start);
        }
        let owned: Vec<[u8; 64]> = (0..N).map(|_| std::array::from_fn(|_| rng.gen())).collect();
        let blocks: [&[u8; 64]; N] = std::array::from_fn(|l| &owned[l]);
        kernel.compress(&mut states, &blocks);
        for l in 0..N {
            let mut state = starts[l];
            sha2::compress256(&mut state, &[GenericArray::from(owned[l])]);
            assert_eq!(K::lane(&states, l), state, "{N} lanes, lane {l}");
        }
        // Runs of several blocks; the shortest run (lane 0: 3 blocks and a bit) bounds
        // how many are done.
        let runs_owned: Vec<Vec<u8>> =
            (0..N).map(|l| (0..64 * (3 + l) + 10).map(|_| rng.gen()).collect()).collect();
        let runs: [&[u8]; N] = std::array::from_fn(|l| &runs_owned[l][..]);
        let before: Vec<[u32; 8]> = (0..N).map(|l| K::lane(&states, l)).collect();
        assert_eq!(kernel.compress_runs(&mut states, &runs, 5), 3, "{N} lanes");
        for l in 0..N {
            let mut state = before[l];
            let blocks: Vec<_> =
                runs_owned[l].chunks_exact(64).take(3).map(GenericArray::clone_from_slice).collect();
            sha2::compress256(&mut state, &blocks);
            assert_eq!(K::lane(&states, l), state, "{N} lanes, runs, lane {l}");
        }
    }

    #[test]
    fn every_kernel_compresses_each_lane_like_sha2() {
        let mut ran = Vec::new();
        if let Some(k) = Avx512::detect() {
            check_compress::<16, _>(k);
            ran.push("avx512");
        }
        if let Some(k) = Avx2::detect() {
            check_compress::<8, _>(k);
            ran.push("avx2");
        }
        if let Some(k) = ShaNi::detect() {
            check_compress::<1, _>(k);
            check_compress::<2, _>(k);
            check_compress::<4, _>(k);
            ran.push("shani");
        }
        eprintln!("compression checked for: {ran:?}");
        let _ = kernels_here();
    }

    #[test]
    fn kernel_names_round_trip_and_the_preference_lists_every_kernel() {
        for k in Kernel::ALL {
            assert_eq!(Kernel::from_name(k.name()), Some(k));
            assert!(Kernel::PREFERENCE.contains(&k), "{k:?}");
        }
        assert_eq!(Kernel::from_name("sse"), None);
        assert!(Kernel::Scalar.available());
        let selected = Kernel::selected();
        assert!(selected.available());
        assert!(Kernel::describe().starts_with(&format!("sha256 kernel: {} (", selected.name())));
        if std::env::var(KERNEL_ENV).is_err() {
            assert_eq!(selected, Kernel::fastest());
        }
    }
}
