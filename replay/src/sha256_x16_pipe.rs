//! Txids and merkle rows through the sixteen AVX-512 lanes ([`crate::sha256_x16`]),
//! in three stages with little work between the compressions:
//!
//! 1. First hashes. When a lane takes a message, the message is cut once into
//!    segments: runs of whole 64-byte blocks read in place, and the few blocks that
//!    cross a piece boundary or hold the padding, copied once into the lane's staging
//!    blocks. Each compression then only takes every lane's next block pointer. A lane
//!    that finishes writes its state words (the first digest) straight into the
//!    word-major layout the second stage loads.
//! 2. Second hashes, sixteen messages per call with no transpose on the way in and
//!    the constant padding words folded into the schedule
//!    ([`Avx512::second_hash`]).
//! 3. Merkle rows in place, sixteen nodes per call read straight from the row
//!    ([`Avx512::merkle_nodes`]: the padding block's schedule is precomputed).
//!
//! What it does not do: choose a kernel (that is [`crate::sha256_batch`]) or run on a
//! CPU without AVX-512 (the [`Avx512`] token proves the CPU has it). Results are the
//! same bytes as `sha2` (tests in `sha256_batch.rs` and below).

use crate::sha256_batch::{sha256d_scalar, Pieces};
use crate::sha256_x16::{Avx512, LaneStates, LANES};
use sha2::digest::generic_array::GenericArray;
use std::cell::RefCell;

/// SHA-256 initial state (FIPS 180-4 §5.3.3).
const H0: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// Staged blocks one message can need: a message of three pieces has at most one
/// block holding each piece's end (three), plus one block of padding alone.
const STAGED_MAX: usize = 4;

/// Segments one message can need: at most one in-place run per piece (a run stops
/// less than a block before its piece's end) and the staged blocks.
const SEGMENTS_MAX: usize = 3 + STAGED_MAX;

/// Merkle rows with fewer nodes left than this go one node at a time through `sha2`:
/// a kernel call costs about as much as this many SHA-NI node hashes.
const MERKLE_MIN_NODES: usize = 8;

const ZERO_BLOCK: [u8; 64] = [0; 64];

/// Consecutive padded blocks of one message.
#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    /// Whole blocks lying in place in one piece (a non-empty multiple of 64 bytes).
    InPlace(&'a [u8]),
    /// One block copied into the lane's staging block of this index.
    Staged(u8),
}

/// The message a lane is hashing, as segments.
#[derive(Clone, Copy, Debug)]
struct Job<'a> {
    message: usize,
    segments: [Segment<'a>; SEGMENTS_MAX],
    count: u8,
    current: u8,
}

