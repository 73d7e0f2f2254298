//! Our own routes under `/x/v1` (never changing a `/v1` answer):
//!
//! * `GET /x/v1/status` — tip height and consensus hash, network, first block.
//! * `GET /x/v1/names/{name}/at/{height}` — the name's state as of a height (the last
//!   history row at or below it, as the reference's history shows states).
//! * `GET /x/v1/namespaces/{id}/at/{height}` — the same for a namespace.
//! * `GET /x/v1/names/{name}/history` — every history row, oldest first, no paging.
//! * `GET /x/v1/transactions/{txid}` — accepted / rejected (with the engine's reason) /
//!   unknown.
//! * `GET /x/v1/names/{name}/migration` — was the name exported to Stacks 2.0, with
//!   which owner, and why not (bns-export's `MigrationAnswer`, as `replay name NAME
//!   --migration` prints it); 404 with the same shape for a name never registered.

use crate::memory::opcode_of_op;
use crate::model::{ModelError, ReadModel, TxFate};
use crate::reply::Reply;
use crate::request::Target;
use serde::Serialize;
use serde_json::{json, Value};

fn err(status: u16, msg: &str) -> Reply {
    Reply::json(status, &json!({ "error": msg }))
}

#[derive(Serialize)]
struct Status {
    tip_height: u32,
    consensus_hash: String,
    network: String,
    params: String,
    first_block: u32,
}

#[derive(Serialize)]
struct Row {
    block_id: u32,
    vtxindex: u32,
    txid: String,
    opcode: &'static str,
    state: serde_json::Map<String, Value>,
}

pub fn answer(model: &dyn ReadModel, method: &str, target: &Target) -> Reply {
    if method != "GET" {
        return err(405, "Only GET");
    }
    match route(model, target) {
        Ok(r) => r,
        Err(e) => err(500, &e.to_string()),
    }
}

fn parse_height(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn state_at(model: &dyn ReadModel, id: &str, h: &str) -> Result<Reply, ModelError> {
    let Some(height) = parse_height(h) else {
        return Ok(err(400, "Invalid height"));
    };
    let rows = model.history(id)?;
    let row = rows.iter().rev().find(|r| r.block_id <= height && r.op != "?" && r.op != "*");
    Ok(match row {
        Some(r) => Reply::json(
            200,
            &Row {
                block_id: r.block_id,
                vtxindex: r.vtxindex,
                txid: r.txid.clone(),
                opcode: opcode_of_op(&r.op),
                state: r.data.clone(),
            },
        ),
        None => err(404, "No state at or below this height"),
    })
}

/// The name's fate in the Stacks 2.0 export, read from its record, its namespace's
/// record and its history (the block of its last revoke).
fn migration(model: &dyn ReadModel, name: &str) -> Result<Reply, ModelError> {
    if !crate::reference::check_name(name) {
        return Ok(err(400, "Invalid name"));
    }
    let params = model.params();
    let state_height = bns_export::migration::state_height_for(params, model.tip()?.height);
    let rec = model.name(name)?;
    let ns = match &rec {
        Some(r) => model.namespace(&r.namespace_id)?,
        None => None,
    };
    let rows = model.history(name)?;
    let revoke_height =
        rows.iter().rev().find(|r| r.op == "~" && r.block_id <= state_height).map(|r| r.block_id);
    let answer =
        bns_export::migration::answer(params, state_height, name, rec.as_ref(), ns.as_ref(), revoke_height);
    Ok(Reply::json(if rec.is_some() { 200 } else { 404 }, &answer))
}

fn route(model: &dyn ReadModel, target: &Target) -> Result<Reply, ModelError> {
    let segs: Vec<&str> = target.path.split('/').collect();
    Ok(match segs.as_slice() {
        ["", "x", "v1", "status"] => {
            let tip = model.tip()?;
            let params = model.params();
            Reply::json(
                200,
                &Status {
                    tip_height: tip.height,
                    consensus_hash: tip.consensus_hash.to_hex(),
                    network: format!("{:?}", params.network).to_lowercase(),
                    params: params.name.clone(),
                    first_block: params.first_block,
                },
            )
        }
        ["", "x", "v1", "names", name, "at", h] => state_at(model, name, h)?,
        ["", "x", "v1", "namespaces", id, "at", h] => state_at(model, id, h)?,
        ["", "x", "v1", "names", name, "history"] => {
            let rows: Vec<Row> = model
                .history(name)?
                .into_iter()
                .map(|r| Row {
                    block_id: r.block_id,
                    vtxindex: r.vtxindex,
                    txid: r.txid,
                    opcode: opcode_of_op(&r.op),
                    state: r.data,
                })
                .collect();
            if rows.is_empty() {
                err(404, "No history")
            } else {
                Reply::json(200, &rows)
            }
        }
        ["", "x", "v1", "names", name, "migration"] => migration(model, name)?,
        ["", "x", "v1", "transactions", txid] => {
            let txid = txid.to_ascii_lowercase();
            if txid.len() != 64 || !txid.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Ok(err(400, "Invalid txid"));
            }
            let status = model.tx_status(&txid)?;
            let body = match status.fate {
                TxFate::Accepted { height, vtxindex, op } => json!({
                    "txid": txid, "status": "accepted", "block_height": height, "vtxindex": vtxindex,
                    "op": op, "opcode": opcode_of_op(&op),
                }),
                TxFate::Rejected { height, vtxindex, opcode, reason } => json!({
                    "txid": txid, "status": "rejected", "block_height": height, "vtxindex": vtxindex,
                    "opcode": opcode, "reason": reason,
                }),
                TxFate::Unknown => json!({ "txid": txid, "status": "unknown" }),
            };
            Reply::json(200, &body)
        }
        _ => err(404, "No such endpoint"),
    })
}
