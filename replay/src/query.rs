//! `replay name`, `namespace` and `owner`: the reference's REST answers (bns-api's
//! routes and response shapes, the same JSON a server gives) over the records read
//! from one store transaction.
//!
//! Semantics, as the reference's API: a malformed name, namespace ID or address is bad
//! input (exit 2); a name or namespace with no record (or an expired name) is "not
//! found" (exit 1, the API's 404 text); an address that owns no names is an answer,
//! `{"names": []}` (the API's 200). Not in the store yet, so empty here: a namespace's
//! `history`, a name's `did` and zone files.

use crate::cli::{Args, Command, Outcome};
use crate::error::{ReplayError, UsageError};
use crate::store::{LmdbStore, StateReader, Store as _};
use bns_api::model::{BlockOps, Creation, HistoryRow, ModelError, ReadModel, Tip, TxStatus};
use bns_api::request::Target;
use bns_engine::state::{NameRecord, NamespaceRecord};
use bns_engine::{ConsensusHash, Params};
use std::collections::BTreeMap;

/// The records one query needs, read in one transaction, as a read model.
struct Loaded {
    params: Params,
    tip: Tip,
    names: BTreeMap<String, NameRecord>,
    namespaces: BTreeMap<String, NamespaceRecord>,
}

impl ReadModel for Loaded {
    fn params(&self) -> &Params {
        &self.params
    }
    fn tip(&self) -> Result<Tip, ModelError> {
        Ok(self.tip)
    }
    fn consensus_hash_at(&self, height: u32) -> Result<Option<ConsensusHash>, ModelError> {
        Ok((height == self.tip.height).then_some(self.tip.consensus_hash))
    }
    fn height_of_consensus_hash(&self, hash: &ConsensusHash) -> Result<Option<u32>, ModelError> {
        Ok((*hash == self.tip.consensus_hash).then_some(self.tip.height))
    }
    fn name(&self, fqn: &str) -> Result<Option<NameRecord>, ModelError> {
        Ok(self.names.get(fqn).cloned())
    }
    fn namespace(&self, id: &str) -> Result<Option<NamespaceRecord>, ModelError> {
        Ok(self.namespaces.get(id).cloned())
    }
    fn namespace_ids(&self) -> Result<Vec<String>, ModelError> {
        Ok(self.namespaces.keys().cloned().collect())
    }
    fn visit_names(
        &self,
        namespace: Option<&str>,
        from: Option<&str>,
        visit: &mut dyn FnMut(&NameRecord) -> bool,
    ) -> Result<(), ModelError> {
        for rec in self.names.values() {
            let in_ns = namespace.is_none_or(|ns| rec.namespace_id == ns);
            if in_ns && from.is_none_or(|f| rec.name.as_str() >= f) && !visit(rec) {
                break;
            }
        }
        Ok(())
    }
    fn names_owned_by(&self, address: &str) -> Result<Vec<NameRecord>, ModelError> {
        Ok(self.names.values().filter(|r| r.address == address).cloned().collect())
    }
    fn history(&self, _id: &str) -> Result<Vec<HistoryRow>, ModelError> {
        Ok(Vec::new())
    }
    fn block_ops(&self, _height: u32) -> Result<BlockOps, ModelError> {
        Ok(BlockOps::default())
    }
    fn tx_status(&self, _txid: &str) -> Result<TxStatus, ModelError> {
        Err(ModelError::Unavailable("transactions are not in the store".to_string()))
    }
    fn account_rows(&self, _address: &str) -> Result<Vec<bns_api::AccountRow>, ModelError> {
        Ok(Vec::new())
    }
    fn creations_by(&self, _creator: &str) -> Result<Vec<Creation>, ModelError> {
        Ok(Vec::new())
    }
    fn zonefile(&self, _hash: &str) -> Result<Option<Vec<u8>>, ModelError> {
        Ok(None)
    }
}

