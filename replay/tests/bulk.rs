//! A chaingen bulk sample (bns-vectors `write_bulk`, ~90 MiB, past FIRST so it carries
//! BNS operations) replayed with the BNS engine: a plain layout and a messy one (xor.dat,
//! out-of-order storage, padding, a half-written tip) give identical lines up to the
//! tip, and so do 1, 2 and 8 threads. Equality with the oracle on such samples: scripts/replay-vs-oracle.sh.

use bns_blockfile::ChainNetwork;
use bns_blockfile::WriterOptions;
use bns_engine::Params;
use bns_replay::engine_adapter::EngineProcessor;
use bns_replay::replay::{run, ReplayOptions, Silent};
use bns_replay::source::BlockSource;
use bns_replay::store::MemStore;
use bns_vectors::bulk::{write_bulk, BulkOptions};
use std::path::Path;

const SIZE: u64 = 90 << 20;

fn sample(dir: &Path, messy: bool) {
    let writer = WriterOptions {
        magic: ChainNetwork::Regtest.magic(),
        max_file_size: if messy { 16 << 20 } else { 128 << 20 },
        xor_key: messy.then_some([0xa5, 0x01, 0x77, 0x3c, 0x00, 0xfe, 0x12, 0x9b]),
        padding_chunk: messy.then_some(16 << 20),
    };
    let options = BulkOptions {
        size_bytes: SIZE,
        seed: 3,
        network: ChainNetwork::Regtest,
        out_of_order_window: messy.then_some(16),
        truncate_tail: messy,
    };
    let report = write_bulk(dir, writer, &options).expect("bulk sample written");
    assert!(report.bns_ops > 0, "the sample reaches FIRST and carries BNS ops");
}

fn replay_lines(dir: &Path, threads: usize) -> String {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(|| {
        let mut source = BlockSource::open(dir, None).expect("block files open");
        let mut processor = EngineProcessor::new(Params::regtest());
        let mut out = Vec::new();
        let options = ReplayOptions { confirmations: 0, ..ReplayOptions::default() };
        run(&mut source, &mut processor, &mut MemStore::default(), &options, &mut out, None, &Silent)
            .expect("replay succeeds");
        String::from_utf8(out).unwrap()
    })
}

#[test]
fn bulk_sample_layouts_and_thread_counts_agree() {
    let plain = tempfile::tempdir().unwrap();
    sample(plain.path(), false);
    let messy = tempfile::tempdir().unwrap();
    sample(messy.path(), true);
    let reference = replay_lines(plain.path(), 2);
    assert!(reference.lines().count() > 10, "{reference}");
    // bulk's truncate_tail writes the tip block itself half-written (vectors/src/bulk.rs
    // `write_bulk`), so the messy chain ends one block earlier.
    let without_tip: String =
        reference.lines().take(reference.lines().count() - 1).map(|l| format!("{l}\n")).collect();
    assert_eq!(replay_lines(messy.path(), 2), without_tip, "messy layout");
    assert_eq!(replay_lines(plain.path(), 1), reference, "1 thread");
    assert_eq!(replay_lines(plain.path(), 8), reference, "8 threads");
    assert_eq!(replay_lines(messy.path(), 8), without_tip, "messy, 8 threads");
}
