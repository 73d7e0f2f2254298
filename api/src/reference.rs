//! The reference's `/v1` (and `/v2/prices`) routes: validation order, statuses, error
//! bodies and success shapes of Blockstack Core 22.0.0.0 (read-side spec §2–§15).
//!
//! Where the reference answers a request with a 5xx because of its own defects (the
//! operations 503, account history 502 for genesis-typed rows), these handlers answer
//! correctly instead; README lists them.

use crate::answers::{AnswerKey, Rendered, Validity};
use crate::cache::{ListKey, NameList};
use crate::json;
use crate::memory::opcode_of_op;
use crate::model::{HistoryRow, ModelError, ReadModel, Tip};
use crate::reply::Reply;
use crate::request::{py_int, Target};
use bns_engine::address::{base58check_decode, base58check_encode};
use bns_engine::params::reencode_address;
use bns_engine::price::{name_price, namespace_price, NamespaceCurve, Price as EnginePrice, Units};
use bns_engine::rules::lifetime::{namespace_revealed_at, record_alive_at};
use bns_engine::state::{NameRecord, NamespaceRecord};
use bns_engine::{ConsensusHash, Network};
use serde_json::{Map, Value};

pub const SERVER_VERSION: &str = "22.0.0.0";
const NAMESPACE_LIFE_INFINITE: u32 = 0xffff_ffff;
const EXCEPTION: &str = "Blockstack Core encountered an exception. See `traceback` for details";

/// `[a-zA-Z0-9\-_.~%]{1,max}`.
fn is_u(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'%'))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_hex_len(s: &str, len: usize, upper_ok: bool) -> bool {
    s.len() == len
        && s.bytes().all(|b| {
            b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || (upper_ok && (b'A'..=b'F').contains(&b))
        })
}

