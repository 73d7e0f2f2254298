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

const ZERO_BLOCK: [u8; 64] = [0; 64];

/// Block references a lane's queue starts with room for (a 4 KiB message); longer
/// messages grow it.
const QUEUE_START: usize = 64;

/// Put every padded block of `pieces` into `queue`, in order: whole blocks lying in
/// place as references into the pieces, and the few blocks that cross a piece boundary
/// or hold the padding built once in `arena` (at most four: a block holds the ends of
/// at most three pieces, plus one block of padding alone). A lane then takes its next
/// block with one load, whatever kind it is: perf showed the former per-lane branch
/// between in-place and staged blocks mispredicted at most compressions.
///
/// The two shapes a txid's message has are planned without the general loop: one piece
/// (a transaction without witness), and a short version, the body, a short lock time
/// (a segwit transaction without its witness).
fn plan_blocks<'q>(kernel: Avx512, pieces: &Pieces<'q>, arena: &'q Bump, queue: &mut Vec<&'q [u8; 64]>) {
    let [a, b, c] = pieces.0;
    let (whole, rest) = if b.is_empty() && c.is_empty() {
        queue.clear();
        let (whole, rest) = a.as_chunks::<64>();
        (whole, [rest, c])
    } else if a.len() < 64 && a.len() + b.len() >= 64 && c.len() < 64 {
        queue.clear();
        let (head, body) = b.split_at(64 - a.len());
        let built = arena.alloc([0u8; 64]);
        kernel.fill_block(built, &[(0, a), (a.len(), head)], None, None);
        queue.push(built);
        let (whole, rest) = body.as_chunks::<64>();
        (whole, [rest, c])
    } else {
        return plan_blocks_general(kernel, pieces, arena, queue);
    };
    queue.extend(whole.iter());
    let len = a.len() + b.len() + c.len();
    // What is left: `rest` then `c`, under 128 bytes, and the padding (1 to 3 blocks).
    let [r, c] = rest;
    let tail = r.len() + c.len();
    let blocks = (tail + 9).div_ceil(64);
    for block in 0..blocks {
        let start = 64 * block;
        let end = start + 64;
        let mut parts: [(usize, &[u8]); 2] = [(0, &[]); 2];
        if start < r.len() {
            parts[0] = (0, &r[start..end.min(r.len())]);
        }
        let (from, to) = (start.max(r.len()), end.min(tail));
        if from < to {
            parts[1] = (from - start, &c[from - r.len()..to - r.len()]);
        }
        let pad_at = (start..end).contains(&tail).then(|| tail - start);
        let bit_length = (block + 1 == blocks).then_some((len as u64) * 8);
        let built = arena.alloc([0u8; 64]);
        kernel.fill_block(built, &parts, pad_at, bit_length);
        queue.push(built);
    }
}

/// [`plan_blocks`] for any three pieces, block by block.
fn plan_blocks_general<'q>(
    kernel: Avx512,
    pieces: &Pieces<'q>,
    arena: &'q Bump,
    queue: &mut Vec<&'q [u8; 64]>,
) {
    queue.clear();
    let len: usize = pieces.0.iter().map(|p| p.len()).sum();
    // Padding: 0x80, zeros, then the bit length in the last 8 bytes.
    let blocks = (len + 9).div_ceil(64);
    let (mut piece, mut offset, mut block) = (0usize, 0usize, 0usize);
    while block < blocks {
        while piece < 3 && offset == pieces.0[piece].len() {
            piece += 1;
            offset = 0;
        }
        let rest: &'q [u8] = pieces.0.get(piece).map_or(&[], |p| &p[offset..]);
        let (whole, _) = rest.as_chunks::<64>();
        if !whole.is_empty() {
            offset += 64 * whole.len();
            block += whole.len();
            queue.extend(whole.iter());
            continue;
        }
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
        let staged = arena.alloc([0u8; 64]);
        kernel.fill_block(staged, &parts[..part_count], pad_at, bit_length);
        queue.push(staged);
    }
}

/// The lanes' messages: each lane's planned blocks and how many it has taken.
struct Lanes<'q> {
    queues: [Vec<&'q [u8; 64]>; LANES],
    taken: [usize; LANES],
    /// The message number each lane is hashing.
    message: [usize; LANES],
}

impl Lanes<'_> {
    #[inline(always)]
    fn busy(&self, lane: usize) -> bool {
        self.taken[lane] < self.queues[lane].len()
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
        lanes: &mut Lanes<'q>,
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
    let mut lanes = Lanes {
        queues: std::array::from_fn(|_| Vec::with_capacity(QUEUE_START)),
        taken: [0; LANES],
        message: [0; LANES],
    };
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
        let mut blocks: [&[u8; 64]; LANES] = [&ZERO_BLOCK; LANES];
        let mut finished = 0u32;
        for (lane, block) in blocks.iter_mut().enumerate() {
            let (queue, taken) = (&lanes.queues[lane], &mut lanes.taken[lane]);
            if let Some(next) = queue.get(*taken) {
                *block = next;
                *taken += 1;
                finished |= u32::from(*taken == queue.len()) << lane;
            }
        }
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
fn finish_one_at_a_time(lanes: &Lanes<'_>, states: &LaneStates, firsts: &mut [LaneStates]) {
    for lane in (0..LANES).filter(|&l| lanes.busy(l)) {
        let mut state: [u32; 8] = std::array::from_fn(|w| states[w][lane]);
        for block in &lanes.queues[lane][lanes.taken[lane]..] {
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

    #[test]
    fn plans_cover_every_byte_once_and_build_at_most_four_blocks() {
        let Some(kernel) = avx512_or_say_why() else { return };
        // Every split of short messages into three pieces: the planned blocks are
        // exactly the padded message.
        let mut rng = ChaCha8Rng::seed_from_u64(13);
        for len in 0..=300usize {
            let bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
            // Random splits, and the two shapes txids take: one piece; 4, body, 4.
            let mut splits: Vec<(usize, usize)> = (0..8)
                .map(|_| {
                    let a = rng.gen_range(0..=len);
                    (a, rng.gen_range(a..=len))
                })
                .collect();
            splits.push((len, len));
            if len >= 8 {
                splits.push((4, len - 4));
            }
            for (a, b) in splits {
                let pieces = Pieces([&bytes[..a], &bytes[a..b], &bytes[b..]]);
                let arena = Bump::new();
                let mut queue = vec![&ZERO_BLOCK; 3];
                plan_blocks(kernel, &pieces, &arena, &mut queue);
                let general_arena = Bump::new();
                let mut general = Vec::new();
                plan_blocks_general(kernel, &pieces, &general_arena, &mut general);
                assert_eq!(queue, general, "len {len} split {a} {b}: both planners give the same blocks");
                let padded: Vec<u8> = queue.iter().flat_map(|b| b.iter().copied()).collect();
                let mut expected = bytes.clone();
                expected.push(0x80);
                while expected.len() % 64 != 56 {
                    expected.push(0);
                }
                expected.extend_from_slice(&((len as u64) * 8).to_be_bytes());
                assert_eq!(padded, expected, "len {len} split {a} {b}");
                let range = bytes.as_ptr_range();
                let built = queue.iter().filter(|b| !range.contains(&b.as_ptr())).count();
                assert!((1..=4).contains(&built), "len {len} split {a} {b}: {built} built blocks");
            }
        }
    }
}
