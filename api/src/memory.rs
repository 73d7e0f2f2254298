//! An in-memory [`ReadModel`]: drives `bns_engine::Engine` over blocks, keeps every
//! `BlockOutcome`, and derives the read-side tables (history rows, per-block ops, tx
//! fates, account rows, creator rows) from the accepted ops' record dicts.

use crate::model::{
    AccountRow, BlockOps, Creation, HistoryRow, ModelError, ReadModel, Tip, TxFate, TxStatus,
};
use bns_engine::consensus::Value as EngineValue;
use bns_engine::state::{Account, NameRecord, NamespaceRecord};
use bns_engine::{BlockInput, BlockOutcome, ConsensusHash, Engine, EngineError, Opcode, Params};
use serde_json::{Map, Number, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The reference's opcode name of a stored op string.
pub fn opcode_of_op(op: &str) -> &'static str {
    match op {
        "?" => "NAME_PREORDER",
        ":" => "NAME_REGISTRATION",
        "::" => "NAME_RENEWAL",
        "+" => "NAME_UPDATE",
        ">>" | ">~" => "NAME_TRANSFER",
        "~" => "NAME_REVOKE",
        ";" => "NAME_IMPORT",
        "*" => "NAMESPACE_PREORDER",
        "&" => "NAMESPACE_REVEAL",
        "!" => "NAMESPACE_READY",
        "$" => "TOKEN_TRANSFER",
        _ => "UNKNOWN",
    }
}

/// The reference's opcode name of an engine opcode.
pub fn opcode_name(opcode: Opcode) -> &'static str {
    match opcode {
        Opcode::NamePreorder => "NAME_PREORDER",
        Opcode::NameRegistration => "NAME_REGISTRATION",
        Opcode::NameUpdate => "NAME_UPDATE",
        Opcode::NameTransfer => "NAME_TRANSFER",
        Opcode::NameRevoke => "NAME_REVOKE",
        Opcode::NameImport => "NAME_IMPORT",
        Opcode::NamespacePreorder => "NAMESPACE_PREORDER",
        Opcode::NamespaceReveal => "NAMESPACE_REVEAL",
        Opcode::NamespaceReady => "NAMESPACE_READY",
        Opcode::Announce => "ANNOUNCE",
        Opcode::TokenTransfer => "TOKEN_TRANSFER",
    }
}

/// An engine record value as JSON (what the reference's `json.dumps` of the dict shows).
pub fn engine_value_json(v: &EngineValue) -> Value {
    match v {
        EngineValue::Str(s) => Value::String(s.clone()),
        other => engine_value_into_json(other.clone()),
    }
}

/// [`engine_value_json`] of a value the caller no longer needs (strings moved, not copied).
pub fn engine_value_into_json(v: EngineValue) -> Value {
    match v {
        EngineValue::None => Value::Null,
        EngineValue::Int(n) => {
            if let Ok(i) = i64::try_from(n) {
                Value::Number(Number::from(i))
            } else if let Ok(u) = u64::try_from(n) {
                Value::Number(Number::from(u))
            } else {
                // Beyond JSON-safe integers (never reached by recorded fields).
                Value::String(n.to_string())
            }
        }
        EngineValue::Float(x) => Number::from_f64(x).map_or(Value::Null, Value::Number),
        EngineValue::Bool(b) => Value::Bool(b),
        EngineValue::Str(s) => Value::String(s),
        EngineValue::IntList(list) => {
            Value::Array(list.into_iter().map(|i| Value::Number(Number::from(i))).collect())
        }
    }
}

