//! Txids and merkle root of a whole block: the sixteen-lane batch hasher against one
//! `sha2` call per transaction (SHA-NI where the CPU has it), on the first ~1 MB
//! blocks of a chaingen bulk chain (the same generator as the replay bench data).
//! `cargo bench -p bns-benches --bench txids`

use bns_replay::sha256_batch::{merkle_root, sha256d_many, Backend};
use bns_replay::txwalk::walk_block;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// Block bodies from `blk00000.dat` of a bulk chain written by chaingen, if present.
fn sample_blocks() -> Vec<Vec<u8>> {
    let dir = std::env::var("BNS_BENCH_BLOCKS").unwrap_or_else(|_| "/work/bench-data/bulk-2g".to_string());
    let dir = std::path::Path::new(&dir);
    let opened = bns_blockfile::load_xor_key(dir)
        .and_then(|key| bns_blockfile::BlkFile::open(0, &dir.join("blk00000.dat"), key));
    let Ok(file) = opened else {
        eprintln!(
            "no {}/blk00000.dat (make one with chaingen bulk; see BENCHMARKS.md); skipping",
            dir.display()
        );
        return Vec::new();
    };
    let network = file.read_prefix(1 << 20).ok().and_then(|p| bns_blockfile::detect_network(&p).ok());
    let magic = network.unwrap_or(bns_blockfile::ChainNetwork::Regtest).magic();
    let records = file.records(&magic).unwrap_or_default();
    records
        .iter()
        .filter(|r| r.size > 500_000)
        .take(16)
        .filter_map(|r| file.read_block(r.offset, r.size).ok())
        .collect()
}

fn txids(c: &mut Criterion) {
    let blocks = sample_blocks();
    if blocks.is_empty() {
        return;
    }
    let walked: Vec<_> =
        blocks.iter().map(|b| walk_block(b, b"id").expect("chaingen blocks parse")).collect();
    let bytes: usize = blocks.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("block_txids_and_merkle");
    group.throughput(Throughput::Bytes(bytes as u64));
    for (name, backend) in [("lanes", Backend::Detect), ("one_at_a_time", Backend::Scalar)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                for (raw, spans) in blocks.iter().zip(&walked) {
                    let pieces: Vec<_> = spans.iter().map(|s| s.txid_pieces(raw)).collect();
                    let ids = sha256d_many(&pieces, backend);
                    std::hint::black_box(merkle_root(&ids, backend));
                }
            })
        });
    }
    group.finish();
}

/// The compression function alone: sixteen lanes vs `sha2`'s, per KiB of blocks.
fn compress(c: &mut Criterion) {
    use bns_replay::sha256_x16::{self, LANES};
    let mut group = c.benchmark_group("compress_1KiB");
    group.throughput(Throughput::Bytes(64 * LANES as u64));
    let blocks = [[7u8; 64]; LANES];
    if sha256_x16::available() {
        let mut states = [[1u32; LANES]; 8];
        let refs: sha256_x16::LaneBlocks<'_> = std::array::from_fn(|l| &blocks[l]);
        group.bench_function("lanes", |b| {
            b.iter(|| sha256_x16::compress(&mut states, std::hint::black_box(&refs)))
        });
    }
    let mut state = [1u32; 8];
    let generic: Vec<_> =
        blocks.iter().map(|b| sha2::digest::generic_array::GenericArray::from(*b)).collect();
    group
        .bench_function("sha2", |b| b.iter(|| sha2::compress256(&mut state, std::hint::black_box(&generic))));
    group.finish();
}

criterion_group!(benches, compress, txids);
criterion_main!(benches);
