//! Txids and merkle rows through the sixteen AVX-512 lanes ([`crate::sha256_x16`]),
//! in three stages with little work between the compressions:
//!
//! 1. First hashes. When a lane takes a message, the message is cut once into a
//!    queue of block references: whole 64-byte blocks read in place, and the few
//!    blocks that cross a piece boundary or hold the padding, built once in an arena.
//!    Each compression then only takes every lane's next reference. A lane that
//!    finishes writes its state words (the first digest) straight into the word-major
//!    layout the second stage loads.
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
use crate::sha256_plan::{plan_blocks, LaneQueues};
use crate::sha256_x16::{Avx512, LaneStates, LANES};
use bumpalo::Bump;
use sha2::digest::generic_array::GenericArray;
use std::cell::RefCell;

/// SHA-256 initial state (FIPS 180-4 §5.3.3).
const H0: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// Merkle rows with fewer nodes left than this go one node at a time through `sha2`:
/// a kernel call costs about as much as this many SHA-NI node hashes.
const MERKLE_MIN_NODES: usize = 8;

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
        /// Where built blocks live during a call; its memory is kept for the next.
        static ARENA: RefCell<Bump> = RefCell::new(Bump::new());
    }
    FIRSTS.with_borrow_mut(|firsts| {
        ARENA.with_borrow_mut(|arena| {
            arena.reset();
            firsts.clear();
            let count = first_hashes(kernel, min_busy, next, firsts, arena);
            let mut out = Vec::with_capacity(count);
            let mut digests = [[0u8; 32]; LANES];
            for (group, words) in firsts.iter().enumerate() {
                kernel.second_hash(words, &mut digests);
                out.extend_from_slice(&digests[..(count - LANES * group).min(LANES)]);
            }
            out
        })
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
    /// Plan the next message into `lane` (its queue filled); false, leaving the lane
    /// idle, once the source is exhausted. Makes room for its first digest in `firsts`.
    #[inline]
    fn take<'q>(
        &mut self,
        kernel: Avx512,
        lanes: &mut LaneQueues<'q, LANES>,
        lane: usize,
        arena: &'q Bump,
        firsts: &mut Vec<LaneStates>,
    ) -> bool
    where
        'a: 'q,
    {
        lanes.taken[lane] = 0;
        if self.exhausted {
            lanes.queues[lane].clear();
            return false;
        }
        let Some(pieces) = (self.next)() else {
            self.exhausted = true;
            lanes.queues[lane].clear();
            return false;
        };
        let message = self.taken;
        self.taken += 1;
        if message.is_multiple_of(LANES) {
            firsts.push([[0; LANES]; 8]);
        }
        lanes.message[lane] = message;
        plan_blocks(kernel, &pieces, arena, &mut lanes.queues[lane]);
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
    arena: &Bump,
) -> usize {
    let mut source = Source { next, taken: 0, exhausted: false };
    let mut lanes = LaneQueues::<LANES>::new();
    let mut states = fresh_states();
    // Lanes whose state is to be the initial state at the next compression.
    let mut fresh = 0u16;
    let mut busy = 0;
    for lane in 0..LANES {
        busy += usize::from(source.take(kernel, &mut lanes, lane, arena, firsts));
    }
    while busy > 0 {
        if busy < min_busy && source.exhausted {
            reset_lanes(&mut states, fresh);
            finish_one_at_a_time(&lanes, &states, firsts);
            return source.taken;
        }
        let (blocks, mut finished) = lanes.next_blocks();
        kernel.compress_from(&mut states, &blocks, fresh);
        fresh = 0;
        while finished != 0 {
            let lane = finished.trailing_zeros() as usize;
            finished &= finished - 1;
            let message = lanes.message[lane];
            let first = &mut firsts[message / LANES];
            for (row, words) in first.iter_mut().zip(states.iter()) {
                row[message % LANES] = words[lane];
            }
            // The lane's next message starts from H0: the next call resets it.
            fresh |= 1 << lane;
            if !source.take(kernel, &mut lanes, lane, arena, firsts) {
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
fn finish_one_at_a_time(lanes: &LaneQueues<'_, LANES>, states: &LaneStates, firsts: &mut [LaneStates]) {
    for lane in (0..LANES).filter(|&l| lanes.busy(l)) {
        let mut state: [u32; 8] = std::array::from_fn(|w| states[w][lane]);
        for block in lanes.rest(lane) {
            sha2::compress256(&mut state, &[GenericArray::from(**block)]);
        }
        let message = lanes.message[lane];
        for (row, word) in firsts[message / LANES].iter_mut().zip(state) {
            row[message % LANES] = word;
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
}