/// The in-memory read model.
pub struct InMemoryModel {
    engine: Engine,
    outcomes: Vec<BlockOutcome>,
    /// History rows by history ID (name, namespace ID, token sender), ascending.
    history: HashMap<String, Vec<HistoryRow>>,
    /// History rows by block, ascending by vtxindex.
    by_block: BTreeMap<u32, Vec<HistoryRow>>,
    /// Accepted, not (yet) consumed preorders by block, in acceptance order.
    unconsumed: BTreeMap<u32, Vec<HistoryRow>>,
    /// Every accepted preorder row by (preorder hash, block).
    preorders: HashMap<(String, u32), HistoryRow>,
    /// Blocks of the not yet consumed preorders of each hash.
    preorder_blocks: HashMap<String, Vec<u32>>,
    fates: HashMap<String, TxFate>,
    first_history: HashMap<String, (u32, u32, String)>,
    namespace_order: Vec<String>,
    accounts: BTreeMap<String, Vec<AccountRow>>,
    creations: HashMap<String, Vec<Creation>>,
    known_names: HashSet<String>,
    by_consensus_hash: HashMap<[u8; 16], u32>,
    zonefiles: HashMap<String, Vec<u8>>,
}

impl InMemoryModel {
    /// A model of no blocks yet (genesis accounts only).
    pub fn new(params: Params) -> InMemoryModel {
        let engine = Engine::new(params);
        let mut model = InMemoryModel {
            engine,
            outcomes: Vec::new(),
            history: HashMap::new(),
            by_block: BTreeMap::new(),
            unconsumed: BTreeMap::new(),
            preorders: HashMap::new(),
            preorder_blocks: HashMap::new(),
            fates: HashMap::new(),
            first_history: HashMap::new(),
            namespace_order: Vec::new(),
            accounts: BTreeMap::new(),
            creations: HashMap::new(),
            known_names: HashSet::new(),
            by_consensus_hash: HashMap::new(),
            zonefiles: HashMap::new(),
        };
        let genesis: Vec<Account> = model.engine.state().accounts.values().cloned().collect();
        for acct in &genesis {
            model.push_account(acct);
        }
        let hashes: Vec<(u32, ConsensusHash)> =
            model.engine.state().consensus_hashes.iter().map(|(h, c)| (*h, *c)).collect();
        for (h, c) in hashes {
            model.note_consensus(h, c);
        }
        model
    }

    /// Replay blocks in height order.
    pub fn from_blocks(
        params: Params,
        blocks: impl IntoIterator<Item = BlockInput>,
    ) -> Result<InMemoryModel, EngineError> {
        let mut model = InMemoryModel::new(params);
        for block in blocks {
            model.apply_block(block)?;
        }
        Ok(model)
    }

    /// Every block outcome so far, in height order.
    pub fn outcomes(&self) -> &[BlockOutcome] {
        &self.outcomes
    }

    /// The engine (its state is the tip's).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Keep a zone file (the caller checked its hash).
    pub fn add_zonefile(&mut self, hash: String, bytes: Vec<u8>) {
        self.zonefiles.insert(hash, bytes);
    }

    fn note_consensus(&mut self, height: u32, hash: ConsensusHash) {
        let entry = self.by_consensus_hash.entry(hash.0).or_insert(height);
        if *entry < height {
            *entry = height;
        }
    }

    fn push_account(&mut self, acct: &Account) {
        let row = AccountRow {
            address: acct.address.clone(),
            token_type: acct.token_type.clone(),
            credit_value: acct.credit_value,
            debit_value: acct.debit_value,
            lock_transfer_block_id: acct.lock_transfer_block_id,
            block_id: acct.block_id,
            vtxindex: acct.vtxindex,
            txid: acct.txid.clone(),
        };
        let rows = self.accounts.entry(acct.address.clone()).or_default();
        // Keep (block_id, vtxindex) order; rows of one op stay in write order.
        let pos = rows.partition_point(|r| (r.block_id, r.vtxindex) <= (row.block_id, row.vtxindex));
        rows.insert(pos, row);
    }

    fn insert_history(&mut self, id: &str, row: HistoryRow) {
        self.first_history.entry(row.txid.clone()).or_insert((row.block_id, row.vtxindex, row.op.clone()));
        let rows = self.history.entry(id.to_string()).or_default();
        let pos = rows.partition_point(|r| (r.block_id, r.vtxindex) <= (row.block_id, row.vtxindex));
        rows.insert(pos, row.clone());
        let block = self.by_block.entry(row.block_id).or_default();
        let pos = block.partition_point(|r| r.vtxindex <= row.vtxindex);
        block.insert(pos, row);
    }

