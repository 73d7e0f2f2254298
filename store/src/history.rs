//! The read side's tables (format 4, STORE-FORMAT.md "History databases"): every
//! history row of every name, namespace, preorder and token sender (the reference's
//! `history` table), the accepted operations of each block, each transaction's fate,
//! every token account row, the name-creating rows of each creator address, the state
//! of every name and namespace after each block, consensus hash → height, and the
//! namespaces' reveal order. Written by [`apply`] inside the commit's write
//! transaction, so a reader's snapshot never sees a block's state without its history.
//!
//! Keys are built so that each query is one range scan: `id ‖ 0x00 ‖ height BE ‖
//! vtxindex BE` and the like (ids, names and addresses never contain 0x00).

use crate::codec::{decode_account, encode_account, DecodeError, Reader, Writer};
use crate::error::{Corrupt, CorruptKind, ReadError};
use crate::lmdb::{seal, unseal};
use crate::rows::{RowChange, StateTable};
use bns_engine::consensus::Value;
use bns_engine::state::{Account, NameRecord, NamespaceRecord};
use std::collections::BTreeMap;

/// Encoding tag of a history row value.
pub const TAG_HISTORY: u8 = 0x10;
/// Encoding tag of a per-block operation pointer.
pub const TAG_BLOCK_OP: u8 = 0x11;
/// Encoding tag of a transaction fate.
pub const TAG_TX: u8 = 0x12;
/// Encoding tag of a state-after-block value.
pub const TAG_STATE: u8 = 0x13;

type Bytes = heed::types::Bytes;
type Db = heed::Database<Bytes, Bytes>;

/// The history databases, in the order of [`DB_NAMES`].
pub const DB_NAMES: [&str; 8] = [
    "hist.rows",
    "hist.block_ops",
    "hist.txs",
    "hist.accounts",
    "hist.creations",
    "hist.states",
    "hist.consensus",
    "hist.namespaces",
];

/// Open handles of the history databases.
#[derive(Clone, Copy, Debug)]
pub struct HistoryDbs {
    pub rows: Db,
    pub block_ops: Db,
    pub txs: Db,
    pub accounts: Db,
    pub creations: Db,
    pub states: Db,
    pub consensus: Db,
    pub namespaces: Db,
}

impl HistoryDbs {
    pub(crate) fn from_vec(dbs: Vec<Db>) -> Option<HistoryDbs> {
        let [rows, block_ops, txs, accounts, creations, states, consensus, namespaces]: [Db; 8] =
            dbs.try_into().ok()?;
        Some(HistoryDbs { rows, block_ops, txs, accounts, creations, states, consensus, namespaces })
    }
    pub(crate) fn all(&self) -> [(&'static str, &Db); 8] {
        [
            (DB_NAMES[0], &self.rows),
            (DB_NAMES[1], &self.block_ops),
            (DB_NAMES[2], &self.txs),
            (DB_NAMES[3], &self.accounts),
            (DB_NAMES[4], &self.creations),
            (DB_NAMES[5], &self.states),
            (DB_NAMES[6], &self.consensus),
            (DB_NAMES[7], &self.namespaces),
        ]
    }
}

/// One accepted operation as the history needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct OpInput {
    pub vtxindex: u32,
    pub txid: [u8; 32],
    /// Stored op string (`?`, `:`, `>>`, …).
    pub op: String,
    /// Name / namespace ID / preorder hash / sender address.
    pub key: String,
    /// The op's record dict (engine `AcceptedOp::fields`), in key order.
    pub fields: Vec<(String, Value)>,
}

/// One rejected candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectInput {
    pub vtxindex: u32,
    pub txid: [u8; 32],
    /// The reference's opcode name (`NAME_REGISTRATION`, …).
    pub opcode: String,
    /// The engine's `RejectReason`, as displayed.
    pub reason: String,
}

