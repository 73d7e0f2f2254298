//! Snapshot archives: `create` and `verify` (signatures, decode, content checks,
//! state digest) for a state of 100,000 names. Goal (issue): verify < 2 s.
//!
//! The state is built once, outside the timed loops: regtest empty blocks through the
//! engine plus 100k synthetic name records (`bns_snapshots::testing::sample_source`).
//! Throughput is reported in archive bytes.

use bns_snapshots::archive::{self, Policy};
use bns_snapshots::testing::sample_source;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use secp256k1::{PublicKey, SecretKey, SECP256K1};
use std::io::Cursor;
use std::time::Duration;

const NAMES: usize = 100_000;

fn bench_snapshots(c: &mut Criterion) {
    let source = sample_source(NAMES, 700);
    let key = SecretKey::from_slice(&[0x11; 32]).expect("valid bench key");
    let unsigned = archive::create(&source, Vec::new()).expect("in-memory create");
    let signed = archive::sign_bytes(&unsigned, &key, false).expect("sign");
    let policy = Policy {
        keys: vec![PublicKey::from_secret_key(SECP256K1, &key)],
        threshold: 1,
        params: source.params.clone(),
    };
    archive::verify(&mut Cursor::new(&signed), &policy).expect("bench archive verifies");

    let mut group = c.benchmark_group("snapshots");
    group.sample_size(10).measurement_time(Duration::from_secs(15));
    group.throughput(Throughput::Bytes(signed.len() as u64));
    group.bench_function("create/100k_names", |b| {
        b.iter(|| archive::create(&source, Vec::with_capacity(unsigned.len())).expect("create"));
    });
    group.bench_function("verify/100k_names", |b| {
        b.iter(|| archive::verify(&mut Cursor::new(&signed), &policy).expect("verify"));
    });
    group.finish();
}

criterion_group!(benches, bench_snapshots);
criterion_main!(benches);