impl<'a> Job<'a> {
    /// Cut `pieces` (message number `message`) into segments, copying the blocks that
    /// are not whole in place into `staged`.
    #[cfg(test)]
    fn plan(
        kernel: Avx512,
        message: usize,
        pieces: &Pieces<'a>,
        staged: &mut [[u8; 64]; STAGED_MAX],
    ) -> Job<'a> {
        let mut job = Job::IDLE;
        job.plan_into(kernel, message, pieces, staged);
        job
    }

    /// No message (a lane with nothing to do).
    const IDLE: Job<'static> =
        Job { message: 0, segments: [Segment::Staged(0); SEGMENTS_MAX], count: 0, current: 0 };

    /// Whether blocks remain.
    #[inline(always)]
    fn busy(&self) -> bool {
        self.current < self.count
    }

    /// [`Job::plan`] into this job, in place (a job is a few hundred bytes: perf showed
    /// the copies of returned jobs).
    fn plan_into(
        &mut self,
        kernel: Avx512,
        message: usize,
        pieces: &Pieces<'a>,
        staged: &mut [[u8; 64]; STAGED_MAX],
    ) {
        let len: usize = pieces.0.iter().map(|p| p.len()).sum();
        // Padding: 0x80, zeros, then the bit length in the last 8 bytes.
        let blocks = (len + 9).div_ceil(64);
        let job = self;
        job.message = message;
        job.count = 0;
        job.current = 0;
        let (mut piece, mut offset, mut block, mut staged_count) = (0usize, 0usize, 0usize, 0usize);
        while block < blocks {
            while piece < 3 && offset == pieces.0[piece].len() {
                piece += 1;
                offset = 0;
            }
            let rest: &'a [u8] = pieces.0.get(piece).map_or(&[], |p| &p[offset..]);
            let whole = rest.len() / 64;
            let segment = if whole > 0 {
                offset += 64 * whole;
                block += whole;
                Segment::InPlace(&rest[..64 * whole])
            } else {
                // At most three parts: a block holds the ends of at most three pieces.
                let mut parts: [(usize, &[u8]); 3] = [(0, &[]); 3];
                let (mut filled, mut part_count) = (0, 0);
                while filled < 64 && piece < 3 {
                    let p = pieces.0[piece];
                    let take = (64 - filled).min(p.len() - offset);
                    parts[part_count] = (filled, &p[offset..offset + take]);
                    part_count += 1;
                    filled += take;
                    offset += take;
                    if offset == p.len() {
                        piece += 1;
                        offset = 0;
                    }
                }
                let start = 64 * block;
                let pad_at = (start..start + 64).contains(&len).then(|| len - start);
                block += 1;
                let bit_length = (block == blocks).then_some((len as u64) * 8);
                kernel.fill_block(&mut staged[staged_count], &parts[..part_count], pad_at, bit_length);
                staged_count += 1;
                Segment::Staged(staged_count as u8 - 1)
            };
            job.segments[usize::from(job.count)] = segment;
            job.count += 1;
        }
        debug_assert!((1..=STAGED_MAX).contains(&staged_count), "the last block is always staged");
    }

    /// The next block, and whether it is the message's last.
    #[inline(always)]
    fn next_block<'s>(&mut self, staged: &'s [[u8; 64]; STAGED_MAX]) -> (&'s [u8; 64], bool)
    where
        'a: 's,
    {
        let block = match &mut self.segments[usize::from(self.current)] {
            Segment::InPlace(run) => {
                // Unreachable failure, whatever the block bytes: `plan_into` makes a run
                // only of `64 * whole` bytes with `whole > 0`, and `current` moves past a
                // run as soon as its last block is taken, so a run seen here is never empty.
                let (block, rest) =
                    run.split_first_chunk::<64>().expect("in-place runs are non-empty multiples of 64 bytes");
                *run = rest;
                if rest.is_empty() {
                    self.current += 1;
                }
                block
            }
            Segment::Staged(index) => {
                let block = &staged[usize::from(*index)];
                self.current += 1;
                block
            }
        };
        (block, self.current == self.count)
    }
}

/// sha256d (internal byte order) of every message `next()` gives until it gives
/// `None`, in order. It is called when a lane frees up, so whatever produces the
/// messages (the block walk) runs between compressions, where the CPU overlaps its
/// dependent loads with the vector rounds. Once fewer than `min_busy` lanes are busy
/// with no message left, the rest goes one at a time through `sha2` (the caller knows
/// whether that has SHA-NI).
pub fn sha256d_stream<'a>(
    kernel: Avx512,
    min_busy: usize,
    next: impl FnMut() -> Option<Pieces<'a>>,
) -> Vec<[u8; 32]> {
    thread_local! {
        /// The first digests, reused from call to call (a fresh zeroed allocation per
        /// block cost page faults: perf showed `clear_page_erms` at 3.6%).
        static FIRSTS: RefCell<Vec<LaneStates>> = const { RefCell::new(Vec::new()) };
    }
    FIRSTS.with_borrow_mut(|firsts| {
        firsts.clear();
        let count = first_hashes(kernel, min_busy, next, firsts);
        let mut out = Vec::with_capacity(count);
        let mut digests = [[0u8; 32]; LANES];
        for (group, words) in firsts.iter().enumerate() {
            kernel.second_hash(words, &mut digests);
            out.extend_from_slice(&digests[..(count - LANES * group).min(LANES)]);
        }
        out
    })
}

/// Lane states with every lane at the initial state.
fn fresh_states() -> LaneStates {
    std::array::from_fn(|w| [H0[w]; LANES])
}

/// Messages taken from a source one at a time, numbered.
struct Source<F> {
    next: F,
    taken: usize,
    exhausted: bool,
}

impl<'a, F: FnMut() -> Option<Pieces<'a>>> Source<F> {
    /// Plan the next message into `job` (a lane's; its staging blocks filled); false,
    /// leaving `job` idle, once the source is exhausted. Makes room for its first
    /// digest in `firsts`.
    #[inline]
    fn take(
        &mut self,
        kernel: Avx512,
        job: &mut Job<'a>,
        staged: &mut [[u8; 64]; STAGED_MAX],
        firsts: &mut Vec<LaneStates>,
    ) -> bool {
        if self.exhausted {
            return false;
        }
        let Some(pieces) = (self.next)() else {
            self.exhausted = true;
            return false;
        };
        let message = self.taken;
        self.taken += 1;
        if message.is_multiple_of(LANES) {
            firsts.push([[0; LANES]; 8]);
        }
        job.plan_into(kernel, message, &pieces, staged);
        true
    }
}