/// What one block adds to the history databases.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BlockHistory {
    pub height: u32,
    pub consensus_hash: [u8; 16],
    /// Consensus hashes known before the first block (the genesis rows): only in the
    /// first block a new store receives.
    pub genesis_consensus: Vec<(u32, [u8; 16])>,
    /// Account rows of the starting state (STX genesis): only with the first block.
    pub genesis_accounts: Vec<Account>,
    pub accepted: Vec<OpInput>,
    pub rejected: Vec<RejectInput>,
    /// Every account row the block wrote, in write order.
    pub account_rows: Vec<Account>,
    /// The block's `state.names` / `state.namespaces` row changes (encoded records;
    /// `None` deletes).
    pub states: Vec<RowChange>,
}

/// One history row (the reference's `history` table row).
#[derive(Clone, Debug, PartialEq)]
pub struct HistEntry {
    pub block_id: u32,
    pub vtxindex: u32,
    pub txid: [u8; 32],
    pub op: String,
    /// The record dict kept for the row (creations without `name_hash128` and
    /// `namespace_id`), in key order.
    pub fields: Vec<(String, Value)>,
    /// Creator address of a name-creating row.
    pub creator_address: Option<String>,
}

/// A transaction's fate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    Accepted { height: u32, vtxindex: u32, op: String },
    Rejected { height: u32, vtxindex: u32, opcode: String, reason: String },
}

/// A transaction row: the engine's fate and the first history row of the txid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxRow {
    pub fate: Option<Fate>,
    pub first_history: Option<(u32, u32, String)>,
}

/// A per-block operation pointer: the history row lives under `id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockOp {
    /// An accepted preorder not consumed (yet).
    pub unconsumed: bool,
    pub id: String,
}

// ---- encodings -------------------------------------------------------------------

fn write_value(w: &mut Writer, v: &Value) {
    match v {
        Value::None => w.u8(0),
        Value::Int(n) => {
            w.u8(1);
            w.bytes(&n.to_le_bytes());
        }
        Value::Float(x) => {
            w.u8(2);
            w.u64(x.to_bits());
        }
        Value::Bool(b) => {
            w.u8(3);
            w.bool(*b);
        }
        Value::Str(s) => {
            w.u8(4);
            w.str(s);
        }
        Value::IntList(list) => {
            w.u8(5);
            w.len(list.len());
            for i in list {
                w.u64(*i as u64);
            }
        }
    }
}

fn read_value(r: &mut Reader<'_>) -> Result<Value, DecodeError> {
    let at = 0;
    Ok(match r.u8()? {
        0 => Value::None,
        1 => {
            let mut b = [0u8; 16];
            b.copy_from_slice(r.take(16)?);
            Value::Int(i128::from_le_bytes(b))
        }
        2 => Value::Float(f64::from_bits(r.u64()?)),
        3 => Value::Bool(r.bool()?),
        4 => Value::Str(r.str()?),
        5 => {
            let n = r.count()?;
            let mut list = Vec::with_capacity(n);
            for _ in 0..n {
                list.push(r.u64()? as i64);
            }
            Value::IntList(list)
        }
        value => return Err(DecodeError::BadByte { at, value, what: "value tag" }),
    })
}

