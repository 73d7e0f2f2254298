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
    fn plan(
        kernel: Avx512,
        message: usize,
        pieces: &Pieces<'a>,
        staged: &mut [[u8; 64]; STAGED_MAX],
    ) -> Job<'a> {
        let len: usize = pieces.0.iter().map(|p| p.len()).sum();
        // Padding: 0x80, zeros, then the bit length in the last 8 bytes.
        let blocks = (len + 9).div_ceil(64);
        let mut job = Job { message, segments: [Segment::Staged(0); SEGMENTS_MAX], count: 0, current: 0 };
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
                let out = &mut staged[staged_count];
                *out = ZERO_BLOCK;
                let mut filled = 0;
                while filled < 64 && piece < 3 {
                    let p = pieces.0[piece];
                    let take = (64 - filled).min(p.len() - offset);
                    kernel.copy_into(out, filled, &p[offset..offset + take]);
                    filled += take;
                    offset += take;
                    if offset == p.len() {
                        piece += 1;
                        offset = 0;
                    }
                }
                let start = 64 * block;
                if (start..start + 64).contains(&len) {
                    out[len - start] = 0x80;
                }
                block += 1;
                if block == blocks {
                    out[56..].copy_from_slice(&((len as u64) * 8).to_be_bytes());
                }
                staged_count += 1;
                Segment::Staged(staged_count as u8 - 1)
            };
            job.segments[usize::from(job.count)] = segment;
            job.count += 1;
        }
        debug_assert!(staged_count >= 1 && staged_count <= STAGED_MAX, "the last block is always staged");
        job
    }

    /// The next block, and whether it is the message's last.
    #[inline(always)]
    fn next_block<'s>(&mut self, staged: &'s [[u8; 64]; STAGED_MAX]) -> (&'s [u8; 64], bool)
    where
        'a: 's,
    {
        let block = match &mut self.segments[usize::from(self.current)] {
            Segment::InPlace(run) => {
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

/// sha256d (internal byte order) of every message into `out` (same length). Once
/// fewer than `min_busy` lanes are busy with no message left to start, the rest goes
/// one at a time through `sha2` (the caller knows whether that has SHA-NI).
pub fn sha256d_many(kernel: Avx512, min_busy: usize, messages: &[Pieces<'_>], out: &mut [[u8; 32]]) {
    assert_eq!(messages.len(), out.len(), "one digest per message");
    let mut firsts: Vec<LaneStates> = vec![[[0; LANES]; 8]; messages.len().div_ceil(LANES)];
    first_hashes(kernel, min_busy, messages, &mut firsts);
    for (digests, words) in out.chunks_mut(LANES).zip(&firsts) {
        match <&mut [[u8; 32]; LANES]>::try_from(&mut *digests) {
            Ok(whole) => kernel.second_hash(words, whole),
            Err(_) => {
                let mut all = [[0u8; 32]; LANES];
                kernel.second_hash(words, &mut all);
                digests.copy_from_slice(&all[..digests.len()]);
            }
        }
    }
}

/// Lane states with every lane at the initial state.
fn fresh_states() -> LaneStates {
    std::array::from_fn(|w| [H0[w]; LANES])
}

/// The first SHA-256 of every message, as state words: message `m` is lane `m % 16`
/// of `firsts[m / 16]`.
fn first_hashes(kernel: Avx512, min_busy: usize, messages: &[Pieces<'_>], firsts: &mut [LaneStates]) {
    let mut jobs: [Option<Job<'_>>; LANES] = [None; LANES];
    let mut staged = [[[0u8; 64]; STAGED_MAX]; LANES];
    let mut states = fresh_states();
    let mut next = 0;
    let mut busy = 0;
    for (lane, job) in jobs.iter_mut().enumerate() {
        if let Some(pieces) = messages.get(next) {
            *job = Some(Job::plan(kernel, next, pieces, &mut staged[lane]));
            next += 1;
            busy += 1;
        }
    }
    while busy > 0 {
        if busy < min_busy && next == messages.len() {
            return finish_one_at_a_time(&jobs, &staged, &states, firsts);
        }
        let mut blocks: [&[u8; 64]; LANES] = [&ZERO_BLOCK; LANES];
        let mut finished = 0u32;
        for (lane, (job, block)) in jobs.iter_mut().zip(blocks.iter_mut()).enumerate() {
            if let Some(job) = job {
                let (b, last) = job.next_block(&staged[lane]);
                *block = b;
                finished |= u32::from(last) << lane;
            }
        }
        kernel.compress(&mut states, &blocks);
        while finished != 0 {
            let lane = finished.trailing_zeros() as usize;
            finished &= finished - 1;
            let Some(job) = jobs[lane] else { continue };
            let first = &mut firsts[job.message / LANES];
            for (row, words) in first.iter_mut().zip(states.iter()) {
                row[job.message % LANES] = words[lane];
            }
            for (words, h) in states.iter_mut().zip(H0) {
                words[lane] = h;
            }
            jobs[lane] = match messages.get(next) {
                Some(pieces) => {
                    next += 1;
                    Some(Job::plan(kernel, next - 1, pieces, &mut staged[lane]))
                }
                None => {
                    busy -= 1;
                    None
                }
            };
        }
    }
}

/// Finish the busy lanes with `sha2`'s compression function, from their states.
fn finish_one_at_a_time(
    jobs: &[Option<Job<'_>>; LANES],
    staged: &[[[u8; 64]; STAGED_MAX]; LANES],
    states: &LaneStates,
    firsts: &mut [LaneStates],
) {
    for (lane, job) in jobs.iter().enumerate() {
        let Some(mut job) = *job else { continue };
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

    #[test]
    fn second_hash_matches_sha2_on_every_lane() {
        let Some(kernel) = Avx512::detect() else {
            eprintln!("this CPU lacks AVX-512: not exercised here");
            return;
        };
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
        let Some(kernel) = Avx512::detect() else {
            eprintln!("this CPU lacks AVX-512: not exercised here");
            return;
        };
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
    fn plans_cover_every_byte_once_and_stage_at_most_four_blocks() {
        let Some(kernel) = Avx512::detect() else {
            eprintln!("this CPU lacks AVX-512: not exercised here");
            return;
        };
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