    /// Move a consumed preorder into the history of `id`.
    /// `block` is the preorder's block as the consuming record states it; when the
    /// record carries an older one (a namespace revealed again after its reveal
    /// expired keeps the first preorder's block), the latest unconsumed preorder of
    /// the hash is the one consumed.
    fn consume_preorder(&mut self, id: &str, preorder_hash: &str, block: u32) {
        let blocks = self.preorder_blocks.get(preorder_hash).cloned().unwrap_or_default();
        let Some(block) =
            blocks.iter().copied().find(|b| *b == block).or_else(|| blocks.iter().copied().max())
        else {
            return;
        };
        let Some(row) = self.preorders.get(&(preorder_hash.to_string(), block)).cloned() else {
            return;
        };
        if let Some(list) = self.preorder_blocks.get_mut(preorder_hash) {
            list.retain(|b| *b != block);
        }
        if let Some(list) = self.unconsumed.get_mut(&block) {
            list.retain(|r| r.txid != row.txid);
        }
        self.insert_history(id, row);
    }

    /// Apply one block (the next height).
    pub fn apply_block(&mut self, input: BlockInput) -> Result<&BlockOutcome, EngineError> {
        let outcome = self.engine.apply_block(input)?;
        let height = outcome.height;
        for acc in &outcome.accepted {
            let txid = hex::encode(acc.txid.0);
            let mut data: Map<String, Value> =
                acc.fields.iter().map(|(k, v)| (k.clone(), engine_value_json(v))).collect();
            data.insert("opcode".into(), Value::String(opcode_of_op(&acc.op).into()));
            self.fates.insert(
                txid.clone(),
                TxFate::Accepted { height, vtxindex: acc.vtxindex, op: acc.op.clone() },
            );
            let field_str = |k: &str| match acc.fields.get(k) {
                Some(EngineValue::Str(s)) => Some(s.clone()),
                _ => None,
            };
            let field_int = |k: &str| match acc.fields.get(k) {
                Some(EngineValue::Int(n)) => u32::try_from(*n).ok(),
                _ => None,
            };
            let mut row = HistoryRow {
                block_id: height,
                vtxindex: acc.vtxindex,
                txid: txid.clone(),
                op: acc.op.clone(),
                data,
                creator_address: None,
            };
            match acc.op.as_str() {
                "?" | "*" => {
                    let hash = field_str("preorder_hash").unwrap_or_default();
                    self.preorder_blocks.entry(hash.clone()).or_default().push(height);
                    self.preorders.insert((hash, height), row.clone());
                    self.unconsumed.entry(height).or_default().push(row);
                }
                ":" | ";" => {
                    // Creations carry the op data only (no name_hash128 / namespace_id).
                    row.data.remove("name_hash128");
                    row.data.remove("namespace_id");
                    let name = acc.key.clone();
                    let first = acc.op == ":" || !self.known_names.contains(&name);
                    if first {
                        let creator = field_str("address").unwrap_or_default();
                        row.creator_address = Some(creator.clone());
                        self.creations.entry(creator).or_default().push(Creation {
                            block_id: height,
                            vtxindex: acc.vtxindex,
                            name: name.clone(),
                        });
                    }
                    if acc.op == ":" {
                        if let (Some(hash), Some(block)) =
                            (field_str("preorder_hash"), field_int("preorder_block_number"))
                        {
                            self.consume_preorder(&name, &hash, block);
                        }
                    }
                    self.known_names.insert(name.clone());
                    self.insert_history(&name, row);
                }
                "&" => {
                    let id = acc.key.clone();
                    if let (Some(hash), Some(block)) = (field_str("preorder_hash"), field_int("block_number"))
                    {
                        self.consume_preorder(&id, &hash, block);
                    }
                    if !self.namespace_order.contains(&id) {
                        self.namespace_order.push(id.clone());
                    }
                    self.insert_history(&id, row);
                }
                _ => {
                    let id = acc.key.clone();
                    self.insert_history(&id, row);
                }
            }
        }
        for rej in &outcome.rejected {
            let txid = hex::encode(rej.txid.0);
            self.fates.entry(txid).or_insert(TxFate::Rejected {
                height,
                vtxindex: rej.vtxindex,
                opcode: opcode_name(rej.opcode).to_string(),
                reason: rej.reason.to_string(),
            });
        }
        let changed: Vec<Account> = outcome.account_rows.clone();
        for acct in &changed {
            self.push_account(acct);
        }
        self.note_consensus(height, outcome.consensus_hash);
        self.outcomes.push(outcome);
        Ok(self.outcomes.last().expect("just pushed"))
    }
}

