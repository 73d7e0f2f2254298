//! `replay name`, `namespace` and `owner`: the reference's REST answers (bns-api's
//! routes and response shapes, the same JSON a server gives) over the records read
//! from one store transaction.
//!
//! Semantics, as the reference's API: a malformed name, namespace ID or address is bad
//! input (exit 2); a name or namespace with no record (or an expired name) is "not
//! found" (exit 1, the API's 404 text); an address that owns no names is an answer,
//! `{"names": []}` (the API's 200). Not in the store yet, so empty here: a namespace's
//! `history`, a name's `did` and zone files.

use crate::cli::Command;
use crate::error::ReplayError;
use crate::store::{LmdbStore, StateReader};
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
                return Err(ReplayError::Usage(format!("{name:?} is not a valid name (NAME.NAMESPACE)")));
            }
            (format!("/v1/blockchains/bitcoin/names/{name}"), format!("name {name}"))
        }
        Command::Namespace { id } => {
            if !bns_api::reference::check_namespace(id) {
                return Err(ReplayError::Usage(format!("{id:?} is not a valid namespace ID")));
            }
            (format!("/v1/namespaces/{id}"), format!("namespace {id}"))
        }
        Command::Owner { address } => {
            if !bns_api::reference::check_address(address) {
                return Err(ReplayError::Usage(format!("{address:?} is not a valid address")));
            }
            (format!("/v1/addresses/bitcoin/{address}"), format!("address {address}"))
        }
        _ => return Err(ReplayError::Usage("not a state query".to_string())),
    };
    let params = store.params()?.ok_or_else(|| {
        ReplayError::Usage("the store was built by a test processor and holds no BNS state".to_string())
    })?;
    let view = store.view()?;
    let Some(tip) = view.tip()? else {
        return Err(ReplayError::Usage("the store holds no state yet".to_string()));
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
        200 => serde_json::to_string_pretty(&body).map_err(|e| ReplayError::Output(e.to_string())),
        404 => Err(ReplayError::NotFound(format!("{what}: {}", lowercase_first(&message, "not found")))),
        400 => Err(ReplayError::Usage(format!("{what}: {}", lowercase_first(&message, "bad request")))),
        status => Err(ReplayError::Output(format!("{what}: the API's answer is status {status} {message}"))),
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
