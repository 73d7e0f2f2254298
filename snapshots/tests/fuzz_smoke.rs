//! Runs the `archive` fuzz target's body over deterministic mutations of real archives
//! (ours signed and unsigned, the raw body, a `.bsk`), so the no-panic property is
//! checked by `cargo test` too. Seeded PRNG; the seed is printed.

mod common;

use bns_snapshots::archive;
use bns_snapshots::testing::fuzz_archive;
use common::*;

/// xorshift64*: small, deterministic, good enough to pick offsets and bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let source = small_source(4, 690);
    let unsigned = create_bytes(&source);
    let signed = signed_by(&unsigned, &[1]);
    let (header, history) = archive::header_of(&source).expect("header");
    let body = bns_snapshots::format::encode(&header, &history, &source.state, Vec::new()).expect("encode");
    vec![unsigned, signed, body, b"blockstack fast-sync test payload\n0000000000000000".to_vec()]
}

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let interesting = [0u8, 1, 0x7f, 0x80, 0xff];
        match rng.below(5) {
            0 if !out.is_empty() => {
                let at = rng.below(out.len());
                out[at] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let at = rng.below(out.len());
                out[at] = interesting[rng.below(interesting.len())];
            }
            2 => out.truncate(rng.below(out.len() + 1)),
            3 if out.len() >= 4 => {
                // Edge-biased u32 written over a length-looking spot.
                let at = rng.below(out.len() - 3);
                let value = [0u32, 1, u32::MAX, 1 << 31, 0x7fff_ffff][rng.below(5)];
                out[at..at + 4].copy_from_slice(&value.to_le_bytes());
            }
            _ => {
                let at = rng.below(out.len() + 1);
                out.insert(at, interesting[rng.below(interesting.len())]);
            }
        }
    }
    out
}

#[test]
fn fuzz_target_survives_seeds_and_mutations() {
    let seed = 0x5eed_2026_u64;
    println!("seed {seed:#x}");
    let mut rng = Rng(seed);
    let seeds = seeds();
    for input in &seeds {
        fuzz_archive(input);
    }
    for _ in 0..3000 {
        let base = &seeds[rng.below(seeds.len())];
        fuzz_archive(&mutate(&mut rng, base));
    }
}