impl ReadModel for InMemoryModel {
    fn params(&self) -> &Params {
        self.engine.params()
    }
    fn tip(&self) -> Result<Tip, ModelError> {
        let state = self.engine.state();
        let consensus_hash = state.consensus_hash_at(state.last_block).unwrap_or_default();
        Ok(Tip { height: state.last_block, consensus_hash })
    }
    fn consensus_hash_at(&self, height: u32) -> Result<Option<ConsensusHash>, ModelError> {
        Ok(self.engine.state().consensus_hashes.get(&height).copied())
    }
    fn height_of_consensus_hash(&self, hash: &ConsensusHash) -> Result<Option<u32>, ModelError> {
        Ok(self.by_consensus_hash.get(&hash.0).copied())
    }
    fn name(&self, fqn: &str) -> Result<Option<NameRecord>, ModelError> {
        Ok(self.engine.state().names.get(fqn).cloned())
    }
    fn namespace(&self, id: &str) -> Result<Option<NamespaceRecord>, ModelError> {
        Ok(self.engine.state().namespaces.get(id).cloned())
    }
    fn namespace_ids(&self) -> Result<Vec<String>, ModelError> {
        Ok(self.namespace_order.clone())
    }
    fn visit_names(
        &self,
        namespace: Option<&str>,
        from: Option<&str>,
        visit: &mut dyn FnMut(&NameRecord) -> bool,
    ) -> Result<(), ModelError> {
        let names = &self.engine.state().names;
        let iter: Box<dyn Iterator<Item = &NameRecord>> = match from {
            Some(f) => Box::new(names.range(f.to_string()..).map(|(_, r)| r)),
            None => Box::new(names.values()),
        };
        for rec in iter {
            if namespace.is_some_and(|ns| rec.namespace_id != ns) {
                continue;
            }
            if !visit(rec) {
                break;
            }
        }
        Ok(())
    }
    fn names_owned_by(&self, address: &str) -> Result<Vec<NameRecord>, ModelError> {
        Ok(self.engine.state().names.values().filter(|r| r.address == address).cloned().collect())
    }
    fn history(&self, id: &str) -> Result<Vec<HistoryRow>, ModelError> {
        Ok(self.history.get(id).cloned().unwrap_or_default())
    }
    fn block_ops(&self, height: u32) -> Result<BlockOps, ModelError> {
        Ok(BlockOps {
            unconsumed_preorders: self.unconsumed.get(&height).cloned().unwrap_or_default(),
            history: self.by_block.get(&height).cloned().unwrap_or_default(),
        })
    }
    fn tx_status(&self, txid: &str) -> Result<TxStatus, ModelError> {
        Ok(TxStatus {
            fate: self.fates.get(txid).cloned().unwrap_or(TxFate::Unknown),
            history: self.first_history.get(txid).cloned(),
        })
    }
    fn account_rows(&self, address: &str) -> Result<Vec<AccountRow>, ModelError> {
        Ok(self.accounts.get(address).cloned().unwrap_or_default())
    }
    fn creations_by(&self, creator: &str) -> Result<Vec<Creation>, ModelError> {
        let mut rows = self.creations.get(creator).cloned().unwrap_or_default();
        rows.sort_by_key(|c| (c.block_id, c.vtxindex));
        Ok(rows)
    }
    fn zonefile(&self, hash: &str) -> Result<Option<Vec<u8>>, ModelError> {
        Ok(self.zonefiles.get(hash).cloned())
    }
    fn zonefile_count(&self) -> Result<u64, ModelError> {
        Ok(self.zonefiles.len() as u64)
    }
}