/// Answer `name`, `namespace` or `owner` from the store, as pretty JSON.
pub fn answer(store: &LmdbStore, query: &Command) -> Result<String, ReplayError> {
    let (path, what) = match query {
        Command::Name { name, .. } => {
            if !bns_api::reference::check_name(name) {
                return Err(UsageError::BadName(name.clone()).into());
            }
            (format!("/v1/blockchains/bitcoin/names/{name}"), format!("name {name}"))
        }
        Command::Namespace { id } => {
            if !bns_api::reference::check_namespace(id) {
                return Err(UsageError::BadNamespace(id.clone()).into());
            }
            (format!("/v1/namespaces/{id}"), format!("namespace {id}"))
        }
        Command::Owner { address } => {
            if !bns_api::reference::check_address(address) {
                return Err(UsageError::BadAddress(address.clone()).into());
            }
            (format!("/v1/addresses/bitcoin/{address}"), format!("address {address}"))
        }
        // Unreachable: cli.rs calls this function only from its Name, Namespace and
        // Owner arms (the command line cannot produce another variant here).
        _ => unreachable!("cli dispatches only name, namespace and owner here"),
    };
    let params = store.params()?.ok_or(UsageError::NoBnsState)?;
    let view = store.view()?;
    let Some(tip) = view.tip()? else {
        return Err(UsageError::EmptyStore.into());
    };
    let consensus_hash = view.rows(tip.height, tip.height)?.first().map(|r| ConsensusHash(r.consensus_hash));
    let mut model = Loaded {
        tip: Tip { height: tip.height, consensus_hash: consensus_hash.unwrap_or(ConsensusHash([0; 16])) },
        params,
        names: BTreeMap::new(),
        namespaces: BTreeMap::new(),
    };
    match query {
        Command::Name { name, .. } => {
            if let Some(rec) = bns_store::state::name(&view, name)? {
                load_namespace(&view, &mut model, &rec.namespace_id)?;
                model.names.insert(name.clone(), rec);
            }
        }
        Command::Namespace { id } => load_namespace(&view, &mut model, id)?,
        _ => {
            let mut owned = Vec::new();
            bns_store::state::for_each_name(&view, &mut |rec| {
                owned.push(rec);
                Ok(())
            })?;
            for rec in owned {
                let ns = rec.namespace_id.clone();
                load_namespace(&view, &mut model, &ns)?;
                model.names.insert(rec.name.clone(), rec);
            }
        }
    }
    let target = Target { path, query: BTreeMap::new() };
    let reply = bns_api::reference::answer(&model, "GET", &target);
    let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap_or(serde_json::Value::Null);
    let message = body.get("error").and_then(|e| e.as_str()).unwrap_or("").to_string();
    match reply.status {
        200 => serde_json::to_string_pretty(&body).map_err(|e| ReplayError::Output(e.into())),
        404 => Err(ReplayError::NotFound { what, reason: lowercase_first(&message, "not found") }),
        400 => Err(UsageError::BadRequest { what, message: lowercase_first(&message, "bad request") }.into()),
        status => Err(ReplayError::Api { what, status, message }),
    }
}

fn load_namespace(view: &dyn StateReader, model: &mut Loaded, id: &str) -> Result<(), ReplayError> {
    if !model.namespaces.contains_key(id) {
        if let Some(ns) = bns_store::state::namespace(view, id)? {
            model.namespaces.insert(id.to_string(), ns);
        }
    }
    Ok(())
}

fn lowercase_first(text: &str, default: &str) -> String {
    let text = if text.is_empty() { default } else { text };
    let mut chars = text.chars();
    chars.next().map_or(String::new(), |c| c.to_lowercase().chain(chars).collect())
}

/// `replay hashes`: the stored rows of `--start..=--end`, as lines, or with `--json` as
/// objects whose `accepted` is the block's operations exactly as the API's operations
/// route lists them (read from the store's history), in vtxindex order: the same
/// objects a replay run prints with `--json`.
pub fn hashes(args: &Args) -> Result<Outcome, ReplayError> {
    use std::io::Write as _;
    let (from, to) = (args.start.unwrap_or(0), args.end.unwrap_or(u32::MAX));
    let (to, first) = {
        let store = LmdbStore::open_reader(&args.store)?;
        let Some(tip) = store.tip()? else { return Ok(Outcome::Ok) };
        (to.min(tip.height), store.params()?.map_or(0, |p| p.first_block))
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut lo = from.max(first);
    // LMDB allows one open environment per store and process: with --json, read a
    // chunk of rows, close the store, then read those blocks' operations through
    // bns-api's store model.
    let chunk = if args.json { HASHES_JSON_CHUNK_BLOCKS } else { u32::MAX };
    while lo <= to {
        let hi = to.min(lo.saturating_add(chunk - 1));
        let rows = LmdbStore::open_reader(&args.store)?.rows(lo, hi)?;
        let model = match args.json.then(|| bns_api::store_model::StoreModel::open(&args.store)) {
            Some(Ok(model)) => Some(model),
            // A test processor's store has no BNS state and so no operations.
            Some(Err(bns_api::store_model::StoreModelError::NoParams(_))) | None => None,
            Some(Err(e)) => return Err(crate::serve::model_error(e)),
        };
        for row in &rows {
            let accepted = match &model {
                Some(model) => block_operations(model, row.height)?,
                None => serde_json::Value::Array(Vec::new()),
            };
            writeln!(out, "{}", crate::replay::row_text(row, &accepted, args.json))
                .map_err(crate::replay::output_error)?;
        }
        if hi >= to {
            break;
        }
        lo = hi + 1;
    }
    out.flush().map_err(crate::replay::output_error)?;
    Ok(Outcome::Ok)
}

/// Blocks per chunk of `hashes --json`.
const HASHES_JSON_CHUNK_BLOCKS: u32 = 2000;

/// The API's operations route for `height`, sorted by vtxindex.
fn block_operations(model: &dyn ReadModel, height: u32) -> Result<serde_json::Value, ReplayError> {
    let target =
        Target { path: format!("/v1/blockchains/bitcoin/operations/{height}"), query: BTreeMap::new() };
    let reply = bns_api::reference::answer(model, "GET", &target);
    let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap_or(serde_json::Value::Null);
    let serde_json::Value::Array(mut ops) = body else {
        let message = body.get("error").and_then(|e| e.as_str()).unwrap_or("").to_string();
        return Err(ReplayError::Api {
            what: format!("operations of block {height}"),
            status: reply.status,
            message,
        });
    };
    ops.sort_by_key(|op| op.get("vtxindex").and_then(serde_json::Value::as_u64));
    Ok(serde_json::Value::Array(ops))
}