/// The first SHA-256 of every message, as state words: message `m` is lane `m % 16`
/// of `firsts[m / 16]` (pushed as needed). Returns the number of messages.
fn first_hashes<'a>(
    kernel: Avx512,
    min_busy: usize,
    next: impl FnMut() -> Option<Pieces<'a>>,
    firsts: &mut Vec<LaneStates>,
) -> usize {
    let mut source = Source { next, taken: 0, exhausted: false };
    let mut jobs: [Job<'_>; LANES] = [Job::IDLE; LANES];
    let mut staged = [[[0u8; 64]; STAGED_MAX]; LANES];
    let mut states = fresh_states();
    // Lanes whose state is to be the initial state at the next compression.
    let mut fresh = 0u16;
    let mut busy = 0;
    for (lane, job) in jobs.iter_mut().enumerate() {
        busy += usize::from(source.take(kernel, job, &mut staged[lane], firsts));
    }
    while busy > 0 {
        if busy < min_busy && source.exhausted {
            reset_lanes(&mut states, fresh);
            finish_one_at_a_time(&mut jobs, &staged, &states, firsts);
            return source.taken;
        }
        let mut blocks: [&[u8; 64]; LANES] = [&ZERO_BLOCK; LANES];
        let mut finished = 0u32;
        for (lane, (job, block)) in jobs.iter_mut().zip(blocks.iter_mut()).enumerate() {
            if job.busy() {
                let (b, last) = job.next_block(&staged[lane]);
                *block = b;
                finished |= u32::from(last) << lane;
            }
        }
        kernel.compress_from(&mut states, &blocks, fresh);
        fresh = 0;
        while finished != 0 {
            let lane = finished.trailing_zeros() as usize;
            finished &= finished - 1;
            let message = jobs[lane].message;
            let first = &mut firsts[message / LANES];
            for (row, words) in first.iter_mut().zip(states.iter()) {
                row[message % LANES] = words[lane];
            }
            // The lane's next message starts from H0: the next call resets it.
            fresh |= 1 << lane;
            if !source.take(kernel, &mut jobs[lane], &mut staged[lane], firsts) {
                busy -= 1;
            }
        }
    }
    source.taken
}

/// Put the lanes of `fresh` at the initial state.
fn reset_lanes(states: &mut LaneStates, fresh: u16) {
    for lane in (0..LANES).filter(|l| fresh & (1 << l) != 0) {
        for (words, h) in states.iter_mut().zip(H0) {
            words[lane] = h;
        }
    }
}

/// Finish the busy lanes with `sha2`'s compression function, from their states.
fn finish_one_at_a_time(
    jobs: &mut [Job<'_>; LANES],
    staged: &[[[u8; 64]; STAGED_MAX]; LANES],
    states: &LaneStates,
    firsts: &mut [LaneStates],
) {
    for (lane, job) in jobs.iter_mut().enumerate() {
        if !job.busy() {
            continue;
        }
        let mut state: [u32; 8] = std::array::from_fn(|w| states[w][lane]);
        loop {
            let (block, last) = job.next_block(&staged[lane]);
            sha2::compress256(&mut state, &[GenericArray::from(*block)]);
            if last {
                break;
            }
        }
        for (row, word) in firsts[job.message / LANES].iter_mut().zip(state) {
            row[job.message % LANES] = word;
        }
    }
}

/// Merkle root (internal order) of txids, odd rows duplicating their last element;
/// `None` for an empty list. Each row is hashed in place over the one before.
pub fn merkle_root(kernel: Avx512, txids: &[[u8; 32]]) -> Option<[u8; 32]> {
    let mut row: Vec<[u8; 32]> = Vec::with_capacity(txids.len() + 1);
    row.extend_from_slice(txids);
    let mut len = row.len();
    while len > 1 {
        if len % 2 == 1 {
            let last = row[len - 1];
            row.truncate(len);
            row.push(last);
            len += 1;
        }
        let nodes = len / 2;
        let mut done = 0;
        while nodes - done >= MERKLE_MIN_NODES {
            let count = (nodes - done).min(LANES);
            // A copy first: the row is overwritten from its start as it is read.
            let mut pairs = [0u8; 64 * LANES];
            pairs[..64 * count].copy_from_slice(row[2 * done..2 * (done + count)].as_flattened());
            let mut digests = [[0u8; 32]; LANES];
            kernel.merkle_nodes(&pairs, &mut digests);
            row[done..done + count].copy_from_slice(&digests[..count]);
            done += count;
        }
        for node in done..nodes {
            let mut pair = [0u8; 64];
            pair[..32].copy_from_slice(&row[2 * node]);
            pair[32..].copy_from_slice(&row[2 * node + 1]);
            row[node] = sha256d_scalar(&Pieces::whole(&pair));
        }
        len = nodes;
    }
    row.first().copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn sha256(bytes: &[u8]) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(bytes).into()
    }

    /// The kernel, or `None` (and a line saying so) on a CPU without AVX-512.
    fn avx512_or_say_why() -> Option<Avx512> {
        let kernel = Avx512::detect();
        if kernel.is_none() {
            eprintln!("this CPU lacks AVX-512: not exercised here");
        }
        kernel
    }

    #[test]
    fn second_hash_matches_sha2_on_every_lane() {
        let Some(kernel) = avx512_or_say_why() else { return };
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for _ in 0..50 {
            let words: LaneStates = std::array::from_fn(|_| std::array::from_fn(|_| rng.gen()));
            let mut out = [[0u8; 32]; LANES];
            kernel.second_hash(&words, &mut out);
            for (lane, digest) in out.iter().enumerate() {
                let bytes: Vec<u8> = words.iter().flat_map(|row| row[lane].to_be_bytes()).collect();
                assert_eq!(*digest, sha256(&bytes), "lane {lane}");
            }
        }
    }

    #[test]
    fn merkle_nodes_match_sha2_on_every_lane() {
        let Some(kernel) = avx512_or_say_why() else { return };
        let mut rng = ChaCha8Rng::seed_from_u64(12);
        for _ in 0..50 {
            let pairs: [u8; 64 * LANES] = std::array::from_fn(|_| rng.gen());
            let mut out = [[0u8; 32]; LANES];
            kernel.merkle_nodes(&pairs, &mut out);
            for (lane, digest) in out.iter().enumerate() {
                assert_eq!(*digest, sha256(&sha256(&pairs[64 * lane..64 * lane + 64])), "lane {lane}");
            }
        }
    }

    #[test]
    fn lanes_marked_fresh_start_from_the_initial_state() {
        let Some(kernel) = avx512_or_say_why() else { return };
        let mut rng = ChaCha8Rng::seed_from_u64(14);
        for _ in 0..20 {
            let start: LaneStates = std::array::from_fn(|_| std::array::from_fn(|_| rng.gen()));
            let owned: Vec<[u8; 64]> = (0..LANES).map(|_| std::array::from_fn(|_| rng.gen())).collect();
            let blocks: [&[u8; 64]; LANES] = std::array::from_fn(|l| &owned[l]);
            let fresh: u16 = rng.gen();
            let mut states = start;
            kernel.compress_from(&mut states, &blocks, fresh);
            for (lane, block) in owned.iter().enumerate() {
                let mut expected: [u32; 8] =
                    if fresh & (1 << lane) != 0 { H0 } else { std::array::from_fn(|w| start[w][lane]) };
                sha2::compress256(&mut expected, &[GenericArray::from(*block)]);
                let got: [u32; 8] = std::array::from_fn(|w| states[w][lane]);
                assert_eq!(got, expected, "lane {lane} fresh {fresh:#06x}");
            }
        }
    }

    #[test]
    fn plans_cover_every_byte_once_and_stage_at_most_four_blocks() {
        let Some(kernel) = avx512_or_say_why() else { return };
        // Every split of short messages into three pieces: the planned blocks are
        // exactly the padded message.
        let mut rng = ChaCha8Rng::seed_from_u64(13);
        for len in 0..=300usize {
            let bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
            for _ in 0..8 {
                let a = rng.gen_range(0..=len);
                let b = rng.gen_range(a..=len);
                let pieces = Pieces([&bytes[..a], &bytes[a..b], &bytes[b..]]);
                let mut staged = [[0u8; 64]; STAGED_MAX];
                let mut job = Job::plan(kernel, 0, &pieces, &mut staged);
                let mut padded = Vec::new();
                loop {
                    let (block, last) = job.next_block(&staged);
                    padded.extend_from_slice(block);
                    if last {
                        break;
                    }
                }
                let mut expected = bytes.clone();
                expected.push(0x80);
                while expected.len() % 64 != 56 {
                    expected.push(0);
                }
                expected.extend_from_slice(&((len as u64) * 8).to_be_bytes());
                assert_eq!(padded, expected, "len {len} split {a} {b}");
            }
        }
    }
}
