//! The server's kept answers (`bns_api::answers`, through `CachedModel`) are byte-identical
//! to the answers rendered afresh, on a store that `replay` keeps appending to: the
//! operations answer of the tip block and of a block whose preorder is consumed later
//! change after the append, and the cache must not serve the old ones.

mod common;

use bns_api::cache::CachedModel;
use bns_api::store_model::StoreModel;
use bns_api::ReadModel;
use common::{replay_into, sample};
use std::sync::Arc;

/// A block holding a preorder that a registration in a later block (at least two later)
/// consumes, from the sample chain's full replay: (preorder block, registration block).
fn preorder_consumed_later(model: &dyn ReadModel) -> (u32, u32) {
    let tip = model.tip().expect("tip").height;
    for h in model.params().first_block..=tip {
        for row in model.block_ops(h).expect("ops").history {
            if row.op != ":" {
                continue;
            }
            let Some(name) = row.data.get("name").and_then(|v| v.as_str()) else { continue };
            let history = model.history(name).expect("history");
            if let Some(pre) = history.iter().find(|r| r.op == "?" && r.block_id + 2 <= h) {
                return (pre.block_id, h);
            }
        }
    }
    panic!("the sample chain has no preorder consumed two or more blocks later");
}

/// Ask operations, consensus and consensus-block of every block up to `tip + 1`, twice,
/// of the cached and the plain model: same status, content type and bytes.
fn same_answers(cached: &CachedModel, plain: &StoreModel) -> usize {
    let tip = plain.tip().expect("tip").height;
    let mut asked = 0;
    for round in 0..2 {
        for h in plain.params().first_block.saturating_sub(1)..=tip + 1 {
            let mut paths = vec![
                format!("/v1/blockchains/bitcoin/operations/{h}"),
                format!("/v1/blockchains/bitcoin/consensus/{h}"),
            ];
            if let Some(c) = plain.consensus_hash_at(h).expect("hash") {
                paths.push(format!("/v1/blockchains/bitcoin/consensus-block/{}", c.to_hex()));
            }
            for path in paths {
                let a = bns_api::handle(plain, "GET", path.as_bytes());
                let b = bns_api::handle(cached, "GET", path.as_bytes());
                assert!(a.body == b.body, "{path}: body differs");
                assert_eq!(
                    (a.status, a.content_type, String::from_utf8_lossy(&a.body)),
                    (b.status, b.content_type, String::from_utf8_lossy(&b.body)),
                    "{path} at tip {tip} (round {round})"
                );
                asked += 1;
            }
        }
    }
    asked
}

fn ops_body(model: &dyn ReadModel, h: u32) -> Vec<u8> {
    bns_api::handle(model, "GET", format!("/v1/blockchains/bitcoin/operations/{h}").as_bytes()).body.to_vec()
}

#[test]
fn kept_answers_equal_fresh_ones_and_follow_a_growing_store() {
    let (preorder_block, register_block) = preorder_consumed_later(sample());
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    // Tip strictly above the preorder's block and below its registration: the preorder
    // block is buried but still lists an unconsumed preorder.
    let first_tip = register_block - 1;
    replay_into(&store, Some(first_tip));
    let plain = Arc::new(StoreModel::open(&store).expect("open"));
    let cached = CachedModel::new(plain.clone());
    let asked = same_answers(&cached, &plain);
    assert!(asked > 100, "asked {asked}");
    assert!(cached.answer_cache().kept_bytes() > 0, "nothing kept");
    let before_preorder = ops_body(&cached, preorder_block);

    // The same store grows to the end of the sample chain; the kept answers stay (one
    // process cannot open an LMDB environment twice: the model is reopened around the
    // replay, as a server's model would see the new commits).
    let answers = cached.answer_cache().clone();
    drop((cached, plain));
    replay_into(&store, None);
    let plain = Arc::new(StoreModel::open(&store).expect("reopen"));
    let cached = CachedModel::with_answers(plain.clone(), answers);
    let new_tip = plain.tip().expect("tip").height;
    assert!(new_tip > register_block, "tip {new_tip}");
    same_answers(&cached, &plain);
    let after_preorder = ops_body(&cached, preorder_block);
    assert_ne!(before_preorder, after_preorder, "block {preorder_block}: the consumed preorder moved");
    assert_eq!(after_preorder, ops_body(&*plain, preorder_block));
    assert_eq!(ops_body(&cached, first_tip), ops_body(&*plain, first_tip));
}
