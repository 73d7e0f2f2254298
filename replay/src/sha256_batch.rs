//! Double SHA-256 of many messages at once: every txid of a block and every row of its
//! merkle tree. Sixteen messages go side by side through [`sha256_x16`] when the CPU
//! has AVX-512, taken in order so the lanes read neighbouring bytes; the last few, and
//! everything on other CPUs, go one at a time through `sha2` (SHA-NI where present).
//! Results are the same bytes either way (tested against `sha2` below).

use crate::sha256_x16::{self, LaneBlocks, LaneStates, LANES};
use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha256};

/// SHA-256 initial state (FIPS 180-4 §5.3.3).
const H0: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// With nothing left to start and fewer busy lanes than this, the rest goes one at a
/// time: sixteen lanes run about 1.9× one SHA-NI stream, so below ~8 busy lanes the
/// scalar path is faster.
const MIN_BUSY_LANES: usize = 8;

/// A message made of consecutive pieces (a segwit transaction minus its marker, flag
/// and witnesses is three: version, inputs and outputs, lock time).
#[derive(Clone, Copy, Debug)]
pub struct Pieces<'a>(pub [&'a [u8]; 3]);

impl<'a> Pieces<'a> {
    pub fn whole(bytes: &'a [u8]) -> Pieces<'a> {
        Pieces([bytes, &[], &[]])
    }
    fn len(&self) -> usize {
        self.0.iter().map(|p| p.len()).sum()
    }
}

/// Which implementation to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// AVX-512 lanes if this CPU has them, else scalar.
    Detect,
    /// One message at a time (tests compare the two).
    Scalar,
}

/// sha256d (internal byte order) of every message, in order.
pub fn sha256d_many(messages: &[Pieces<'_>], backend: Backend) -> Vec<[u8; 32]> {
    let mut out = vec![[0u8; 32]; messages.len()];
    let lanes = backend == Backend::Detect && messages.len() >= MIN_BUSY_LANES && sha256_x16::available();
    if lanes {
        run_lanes(messages, &mut out);
    } else {
        for (digest, message) in out.iter_mut().zip(messages) {
            *digest = sha256d_scalar(message);
        }
    }
    out
}

/// Merkle root (internal order) of txids, odd rows duplicating their last element;
/// `None` for an empty list.
pub fn merkle_root(txids: &[[u8; 32]], backend: Backend) -> Option<[u8; 32]> {
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

/// Produces the padded 64-byte blocks of one message in order.
#[derive(Clone, Copy, Debug)]
struct BlockCursor {
    len: usize,
    /// Index of the next block; the message has `blocks` of them once padded.
    next: usize,
    blocks: usize,
    piece: usize,
    offset: usize,
}

impl BlockCursor {
    fn new(len: usize) -> BlockCursor {
        // Padding: 0x80, zeros, then the bit length in the last 8 bytes.
        BlockCursor { len, next: 0, blocks: (len + 9).div_ceil(64), piece: 0, offset: 0 }
    }

    fn done(&self) -> bool {
        self.next == self.blocks
    }

    /// The next block when it lies whole inside the current piece with more bytes
    /// after it (so no piece boundary and no padding): read in place, no copy.
    #[inline]
    fn next_in_place<'a>(&mut self, message: &Pieces<'a>) -> Option<&'a [u8; 64]> {
        let piece: &'a [u8] = message.0.get(self.piece)?;
        if piece.len() - self.offset <= 64 {
            return None;
        }
        let block = <&[u8; 64]>::try_from(piece.get(self.offset..self.offset + 64)?).ok()?;
        self.offset += 64;
        self.next += 1;
        Some(block)
    }

    /// Copy the next block (boundaries and padding included) into `out`.
    fn fill(&mut self, message: &Pieces<'_>, out: &mut [u8; 64]) {
        let start = self.next * 64;
        *out = [0u8; 64];
        let mut n = 0;
        while n < 64 {
            let Some(piece) = message.0.get(self.piece) else { break };
            let take = (64 - n).min(piece.len() - self.offset);
            copy_short(&mut out[n..n + take], &piece[self.offset..self.offset + take]);
            n += take;
            self.offset += take;
            if self.offset == piece.len() {
                self.piece += 1;
                self.offset = 0;
            }
        }
        if (start..start + 64).contains(&self.len) {
            out[self.len - start] = 0x80;
        }
        self.next += 1;
        if self.done() {
            out[56..].copy_from_slice(&((self.len as u64) * 8).to_be_bytes());
        }
    }
}

