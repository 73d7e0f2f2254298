//! A message's padded SHA-256 blocks planned once, before its first compression: a
//! queue of references, whole 64-byte blocks read in place from the message's pieces
//! and the few others (piece boundaries, padding) built once in an arena. The lane
//! kernels' feeders ([`crate::sha256_x16_pipe`], [`crate::sha256_batch`]) then take a
//! lane's next block with one load, whatever kind it is.

use crate::sha256_batch::Pieces;
use bumpalo::Bump;

/// Builds one padded block: `parts` are `(position, bytes)` copied in, then the 0x80
/// byte at `pad_at` and the big-endian `bit_length` in bytes 56..64 where given; every
/// other byte zero. Every part lies inside the block.
pub trait Fill: Copy {
    fn fill(
        self,
        out: &mut [u8; 64],
        parts: &[(usize, &[u8])],
        pad_at: Option<usize>,
        bit_length: Option<u64>,
    );
}

/// [`Fill`] with plain copies (any CPU).
#[derive(Clone, Copy, Debug)]
pub struct CopyFill;

impl Fill for CopyFill {
    #[inline]
    fn fill(
        self,
        out: &mut [u8; 64],
        parts: &[(usize, &[u8])],
        pad_at: Option<usize>,
        bit_length: Option<u64>,
    ) {
        *out = [0; 64];
        for (at, bytes) in parts {
            out[*at..at + bytes.len()].copy_from_slice(bytes);
        }
        if let Some(at) = pad_at {
            out[at] = 0x80;
        }
        if let Some(bits) = bit_length {
            out[56..].copy_from_slice(&bits.to_be_bytes());
        }
    }
}

/// Consecutive whole blocks lying in place: queue entries `start..start + bytes.len() / 64`
/// (none for messages planned by [`plan_blocks_general`]). Kernels that keep their
/// states in registers over several blocks run these in one call.
#[derive(Clone, Copy, Debug, Default)]
pub struct InPlaceRun<'q> {
    pub start: usize,
    pub bytes: &'q [u8],
}

/// The block an idle lane compresses.
pub const ZERO_BLOCK: [u8; 64] = [0; 64];

/// Block references a lane's queue starts with room for (a 4 KiB message); longer
/// messages grow it.
const QUEUE_START: usize = 64;

/// `N` lanes fed from planned queues ([`plan_blocks`]): each lane's blocks, how many it
/// has taken, and the number of the message it is hashing.
pub struct LaneQueues<'q, const N: usize> {
    pub queues: [Vec<&'q [u8; 64]>; N],
    pub taken: [usize; N],
    pub message: [usize; N],
}

impl<'q, const N: usize> LaneQueues<'q, N> {
    pub fn new() -> Self {
        LaneQueues {
            queues: std::array::from_fn(|_| Vec::with_capacity(QUEUE_START)),
            taken: [0; N],
            message: [0; N],
        }
    }

    /// Whether `lane` has blocks left.
    #[inline(always)]
    pub fn busy(&self, lane: usize) -> bool {
        self.taken[lane] < self.queues[lane].len()
    }

    /// Every busy lane's next block (a zero block for idle lanes), taken, and the lanes
    /// whose message that block ends, as bits.
    #[inline(always)]
    pub fn next_blocks(&mut self) -> ([&'q [u8; 64]; N], u32) {
        let mut blocks: [&'q [u8; 64]; N] = [&ZERO_BLOCK; N];
        let mut finished = 0u32;
        for (lane, block) in blocks.iter_mut().enumerate() {
            let (queue, taken) = (&self.queues[lane], &mut self.taken[lane]);
            if let Some(next) = queue.get(*taken) {
                *block = next;
                *taken += 1;
                finished |= u32::from(*taken == queue.len()) << lane;
            }
        }
        (blocks, finished)
    }

    /// The blocks `lane` has not taken yet.
    pub fn rest(&self, lane: usize) -> &[&'q [u8; 64]] {
        &self.queues[lane][self.taken[lane]..]
    }
}

impl<const N: usize> Default for LaneQueues<'_, N> {
    fn default() -> Self {
        Self::new()
    }
}

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
pub fn plan_blocks<'q, F: Fill>(
    fill: F,
    pieces: &Pieces<'q>,
    arena: &'q Bump,
    queue: &mut Vec<&'q [u8; 64]>,
) -> InPlaceRun<'q> {
    let [a, b, c] = pieces.0;
    let (whole, rest) = if b.is_empty() && c.is_empty() {
        queue.clear();
        let (whole, rest) = a.as_chunks::<64>();
        (whole, [rest, c])
    } else if a.len() < 64 && a.len() + b.len() >= 64 && c.len() < 64 {
        queue.clear();
        let (head, body) = b.split_at(64 - a.len());
        let built = arena.alloc([0u8; 64]);
        fill.fill(built, &[(0, a), (a.len(), head)], None, None);
        queue.push(built);
        let (whole, rest) = body.as_chunks::<64>();
        (whole, [rest, c])
    } else {
        plan_blocks_general(fill, pieces, arena, queue);
        return InPlaceRun::default();
    };
    let run = InPlaceRun { start: queue.len(), bytes: whole.as_flattened() };
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
        fill.fill(built, &parts, pad_at, bit_length);
        queue.push(built);
    }
    run
}

/// [`plan_blocks`] for any three pieces, block by block.
pub fn plan_blocks_general<'q, F: Fill>(
    fill: F,
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
        fill.fill(staged, &parts[..part_count], pad_at, bit_length);
        queue.push(staged);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Every split of short messages into three pieces, and the two shapes txids take:
    /// the planned blocks are exactly the padded message, both planners agree, at most
    /// four blocks are built, and the in-place run is what its queue entries say.
    fn plans_cover_every_byte_once<F: Fill>(fill: F) {
        let mut rng = ChaCha8Rng::seed_from_u64(13);
        for len in 0..=300usize {
            let bytes: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
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
                let run = plan_blocks(fill, &pieces, &arena, &mut queue);
                let general_arena = Bump::new();
                let mut general = Vec::new();
                plan_blocks_general(fill, &pieces, &general_arena, &mut general);
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
                for (i, block) in run.bytes.chunks_exact(64).enumerate() {
                    assert!(
                        std::ptr::eq(block.as_ptr(), queue[run.start + i].as_ptr()),
                        "len {len} split {a} {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn plans_with_plain_copies_cover_every_byte_once() {
        plans_cover_every_byte_once(CopyFill);
    }

    #[test]
    fn plans_with_the_avx512_fill_cover_every_byte_once() {
        match crate::sha256_x16::Avx512::detect() {
            Some(kernel) => plans_cover_every_byte_once(kernel),
            None => eprintln!("this CPU lacks AVX-512: not exercised here"),
        }
    }
}
