//! The server's list cache (`bns_api::cache::CachedModel`) answers every list route
//! (names pages, `all=true`, namespace pages and counts, unknown namespaces) exactly as
//! the uncached model, on the sample chain, for the first ask and from the cache.

mod common;

use bns_api::cache::CachedModel;
use bns_api::ReadModel;
use std::sync::Arc;

fn list_questions(model: &dyn ReadModel) -> Vec<String> {
    let mut q: Vec<String> = Vec::new();
    for page in ["0", "1", "2", "-1", "x", "99999999", "0&all=true", "1&all=1", "0&all=false"] {
        q.push(format!("/v1/names?page={page}"));
    }
    q.push("/v1/names".into());
    q.push("/v1/blockchains/bitcoin/name_count".into());
    q.push("/v1/blockchains/bitcoin/name_count?all=true".into());
    q.push("/v1/blockchains/nope/name_count".into());
    let mut ids = model.namespace_ids().expect("ids");
    ids.push("nosuchns".into());
    for ns in ids {
        for page in ["0", "1", "5", "-3"] {
            q.push(format!("/v1/namespaces/{ns}/names?page={page}"));
        }
        q.push(format!("/v1/namespaces/{ns}/name_count"));
    }
    q
}

#[test]
fn cached_list_routes_answer_as_the_uncached_model() {
    let memory = common::sample();
    let inner: Arc<dyn ReadModel + Send + Sync> =
        Arc::new(common::replay_dir(&common::sample_dir(), bns_engine::Params::regtest()));
    let cached = CachedModel::new(inner);
    let questions = list_questions(memory);
    let mut non_empty = 0;
    for round in 0..2 {
        for path in &questions {
            let a = bns_api::handle(memory, "GET", path.as_bytes());
            let b = bns_api::handle(&cached, "GET", path.as_bytes());
            assert_eq!(
                (a.status, String::from_utf8_lossy(&a.body)),
                (b.status, String::from_utf8_lossy(&b.body)),
                "{path} (round {round})"
            );
            non_empty += usize::from(a.status == 200 && a.body.len() > 2);
        }
    }
    assert!(non_empty > 20, "only {non_empty} answers with names");
}
