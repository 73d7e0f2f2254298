//! Txids and merkle root of whole blocks through every SHA-256 kernel this CPU has
//! (`scalar` is one `sha2` call per transaction, SHA-NI where the CPU has it), on the
//! first ~1 MB blocks of a chaingen bulk chain (the same generator as the replay bench
//! data), and each kernel's compression function alone.
//! `cargo bench -p bns-benches --bench txids` (BNS_BENCH_BLOCKS=DIR: the chain to
//! sample). Times are the benchmark thread's CPU time (see `ThreadCpu`).

#[path = "common/thread_cpu.rs"]
mod thread_cpu;
use bns_replay::sha256_batch::{merkle_root, sha256d_many, Backend, Kernel};
use bns_replay::txwalk::walk_block;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use thread_cpu::ThreadCpu;

/// Block bodies from `blk00000.dat` of a bulk chain written by chaingen, if present.
fn sample_blocks() -> Vec<Vec<u8>> {
    let dir = std::env::var("BNS_BENCH_BLOCKS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../bench-data/bulk-2g").to_string());
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

/// Whole blocks: txids and merkle root, one group per kernel this CPU has; throughput
/// in block bytes (the check hashes about 1.8 bytes per block byte).
fn txids(c: &mut Criterion<ThreadCpu>) {
    let blocks = sample_blocks();
    if blocks.is_empty() {
        return;
    }
    let walked: Vec<_> =
        blocks.iter().map(|b| walk_block(b, b"id").expect("chaingen blocks parse")).collect();
    let bytes: usize = blocks.iter().map(Vec::len).sum();
    for kernel in Kernel::ALL {
        if !kernel.available() {
            eprintln!("this CPU lacks the {} kernel: not benched", kernel.name());
            continue;
        }
        let backend = Backend::Kernel(kernel);
        let mut group = c.benchmark_group(format!("sha256_{}", kernel.name()));
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("block_txids_and_merkle", |b| {
            b.iter(|| {
                for (raw, spans) in blocks.iter().zip(&walked) {
                    let pieces: Vec<_> = spans.iter().map(|s| s.txid_pieces(raw)).collect();
                    let ids = sha256d_many(&pieces, backend);
                    std::hint::black_box(merkle_root(&ids, backend));
                }
            })
        });
        group.finish();
    }
}

/// The compression function alone, per kernel: bytes of blocks compressed.
fn compress(c: &mut Criterion<ThreadCpu>) {
    use bns_replay::sha256_shani::ShaNi;
    use bns_replay::sha256_x16::Avx512;
    use bns_replay::sha256_x8::Avx2;
    let blocks = [[7u8; 64]; 16];
    let refs: [&[u8; 64]; 16] = std::array::from_fn(|l| &blocks[l]);
    let mut group = c.benchmark_group("sha256_compress");
    if let Some(k) = Avx512::detect() {
        group.throughput(Throughput::Bytes(64 * 16));
        let mut states = [[1u32; 16]; 8];
        group.bench_function("avx512", |b| b.iter(|| k.compress(&mut states, std::hint::black_box(&refs))));
        // The second hash of 16 first digests: one block each, words 8..15 constant.
        let words = [[3u32; 16]; 8];
        let mut digests = [[0u8; 32]; 16];
        group.bench_function("avx512_second_hash", |b| {
            b.iter(|| k.second_hash(std::hint::black_box(&words), &mut digests))
        });
        // 16 merkle nodes: three blocks each (the pair, the constant padding block, the
        // second hash), so 3 × 64 bytes of compression per node.
        group.throughput(Throughput::Bytes(3 * 64 * 16));
        let pairs = [9u8; 64 * 16];
        group.bench_function("avx512_merkle_nodes", |b| {
            b.iter(|| k.merkle_nodes(std::hint::black_box(&pairs), &mut digests))
        });
        group.throughput(Throughput::Bytes(64 * 16));
    }
    if let Some(k) = Avx2::detect() {
        group.throughput(Throughput::Bytes(64 * 8));
        let mut states = [[1u32; 8]; 8];
        let refs: [&[u8; 64]; 8] = std::array::from_fn(|l| refs[l]);
        group.bench_function("avx2", |b| b.iter(|| k.compress(&mut states, std::hint::black_box(&refs))));
    }
    if let Some(k) = ShaNi::detect() {
        group.throughput(Throughput::Bytes(64 * 2));
        let mut states = [[1u32; 8]; 2];
        let refs2: [&[u8; 64]; 2] = std::array::from_fn(|l| refs[l]);
        group.bench_function("shani", |b| b.iter(|| k.compress(&mut states, std::hint::black_box(&refs2))));
        group.throughput(Throughput::Bytes(64 * 4));
        let mut states = [[1u32; 8]; 4];
        let refs4: [&[u8; 64]; 4] = std::array::from_fn(|l| refs[l]);
        group.bench_function("shani4", |b| b.iter(|| k.compress(&mut states, std::hint::black_box(&refs4))));
    }
    group.throughput(Throughput::Bytes(64 * 16));
    let mut state = [1u32; 8];
    let generic: Vec<_> =
        blocks.iter().map(|b| sha2::digest::generic_array::GenericArray::from(*b)).collect();
    group.bench_function("scalar", |b| {
        b.iter(|| sha2::compress256(&mut state, std::hint::black_box(&generic)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpu);
    targets = compress, txids
}
criterion_main!(benches);