fn decode_all<T>(
    bytes: &[u8],
    read: impl FnOnce(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    let mut r = Reader::new(bytes);
    let value = read(&mut r)?;
    r.finish()?;
    Ok(value)
}

fn txid_of(r: &mut Reader<'_>) -> Result<[u8; 32], DecodeError> {
    let mut t = [0u8; 32];
    t.copy_from_slice(r.take(32)?);
    Ok(t)
}

pub fn encode_entry(e: &HistEntry) -> Vec<u8> {
    let HistEntry { block_id, vtxindex, txid, op, fields, creator_address } = e;
    let mut w = Writer::default();
    w.u8(TAG_HISTORY);
    w.u32(*block_id);
    w.u32(*vtxindex);
    w.bytes(txid);
    w.str(op);
    w.len(fields.len());
    for (k, v) in fields {
        w.str(k);
        write_value(&mut w, v);
    }
    w.opt_str(creator_address);
    w.0
}

pub fn decode_entry(bytes: &[u8]) -> Result<HistEntry, DecodeError> {
    decode_all(bytes, |r| {
        r.tag(TAG_HISTORY)?;
        let block_id = r.u32()?;
        let vtxindex = r.u32()?;
        let txid = txid_of(r)?;
        let op = r.str()?;
        let n = r.count()?;
        let mut fields = Vec::with_capacity(n);
        for _ in 0..n {
            let k = r.str()?;
            fields.push((k, read_value(r)?));
        }
        Ok(HistEntry { block_id, vtxindex, txid, op, fields, creator_address: r.opt_str()? })
    })
}

pub fn encode_tx(t: &TxRow) -> Vec<u8> {
    let mut w = Writer::default();
    w.u8(TAG_TX);
    match &t.fate {
        None => w.u8(0),
        Some(Fate::Accepted { height, vtxindex, op }) => {
            w.u8(1);
            w.u32(*height);
            w.u32(*vtxindex);
            w.str(op);
        }
        Some(Fate::Rejected { height, vtxindex, opcode, reason }) => {
            w.u8(2);
            w.u32(*height);
            w.u32(*vtxindex);
            w.str(opcode);
            w.str(reason);
        }
    }
    match &t.first_history {
        None => w.u8(0),
        Some((b, v, op)) => {
            w.u8(1);
            w.u32(*b);
            w.u32(*v);
            w.str(op);
        }
    }
    w.0
}

pub fn decode_tx(bytes: &[u8]) -> Result<TxRow, DecodeError> {
    decode_all(bytes, |r| {
        r.tag(TAG_TX)?;
        let fate = match r.u8()? {
            0 => None,
            1 => Some(Fate::Accepted { height: r.u32()?, vtxindex: r.u32()?, op: r.str()? }),
            2 => Some(Fate::Rejected {
                height: r.u32()?,
                vtxindex: r.u32()?,
                opcode: r.str()?,
                reason: r.str()?,
            }),
            value => return Err(DecodeError::BadByte { at: 1, value, what: "fate tag" }),
        };
        let first_history = match r.u8()? {
            0 => None,
            1 => Some((r.u32()?, r.u32()?, r.str()?)),
            value => return Err(DecodeError::BadByte { at: 0, value, what: "option tag" }),
        };
        Ok(TxRow { fate, first_history })
    })
}

fn encode_block_op(b: &BlockOp) -> Vec<u8> {
    let mut w = Writer::default();
    w.u8(TAG_BLOCK_OP);
    w.bool(b.unconsumed);
    w.str(&b.id);
    w.0
}

fn decode_block_op(bytes: &[u8]) -> Result<BlockOp, DecodeError> {
    decode_all(bytes, |r| {
        r.tag(TAG_BLOCK_OP)?;
        Ok(BlockOp { unconsumed: r.bool()?, id: r.str()? })
    })
}

/// `id ‖ 0x00 ‖ a BE ‖ b BE`.
pub fn id_key(id: &str, a: u32, b: u32) -> Vec<u8> {
    let mut k = id_prefix(id);
    k.extend_from_slice(&a.to_be_bytes());
    k.extend_from_slice(&b.to_be_bytes());
    k
}

/// `id ‖ 0x00`.
pub fn id_prefix(id: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(id.len() + 9);
    k.extend_from_slice(id.as_bytes());
    k.push(0);
    k
}

fn block_key(height: u32, vtxindex: u32) -> [u8; 8] {
    let mut k = [0u8; 8];
    k[..4].copy_from_slice(&height.to_be_bytes());
    k[4..].copy_from_slice(&vtxindex.to_be_bytes());
    k
}

/// The history id of an unconsumed preorder.
fn preorder_id(hash: &str) -> String {
    format!("?{hash}")
}

/// Kind byte of a `hist.states` key.
const STATE_NAME: u8 = b'n';
const STATE_NAMESPACE: u8 = b's';

fn state_prefix(kind: u8, id: &str) -> Vec<u8> {
    let mut k = vec![kind];
    k.extend_from_slice(id.as_bytes());
    k.push(0);
    k
}

// ---- writing ----------------------------------------------------------------------

/// A history write failed.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("history write")]
    Lmdb(#[source] heed::Error),
    #[error("history row")]
    Corrupt(#[source] Corrupt),
}

impl From<heed::Error> for HistoryError {
    fn from(e: heed::Error) -> Self {
        HistoryError::Lmdb(e)
    }
}
impl From<Corrupt> for HistoryError {
    fn from(e: Corrupt) -> Self {
        HistoryError::Corrupt(e)
    }
}

fn decode_err(db: &str, key: &[u8], e: DecodeError) -> Corrupt {
    Corrupt::new(db, key, CorruptKind::Decode(e))
}

struct Writing<'a, 't> {
    dbs: &'a HistoryDbs,
    txn: &'a mut heed::RwTxn<'t>,
    /// The largest key of each database (by `DB_NAMES` position), for appends
    /// (`lmdb::put_ordered`).
    last: [Option<Option<Vec<u8>>>; 8],
}

impl Writing<'_, '_> {
    fn put(&mut self, name: &str, db: Db, key: &[u8], value: &[u8]) -> Result<(), HistoryError> {
        let index =
            DB_NAMES.iter().position(|n| *n == name).expect("every history put names one of DB_NAMES");
        let slot = self.last.get_mut(index).expect("one slot per DB_NAMES entry");
        crate::lmdb::put_ordered(&db, self.txn, slot, key, &seal(name, key, value))?;
        Ok(())
    }

    fn tx(&self, txid: &[u8; 32]) -> Result<TxRow, HistoryError> {
        match self.dbs.txs.get(self.txn, txid)? {
            None => Ok(TxRow { fate: None, first_history: None }),
            Some(v) => {
                let v = unseal(DB_NAMES[2], txid, v)?;
                Ok(decode_tx(v).map_err(|e| decode_err(DB_NAMES[2], txid, e))?)
            }
        }
    }

    fn put_tx(&mut self, txid: &[u8; 32], row: &TxRow) -> Result<(), HistoryError> {
        let db = self.dbs.txs;
        self.put(DB_NAMES[2], db, txid, &encode_tx(row))
    }

    fn insert_history(&mut self, id: &str, entry: &HistEntry) -> Result<(), HistoryError> {
        let mut tx = self.tx(&entry.txid)?;
        if tx.first_history.is_none() {
            tx.first_history = Some((entry.block_id, entry.vtxindex, entry.op.clone()));
            self.put_tx(&entry.txid, &tx)?;
        }
        let key = id_key(id, entry.block_id, entry.vtxindex);
        let (rows, ops) = (self.dbs.rows, self.dbs.block_ops);
        self.put(DB_NAMES[0], rows, &key, &encode_entry(entry))?;
        let bkey = block_key(entry.block_id, entry.vtxindex);
        self.put(
            DB_NAMES[1],
            ops,
            &bkey,
            &encode_block_op(&BlockOp { unconsumed: false, id: id.to_string() }),
        )
    }

    fn has_history(&self, id: &str) -> Result<bool, HistoryError> {
        Ok(self.dbs.rows.prefix_iter(self.txn, &id_prefix(id))?.next().transpose()?.is_some())
    }

    /// Move a consumed preorder into the history of `id` (the in-memory model's rule:
    /// the unconsumed preorder of the hash at `block`, else the latest one).
    fn consume_preorder(&mut self, id: &str, hash: &str, block: u32) -> Result<(), HistoryError> {
        let pid = preorder_id(hash);
        let mut found: Vec<(Vec<u8>, HistEntry)> = Vec::new();
        for item in self.dbs.rows.prefix_iter(self.txn, &id_prefix(&pid))? {
            let (k, v) = item?;
            let v = unseal(DB_NAMES[0], k, v)?;
            let e = decode_entry(v).map_err(|e| decode_err(DB_NAMES[0], k, e))?;
            found.push((k.to_vec(), e));
        }
        let pick = found
            .iter()
            .position(|(_, e)| e.block_id == block)
            .or_else(|| found.iter().enumerate().max_by_key(|(_, (_, e))| e.block_id).map(|(i, _)| i));
        let Some(i) = pick else { return Ok(()) };
        let (key, entry) = found.swap_remove(i);
        self.dbs.rows.delete(self.txn, &key)?;
        self.insert_history(id, &entry)
    }

    fn block(&mut self, b: &BlockHistory) -> Result<(), HistoryError> {
        let h = b.height;
        let cdb = self.dbs.consensus;
        for (height, hash) in b.genesis_consensus.iter().chain(std::iter::once(&(h, b.consensus_hash))) {
            self.put(DB_NAMES[6], cdb, hash, &height.to_be_bytes())?;
        }
        for acct in b.genesis_accounts.iter().chain(&b.account_rows) {
            self.account(acct)?;
        }
        for acc in &b.accepted {
            self.accepted(h, acc)?;
        }
        for rej in &b.rejected {
            let mut tx = self.tx(&rej.txid)?;
            if tx.fate.is_none() {
                tx.fate = Some(Fate::Rejected {
                    height: h,
                    vtxindex: rej.vtxindex,
                    opcode: rej.opcode.clone(),
                    reason: rej.reason.clone(),
                });
                self.put_tx(&rej.txid, &tx)?;
            }
        }
        let sdb = self.dbs.states;
        for change in &b.states {
            let kind = match change.table {
                StateTable::Names => STATE_NAME,
                StateTable::Namespaces => STATE_NAMESPACE,
                _ => continue,
            };
            let mut key = vec![kind];
            key.extend_from_slice(&change.key);
            key.push(0);
            key.extend_from_slice(&h.to_be_bytes());
            let mut value = vec![TAG_STATE];
            match &change.value {
                None => value.push(0),
                Some(v) => {
                    value.push(1);
                    value.extend_from_slice(v);
                }
            }
            self.put(DB_NAMES[5], sdb, &key, &value)?;
        }
        Ok(())
    }

    fn account(&mut self, acct: &Account) -> Result<(), HistoryError> {
        let base = id_key(&acct.address, acct.block_id, acct.vtxindex);
        let seq = self.dbs.accounts.prefix_iter(self.txn, &base)?.count() as u32;
        let mut key = base;
        key.extend_from_slice(&seq.to_be_bytes());
        let db = self.dbs.accounts;
        self.put(DB_NAMES[3], db, &key, &encode_account(acct))
    }

    fn accepted(&mut self, height: u32, acc: &OpInput) -> Result<(), HistoryError> {
        let mut tx = self.tx(&acc.txid)?;
        tx.fate = Some(Fate::Accepted { height, vtxindex: acc.vtxindex, op: acc.op.clone() });
        self.put_tx(&acc.txid, &tx)?;
        let field_str = |k: &str| {
            acc.fields.iter().find(|(f, _)| f == k).and_then(|(_, v)| match v {
                Value::Str(s) => Some(s.clone()),
                _ => None,
            })
        };
        let field_int = |k: &str| {
            acc.fields.iter().find(|(f, _)| f == k).and_then(|(_, v)| match v {
                Value::Int(n) => u32::try_from(*n).ok(),
                _ => None,
            })
        };
        let mut entry = HistEntry {
            block_id: height,
            vtxindex: acc.vtxindex,
            txid: acc.txid,
            op: acc.op.clone(),
            fields: acc.fields.clone(),
            creator_address: None,
        };
        match acc.op.as_str() {
            "?" | "*" => {
                let id = preorder_id(&field_str("preorder_hash").unwrap_or_default());
                let key = id_key(&id, height, acc.vtxindex);
                let (rows, ops) = (self.dbs.rows, self.dbs.block_ops);
                self.put(DB_NAMES[0], rows, &key, &encode_entry(&entry))?;
                let op = BlockOp { unconsumed: true, id };
                self.put(DB_NAMES[1], ops, &block_key(height, acc.vtxindex), &encode_block_op(&op))?;
            }
            ":" | ";" => {
                entry.fields.retain(|(k, _)| k != "name_hash128" && k != "namespace_id");
                let name = acc.key.as_str();
                let first = acc.op == ":" || !self.has_history(name)?;
                if first {
                    let creator = field_str("address").unwrap_or_default();
                    entry.creator_address = Some(creator.clone());
                    let db = self.dbs.creations;
                    let mut w = Writer::default();
                    w.str(name);
                    self.put(DB_NAMES[4], db, &id_key(&creator, height, acc.vtxindex), &w.0)?;
                }
                if acc.op == ":" {
                    if let (Some(hash), Some(block)) =
                        (field_str("preorder_hash"), field_int("preorder_block_number"))
                    {
                        self.consume_preorder(name, &hash, block)?;
                    }
                }
                self.insert_history(name, &entry)?;
            }
            "&" => {
                let id = acc.key.as_str();
                if let (Some(hash), Some(block)) = (field_str("preorder_hash"), field_int("block_number")) {
                    self.consume_preorder(id, &hash, block)?;
                }
                if self.dbs.namespaces.get(self.txn, id.as_bytes())?.is_none() {
                    let db = self.dbs.namespaces;
                    self.put(DB_NAMES[7], db, id.as_bytes(), &block_key(height, acc.vtxindex))?;
                }
                self.insert_history(id, &entry)?;
            }
            _ => self.insert_history(&acc.key, &entry)?,
        }
        Ok(())
    }
}

/// Write the history of `blocks` (in height order) inside the commit's transaction.
pub fn apply(
    dbs: &HistoryDbs,
    txn: &mut heed::RwTxn<'_>,
    blocks: &[BlockHistory],
) -> Result<(), HistoryError> {
    let mut w = Writing { dbs, txn, last: Default::default() };
    for b in blocks {
        w.block(b)?;
    }
    Ok(())
}

// ---- reading ----------------------------------------------------------------------

fn rerr(e: heed::Error) -> ReadError {
    ReadError::Lmdb(e)
}

/// Reads of the history databases inside one read transaction.
pub struct HistoryReader<'a> {
    pub(crate) dbs: &'a HistoryDbs,
    pub(crate) txn: &'a heed::RoTxn<'a>,
}

impl HistoryReader<'_> {
    fn scan<T>(
        &self,
        name: &str,
        db: &Db,
        prefix: &[u8],
        mut f: impl FnMut(&[u8], &[u8]) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, ReadError> {
        let mut out = Vec::new();
        for item in db.prefix_iter(self.txn, prefix).map_err(rerr)? {
            let (k, v) = item.map_err(rerr)?;
            let v = unseal(name, k, v)?;
            out.push(f(k, v).map_err(|e| decode_err(name, k, e))?);
        }
        Ok(out)
    }

    /// History rows of a name, namespace ID or token sender, ascending by (block, vtxindex).
    pub fn history(&self, id: &str) -> Result<Vec<HistEntry>, ReadError> {
        self.scan(DB_NAMES[0], &self.dbs.rows, &id_prefix(id), |_, v| decode_entry(v))
    }

    /// The history row of `id` at (block, vtxindex).
    pub fn history_row(&self, id: &str, block: u32, vtxindex: u32) -> Result<Option<HistEntry>, ReadError> {
        let key = id_key(id, block, vtxindex);
        match self.dbs.rows.get(self.txn, &key).map_err(rerr)? {
            None => Ok(None),
            Some(v) => {
                let v = unseal(DB_NAMES[0], &key, v)?;
                Ok(Some(decode_entry(v).map_err(|e| decode_err(DB_NAMES[0], &key, e))?))
            }
        }
    }

    /// The accepted operations of a block: (unconsumed preorders, history rows), both
    /// by vtxindex.
    pub fn block_ops(&self, height: u32) -> Result<(Vec<HistEntry>, Vec<HistEntry>), ReadError> {
        let ops = self.scan(DB_NAMES[1], &self.dbs.block_ops, &height.to_be_bytes(), |k, v| {
            let vtx = k.get(4..8).and_then(|b| <[u8; 4]>::try_from(b).ok()).map(u32::from_be_bytes);
            Ok((vtx.unwrap_or_default(), decode_block_op(v)?))
        })?;
        let (mut unconsumed, mut history) = (Vec::new(), Vec::new());
        for (vtx, op) in ops {
            let Some(row) = self.history_row(&op.id, height, vtx)? else {
                return Err(Corrupt::new(DB_NAMES[1], &block_key(height, vtx), CorruptKind::WrongKey).into());
            };
            if op.unconsumed {
                unconsumed.push(row);
            } else {
                history.push(row);
            }
        }
        Ok((unconsumed, history))
    }

    /// A transaction's row.
    pub fn tx(&self, txid: &[u8; 32]) -> Result<Option<TxRow>, ReadError> {
        match self.dbs.txs.get(self.txn, txid).map_err(rerr)? {
            None => Ok(None),
            Some(v) => {
                let v = unseal(DB_NAMES[2], txid, v)?;
                Ok(Some(decode_tx(v).map_err(|e| decode_err(DB_NAMES[2], txid, e))?))
            }
        }
    }

    /// Every account row of an address, ascending by (block_id, vtxindex), write order.
    pub fn account_rows(&self, address: &str) -> Result<Vec<Account>, ReadError> {
        self.scan(DB_NAMES[3], &self.dbs.accounts, &id_prefix(address), |_, v| decode_account(v))
    }

    /// Name-creating rows of a creator: (block, vtxindex, name), ascending.
    pub fn creations(&self, creator: &str) -> Result<Vec<(u32, u32, String)>, ReadError> {
        let p = id_prefix(creator);
        let n = p.len();
        self.scan(DB_NAMES[4], &self.dbs.creations, &p, |k, v| {
            let num = |at: usize| {
                k.get(at..at + 4).and_then(|b| <[u8; 4]>::try_from(b).ok()).map(u32::from_be_bytes)
            };
            let name = decode_all(v, |r| r.str())?;
            Ok((num(n).unwrap_or_default(), num(n + 4).unwrap_or_default(), name))
        })
    }

    /// The highest height whose consensus hash this is.
    pub fn height_of_consensus_hash(&self, hash: &[u8; 16]) -> Result<Option<u32>, ReadError> {
        match self.dbs.consensus.get(self.txn, hash).map_err(rerr)? {
            None => Ok(None),
            Some(v) => {
                let v = unseal(DB_NAMES[6], hash, v)?;
                let b: [u8; 4] = v
                    .try_into()
                    .map_err(|_| Corrupt::new(DB_NAMES[6], hash, CorruptKind::Malformed("is not 4 bytes")))?;
                Ok(Some(u32::from_be_bytes(b)))
            }
        }
    }

    /// Namespace IDs in first-reveal order.
    pub fn namespace_ids(&self) -> Result<Vec<String>, ReadError> {
        let name = DB_NAMES[7];
        let mut all = Vec::new();
        for item in self.dbs.namespaces.iter(self.txn).map_err(rerr)? {
            let (k, v) = item.map_err(rerr)?;
            let v = unseal(name, k, v)?;
            let bad = |what| Corrupt::new(name, k, CorruptKind::Malformed(what));
            let id = String::from_utf8(k.to_vec()).map_err(|_| bad("key is not UTF-8"))?;
            let order: [u8; 8] = v.try_into().map_err(|_| bad("is not 8 bytes"))?;
            all.push((order, id));
        }
        all.sort();
        Ok(all.into_iter().map(|(_, id)| id).collect())
    }

    fn state_at(&self, kind: u8, id: &str, height: u32) -> Result<Option<Vec<u8>>, ReadError> {
        let prefix = state_prefix(kind, id);
        let mut end = prefix.clone();
        end.extend_from_slice(&height.to_be_bytes());
        let range = (std::ops::Bound::Included(prefix.as_slice()), std::ops::Bound::Included(end.as_slice()));
        let last = self.dbs.states.rev_range(self.txn, &range).map_err(rerr)?.next();
        let Some(item) = last else { return Ok(None) };
        let (k, v) = item.map_err(rerr)?;
        let v = unseal(DB_NAMES[5], k, v)?;
        match v {
            [TAG_STATE, 0] => Ok(None),
            [TAG_STATE, 1, rest @ ..] => Ok(Some(rest.to_vec())),
            _ => Err(Corrupt::new(DB_NAMES[5], k, CorruptKind::Malformed("is not a state value")).into()),
        }
    }

    /// Every row of one kind as it was after block `height`, by id: one pass over the
    /// kind's `hist.states` keys (`kind ‖ id ‖ 0x00 ‖ height BE`), keeping each id's
    /// last change at or below `height` (a deletion removes the id).
    fn all_states_at(&self, kind: u8, height: u32) -> Result<Vec<(String, Vec<u8>)>, ReadError> {
        let name = DB_NAMES[5];
        let mut out: Vec<(String, Vec<u8>)> = Vec::new();
        let mut current: Option<(Vec<u8>, Option<Vec<u8>>)> = None;
        let flush = |current: Option<(Vec<u8>, Option<Vec<u8>>)>, out: &mut Vec<(String, Vec<u8>)>| {
            if let Some((id, Some(value))) = current {
                out.push((String::from_utf8_lossy(&id).into_owned(), value));
            }
        };
        for item in self.dbs.states.prefix_iter(self.txn, &[kind]).map_err(rerr)? {
            let (k, v) = item.map_err(rerr)?;
            let bad = |what| Corrupt::new(name, k, CorruptKind::Malformed(what));
            // kind ‖ id ‖ 0x00 ‖ height (4 bytes)
            let split = k.len().checked_sub(5).filter(|n| *n >= 1).ok_or_else(|| bad("key too short"))?;
            let (id, rest) = (&k[1..split], &k[split..]);
            let (zero, h) = rest.split_at(1);
            let h: [u8; 4] = h.try_into().map_err(|_| bad("key too short"))?;
            if zero != [0] {
                return Err(bad("key has no id terminator").into());
            }
            if u32::from_be_bytes(h) > height {
                continue;
            }
            let v = unseal(name, k, v)?;
            let value = match v {
                [TAG_STATE, 0] => None,
                [TAG_STATE, 1, rest @ ..] => Some(rest.to_vec()),
                _ => return Err(bad("is not a state value").into()),
            };
            match &mut current {
                Some((cur, slot)) if cur.as_slice() == id => *slot = value,
                _ => {
                    flush(current.take(), &mut out);
                    current = Some((id.to_vec(), value));
                }
            }
        }
        flush(current, &mut out);
        Ok(out)
    }

    /// Every name row as it was after block `height`, by name (the `names` table then).
    pub fn names_at(&self, height: u32) -> Result<BTreeMap<String, NameRecord>, ReadError> {
        let mut out = BTreeMap::new();
        for (id, v) in self.all_states_at(STATE_NAME, height)? {
            let rec = crate::codec::decode_name(&v).map_err(|e| decode_err(DB_NAMES[5], id.as_bytes(), e))?;
            out.insert(id, rec);
        }
        Ok(out)
    }

    /// Every namespace row as it was after block `height`, by ID.
    pub fn namespaces_at(&self, height: u32) -> Result<BTreeMap<String, NamespaceRecord>, ReadError> {
        let mut out = BTreeMap::new();
        for (id, v) in self.all_states_at(STATE_NAMESPACE, height)? {
            let rec =
                crate::codec::decode_namespace(&v).map_err(|e| decode_err(DB_NAMES[5], id.as_bytes(), e))?;
            out.insert(id, rec);
        }
        Ok(out)
    }

    /// Every account row of every address, ascending by (address, block_id, vtxindex,
    /// write order within one block and vtxindex).
    pub fn all_account_rows(
        &self,
        visit: &mut dyn FnMut(Account) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        let name = DB_NAMES[3];
        for item in self.dbs.accounts.iter(self.txn).map_err(rerr)? {
            let (k, v) = item.map_err(rerr)?;
            let v = unseal(name, k, v)?;
            visit(decode_account(v).map_err(|e| decode_err(name, k, e))?)?;
        }
        Ok(())
    }

    /// A name's row as it was after block `height` (None: no row then).
    pub fn name_at(&self, name: &str, height: u32) -> Result<Option<NameRecord>, ReadError> {
        let Some(v) = self.state_at(STATE_NAME, name, height)? else { return Ok(None) };
        Ok(Some(crate::codec::decode_name(&v).map_err(|e| decode_err(DB_NAMES[5], name.as_bytes(), e))?))
    }

    /// A namespace's row as it was after block `height`.
    pub fn namespace_at(&self, id: &str, height: u32) -> Result<Option<NamespaceRecord>, ReadError> {
        let Some(v) = self.state_at(STATE_NAMESPACE, id, height)? else { return Ok(None) };
        Ok(Some(crate::codec::decode_namespace(&v).map_err(|e| decode_err(DB_NAMES[5], id.as_bytes(), e))?))
    }
}
