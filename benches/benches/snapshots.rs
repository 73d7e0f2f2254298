//! Snapshot archives: `create` and `verify` (signatures, decode, content checks,
//! state digest) for a state of about 100,000 names. Goal (issue): verify < 2 s.
//!
//! The state is loaded once, outside the timed loops, from one of two sources:
//! * `BNS_BENCH_STORE=DIR` (regtest replay store): a chain chaingen built with real
//!   preorder/register transactions (tools/make-bench-100k.sh), replayed by `replay`;
//!   read with the snapshots crate's own store glue, as `snapshot create` reads it.
//!   Bench ids `…/chaingen_store`.
//! * otherwise: regtest empty blocks through the engine plus 100k synthetic name
//!   records (`bns_snapshots::testing::sample_source`). Bench ids `…/100k_names`.
//!
//! The source used and its name count are printed on stderr. Throughput is reported in
//! archive bytes.

use bns_engine::Params;
use bns_snapshots::archive::{self, Policy, SnapshotSource};
use bns_snapshots::store_glue::open_source;
use bns_snapshots::testing::sample_source;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use secp256k1::{PublicKey, SecretKey, SECP256K1};
use std::io::Cursor;
use std::path::PathBuf;
use std::time::Duration;

/// Names in the synthetic fallback state.
const SYNTHETIC_NAMES: usize = 100_000;

/// The bench state and the label its bench ids carry.
fn load_source() -> (Box<dyn SnapshotSource>, &'static str) {
    match std::env::var_os("BNS_BENCH_STORE") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            let source = open_source(&dir, Params::regtest())
                .unwrap_or_else(|e| panic!("BNS_BENCH_STORE={}: {e:#}", dir.display()));
            eprintln!(
                "snapshots bench: chaingen store {} — {} names, {} namespaces, tip {}",
                dir.display(),
                source.state.names.len(),
                source.state.namespaces.len(),
                source.tip_height
            );
            (Box::new(source), "chaingen_store")
        }
        None => {
            let source = sample_source(SYNTHETIC_NAMES, 700);
            eprintln!(
                "snapshots bench: synthetic source (BNS_BENCH_STORE unset) — {} names, tip 700",
                source.state.names.len()
            );
            (Box::new(source), "100k_names")
        }
    }
}

fn bench_snapshots(c: &mut Criterion) {
    let (source, label) = load_source();
    let key = SecretKey::from_slice(&[0x11; 32]).expect("valid bench key");
    let unsigned = archive::create(source.as_ref(), Vec::new()).expect("in-memory create");
    let signed = archive::sign_bytes(&unsigned, &key, false).expect("sign");
    let policy = Policy {
        keys: vec![PublicKey::from_secret_key(SECP256K1, &key)],
        threshold: 1,
        params: source.params().clone(),
    };
    archive::verify(&mut Cursor::new(&signed), &policy).expect("bench archive verifies");
    eprintln!("snapshots bench: signed archive {} bytes", signed.len());

    let mut group = c.benchmark_group("snapshots");
    group.sample_size(10).measurement_time(Duration::from_secs(15));
    group.throughput(Throughput::Bytes(signed.len() as u64));
    group.bench_function(format!("create/{label}"), |b| {
        b.iter(|| archive::create(source.as_ref(), Vec::with_capacity(unsigned.len())).expect("create"));
    });
    group.bench_function(format!("verify/{label}"), |b| {
        b.iter(|| archive::verify(&mut Cursor::new(&signed), &policy).expect("verify"));
    });
    group.finish();
}

criterion_group!(benches, bench_snapshots);
criterion_main!(benches);