fn name_chars(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// `check_namespace`.
pub fn check_namespace(ns: &str) -> bool {
    (1..=19).contains(&ns.len()) && name_chars(ns)
}

/// `check_name`.
pub fn check_name(name: &str) -> bool {
    if name.len() > 37 || name.bytes().filter(|b| *b == b'.').count() != 1 {
        return false;
    }
    match name.split_once('.') {
        Some((label, ns)) => !label.is_empty() && name_chars(label) && check_namespace(ns),
        None => false,
    }
}

/// `check_subdomain`: `label.name.ns`.
pub fn check_subdomain(name: &str) -> bool {
    if name.bytes().filter(|b| *b == b'.').count() != 2 {
        return false;
    }
    match name.split_once('.') {
        Some((label, rest)) => {
            !label.is_empty()
                && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_+".contains(&b))
                && check_name(rest)
        }
        None => false,
    }
}

/// `check_address`: 26–35 base58 characters that base58check-decode.
pub fn check_address(addr: &str) -> bool {
    (26..=35).contains(&addr.len()) && base58check_decode(addr).is_some()
}

/// `check_account_address` (c32 addresses are converted to base58 by the caller).
fn account_address(addr: &str) -> Option<String> {
    if addr == "treasury" || addr == "unallocated" {
        return Some(addr.to_string());
    }
    if let Some(rest) = addr.strip_prefix("not_distributed_") {
        return (!rest.is_empty()).then(|| addr.to_string());
    }
    if let Some(b58) = crate::c32::c32_to_b58(addr) {
        return Some(b58);
    }
    check_address(addr).then(|| addr.to_string())
}

/// `check_token_type`.
fn check_token_type(t: &str) -> bool {
    t == "STACKS" || check_namespace(t)
}

/// `check_block`: 1 (test mode) or 373601 (mainnet) ≤ h ≤ 10,000,000.
fn check_block(model: &dyn ReadModel, h: &str) -> Option<u32> {
    let v = py_int(h)?;
    let low = if model.params().network == Network::Mainnet { 373_601 } else { 1 };
    (low..=10_000_000).contains(&v).then_some(v as u32)
}

fn err(status: u16, msg: &str) -> Reply {
    Reply::json(status, &json::Error { error: msg })
}

pub(crate) fn internal(e: ModelError) -> Reply {
    err(500, &e.to_string())
}

/// The reference's whole answer to one request.
pub fn answer(model: &dyn ReadModel, method: &str, target: &Target) -> Reply {
    let path = target.path.as_str();
    if method == "OPTIONS" {
        if path.starts_with("/v1/") || path.starts_with("/v2/") {
            return Reply::preflight();
        }
        return err(404, "No such endpoint");
    }
    if method != "GET" {
        return err(404, "No such endpoint");
    }
    match route(model, target) {
        Ok(r) => r,
        Err(e) => internal(e),
    }
}

/// `$` also matches before one final newline.
fn dollar(path: &str) -> &str {
    path.strip_suffix('\n').unwrap_or(path)
}

fn route(model: &dyn ReadModel, target: &Target) -> Result<Reply, ModelError> {
    let q = &target.query;
    let full = target.path.as_str();
    // Patterns without `$`: any suffix matches.
    {
        let segs: Vec<&str> = full.splitn(5, '/').collect();
        if segs.len() == 5 && segs[0].is_empty() && segs[1] == "v1" && segs[2] == "blockchains" {
            if is_u(segs[3], 40) && segs[4].starts_with("name_count") {
                return chain_name_count(model, segs[3], q);
            }
            if is_u(segs[3], 256) && segs[4].starts_with("subdomains_count") {
                if segs[3] != "bitcoin" {
                    return Ok(err(404, "Unsupported blockchain"));
                }
                return Ok(err(
                    404,
                    "Server response did not match expected schema.  You are likely communicating with an out-of-date Blockstack node.",
                ));
            }
        }
    }
    let path = dollar(full);
    let segs: Vec<&str> = path.split('/').collect();
    if segs.first() != Some(&"") {
        return Ok(not_found());
    }
    let s = &segs[1..];
    Ok(match s {
        ["v1", "ping"] | ["v1", "node", "ping"] => {
            Reply::json(200, &json::Ping { status: "alive", version: SERVER_VERSION })
        }
        ["v1", "info"] => info(model)?,
        ["v1", "meminfo"] => Reply::empty(500, "text/plain"),
        ["v1", "addresses", chain, addr] if is_u(chain, 256) && is_u(addr, 40) => {
            addresses(model, addr, chain)?
        }
        ["v1", "accounts", addr, "tokens"] if is_u(addr, 256) => account_tokens(model, addr)?,
        ["v1", "accounts", addr, "history", h] if is_u(addr, 256) && is_digits(h) => {
            account_at(model, addr, h)?
        }
        ["v1", "accounts", addr, "history"] if is_u(addr, 256) => account_history(model, addr, q)?,
        ["v1", "accounts", addr, token, "status"] if is_u(addr, 256) && is_u(token, 40) => {
            account_status(model, addr, token)?
        }
        ["v1", "accounts", addr, token, "balance"] if is_u(addr, 256) && is_u(token, 40) => {
            account_balance(model, addr, token)?
        }
        ["v1", "blockchains", chain, "operations", h] if is_u(chain, 40) && is_digits(h) => {
            operations(model, chain, h)?
        }
        ["v1", "blockchains", chain, "names", name] if is_u(chain, 40) && is_u(name, 40) => {
            blockchain_name(model, chain, name)?
        }
        ["v1", "blockchains", chain, "consensus"] if is_u(chain, 40) => {
            if *chain != "bitcoin" {
                err(404, "Unsupported blockchain")
            } else {
                let tip = model.tip()?;
                Reply::json(200, &json::Consensus { consensus_hash: tip.consensus_hash.to_hex() })
            }
        }
        ["v1", "blockchains", chain, "consensus", h] if is_u(chain, 40) && is_digits(h) => {
            consensus_at(model, chain, h)?
        }
        ["v1", "blockchains", chain, "consensus-block", ch]
            if is_u(chain, 40) && is_hex_len(ch, 32, false) =>
        {
            consensus_block(model, chain, ch)?
        }
        ["v1", "blockchains", chain, "transactions", txid]
            if is_u(chain, 40) && is_hex_len(txid, 64, false) =>
        {
            transaction(model, chain, txid)?
        }
        ["v1", "dids", did] if did_shape(did) => did_route(model, did)?,
        ["v1", "names"] => names_list(model, q)?,
        ["v1", "names", name] if is_u(name, 256) => name_info(model, name)?,
        ["v1", "names", name, "history"] if is_u(name, 256) => name_history(model, name, q)?,
        ["v1", "names", name, "zonefile"] if is_u(name, 256) => name_zonefile(model, name, raw_arg(q))?,
        ["v1", "names", name, "zonefile", h] if is_u(name, 256) && is_hex_len(h, 40, true) => {
            name_zonefile_by_hash(model, name, h, raw_arg(q))?
        }
        ["v1", "namespaces"] => namespaces(model)?,
        ["v1", "namespaces", ns] if is_u(ns, 40) => namespace_info(model, ns)?,
        ["v1", "namespaces", ns, "names"] if is_u(ns, 40) => namespace_names(model, ns, q)?,
        ["v1", "namespaces", ns, "name_count"] if is_u(ns, 40) => namespace_name_count(model, ns)?,
        ["v1" | "v2", "prices", "namespaces", ns] if is_u(ns, 40) => namespace_price_route(model, ns)?,
        ["v1" | "v2", "prices", "names", name] if is_u(name, 256) => name_price_route(model, name)?,
        ["v1", "subdomains"] => match page_arg(q) {
            Ok(_) => Reply::json(200, &Vec::<String>::new()),
            Err(r) => r,
        },
        ["v1", "subdomains", h] if is_hex_len(h, 64, true) => Reply::json(200, &Vec::<String>::new()),
        ["v1", "users", name] if is_u(name, 256) => user(model, name)?,
        ["v1", "zonefiles", h] if is_hex_len(h, 40, true) => zonefile(model, h)?,
        ["insight-api", "addr", a, "balance" | "unconfirmedBalance" | "utxo"] if is_u(a, 40) => {
            Reply::empty(404, "text/plain")
        }
        _ => not_found(),
    })
}

fn not_found() -> Reply {
    err(404, "No such endpoint")
}

fn info(model: &dyn ReadModel) -> Result<Reply, ModelError> {
    let tip = model.tip()?;
    Ok(Reply::json(
        200,
        &json::Info {
            last_block_seen: tip.height,
            consensus: tip.consensus_hash.to_hex(),
            server_version: SERVER_VERSION,
            last_block_processed: tip.height,
            server_alive: true,
            indexing: false,
            testnet: model.params().network != Network::Mainnet,
            first_block: model.params().first_block,
            zonefile_count: Some(model.zonefile_count()?).filter(|n| *n > 0),
        },
    ))
}

/// The namespace a name's record is read against: READY, else a live reveal.
fn record_namespace(
    model: &dyn ReadModel,
    ns_id: &str,
    tip: u32,
) -> Result<Option<NamespaceRecord>, ModelError> {
    Ok(model.namespace(ns_id)?.filter(|ns| ns.is_ready() || namespace_revealed_at(ns, tip, model.params())))
}

/// (expire_block, renewal_deadline) at the tip (§4.1 step 3).
fn deadlines(model: &dyn ReadModel, rec: &NameRecord, ns: &NamespaceRecord, tip: u32) -> (i64, i64) {
    if ns.lifetime == NAMESPACE_LIFE_INFINITE || !ns.is_ready() {
        return (-1, -1);
    }
    let epoch = model.params().epoch_at(tip);
    let eb = i64::from(ns.ready_block.max(rec.last_renewed))
        + i64::from(ns.lifetime) * i64::from(epoch.lifetime_multiplier);
    (eb, eb + i64::from(epoch.grace_period))
}

/// The DID of a name (§13.1).
pub fn name_did(model: &dyn ReadModel, name: &str) -> Result<Option<String>, ModelError> {
    let history = model.history(name)?;
    let Some(row) = history.iter().rev().find(|r| r.creator_address.is_some()) else {
        return Ok(None);
    };
    let creator = row.creator_address.clone().unwrap_or_default();
    let index = model
        .creations_by(&creator)?
        .iter()
        .filter(|c| (c.block_id, c.vtxindex) <= (row.block_id, row.vtxindex))
        .count();
    let Some(index) = index.checked_sub(1) else {
        return Ok(None);
    };
    Ok(Some(format!("did:stack:v0:{}-{}", reencode_address(&creator, model.params()), index)))
}

/// What a name lookup found (the client's expiry test applied, grace allowed).
enum Lookup {
    Missing,
    /// Namespace neither ready nor a live reveal: the reference raises.
    Crash,
    Expired,
    Found {
        rec: Box<NameRecord>,
        eb: i64,
        rd: i64,
        tip: Tip,
    },
}

fn lookup(model: &dyn ReadModel, name: &str) -> Result<Lookup, ModelError> {
    let Some(rec) = model.name(name)? else {
        return Ok(Lookup::Missing);
    };
    let tip = model.tip()?;
    let Some(ns) = record_namespace(model, &rec.namespace_id, tip.height)? else {
        return Ok(Lookup::Crash);
    };
    let (eb, rd) = deadlines(model, &rec, &ns, tip.height);
    if rd > 0 && i64::from(tip.height) >= rd {
        return Ok(Lookup::Expired);
    }
    Ok(Lookup::Found { rec: Box::new(rec), eb, rd, tip })
}

fn name_info(model: &dyn ReadModel, name: &str) -> Result<Reply, ModelError> {
    if !check_name(name) {
        if check_subdomain(name) {
            let parent = name.split_once('.').map(|(_, p)| p).unwrap_or_default();
            let more = match lookup(model, parent)? {
                Lookup::Found { .. } => "failed to find parent domain's resolver",
                _ => "failed to look up parent domain",
            };
            return Ok(Reply::json(404, &json::Available { status: "available", more: Some(more) }));
        }
        return Ok(err(400, "Invalid name or subdomain"));
    }
    Ok(match lookup(model, name)? {
        Lookup::Missing => Reply::json(404, &json::Available { status: "available", more: None }),
        Lookup::Crash => err(500, &format!("Blockstack daemon error: {EXCEPTION}")),
        Lookup::Expired => err(404, "Name expired"),
        Lookup::Found { rec, eb, rd, tip } => {
            let t = i64::from(tip.height);
            let zonefile = match stored_zonefile(model, rec.value_hash.as_deref())? {
                None => None,
                Some(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => Some(text),
                    Err(_) => return Ok(Reply::empty(500, "text/plain")),
                },
            };
            Reply::json(
                200,
                &json::NameInfo {
                    status: if rec.revoked { "revoked" } else { "registered" },
                    zonefile,
                    zonefile_hash: rec.value_hash.clone(),
                    address: reencode_address(&rec.address, model.params()),
                    last_txid: rec.txid.clone(),
                    blockchain: "bitcoin",
                    expire_block: eb,
                    renewal_deadline: rd,
                    grace_period: rd > 0 && eb <= t && t < rd,
                    resolver: None,
                    did: name_did(model, name)?,
                },
            )
        }
    })
}

/// The stored zone file of a value hash (an empty file counts as absent, §14).
fn stored_zonefile(model: &dyn ReadModel, hash: Option<&str>) -> Result<Option<Vec<u8>>, ModelError> {
    let Some(h) = hash else { return Ok(None) };
    Ok(model.zonefile(h)?.filter(|b| !b.is_empty()))
}

/// `raw=1` / `raw=true` (any case) on the zone-file routes.
fn raw_arg(q: &std::collections::BTreeMap<String, String>) -> bool {
    q.get("raw").is_some_and(|v| v.eq_ignore_ascii_case("1") || v.eq_ignore_ascii_case("true"))
}

/// The reference JSON-encodes zone-file text as a Python 2 byte string: bytes that are
/// not UTF-8 make `json.dumps` raise inside the handler (500, text/plain, empty body).
fn zonefile_json(bytes: Vec<u8>) -> Reply {
    match String::from_utf8(bytes) {
        Ok(zonefile) => Reply::json(200, &json::ZonefileJson { zonefile }),
        Err(_) => Reply::empty(500, "text/plain"),
    }
}

/// `op_fee` of a record as the record routes show it: float for a NAME_IMPORT,
/// otherwise what SQLite reads back from the INTEGER column.
fn record_op_fee(rec: &NameRecord) -> Value {
    let f = rec.op_fee.as_float();
    if rec.op == ";" {
        return serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number);
    }
    match rec.op_fee {
        bns_engine::state::OpFee::Int(v) => Value::from(v),
        bns_engine::state::OpFee::Float(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Value::from(x as i64),
        bns_engine::state::OpFee::Float(x) => {
            serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
        }
    }
}

pub fn record_json(
    model: &dyn ReadModel,
    rec: &NameRecord,
    eb: i64,
    rd: i64,
    tip: u32,
) -> Result<json::NameRecordJson, ModelError> {
    let t = i64::from(tip);
    let name_consensus_hash = if rec.op == "+" {
        rec.consensus_hash
            .as_deref()
            .and_then(ConsensusHash::from_hex)
            .map(|ch| hex::encode(bns_engine::hashes::name_consensus_hash(&rec.name, &ch)))
    } else {
        None
    };
    let keep_data = match rec.op.as_str() {
        ">>" => Some(true),
        ">~" => Some(false),
        _ => None,
    };
    let zonefile = match rec.value_hash.as_deref() {
        Some(h) => model.zonefile(h)?.filter(|b| !b.is_empty()).map(|b| base64_encode(&b)),
        None => None,
    };
    Ok(json::NameRecordJson {
        name: rec.name.clone(),
        preorder_hash: rec.preorder_hash.clone(),
        name_hash128: rec.name_hash128.clone(),
        namespace_id: rec.namespace_id.clone(),
        namespace_block_number: rec.namespace_block_number,
        value_hash: rec.value_hash.clone(),
        sender: rec.sender.clone(),
        sender_pubkey: rec.sender_pubkey.clone(),
        address: rec.address.clone(),
        block_number: rec.block_number,
        preorder_block_number: rec.preorder_block_number,
        first_registered: rec.first_registered,
        last_renewed: rec.last_renewed,
        revoked: rec.revoked,
        op: rec.op.clone(),
        txid: rec.txid.clone(),
        vtxindex: rec.vtxindex,
        op_fee: record_op_fee(rec),
        importer: rec.importer.clone(),
        importer_address: rec.importer_address.clone(),
        consensus_hash: rec.consensus_hash.clone(),
        token_fee: rec.token_fee.clone(),
        opcode: opcode_of_op(&rec.op),
        name_consensus_hash,
        keep_data,
        expire_block: eb,
        renewal_deadline: rd,
        expired: eb > 0 && eb <= t,
        grace_period: rd > 0 && eb <= t && t < rd,
        resolver: None,
        did: name_did(model, &rec.name)?,
        zonefile,
    })
}

fn base64_encode(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn blockchain_name(model: &dyn ReadModel, chain: &str, name: &str) -> Result<Reply, ModelError> {
    if !check_name(name) && !check_subdomain(name) {
        return Ok(err(400, "Invalid name or subdomain"));
    }
    if chain != "bitcoin" {
        return Ok(err(404, "Unsupported blockchain"));
    }
    if !check_name(name) {
        return Ok(err(404, "Failed to load subdomain"));
    }
    Ok(match lookup(model, name)? {
        Lookup::Missing => err(404, "Not found."),
        Lookup::Crash => err(500, EXCEPTION),
        Lookup::Expired => err(404, "Name expired"),
        Lookup::Found { rec, eb, rd, tip } => {
            Reply::json(200, &record_json(model, &rec, eb, rd, tip.height)?)
        }
    })
}

/// Group rows (already in the wanted order) by block: `{"<block>": [state, …]}`.
fn by_block(rows: impl IntoIterator<Item = HistoryRow>) -> Map<String, Value> {
    let mut out = Map::new();
    for row in rows {
        let entry = out.entry(row.block_id.to_string()).or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = entry {
            list.push(Value::Object(row.data));
        }
    }
    out
}

fn name_history(
    model: &dyn ReadModel,
    name: &str,
    q: &std::collections::BTreeMap<String, String>,
) -> Result<Reply, ModelError> {
    if !check_name(name) && !check_subdomain(name) {
        return Ok(err(400, "Invalid name or subdomain"));
    }
    let page = q.get("page").map_or("0", String::as_str);
    let page = match (page.len() < 10).then(|| py_int(page)).flatten() {
        Some(p) if (0..=i128::from(u32::MAX)).contains(&p) => p as usize,
        _ => return Ok(err(400, "Invalid page")),
    };
    if !check_name(name) {
        return Ok(err(404, "Not found"));
    }
    let rows = model.history(name)?;
    // ORDER BY block_id DESC, vtxindex DESC LIMIT (p+1)*20 OFFSET p*20.
    let picked: Vec<HistoryRow> =
        rows.into_iter().rev().skip(page.saturating_mul(20)).take((page + 1) * 20).collect();
    if picked.is_empty() {
        return Ok(err(404, "Not found"));
    }
    Ok(Reply::json(200, &by_block(picked)))
}

fn name_zonefile(model: &dyn ReadModel, name: &str, raw: bool) -> Result<Reply, ModelError> {
    if !check_name(name) && !check_subdomain(name) {
        return Ok(err(400, "Invalid name or subdomain"));
    }
    if !check_name(name) {
        return Ok(err(404, "Failed to load subdomain"));
    }
    Ok(match lookup(model, name)? {
        Lookup::Missing => err(404, "Not found."),
        // The handler passes the back-plane's error on as is (no "daemon error" prefix).
        Lookup::Crash => err(500, EXCEPTION),
        Lookup::Expired => err(404, "Name expired"),
        Lookup::Found { rec, .. } => match stored_zonefile(model, rec.value_hash.as_deref())? {
            None => err(404, "No zone file for name"),
            Some(bytes) if raw => Reply::bytes(200, "application/octet-stream", bytes),
            Some(bytes) if crate::zonefile_check::decodes(&bytes) => zonefile_json(bytes),
            // Status 200 (the reference's default) with an error body.
            Some(_) => err(200, "Non-standard zone file.  Try passing raw=1 to get the raw zone file."),
        },
    })
}

fn name_zonefile_by_hash(
    model: &dyn ReadModel,
    name: &str,
    hash: &str,
    raw: bool,
) -> Result<Reply, ModelError> {
    if !check_name(name) && !check_subdomain(name) {
        return Ok(err(400, "Invalid name or subdomain"));
    }
    let set =
        model.history(name)?.iter().any(|r| r.data.get("value_hash").and_then(Value::as_str) == Some(hash));
    if !set {
        return Ok(err(404, "No such zonefile"));
    }
    Ok(match stored_zonefile(model, Some(hash))? {
        Some(bytes) if raw => Reply::bytes(200, "application/octet-stream", bytes),
        Some(bytes) if crate::zonefile_check::decodes(&bytes) => zonefile_json(bytes),
        // 204 with a JSON error body, which HTTP drops: clients see an empty 204.
        Some(_) => Reply::empty(204, "application/json"),
        None if model.zonefile_count()? > 0 => {
            err(404, "Blockstack does not have this zonefile.  Try again later.")
        }
        // Atlas off: the back-plane answers "No data" for any zone-file request.
        None => err(400, "No data"),
    })
}

fn zonefile(model: &dyn ReadModel, hash: &str) -> Result<Reply, ModelError> {
    Ok(match stored_zonefile(model, Some(hash))? {
        Some(bytes) => Reply::bytes(200, "application/octet-stream", bytes),
        None if model.zonefile_count()? > 0 => {
            err(404, "Blockstack node does not have this zonefile.  Try again later.")
        }
        None => err(400, "No data"),
    })
}

/// `page` for the list routes (§8.3): required, Python int, ≥ 0.
fn page_arg(q: &std::collections::BTreeMap<String, String>) -> Result<u64, Reply> {
    let Some(page) = q.get("page") else {
        return Err(err(400, "page= argument required"));
    };
    match py_int(page) {
        Some(p) if p >= 0 => Ok(u64::try_from(p).unwrap_or(u64::MAX)),
        _ => Err(err(400, "Invalid page= value")),
    }
}

/// Alive at the tip by the list predicate (grace and revoked included).
fn alive(model: &dyn ReadModel, rec: &NameRecord, tip: u32, cache: &mut NsCache) -> Result<bool, ModelError> {
    Ok(match cache.get(model, &rec.namespace_id)? {
        Some(ns) => record_alive_at(rec, &ns, tip, model.params()),
        None => false,
    })
}

/// Namespace rows looked up once per request.
#[derive(Default)]
struct NsCache(std::collections::HashMap<String, Option<NamespaceRecord>>);

impl NsCache {
    fn get(&mut self, model: &dyn ReadModel, id: &str) -> Result<Option<NamespaceRecord>, ModelError> {
        if let Some(v) = self.0.get(id) {
            return Ok(v.clone());
        }
        let v = model.namespace(id)?;
        self.0.insert(id.to_string(), v.clone());
        Ok(v)
    }
}

/// Names in name order, alive (or, with `all`, every row joined to a namespace): from
/// the model's list cache when it has one, else visiting every name row.
fn name_list(model: &dyn ReadModel, namespace: Option<&str>, all: bool) -> Result<NameList, ModelError> {
    if let Some(id) = namespace {
        // Every name of a namespace without a row fails both predicates: no scan.
        if model.namespace(id)?.is_none() {
            return Ok(NameList::default());
        }
    }
    let Some(cache) = model.name_lists() else {
        return Ok(NameList::new(scan_names(model, namespace, all)?));
    };
    let key = ListKey { namespace: namespace.map(str::to_string), all };
    cache.get_or_compute(model.tip()?, &key, || scan_names(model, namespace, all))
}

/// [`name_list`] computed: every name row visited, in name order.
fn scan_names(model: &dyn ReadModel, namespace: Option<&str>, all: bool) -> Result<Vec<String>, ModelError> {
    let tip = model.tip()?.height;
    let mut cache = NsCache::default();
    let mut out = Vec::new();
    let mut failure = None;
    model.visit_names(namespace, None, &mut |rec| {
        let keep = if all {
            match cache.get(model, &rec.namespace_id) {
                Ok(ns) => ns.is_some(),
                Err(e) => {
                    failure = Some(e);
                    return false;
                }
            }
        } else {
            match alive(model, rec, tip, &mut cache) {
                Ok(a) => a,
                Err(e) => {
                    failure = Some(e);
                    return false;
                }
            }
        };
        if keep {
            out.push(rec.name.clone());
        }
        true
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(out)
}

/// One page of a list: `count` names from `offset`.
fn page_of(list: &[String], offset: u64, count: usize) -> &[String] {
    let start = usize::try_from(offset).unwrap_or(usize::MAX).min(list.len());
    let end = start.saturating_add(count).min(list.len());
    list.get(start..end).unwrap_or_default()
}

fn names_list(
    model: &dyn ReadModel,
    q: &std::collections::BTreeMap<String, String>,
) -> Result<Reply, ModelError> {
    let page = match page_arg(q) {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    let all = q.get("all").is_some_and(|v| matches!(v.to_lowercase().as_str(), "1" | "true"));
    // The reference overflows XML-RPC for offsets > 2^31-1 and answers 500; past the
    // end is simply an empty page.
    let offset = page.saturating_mul(100);
    let list = name_list(model, None, all)?;
    Ok(Reply::json(200, &page_of(&list, offset, 100)))
}

fn chain_name_count(
    model: &dyn ReadModel,
    chain: &str,
    q: &std::collections::BTreeMap<String, String>,
) -> Result<Reply, ModelError> {
    if chain != "bitcoin" {
        return Ok(err(404, "Unsupported blockchain"));
    }
    let all = q.get("all").is_some_and(|v| matches!(v.to_lowercase().as_str(), "1" | "true"));
    let n = u64::try_from(name_list(model, None, all)?.len()).unwrap_or(u64::MAX);
    Ok(Reply::json(200, &json::NamesCount { names_count: n }))
}

fn namespaces(model: &dyn ReadModel) -> Result<Reply, ModelError> {
    // `offset` / `count` make the reference crash (500); they are ignored here.
    let mut ids = Vec::new();
    for id in model.namespace_ids()? {
        if model.namespace(&id)?.is_some_and(|ns| ns.is_ready()) {
            ids.push(id);
        }
    }
    Ok(Reply::json(200, &ids))
}

fn buckets_text(b: &[u8; 16]) -> String {
    let parts: Vec<String> = b.iter().map(|x| x.to_string()).collect();
    format!("[{}]", parts.join(", "))
}

fn namespace_info(model: &dyn ReadModel, id: &str) -> Result<Reply, ModelError> {
    if !check_namespace(id) {
        return Ok(err(400, "Invalid namespace"));
    }
    let tip = model.tip()?.height;
    let Some(ns) = record_namespace(model, id, tip)? else {
        return Ok(err(404, "No such namespace"));
    };
    let rows = model.history(id)?;
    Ok(Reply::json(
        200,
        &json::NamespaceJson {
            address: ns.address.clone(),
            base: ns.base,
            block_number: ns.block_number,
            buckets: buckets_text(&ns.buckets),
            coeff: ns.coeff,
            history: by_block(rows),
            lifetime: ns.lifetime,
            namespace_id: ns.namespace_id.clone(),
            no_vowel_discount: ns.no_vowel_discount,
            nonalpha_discount: ns.nonalpha_discount,
            op: ns.op.clone(),
            op_fee: ns.op_fee,
            preorder_hash: ns.preorder_hash.clone(),
            ready: ns.is_ready(),
            ready_block: ns.ready_block,
            recipient: ns.recipient.clone(),
            recipient_address: ns.recipient_address.clone(),
            reveal_block: ns.reveal_block,
            sender: ns.sender.clone(),
            sender_pubkey: ns.sender_pubkey.clone(),
            token_fee: ns.token_fee.clone(),
            txid: ns.txid.clone(),
            version: ns.version,
            vtxindex: ns.vtxindex,
        },
    ))
}

fn namespace_names(
    model: &dyn ReadModel,
    id: &str,
    q: &std::collections::BTreeMap<String, String>,
) -> Result<Reply, ModelError> {
    if !check_namespace(id) {
        return Ok(err(400, "Invalid namespace"));
    }
    let page = match page_arg(q) {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    let offset = page.saturating_mul(100);
    let list = name_list(model, Some(id), false)?;
    Ok(Reply::json(200, &page_of(&list, offset, 100)))
}

fn namespace_name_count(model: &dyn ReadModel, id: &str) -> Result<Reply, ModelError> {
    if !check_namespace(id) {
        return Ok(err(400, "Invalid namespace"));
    }
    let n = u64::try_from(name_list(model, Some(id), false)?.len()).unwrap_or(u64::MAX);
    Ok(Reply::json(200, &json::NamesCount { names_count: n }))
}

fn ceil_price(p: EnginePrice) -> u128 {
    match p {
        EnginePrice::Int(n) => u128::from(n),
        EnginePrice::Float(x) => {
            let c = x.ceil();
            if c <= 0.0 {
                0
            } else {
                c as u128
            }
        }
    }
}

fn name_price_route(model: &dyn ReadModel, name: &str) -> Result<Reply, ModelError> {
    if !check_name(name) {
        return Ok(err(400, "Invalid name"));
    }
    let tip = model.tip()?.height;
    let (label, ns_id) = name.split_once('.').unwrap_or((name, ""));
    let Some(ns) = record_namespace(model, ns_id, tip)? else {
        return Ok(err(404, "Unknown/invalid namespace"));
    };
    let curve = NamespaceCurve {
        version: ns.version,
        coeff: ns.coeff,
        base: ns.base,
        buckets: ns.buckets,
        nonalpha_discount: ns.nonalpha_discount,
        no_vowel_discount: ns.no_vowel_discount,
    };
    let amount = ceil_price(name_price(label, &curve, tip, model.params()));
    let stacks = ns.version == 3;
    Ok(Reply::json(
        200,
        &json::NamePrice {
            name_price: json::Price {
                amount: amount.to_string(),
                units: if stacks { "STACKS" } else { "BTC" },
                satoshis: (!stacks).then_some(amount),
            },
        },
    ))
}

fn namespace_price_route(model: &dyn ReadModel, id: &str) -> Result<Reply, ModelError> {
    if !check_namespace(id) {
        return Ok(err(400, "Invalid namespace"));
    }
    let tip = model.tip()?.height;
    let btc = model.params().epoch_at(tip).namespace_price_btc_sat.is_some();
    let units = if btc { Units::Btc } else { Units::Stacks };
    let amount = namespace_price(id, tip, units, model.params()).map(u128::from).unwrap_or(0);
    Ok(Reply::json(
        200,
        &json::Price {
            amount: amount.to_string(),
            units: if btc { "BTC" } else { "STACKS" },
            satoshis: btc.then_some(amount),
        },
    ))
}

fn addresses(model: &dyn ReadModel, addr: &str, chain: &str) -> Result<Reply, ModelError> {
    if !check_address(addr) {
        return Ok(err(400, "Invalid address"));
    }
    if chain != "bitcoin" {
        return Ok(err(404, "Unsupported blockchain"));
    }
    let Some((version, hash)) = base58check_decode(addr) else {
        return Ok(err(400, "Invalid address"));
    };
    let params = model.params();
    let converted = match version {
        0 | 111 => base58check_encode(params.p2pkh_version, &hash),
        5 | 196 => base58check_encode(params.p2sh_version, &hash),
        _ => return Ok(Reply::empty(500, "text/plain")),
    };
    let tip = model.tip()?.height;
    let mut cache = NsCache::default();
    let mut names = Vec::new();
    for rec in model.names_owned_by(&converted)? {
        if !rec.revoked && alive(model, &rec, tip, &mut cache)? {
            names.push(rec.name);
        }
    }
    Ok(Reply::json(200, &json::AddressNames { names }))
}

fn operations(model: &dyn ReadModel, chain: &str, h: &str) -> Result<Reply, ModelError> {
    let Some(height) = check_block(model, h) else {
        return Ok(err(400, "Invalid block"));
    };
    if chain != "bitcoin" {
        return Ok(err(404, "Unsupported blockchain"));
    }
    let Some(answers) = model.answers() else {
        return Ok(render_operations(model, height)?.0);
    };
    let tip = model.tip()?;
    if height > tip.height {
        // Not processed yet: an empty list now, rows later.
        return Ok(render_operations(model, height)?.0);
    }
    Ok(answers.get_or_render(AnswerKey::Operations(height), tip, || match render_operations(model, height) {
        // A block's rows change after its block only when one of its preorders is
        // consumed (the row moves from the unconsumed preorders to the history; without
        // the `fix_preorder_expire` feature a preorder can be consumed any number of
        // blocks later): the answer is final once the block is buried and has none
        // left unconsumed. Until then it holds for the tip it was rendered at.
        Ok((reply, unconsumed)) if height < tip.height && unconsumed == 0 => {
            Rendered { reply, validity: Validity::Final { since_height: tip.height } }
        }
        Ok((reply, _)) => Rendered { reply, validity: Validity::AtTip(tip) },
        Err(e) => Rendered { reply: internal(e), validity: Validity::NotKept },
    }))
}

/// The operations answer of a processed block, and how many unconsumed preorders it lists.
fn render_operations(model: &dyn ReadModel, height: u32) -> Result<(Reply, usize), ModelError> {
    let ops = model.block_ops(height)?;
    let unconsumed = ops.unconsumed_preorders.len();
    let out: Vec<Value> = ops
        .unconsumed_preorders
        .into_iter()
        .chain(ops.history)
        .map(|row| json::operation_entry(row.data))
        .collect();
    Ok((Reply::json(200, &out), unconsumed))
}

fn consensus_at(model: &dyn ReadModel, chain: &str, h: &str) -> Result<Reply, ModelError> {
    if chain != "bitcoin" {
        return Ok(err(404, "Unsupported blockchain"));
    }
    let Some(height) = check_block(model, h) else {
        return Ok(err(400, "Invalid block"));
    };
    Ok(match model.consensus_hash_at(height)? {
        Some(ch) => Reply::json(200, &json::Consensus { consensus_hash: ch.to_hex() }),
        None => err(503, &format!("The node has not processed block {height}")),
    })
}

fn consensus_block(model: &dyn ReadModel, chain: &str, ch: &str) -> Result<Reply, ModelError> {
    if chain != "bitcoin" {
        return Ok(err(404, "Unsupported blockchain"));
    }
    let found = match ConsensusHash::from_hex(ch) {
        Some(c) => model.height_of_consensus_hash(&c)?,
        None => None,
    };
    Ok(match found {
        Some(h) => Reply::json(200, &json::BlockHeight { block_height: h }),
        None => err(404, "No block for this consensus hash"),
    })
}

fn transaction(model: &dyn ReadModel, chain: &str, txid: &str) -> Result<Reply, ModelError> {
    if chain != "bitcoin" {
        return Ok(err(404, "Unsupported blockchain"));
    }
    let tip = model.tip()?.height;
    let status = model.tx_status(txid)?;
    Ok(match status.history {
        Some((block, vtx, op)) => Reply::json(
            200,
            &json::TxReply {
                indexing: false,
                lastblock: tip,
                status: true,
                tx: json::TxAccepted {
                    status: "accepted",
                    block_height: block,
                    vtxindex: vtx,
                    op: opcode_of_op(&op),
                },
            },
        ),
        None => Reply::json(
            200,
            &json::TxReply {
                indexing: false,
                lastblock: tip,
                status: true,
                tx: json::TxIgnored { status: "ignored" },
            },
        ),
    })
}

const B58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

fn did_shape(did: &str) -> bool {
    let Some(rest) = did.strip_prefix("did:stack:v0:") else { return false };
    let Some((addr, idx)) = rest.rsplit_once('-') else { return false };
    !addr.is_empty() && addr.chars().all(|c| B58.contains(c)) && is_digits(idx)
}

fn did_route(model: &dyn ReadModel, did: &str) -> Result<Reply, ModelError> {
    let rest = did.strip_prefix("did:stack:v0:").unwrap_or_default();
    let (addr, idx) = rest.rsplit_once('-').unwrap_or_default();
    let parsed = (25..=35)
        .contains(&addr.len())
        .then(|| base58check_decode(addr))
        .flatten()
        .zip(idx.parse::<u64>().ok());
    let Some(((version, hash), index)) = parsed else {
        return Ok(err(400, "Invalid DID"));
    };
    if matches!(version, 63 | 50 | 127 | 142) {
        return Ok(err(404, &format!("Failed to get DID record: Failed to load subdomain from {did}")));
    }
    let params = model.params();
    let creator = match version {
        0 | 111 => base58check_encode(params.p2pkh_version, &hash),
        5 | 196 => base58check_encode(params.p2sh_version, &hash),
        _ => addr.to_string(),
    };
    let creations = model.creations_by(&creator)?;
    let Some(c) = usize::try_from(index).ok().and_then(|i| creations.get(i)) else {
        return Ok(err(404, "Failed to get DID record: Failed to resolve DID to a non-revoked name"));
    };
    // Walk the name's states from the creation point to the next preorder.
    let rows = model.history(&c.name)?;
    let mut last: Option<&HistoryRow> = None;
    for row in rows.iter().filter(|r| (r.block_id, r.vtxindex) >= (c.block_id, c.vtxindex)) {
        if row.op == "?" {
            break;
        }
        last = Some(row);
    }
    let revoked = last.and_then(|r| r.data.get("revoked")).and_then(Value::as_bool).unwrap_or(true);
    if revoked {
        return Ok(err(404, "Failed to get DID record: Failed to resolve DID to a non-revoked name"));
    }
    Ok(err(404, &format!("Failed to get zone file for {did}")))
}

fn user(model: &dyn ReadModel, name: &str) -> Result<Reply, ModelError> {
    if !check_name(name) && !check_subdomain(name) {
        return Ok(err(400, "Invalid name or subdomain"));
    }
    if !check_name(name) {
        return Ok(err(404, "Failed to get name record: Failed to load subdomain"));
    }
    Ok(match lookup(model, name)? {
        Lookup::Found { rec, eb, tip, .. } if !(eb > 0 && i64::from(tip.height) > eb) => {
            user_zonefile(model, name, rec.value_hash.as_deref())?
        }
        Lookup::Found { .. } | Lookup::Expired => err(404, "Failed to get name record: Name expired"),
        _ => err(404, "Failed to get name record: Not found."),
    })
}

/// `/v1/users/{name}` once the record is found (`resolve_profile`): the zone file must be
/// stored and parse (no JSON fallback) with URI records; fetching the profile at those
/// URIs needs the network and is out of scope (the Atlas-off answer stays).
fn user_zonefile(model: &dyn ReadModel, name: &str, hash: Option<&str>) -> Result<Reply, ModelError> {
    use crate::zonefile_check::{parse_zonefile, Parsed};
    let (Some(hash), Some(bytes)) = (hash, stored_zonefile(model, hash)?) else {
        return Ok(err(404, &format!("Failed to get zone file for {name}")));
    };
    Ok(match parse_zonefile(&bytes) {
        Parsed::Zonefile { uri: true } => err(404, &format!("Failed to get zone file for {name}")),
        _ => err(404, &format!("Failed to parse zone file {hash} for {name}")),
    })
}

fn account_state(row: &crate::model::AccountRow) -> json::AccountState {
    json::AccountState {
        address: row.address.clone(),
        token_type: row.token_type.clone(),
        credit_value: row.credit_value.to_string(),
        debit_value: row.debit_value.to_string(),
        lock_transfer_block_id: row.lock_transfer_block_id,
        block_id: row.block_id,
        vtxindex: row.vtxindex,
        txid: row.txid.clone(),
    }
}

fn account_tokens(model: &dyn ReadModel, addr: &str) -> Result<Reply, ModelError> {
    let Some(addr) = account_address(addr) else {
        return Ok(err(400, "Invalid address"));
    };
    let mut tokens: Vec<String> = model.account_rows(&addr)?.into_iter().map(|r| r.token_type).collect();
    tokens.sort();
    tokens.dedup();
    Ok(Reply::json(200, &json::Tokens { tokens }))
}

fn latest(
    model: &dyn ReadModel,
    addr: &str,
    token: &str,
) -> Result<Option<crate::model::AccountRow>, ModelError> {
    Ok(model
        .account_rows(addr)?
        .into_iter()
        .filter(|r| r.token_type == token)
        .max_by_key(|r| (r.block_id, r.vtxindex)))
}

fn account_status(model: &dyn ReadModel, addr: &str, token: &str) -> Result<Reply, ModelError> {
    let Some(b58) = account_address(addr) else {
        return Ok(err(400, "Invalid address"));
    };
    if !check_token_type(token) {
        return Ok(err(400, "Invalid token type"));
    }
    Ok(match latest(model, &b58, token)? {
        Some(row) => Reply::json(200, &account_state(&row)),
        None => err(404, &format!("Failed to get account record for {token} {addr}: No such account")),
    })
}

fn account_balance(model: &dyn ReadModel, addr: &str, token: &str) -> Result<Reply, ModelError> {
    let Some(b58) = account_address(addr) else {
        return Ok(err(400, "Invalid address"));
    };
    if !check_token_type(token) {
        return Ok(err(400, "Invalid token type"));
    }
    let balance = latest(model, &b58, token)?.map_or(0, |r| r.credit_value.saturating_sub(r.debit_value));
    Ok(Reply::json(200, &json::Balance { balance: balance.to_string() }))
}

fn account_history(
    model: &dyn ReadModel,
    addr: &str,
    q: &std::collections::BTreeMap<String, String>,
) -> Result<Reply, ModelError> {
    let Some(b58) = account_address(addr) else {
        return Ok(err(400, "Invalid address"));
    };
    let page = q.get("page").map_or("0", String::as_str);
    let page = match (page.len() < 10).then(|| py_int(page)).flatten() {
        Some(p) if p >= 0 => p as usize,
        _ => return Ok(err(400, "Invalid start block or end block or invalid page")),
    };
    let rows = model.account_rows(&b58)?;
    let out: Vec<json::AccountState> =
        rows.iter().rev().skip(page.saturating_mul(20)).take(20).map(account_state).collect();
    Ok(Reply::json(200, &out))
}

fn account_at(model: &dyn ReadModel, addr: &str, h: &str) -> Result<Reply, ModelError> {
    let Some(b58) = account_address(addr) else {
        return Ok(err(400, "Invalid address"));
    };
    let Some(height) = check_block(model, h) else {
        return Ok(err(400, "Invalid block height"));
    };
    let rows = model.account_rows(&b58)?;
    let mut at: Vec<&crate::model::AccountRow> = rows.iter().rev().filter(|r| r.block_id == height).collect();
    if at.is_empty() {
        at = rows.iter().rev().filter(|r| r.block_id < height).take(1).collect();
    }
    let out: Vec<json::AccountState> = at.into_iter().map(account_state).collect();
    Ok(Reply::json(200, &out))
}