/// `dst.copy_from_slice(src)` for at most 64 bytes with fixed-size moves: a block's
/// tail is copied once per message, and a `memmove` call there costs more than the copy.
#[inline]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    let n = src.len().min(dst.len());
    if n >= 16 {
        let mut i = 0;
        while i + 16 <= n {
            dst[i..i + 16].copy_from_slice(&src[i..i + 16]);
            i += 16;
        }
        dst[n - 16..n].copy_from_slice(&src[n - 16..n]);
    } else if n >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[n - 8..n].copy_from_slice(&src[n - 8..n]);
    } else if n >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[n - 4..n].copy_from_slice(&src[n - 4..n]);
    } else {
        for (d, s) in dst.iter_mut().zip(src).take(n) {
            *d = *s;
        }
    }
}

/// What one lane is doing.
#[derive(Clone, Copy, Debug)]
enum Lane {
    Idle,
    /// The message's own blocks.
    First {
        message: usize,
        cursor: BlockCursor,
    },
    /// The single block hashing the first digest (in the lane's staging block).
    Second {
        message: usize,
    },
}

const ZERO_BLOCK: [u8; 64] = [0; 64];

/// Hash `messages` sixteen at a time into `out` (the CPU has AVX-512).
fn run_lanes(messages: &[Pieces<'_>], out: &mut [[u8; 32]]) {
    // Block order, not longest first: the lanes then read neighbouring bytes, which
    // the caches and prefetchers handle far better; a long tail goes one at a time.
    let mut next_message = 0;
    let mut lanes = [Lane::Idle; LANES];
    let mut states: LaneStates = [[0; LANES]; 8];
    // Blocks that are not 64 bytes in place: piece boundaries, padding, second hashes.
    let mut staging = [[0u8; 64]; LANES];
    loop {
        for (lane, slot) in lanes.iter_mut().enumerate() {
            if matches!(slot, Lane::Idle) && next_message < messages.len() {
                *slot = Lane::First {
                    message: next_message,
                    cursor: BlockCursor::new(messages[next_message].len()),
                };
                set_state(&mut states, lane, &H0);
                // The message this lane will probably take next: its first bytes are
                // a cache miss otherwise.
                if let Some(later) = messages.get(next_message + LANES) {
                    later.0.iter().for_each(|piece| sha256_x16::prefetch(piece));
                }
                next_message += 1;
            }
        }
        let busy = lanes.iter().filter(|l| !matches!(l, Lane::Idle)).count();
        if busy == 0 {
            return;
        }
        if busy < MIN_BUSY_LANES && next_message == messages.len() {
            return finish_one_at_a_time(messages, out, &lanes, &states, &staging);
        }
        let mut in_place: [Option<&[u8; 64]>; LANES] = [None; LANES];
        for (lane, slot) in lanes.iter_mut().enumerate() {
            if let Lane::First { message, cursor } = slot {
                let message = &messages[*message];
                in_place[lane] = cursor.next_in_place(message);
                if in_place[lane].is_none() {
                    cursor.fill(message, &mut staging[lane]);
                }
            }
        }
        let mut blocks: LaneBlocks<'_> = [&ZERO_BLOCK; LANES];
        for (lane, block) in blocks.iter_mut().enumerate() {
            *block = match (lanes[lane], in_place[lane]) {
                (Lane::Idle, _) => &ZERO_BLOCK,
                (_, Some(b)) => b,
                (_, None) => &staging[lane],
            };
        }
        if sha256_x16::compress(&mut states, &blocks).is_none() {
            // Only reachable if the CPU lost AVX-512 since `available()`: start over.
            for (digest, message) in out.iter_mut().zip(messages) {
                *digest = sha256d_scalar(message);
            }
            return;
        }
        for lane in 0..LANES {
            match lanes[lane] {
                Lane::Idle => {}
                Lane::First { message, cursor } if cursor.done() => {
                    let digest = digest_bytes(&state_of(&states, lane));
                    staging[lane] = second_block(&digest);
                    set_state(&mut states, lane, &H0);
                    lanes[lane] = Lane::Second { message };
                }
                Lane::First { .. } => {}
                Lane::Second { message } => {
                    out[message] = digest_bytes(&state_of(&states, lane));
                    lanes[lane] = Lane::Idle;
                }
            }
        }
    }
}

fn set_state(states: &mut LaneStates, lane: usize, state: &[u32; 8]) {
    for (words, value) in states.iter_mut().zip(state) {
        words[lane] = *value;
    }
}

fn state_of(states: &LaneStates, lane: usize) -> [u32; 8] {
    let mut state = [0u32; 8];
    for (value, words) in state.iter_mut().zip(states) {
        *value = words[lane];
    }
    state
}

/// Finish the busy lanes with `sha2`'s compression function, from their states.
fn finish_one_at_a_time(
    messages: &[Pieces<'_>],
    out: &mut [[u8; 32]],
    lanes: &[Lane; LANES],
    states: &LaneStates,
    staging: &[[u8; 64]; LANES],
) {
    for (lane, slot) in lanes.iter().enumerate() {
        let mut state = state_of(states, lane);
        match *slot {
            Lane::Idle => {}
            Lane::First { message, mut cursor } => {
                let mut block = [0u8; 64];
                while !cursor.done() {
                    match cursor.next_in_place(&messages[message]) {
                        Some(b) => block = *b,
                        None => cursor.fill(&messages[message], &mut block),
                    }
                    sha2::compress256(&mut state, &[GenericArray::from(block)]);
                }
                out[message] = Sha256::digest(digest_bytes(&state)).into();
            }
            Lane::Second { message } => {
                sha2::compress256(&mut state, &[GenericArray::from(staging[lane])]);
                out[message] = digest_bytes(&state);
            }
        }
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

    #[test]
    fn every_length_up_to_300_matches_sha2_both_engines() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let owned: Vec<Vec<u8>> = (0..=300).map(|len| (0..len).map(|_| rng.gen()).collect()).collect();
        let messages: Vec<Pieces<'_>> = owned.iter().map(|m| split(&mut rng, m)).collect();
        let expected: Vec<[u8; 32]> = messages.iter().map(reference).collect();
        assert_eq!(sha256d_many(&messages, Backend::Detect), expected);
        assert_eq!(sha256d_many(&messages, Backend::Scalar), expected);
    }

    #[test]
    fn batches_of_every_size_and_mixed_lengths_match() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        for count in 0..48 {
            let max_len = if count % 3 == 0 { 3000 } else { 200 };
            let owned = random_messages(&mut rng, count, max_len);
            let messages: Vec<Pieces<'_>> = owned.iter().map(|m| split(&mut rng, m)).collect();
            let expected: Vec<[u8; 32]> = messages.iter().map(reference).collect();
            assert_eq!(sha256d_many(&messages, Backend::Detect), expected, "count {count}");
        }
    }

    #[test]
    fn one_huge_message_among_small_ones_matches() {
        // The tail path: the long message is still running when the small ones end.
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut owned = random_messages(&mut rng, 40, 100);
        owned.push((0..200_000).map(|_| rng.gen()).collect());
        let messages: Vec<Pieces<'_>> = owned.iter().map(|m| Pieces::whole(m)).collect();
        let expected: Vec<[u8; 32]> = messages.iter().map(reference).collect();
        assert_eq!(sha256d_many(&messages, Backend::Detect), expected);
    }

    #[test]
    fn known_answer_sha256d_of_abc() {
        // FIPS 180-2 "abc" vector, hashed twice: sha256(ba7816bf…15ad) = 4f8b42c2…3358.
        let abc = sha256d_many(&[Pieces::whole(b"abc")], Backend::Scalar)[0];
        assert_eq!(hex::encode(abc), "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358");
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
            let scalar = merkle_root(&txids, Backend::Scalar);
            assert_eq!(merkle_root(&txids, Backend::Detect), scalar, "count {count}");
            assert_eq!(pairwise_merkle_root(&txids), scalar, "count {count}");
        }
    }

    #[test]
    fn lanes_are_used_on_this_machine_or_the_skip_is_said() {
        if !sha256_x16::available() {
            eprintln!("no AVX-512 on this CPU: the lane path is not exercised here");
            return;
        }
        let mut states: LaneStates = [[0; LANES]; 8];
        for (w, words) in states.iter_mut().enumerate() {
            words.fill(H0[w]);
        }
        let mut owned = [[0u8; 64]; LANES];
        for (l, block) in owned.iter_mut().enumerate() {
            block.fill(l as u8);
        }
        let blocks: LaneBlocks<'_> = std::array::from_fn(|l| &owned[l]);
        sha256_x16::compress(&mut states, &blocks).expect("available() said yes");
        for (l, block) in blocks.iter().enumerate() {
            let mut state = H0;
            sha2::compress256(&mut state, &[GenericArray::from(**block)]);
            let lane: Vec<u32> = states.iter().map(|words| words[l]).collect();
            assert_eq!(lane, state.to_vec(), "lane {l}");
        }
    }
}
