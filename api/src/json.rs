//! Response bodies, one struct per reference shape (read-side spec §3–§14): same keys,
//! same value types (int vs string vs null), absent keys skipped where the reference
//! omits them.

use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Serialize)]
pub struct Error<'a> {
    pub error: &'a str,
}

#[derive(Serialize)]
pub struct Ping {
    pub status: &'static str,
    pub version: &'static str,
}

#[derive(Serialize)]
pub struct Info {
    pub last_block_seen: u32,
    pub consensus: String,
    pub server_version: &'static str,
    pub last_block_processed: u32,
    pub server_alive: bool,
    pub indexing: bool,
    pub testnet: bool,
    pub first_block: u32,
    /// Only on a node serving zone files (Atlas on): here the number stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zonefile_count: Option<u64>,
}

#[derive(Serialize)]
pub struct Available {
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more: Option<&'static str>,
}

/// `GET /v1/names/{name}` (§4.2).
#[derive(Serialize)]
pub struct NameInfo {
    pub status: &'static str,
    pub zonefile: Option<String>,
    pub zonefile_hash: Option<String>,
    pub address: String,
    pub last_txid: String,
    pub blockchain: &'static str,
    pub expire_block: i64,
    pub renewal_deadline: i64,
    pub grace_period: bool,
    pub resolver: Option<String>,
    pub did: Option<String>,
}

/// `GET /v1/blockchains/bitcoin/names/{name}` (§4.3).
#[derive(Serialize)]
pub struct NameRecordJson {
    pub name: String,
    pub preorder_hash: String,
    pub name_hash128: String,
    pub namespace_id: String,
    pub namespace_block_number: u32,
    pub value_hash: Option<String>,
    pub sender: String,
    pub sender_pubkey: Option<String>,
    pub address: String,
    pub block_number: u32,
    pub preorder_block_number: u32,
    pub first_registered: u32,
    pub last_renewed: u32,
    pub revoked: bool,
    pub op: String,
    pub txid: String,
    pub vtxindex: u32,
    pub op_fee: Value,
    pub importer: Option<String>,
    pub importer_address: Option<String>,
    pub consensus_hash: Option<String>,
    pub token_fee: String,
    pub opcode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_consensus_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_data: Option<bool>,
    pub expire_block: i64,
    pub renewal_deadline: i64,
    pub expired: bool,
    pub grace_period: bool,
    pub resolver: Option<String>,
    pub did: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zonefile: Option<String>,
}

/// `GET /v1/namespaces/{ns}` (§8.2).
#[derive(Serialize)]
pub struct NamespaceJson {
    pub address: String,
    pub base: u8,
    pub block_number: u32,
    pub buckets: String,
    pub coeff: u8,
    pub history: Map<String, Value>,
    pub lifetime: u32,
    pub namespace_id: String,
    pub no_vowel_discount: u8,
    pub nonalpha_discount: u8,
    pub op: String,
    pub op_fee: u64,
    pub preorder_hash: String,
    pub ready: bool,
    pub ready_block: u32,
    pub recipient: String,
    pub recipient_address: String,
    pub reveal_block: u32,
    pub sender: String,
    pub sender_pubkey: Option<String>,
    pub token_fee: String,
    pub txid: String,
    pub version: u16,
    pub vtxindex: u32,
}

#[derive(Serialize)]
pub struct NamesCount {
    pub names_count: u64,
}

#[derive(Serialize)]
pub struct AddressNames {
    pub names: Vec<String>,
}

#[derive(Serialize)]
pub struct Price {
    pub amount: String,
    pub units: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satoshis: Option<u128>,
}

#[derive(Serialize)]
pub struct NamePrice {
    pub name_price: Price,
}

#[derive(Serialize)]
pub struct Consensus {
    pub consensus_hash: String,
}

#[derive(Serialize)]
pub struct BlockHeight {
    pub block_height: u32,
}

#[derive(Serialize)]
pub struct TxAccepted {
    pub status: &'static str,
    pub block_height: u32,
    pub vtxindex: u32,
    pub op: &'static str,
}

#[derive(Serialize)]
pub struct TxIgnored {
    pub status: &'static str,
}

/// The whole back-plane reply of the transaction route (§11.3).
#[derive(Serialize)]
pub struct TxReply<T: Serialize> {
    pub indexing: bool,
    pub lastblock: u32,
    pub status: bool,
    pub tx: T,
}

/// An account state (§12). No `metadata` field: the reference's `export_account_state`
/// (blockstackd.py) copies only these eight, so an account whose `metadata` is NULL (one
/// created by a credit) answers exactly like one whose `metadata` is `''`.
#[derive(Serialize)]
pub struct AccountState {
    pub address: String,
    #[serde(rename = "type")]
    pub token_type: String,
    pub credit_value: String,
    pub debit_value: String,
    pub lock_transfer_block_id: u32,
    pub block_id: u32,
    pub vtxindex: u32,
    pub txid: String,
}

#[derive(Serialize)]
pub struct Tokens {
    pub tokens: Vec<String>,
}

#[derive(Serialize)]
pub struct Balance {
    pub balance: String,
}

#[derive(Serialize)]
pub struct ZonefileJson {
    pub zonefile: String,
}

/// One operation as the reference's operations route lists it (`GET
/// /v1/blockchains/bitcoin/operations/{height}`): its record dict without
/// `last_creation_op`, and `buckets` as the text SQLite hands back (`"[6, 5, …]"`).
/// Shared with `replay --json`, so every JSON the product prints has this shape.
pub fn operation_entry(mut data: Map<String, Value>) -> Value {
    data.remove("last_creation_op");
    if let Some(Value::Array(b)) = data.get("buckets") {
        let parts: Vec<String> = b.iter().map(|v| v.to_string()).collect();
        let text = format!("[{}]", parts.join(", "));
        data.insert("buckets".into(), Value::String(text));
    }
    Value::Object(data)
}

/// An accepted operation's record dict as the API's history rows hold it: the engine's
/// fields as JSON values (hex strings, numbers, booleans, null; never Rust enums),
/// `opcode` set, and for a creation (NAME_REGISTRATION, NAME_IMPORT) no `name_hash128`
/// or `namespace_id` (the reference's creation rows carry the op data only).
pub fn accepted_op_data(op: &bns_engine::AcceptedOp) -> Map<String, Value> {
    let mut data: Map<String, Value> =
        op.fields.iter().map(|(k, v)| (k.clone(), crate::memory::engine_value_json(v))).collect();
    data.insert("opcode".into(), Value::String(crate::memory::opcode_of_op(&op.op).into()));
    if matches!(op.op.as_str(), ":" | ";") {
        data.remove("name_hash128");
        data.remove("namespace_id");
    }
    data
}
