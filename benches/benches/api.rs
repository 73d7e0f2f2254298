//! Server time of the REST API's handler (`bns_api::handle`: one LMDB read
//! transaction, the route, the JSON body), without HTTP, on a store:
//! `BNS_BENCH_API_STORE=DIR` (e.g. the 100k-name store of tools/make-bench-100k.sh run
//! with HOT_UPDATES=120) and `BNS_BENCH_API_NAME` (default `hot.benchnames`, the name
//! with a long history). Issue 10 §5: a 100-operation history in < 1 ms of server time.
//! Without `BNS_BENCH_API_STORE` nothing is benched (the sample chain has no long
//! history). Row counts and body sizes are printed on stderr. Two groups: wall time
//! (`api_handle_wall`) and the thread's CPU time (`api_handle_cpu`).

use bns_api::cache::CachedModel;
use bns_api::store_model::StoreModel;
use bns_api::ReadModel;
use criterion::measurement::Measurement;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::PathBuf;
use std::sync::Arc;

#[path = "common/thread_cpu.rs"]
mod thread_cpu;
use thread_cpu::ThreadCpu;

fn bench_api<M: Measurement>(c: &mut Criterion<M>, group_name: &str) {
    let Some(dir) = std::env::var_os("BNS_BENCH_API_STORE") else {
        eprintln!("api bench: BNS_BENCH_API_STORE unset, nothing to bench");
        return;
    };
    let dir = PathBuf::from(dir);
    let name = std::env::var("BNS_BENCH_API_NAME").unwrap_or_else(|_| "hot.benchnames".into());
    let model: Arc<dyn ReadModel + Send + Sync> = Arc::new(
        StoreModel::open(&dir).unwrap_or_else(|e| panic!("BNS_BENCH_API_STORE={}: {e}", dir.display())),
    );
    let rows = model.history(&name).expect("history").len();
    let tip = model.tip().expect("tip").height;
    // The block with the most operations (the heaviest /operations answer).
    let busiest = (model.params().first_block..=tip)
        .max_by_key(|h| model.block_ops(*h).map(|o| o.history.len()).unwrap_or(0))
        .unwrap_or(tip);
    let cached = CachedModel::new(model.clone());
    eprintln!(
        "api bench: store {}, tip {tip}, {name}: {rows} history rows, busiest block {busiest}",
        dir.display()
    );
    let paths = [
        ("v1_history_page0", format!("/v1/names/{name}/history?page=0")),
        ("v1_history_page5", format!("/v1/names/{name}/history?page=5")),
        ("x_history_full", format!("/x/v1/names/{name}/history")),
        ("v1_name", format!("/v1/names/{name}")),
        ("v1_names_page500_cached", "/v1/names?page=500".to_string()),
        ("v1_operations_busiest", format!("/v1/blockchains/bitcoin/operations/{busiest}")),
    ];
    let mut group = c.benchmark_group(group_name);
    for (id, path) in &paths {
        let reply = bns_api::handle(&cached, "GET", path.as_bytes());
        assert_eq!(reply.status, 200, "{path}");
        eprintln!("api bench: {id}: {path} -> {} bytes", reply.body.len());
        group.throughput(Throughput::Elements(1));
        group.bench_function(*id, |b| b.iter(|| bns_api::handle(&cached, "GET", path.as_bytes()).body.len()));
    }
    // The busiest block's operations rendered each time (no kept answers: the store
    // model alone), against the kept answer above (`v1_operations_busiest`).
    let path = format!("/v1/blockchains/bitcoin/operations/{busiest}");
    group.bench_function("v1_operations_busiest_rendered", |b| {
        b.iter(|| bns_api::handle(model.as_ref(), "GET", path.as_bytes()).body.len())
    });
    group.finish();
}

/// Wall time: what a client waits for (on a shared machine, the neighbours' time
/// slices included).
fn wall(c: &mut Criterion) {
    bench_api(c, "api_handle_wall");
}

/// The handler thread's CPU time: the server time itself.
fn cpu(c: &mut Criterion<ThreadCpu>) {
    bench_api(c, "api_handle_cpu");
}

criterion_group!(wall_benches, wall);
criterion_group! {
    name = cpu_benches;
    config = Criterion::default().with_measurement(ThreadCpu);
    targets = cpu
}
criterion_main!(wall_benches, cpu_benches);
