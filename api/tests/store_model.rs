//! The store-backed read model answers every route exactly as the in-memory model does
//! on the sample chain (vectors/sample/blocks, regtest), replayed for real with
//! `replay --store` into a format-4 store.

mod common;

use bns_api::store_model::StoreModel;
use bns_api::ReadModel;
use common::{replay_into, sample};

/// Every question the routes answer about the sample chain.
fn questions(model: &dyn ReadModel) -> Vec<String> {
    let mut q: Vec<String> = [
        "/v1/ping",
        "/v1/info",
        "/v1/names?page=0",
        "/v1/names?page=1",
        "/v1/names?page=0&all=true",
        "/v1/namespaces",
        "/v1/blockchains/bitcoin/name_count",
        "/v1/blockchains/bitcoin/name_count?all=true",
        "/v1/blockchains/bitcoin/consensus",
        "/v1/names/nosuch.id",
        "/v1/names/BAD",
        "/x/v1/status",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let tip = model.tip().expect("tip").height;
    let first = model.params().first_block;
    for h in first.saturating_sub(2)..=tip + 1 {
        q.push(format!("/v1/blockchains/bitcoin/operations/{h}"));
        q.push(format!("/v1/blockchains/bitcoin/consensus/{h}"));
        if let Some(c) = model.consensus_hash_at(h).expect("hash") {
            q.push(format!("/v1/blockchains/bitcoin/consensus-block/{}", hex::encode(c.0)));
        }
        for op in model.block_ops(h).expect("ops").history {
            q.push(format!("/v1/blockchains/bitcoin/transactions/{}", op.txid));
            q.push(format!("/x/v1/transactions/{}", op.txid));
        }
    }
    for ns in model.namespace_ids().expect("ids") {
        q.push(format!("/v1/namespaces/{ns}"));
        q.push(format!("/v1/namespaces/{ns}/names?page=0"));
        q.push(format!("/v1/namespaces/{ns}/name_count"));
        q.push(format!("/v1/prices/namespaces/{ns}"));
        q.push(format!("/x/v1/namespaces/{ns}/at/{tip}"));
        q.push(format!("/x/v1/namespaces/{ns}/at/{first}"));
    }
    let mut names = Vec::new();
    model
        .visit_names(None, None, &mut |r| {
            names.push((r.name.clone(), r.address.clone()));
            true
        })
        .expect("names");
    for (name, address) in names {
        q.push(format!("/v1/names/{name}"));
        q.push(format!("/v1/names/{name}/history?page=0"));
        q.push(format!("/v1/names/{name}/history?page=1"));
        q.push(format!("/v1/blockchains/bitcoin/names/{name}"));
        q.push(format!("/v1/prices/names/{name}"));
        q.push(format!("/v1/addresses/bitcoin/{address}"));
        q.push(format!("/v1/accounts/{address}/tokens"));
        q.push(format!("/v1/accounts/{address}/history?page=0"));
        q.push(format!("/v1/accounts/{address}/STACKS/balance"));
        q.push(format!("/v1/dids/did:stack:v0:{address}-0"));
        q.push(format!("/?name={name}"));
        q.push(format!("/x/v1/names/{name}/history"));
        q.push(format!("/x/v1/names/{name}/at/{}", first + 20));
        q.push(format!("/x/v1/names/{name}/at/{tip}"));
    }
    q.push("/".to_string());
    q
}

fn same_answers(store_model: &StoreModel, memory: &dyn ReadModel) -> usize {
    let qs = questions(memory);
    for path in &qs {
        let a = bns_api::handle(memory, "GET", path.as_bytes());
        let b = bns_api::handle(store_model, "GET", path.as_bytes());
        assert_eq!(
            (a.status, String::from_utf8_lossy(&a.body)),
            (b.status, String::from_utf8_lossy(&b.body)),
            "{path}"
        );
    }
    qs.len()
}

#[test]
fn store_model_answers_as_the_in_memory_model_on_the_sample() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    replay_into(&store, None);
    let model = StoreModel::open(&store).expect("open store");
    let asked = same_answers(&model, sample());
    assert!(asked > 2000, "asked {asked}");
}

/// A store whose chain has not reached FIRST yet answers as the reference's fresh
/// database does (checked with `scripts/api-vs-oracle.sh` on a 64 MiB bulk chain that
/// ends below FIRST: 0 differences): the genesis consensus hash and the STX genesis
/// accounts, not an all-zero hash and no accounts; and the store's own rows once a
/// block is committed.
#[test]
fn a_store_below_first_answers_with_the_genesis_state_then_its_own_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    // What `replay` leaves when every block of the chain lies below FIRST: a store with
    // its parameters and no block.
    let identity =
        bns_store::Identity::of_params(&bns_engine::Params::regtest(), "regtest", "built-in regtest")
            .expect("id");
    drop(bns_store::LmdbStore::open_writer(&store, &identity).expect("create store"));
    let model = StoreModel::open(&store).expect("open store");
    assert_eq!(model.tip().expect("tip").consensus_hash.0, [0; 16], "nothing committed below FIRST");
    let fresh = bns_api::InMemoryModel::new(bns_engine::Params::regtest());
    let mut asked = same_answers(&model, &fresh);
    // Genesis accounts of the regtest parameters (what the reference answered).
    for address in ["mhXL5fyefC9LceAkDdcwSKmyqYZeHbrTsN", "mmHS2KJ2pUv3ZAi9XNKW796xboq6Y8WCYH"] {
        for route in ["tokens", "history?page=0", "STACKS/balance", "STACKS/status"] {
            let path = format!("/v1/accounts/{address}/{route}");
            let a = bns_api::handle(&fresh, "GET", path.as_bytes());
            let b = bns_api::handle(&model, "GET", path.as_bytes());
            assert_eq!(a.status, 200, "{path}: {}", String::from_utf8_lossy(&a.body));
            assert_eq!((a.status, &a.body), (b.status, &b.body), "{path}");
            asked += 1;
        }
    }
    let consensus = bns_api::handle(&model, "GET", b"/v1/blockchains/bitcoin/consensus");
    let genesis = hex::encode(bns_engine::params::GENESIS_CONSENSUS_HASH);
    assert!(String::from_utf8_lossy(&consensus.body).contains(&genesis), "{asked} asked");

    // Once blocks are committed the store answers (one LMDB environment per process:
    // the model is closed first; `replay/tests/serve.rs` follows a growing store live).
    drop(model);
    replay_into(&store, None);
    let model = StoreModel::open(&store).expect("reopen store");
    let after = bns_api::handle(&model, "GET", b"/v1/blockchains/bitcoin/consensus");
    let expected = bns_api::handle(sample(), "GET", b"/v1/blockchains/bitcoin/consensus");
    assert_eq!(after.body, expected.body);
}
