//! Consensus record dicts (bns spec §11, consensus spec §4.3): every accepted op yields a
//! field-name → value map holding what the reference's committed dict holds; the engine
//! picks the fields listed by `consensus::fields::fields_for` from it, in order.
//!
//! Reference: nameset/db.py `namedb_state_create` / `namedb_state_transition` (the dict is
//! the op data for creations, the previous record overlaid with the op data for
//! transitions) and operations/__init__.py `op_canonicalize_quirks` (op_fee is a float
//! exactly when `last_creation_op` is `;`).

use crate::consensus::Value;
use crate::state::{NameRecord, NamespaceRecord, PreorderRecord};
use std::collections::BTreeMap;

pub type RecordDict = BTreeMap<&'static str, Value>;

pub fn opt_str(v: &Option<String>) -> Value {
    match v {
        Some(s) => Value::Str(s.clone()),
        None => Value::None,
    }
}

pub fn str_value(s: &str) -> Value {
    Value::Str(s.to_string())
}

pub fn int(v: impl Into<i128>) -> Value {
    Value::Int(v.into())
}

/// Every column of a name record, with the op_fee quirk applied.
pub fn name_record_dict(rec: &NameRecord) -> RecordDict {
    let mut d = RecordDict::new();
    d.insert("name", str_value(&rec.name));
    d.insert("preorder_hash", str_value(&rec.preorder_hash));
    d.insert("name_hash128", str_value(&rec.name_hash128));
    d.insert("namespace_id", str_value(&rec.namespace_id));
    d.insert("namespace_block_number", int(rec.namespace_block_number));
    d.insert("value_hash", opt_str(&rec.value_hash));
    d.insert("sender", str_value(&rec.sender));
    d.insert("sender_pubkey", opt_str(&rec.sender_pubkey));
    d.insert("address", str_value(&rec.address));
    d.insert("block_number", int(rec.block_number));
    d.insert("preorder_block_number", int(rec.preorder_block_number));
    d.insert("first_registered", int(rec.first_registered));
    d.insert("last_renewed", int(rec.last_renewed));
    d.insert("revoked", Value::Bool(rec.revoked));
    d.insert("op", str_value(&rec.op));
    d.insert("txid", str_value(&rec.txid));
    d.insert("vtxindex", int(rec.vtxindex));
    // op_canonicalize_quirks: float(op_fee) for import-created names, int(op_fee) otherwise.
    let fee = if rec.last_creation_op == ";" {
        Value::Float(rec.op_fee.as_float())
    } else {
        Value::Int(rec.op_fee.as_int())
    };
    d.insert("op_fee", fee);
    d.insert("importer", opt_str(&rec.importer));
    d.insert("importer_address", opt_str(&rec.importer_address));
    d.insert("consensus_hash", opt_str(&rec.consensus_hash));
    d.insert("token_fee", str_value(&rec.token_fee));
    d.insert("last_creation_op", str_value(&rec.last_creation_op));
    d
}

pub fn preorder_dict(p: &PreorderRecord) -> RecordDict {
    let mut d = RecordDict::new();
    d.insert("preorder_hash", str_value(&p.preorder_hash));
    d.insert("consensus_hash", str_value(&p.consensus_hash));
    d.insert("sender", str_value(&p.sender));
    d.insert("sender_pubkey", opt_str(&p.sender_pubkey));
    d.insert("address", str_value(&p.address));
    d.insert("block_number", int(p.block_number));
    d.insert("op", str_value(&p.op));
    d.insert("op_fee", int(p.op_fee));
    d.insert("txid", str_value(&p.txid));
    d.insert("vtxindex", int(p.vtxindex));
    d.insert("burn_address", str_value(&p.burn_address));
    d.insert("token_fee", str_value(&p.token_fee));
    d.insert("token_units", str_value(&p.token_units));
    d
}

pub fn namespace_dict(ns: &NamespaceRecord) -> RecordDict {
    let mut d = RecordDict::new();
    d.insert("namespace_id", str_value(&ns.namespace_id));
    d.insert("preorder_hash", str_value(&ns.preorder_hash));
    d.insert("version", int(ns.version));
    d.insert("sender", str_value(&ns.sender));
    d.insert("sender_pubkey", opt_str(&ns.sender_pubkey));
    d.insert("address", str_value(&ns.address));
    d.insert("recipient", str_value(&ns.recipient));
    d.insert("recipient_address", str_value(&ns.recipient_address));
    d.insert("block_number", int(ns.block_number));
    d.insert("reveal_block", int(ns.reveal_block));
    d.insert("op", str_value(&ns.op));
    d.insert("op_fee", int(ns.op_fee));
    d.insert("txid", str_value(&ns.txid));
    d.insert("vtxindex", int(ns.vtxindex));
    d.insert("lifetime", int(ns.lifetime));
    d.insert("coeff", int(ns.coeff));
    d.insert("base", int(ns.base));
    d.insert("buckets", Value::IntList(ns.buckets.iter().map(|b| i64::from(*b)).collect()));
    d.insert("nonalpha_discount", int(ns.nonalpha_discount));
    d.insert("no_vowel_discount", int(ns.no_vowel_discount));
    d.insert("ready_block", int(ns.ready_block));
    d.insert("token_fee", str_value(&ns.token_fee));
    d
}
