//! The BNS state (bns spec §10): name records, namespace records, unconsumed preorders,
//! STX accounts, NAME_IMPORT keychains and the consensus-hash history, all in ordered
//! maps so that iteration order never depends on anything but the keys.
//!
//! Records hold the values exactly as the reference stores them (hex strings for
//! scripts and hashes, addresses as text), because those values are what the
//! consensus records serialize (bns spec §11, consensus spec §4.3).
//!
//! `StateDelta` is the per-block change list (touched keys with their new values), so a
//! store can persist a block's effect row by row; `State::apply_delta` replays it.

use crate::types::ConsensusHash;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// `op_fee` of a name record. The reference keeps whatever Python number the op put
/// there; the serialized form is decided by `last_creation_op` (operations/__init__.py
/// `op_canonicalize_quirks`: float for import-created names, int otherwise).
#[derive(Clone, Copy, PartialEq, Debug, Serialize, Deserialize)]
pub enum OpFee {
    Int(u64),
    Float(f64),
}

impl OpFee {
    /// Python `int(x)` (truncation toward zero for floats).
    pub fn as_int(&self) -> i128 {
        match *self {
            OpFee::Int(v) => i128::from(v),
            // `as` saturates and truncates toward zero like Python int() for finite values.
            OpFee::Float(v) => v as i128,
        }
    }
    /// Python `float(x)`.
    pub fn as_float(&self) -> f64 {
        match *self {
            // Lossy above 2^53, exactly like Python float(int).
            OpFee::Int(v) => v as f64,
            OpFee::Float(v) => v,
        }
    }
}

/// A name record (bns spec §10, reference table `name_records`), keyed by fqn.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct NameRecord {
    pub name: String,
    /// Hex of the preorder hash (20 bytes).
    pub preorder_hash: String,
    /// Hex of `H128(name)`.
    pub name_hash128: String,
    pub namespace_id: String,
    pub namespace_block_number: u32,
    /// Hex of the 20-byte value (zone file) hash, or None.
    pub value_hash: Option<String>,
    /// Owner scriptPubKey hex.
    pub sender: String,
    pub sender_pubkey: Option<String>,
    /// Owner address.
    pub address: String,
    pub block_number: u32,
    pub preorder_block_number: u32,
    pub first_registered: u32,
    pub last_renewed: u32,
    pub revoked: bool,
    /// Stored op string (`:`, `::`, `+`, `>>`, `>~`, `~`, `;`).
    pub op: String,
    pub txid: String,
    pub vtxindex: u32,
    pub op_fee: OpFee,
    pub importer: Option<String>,
    pub importer_address: Option<String>,
    /// Hex consensus hash stored by NAME_UPDATE / NAME_TRANSFER (quirk §5.5), or None.
    pub consensus_hash: Option<String>,
    /// Decimal string of µSTX paid.
    pub token_fee: String,
    /// `?` (registered) or `;` (imported): decides the op_fee rendering.
    pub last_creation_op: String,
    /// Bookkeeping for the transfer quirk (bns spec §5.5, reference
    /// `transfer.py find_transfer_consensus_hash`): the consensus hash of the last
    /// NAME_UPDATE since the last NAME_REGISTRATION / NAME_IMPORT, if any.
    pub last_update_consensus_hash: Option<String>,
}

/// A namespace record (bns spec §10, reference table `namespaces`), keyed by ID.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct NamespaceRecord {
    pub namespace_id: String,
    pub preorder_hash: String,
    pub version: u16,
    pub sender: String,
    pub sender_pubkey: Option<String>,
    pub address: String,
    pub recipient: String,
    pub recipient_address: String,
    pub block_number: u32,
    pub reveal_block: u32,
    /// `&` (revealed) or `!` (ready).
    pub op: String,
    pub op_fee: u64,
    pub txid: String,
    pub vtxindex: u32,
    pub lifetime: u32,
    pub coeff: u8,
    pub base: u8,
    pub buckets: [u8; 16],
    pub nonalpha_discount: u8,
    pub no_vowel_discount: u8,
    /// 0 until NAMESPACE_READY.
    pub ready_block: u32,
    pub token_fee: String,
}

impl NamespaceRecord {
    pub fn is_ready(&self) -> bool {
        self.op == "!"
    }
}

/// An unconsumed NAME_PREORDER or NAMESPACE_PREORDER (bns spec §10 "preorders").
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct PreorderRecord {
    pub preorder_hash: String,
    pub consensus_hash: String,
    pub sender: String,
    pub sender_pubkey: Option<String>,
    pub address: String,
    pub block_number: u32,
    /// `?` or `*`.
    pub op: String,
    pub op_fee: u64,
    pub txid: String,
    pub vtxindex: u32,
    pub burn_address: String,
    pub token_fee: String,
    pub token_units: String,
}

/// The current row of an STX account (bns spec §10 "accounts"; the reference keeps
/// append-only rows, the latest of which is what every check reads).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Account {
    pub address: String,
    pub token_type: String,
    pub credit_value: u128,
    pub debit_value: u128,
    pub lock_transfer_block_id: u32,
    pub receive_whitelisted: bool,
    /// The row's `metadata` column, which the reference keeps nullable and distinct
    /// from the empty string: genesis rows and patch merges write `''` when the genesis
    /// entry has none (`namedb_account_info_normalize`), but an account first created
    /// by a credit (a TOKEN_TRANSFER recipient, a vesting credit to an address without
    /// a row) gets SQL NULL (`namedb_account_transaction_save` copies
    /// `existing_account.get('metadata', None)`), and every later debit or credit copies
    /// the previous row's value, NULL included. `None` is that NULL.
    pub metadata: Option<String>,
    pub block_id: u32,
    pub txid: String,
    pub vtxindex: u32,
}

impl Account {
    /// credits − debits (never negative: debits are checked against the balance).
    pub fn balance(&self) -> u128 {
        self.credit_value.saturating_sub(self.debit_value)
    }
}

/// Account key: (address, token type).
pub type AccountKey = (String, String);

/// Everything the rules read and write.
///
/// Besides the tables, a `State` carries a derived lookup index over `names` (by owner
/// script, by name hash, by preorder hash) that is not serialized and not compared. It
/// is rebuilt on demand (`reindex`) when the tables were loaded or edited directly;
/// the rules and `apply_delta` keep it current.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct State {
    pub names: BTreeMap<String, NameRecord>,
    pub namespaces: BTreeMap<String, NamespaceRecord>,
    /// Keyed by preorder hash hex (name and namespace preorders share one key space).
    /// The reference's primary key is (hash, block_number, txid), so one hash can hold
    /// several rows (possible only while a live name carries that hash); kept sorted by
    /// (block_number, txid), the order the reference's primary-key index returns them.
    pub preorders: BTreeMap<String, Vec<PreorderRecord>>,
    pub accounts: BTreeMap<AccountKey, Account>,
    /// NAME_IMPORT keychains by namespace ID (bns spec §9): allowed importer addresses.
    pub import_keychains: BTreeMap<String, Vec<String>>,
    /// Consensus hash of every processed height, plus the four genesis rows.
    pub consensus_hashes: BTreeMap<u32, ConsensusHash>,
    /// Last processed height (FIRST−1 for a fresh state).
    pub last_block: u32,
    #[serde(skip)]
    index: NameIndex,
}

impl PartialEq for State {
    fn eq(&self, other: &State) -> bool {
        // The index is derived data: two states are equal iff their tables are.
        self.names == other.names
            && self.namespaces == other.namespaces
            && self.preorders == other.preorders
            && self.accounts == other.accounts
            && self.import_keychains == other.import_keychains
            && self.consensus_hashes == other.consensus_hashes
            && self.last_block == other.last_block
    }
}

/// Secondary indexes over `State::names` (values are name keys).
#[derive(Clone, Debug, Default)]
struct NameIndex {
    /// True once built for the current `names` table.
    built: bool,
    by_sender: BTreeMap<String, BTreeSet<String>>,
    by_hash128: BTreeMap<String, BTreeSet<String>>,
    by_preorder_hash: BTreeMap<String, BTreeSet<String>>,
}

impl NameIndex {
    fn add(&mut self, rec: &NameRecord) {
        self.by_sender.entry(rec.sender.clone()).or_default().insert(rec.name.clone());
        self.by_hash128.entry(rec.name_hash128.clone()).or_default().insert(rec.name.clone());
        self.by_preorder_hash.entry(rec.preorder_hash.clone()).or_default().insert(rec.name.clone());
    }
    fn remove(&mut self, rec: &NameRecord) {
        for (map, key) in [
            (&mut self.by_sender, &rec.sender),
            (&mut self.by_hash128, &rec.name_hash128),
            (&mut self.by_preorder_hash, &rec.preorder_hash),
        ] {
            if let Some(set) = map.get_mut(key) {
                set.remove(&rec.name);
                if set.is_empty() {
                    map.remove(key);
                }
            }
        }
    }
}

/// The change a block made: for each table, every touched key with its new value
/// (`None` = row removed).
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
pub struct StateDelta {
    pub names: BTreeMap<String, Option<NameRecord>>,
    pub namespaces: BTreeMap<String, Option<NamespaceRecord>>,
    pub preorders: BTreeMap<String, Option<Vec<PreorderRecord>>>,
    pub accounts: BTreeMap<AccountKey, Option<Account>>,
    pub import_keychains: BTreeMap<String, Option<Vec<String>>>,
    pub consensus_hashes: BTreeMap<u32, Option<ConsensusHash>>,
    pub last_block: Option<u32>,
}

impl StateDelta {
    /// Every row of `state` as a change (what turns an empty state into `state`).
    pub fn of_state(state: &State) -> StateDelta {
        fn all<K: Ord + Clone, V: Clone>(table: &BTreeMap<K, V>) -> BTreeMap<K, Option<V>> {
            table.iter().map(|(k, v)| (k.clone(), Some(v.clone()))).collect()
        }
        StateDelta {
            names: all(&state.names),
            namespaces: all(&state.namespaces),
            preorders: all(&state.preorders),
            accounts: all(&state.accounts),
            import_keychains: all(&state.import_keychains),
            consensus_hashes: all(&state.consensus_hashes),
            last_block: Some(state.last_block),
        }
    }
}

impl State {
    pub fn name(&self, fqn: &str) -> Option<&NameRecord> {
        self.names.get(fqn)
    }
    pub fn namespace(&self, namespace_id: &str) -> Option<&NamespaceRecord> {
        self.namespaces.get(namespace_id)
    }
    /// The first stored preorder row with this hash (any op).
    pub fn preorder(&self, preorder_hash: &[u8; 20]) -> Option<&PreorderRecord> {
        self.preorders.get(&hex::encode(preorder_hash)).and_then(|rows| rows.first())
    }
    /// Names whose stored owner address is `address` (no liveness filter; see
    /// `rules::lifetime` for the "owned at P" queries the rules use).
    pub fn names_owned_by(&self, address: &str) -> Vec<String> {
        self.names.values().filter(|r| r.address == address).map(|r| r.name.clone()).collect()
    }
    pub fn account(&self, address: &str, token_type: &str) -> Option<&Account> {
        self.accounts.get(&(address.to_string(), token_type.to_string()))
    }
    pub fn consensus_hash_at(&self, height: u32) -> Option<ConsensusHash> {
        self.consensus_hashes.get(&height).copied()
    }

    /// Rebuild the derived name index from the `names` table. Call this after editing
    /// `names` directly (loading rows from a store does not need it: the index is built
    /// lazily on first use).
    pub fn reindex(&mut self) {
        let mut index = NameIndex { built: true, ..NameIndex::default() };
        for rec in self.names.values() {
            index.add(rec);
        }
        self.index = index;
    }

    /// Build the name index if it is not built yet.
    pub fn ensure_index(&mut self) {
        if !self.index.built {
            self.reindex();
        }
    }

    /// Insert or replace a name record, keeping the index current.
    pub fn put_name(&mut self, rec: NameRecord) {
        self.ensure_index();
        if let Some(old) = self.names.get(&rec.name) {
            let old = old.clone();
            self.index.remove(&old);
        }
        self.index.add(&rec);
        self.names.insert(rec.name.clone(), rec);
    }

    /// Names whose owner script (hex) is `sender_hex`, any liveness (index lookup, or a
    /// full scan if the index is not built).
    pub fn names_with_sender(&self, sender_hex: &str) -> Vec<String> {
        self.lookup(|i| &i.by_sender, sender_hex, |r| r.sender == sender_hex)
    }
    /// Names whose `name_hash128` is `hash_hex`, any liveness.
    pub fn names_with_hash128(&self, hash_hex: &str) -> Vec<String> {
        self.lookup(|i| &i.by_hash128, hash_hex, |r| r.name_hash128 == hash_hex)
    }
    /// Names whose `preorder_hash` is `hash_hex`, any liveness.
    pub fn names_with_preorder_hash(&self, hash_hex: &str) -> Vec<String> {
        self.lookup(|i| &i.by_preorder_hash, hash_hex, |r| r.preorder_hash == hash_hex)
    }

    fn lookup(
        &self,
        map: impl Fn(&NameIndex) -> &BTreeMap<String, BTreeSet<String>>,
        key: &str,
        matches: impl Fn(&NameRecord) -> bool,
    ) -> Vec<String> {
        if self.index.built {
            map(&self.index).get(key).map(|s| s.iter().cloned().collect()).unwrap_or_default()
        } else {
            self.names.values().filter(|r| matches(r)).map(|r| r.name.clone()).collect()
        }
    }

    /// Replay a block's delta onto this state.
    pub fn apply_delta(&mut self, delta: &StateDelta) {
        if self.index.built {
            for (key, value) in &delta.names {
                if let Some(old) = self.names.get(key) {
                    let old = old.clone();
                    self.index.remove(&old);
                }
                if let Some(new) = value {
                    self.index.add(new);
                }
            }
        }
        apply_table(&mut self.names, &delta.names);
        apply_table(&mut self.namespaces, &delta.namespaces);
        apply_table(&mut self.preorders, &delta.preorders);
        apply_table(&mut self.accounts, &delta.accounts);
        apply_table(&mut self.import_keychains, &delta.import_keychains);
        apply_table(&mut self.consensus_hashes, &delta.consensus_hashes);
        if let Some(last_block) = delta.last_block {
            self.last_block = last_block;
        }
    }

    /// The delta that turns `before` into `self`, restricted to the given touched keys.
    pub(crate) fn delta_from(&self, touched: &Touched) -> StateDelta {
        StateDelta {
            names: collect(&self.names, &touched.names),
            namespaces: collect(&self.namespaces, &touched.namespaces),
            preorders: collect(&self.preorders, &touched.preorders),
            accounts: collect(&self.accounts, &touched.accounts),
            import_keychains: collect(&self.import_keychains, &touched.import_keychains),
            consensus_hashes: collect(&self.consensus_hashes, &touched.consensus_hashes),
            last_block: Some(self.last_block),
        }
    }
}

/// Keys written during a block (collected by the rules as they commit).
#[derive(Clone, PartialEq, Debug, Default)]
pub(crate) struct Touched {
    pub names: BTreeSet<String>,
    pub namespaces: BTreeSet<String>,
    pub preorders: BTreeSet<String>,
    pub accounts: BTreeSet<AccountKey>,
    pub import_keychains: BTreeSet<String>,
    pub consensus_hashes: BTreeSet<u32>,
}

fn apply_table<K: Ord + Clone, V: Clone>(table: &mut BTreeMap<K, V>, changes: &BTreeMap<K, Option<V>>) {
    for (key, value) in changes {
        match value {
            Some(v) => {
                table.insert(key.clone(), v.clone());
            }
            None => {
                table.remove(key);
            }
        }
    }
}

fn collect<K: Ord + Clone, V: Clone>(table: &BTreeMap<K, V>, keys: &BTreeSet<K>) -> BTreeMap<K, Option<V>> {
    keys.iter().map(|k| (k.clone(), table.get(k).cloned())).collect()
}

/// Explicit byte encoding of the whole state for `Engine::state_digest`: each table is
/// a tag byte and a row count, then its rows in key order; strings are u32-length
/// prefixed, integers big-endian, options a 0/1 byte then the value.
pub fn digest_encoding(state: &State) -> Vec<u8> {
    let mut e = Encoder::default();
    encode_state(state, &mut e);
    e.out
}

/// SHA-256 of [`digest_encoding`], hashed as it is encoded (64 KiB at a time) instead
/// of after building the whole encoding: the mainnet state's is over 100 MB, whose
/// allocation and page faults cost more than the hashing (snapshot verify, issue 12).
pub fn digest_sha256(state: &State) -> [u8; 32] {
    use sha2::Digest as _;
    let mut e =
        Encoder { out: Vec::with_capacity(2 * Encoder::HASH_CHUNK_LEN), hasher: Some(sha2::Sha256::new()) };
    encode_state(state, &mut e);
    let Encoder { out, hasher } = e;
    let mut hasher = hasher.unwrap_or_default();
    hasher.update(&out);
    hasher.finalize().into()
}

fn encode_state(state: &State, e: &mut Encoder) {
    e.tag(b'N', state.names.len());
    for (key, r) in &state.names {
        e.str(key);
        e.str(&r.name);
        e.str(&r.preorder_hash);
        e.str(&r.name_hash128);
        e.str(&r.namespace_id);
        e.u32(r.namespace_block_number);
        e.opt(&r.value_hash);
        e.str(&r.sender);
        e.opt(&r.sender_pubkey);
        e.str(&r.address);
        e.u32(r.block_number);
        e.u32(r.preorder_block_number);
        e.u32(r.first_registered);
        e.u32(r.last_renewed);
        e.bool(r.revoked);
        e.str(&r.op);
        e.str(&r.txid);
        e.u32(r.vtxindex);
        match r.op_fee {
            OpFee::Int(v) => {
                e.bytes(&[0]);
                e.bytes(&v.to_be_bytes());
            }
            OpFee::Float(v) => {
                e.bytes(&[1]);
                e.bytes(&v.to_bits().to_be_bytes());
            }
        }
        e.opt(&r.importer);
        e.opt(&r.importer_address);
        e.opt(&r.consensus_hash);
        e.str(&r.token_fee);
        e.str(&r.last_creation_op);
        e.opt(&r.last_update_consensus_hash);
    }
    e.tag(b'S', state.namespaces.len());
    for (key, n) in &state.namespaces {
        e.str(key);
        e.str(&n.namespace_id);
        e.str(&n.preorder_hash);
        e.u32(u32::from(n.version));
        e.str(&n.sender);
        e.opt(&n.sender_pubkey);
        e.str(&n.address);
        e.str(&n.recipient);
        e.str(&n.recipient_address);
        e.u32(n.block_number);
        e.u32(n.reveal_block);
        e.str(&n.op);
        e.bytes(&n.op_fee.to_be_bytes());
        e.str(&n.txid);
        e.u32(n.vtxindex);
        e.u32(n.lifetime);
        e.bytes(&[n.coeff, n.base]);
        e.bytes(&n.buckets);
        e.bytes(&[n.nonalpha_discount, n.no_vowel_discount]);
        e.u32(n.ready_block);
        e.str(&n.token_fee);
    }
    e.tag(b'P', state.preorders.len());
    for (key, rows) in &state.preorders {
        e.str(key);
        e.u32(u32::try_from(rows.len()).unwrap_or(u32::MAX));
        for p in rows {
            e.str(&p.preorder_hash);
            e.str(&p.consensus_hash);
            e.str(&p.sender);
            e.opt(&p.sender_pubkey);
            e.str(&p.address);
            e.u32(p.block_number);
            e.str(&p.op);
            e.bytes(&p.op_fee.to_be_bytes());
            e.str(&p.txid);
            e.u32(p.vtxindex);
            e.str(&p.burn_address);
            e.str(&p.token_fee);
            e.str(&p.token_units);
        }
    }
    e.tag(b'A', state.accounts.len());
    for ((address, token_type), a) in &state.accounts {
        e.str(address);
        e.str(token_type);
        e.str(&a.address);
        e.str(&a.token_type);
        e.bytes(&a.credit_value.to_be_bytes());
        e.bytes(&a.debit_value.to_be_bytes());
        e.u32(a.lock_transfer_block_id);
        e.bool(a.receive_whitelisted);
        e.opt(&a.metadata);
        e.u32(a.block_id);
        e.str(&a.txid);
        e.u32(a.vtxindex);
    }
    e.tag(b'K', state.import_keychains.len());
    for (key, addresses) in &state.import_keychains {
        e.str(key);
        e.u32(u32::try_from(addresses.len()).unwrap_or(u32::MAX));
        for a in addresses {
            e.str(a);
        }
    }
    e.tag(b'C', state.consensus_hashes.len());
    for (height, ch) in &state.consensus_hashes {
        e.u32(*height);
        e.bytes(&ch.0);
    }
    e.tag(b'L', 0);
    e.u32(state.last_block);
}

#[derive(Default)]
struct Encoder {
    out: Vec<u8>,
    /// When set, `out` is handed to it whenever it reaches `HASH_CHUNK_LEN`.
    hasher: Option<sha2::Sha256>,
}

impl Encoder {
    const HASH_CHUNK_LEN: usize = 1 << 16;

    fn bytes(&mut self, b: &[u8]) {
        self.out.extend_from_slice(b);
        if self.out.len() >= Self::HASH_CHUNK_LEN {
            if let Some(hasher) = self.hasher.as_mut() {
                sha2::Digest::update(hasher, &self.out);
                self.out.clear();
            }
        }
    }
    fn u32(&mut self, v: u32) {
        self.bytes(&v.to_be_bytes());
    }
    fn tag(&mut self, tag: u8, count: usize) {
        self.bytes(&[tag]);
        self.bytes(&(count as u64).to_be_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(u32::try_from(s.len()).unwrap_or(u32::MAX));
        self.bytes(s.as_bytes());
    }
    fn opt(&mut self, s: &Option<String>) {
        match s {
            Some(s) => {
                self.bytes(&[1]);
                self.str(s);
            }
            None => self.bytes(&[0]),
        }
    }
    fn bool(&mut self, b: bool) {
        self.bytes(&[u8::from(b)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed digest is the hash of the whole encoding, across many 64 KiB
    /// chunk boundaries, and NULL metadata encodes apart from `''`.
    #[test]
    fn streamed_digest_equals_hash_of_the_encoding() {
        let mut state = State::default();
        for i in 0..3000u32 {
            let address = format!("1Address{i:08}");
            let account = Account {
                address: address.clone(),
                token_type: "STACKS".to_string(),
                credit_value: u128::from(i),
                debit_value: 0,
                lock_transfer_block_id: i,
                receive_whitelisted: i % 2 == 0,
                metadata: (i % 3 != 0).then(String::new),
                block_id: 700,
                txid: "ab".repeat(32),
                vtxindex: i,
            };
            state.accounts.insert((address, "STACKS".to_string()), account);
        }
        let encoding = digest_encoding(&state);
        assert!(encoding.len() > 3 * Encoder::HASH_CHUNK_LEN);
        assert_eq!(digest_sha256(&state), crate::hashes::sha256(&encoding));
        let before = digest_sha256(&state);
        if let Some(a) = state.accounts.values_mut().find(|a| a.metadata.is_none()) {
            a.metadata = Some(String::new());
        }
        assert_ne!(digest_sha256(&state), before);
    }

    fn keychain(entries: &[(&str, Option<&[&str]>)]) -> BTreeMap<String, Option<Vec<String>>> {
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.map(|v| v.iter().map(|s| s.to_string()).collect())))
            .collect()
    }

    fn delta(
        keychains: &[(&str, Option<&[&str]>)],
        hashes: &[(u32, Option<u8>)],
        last_block: Option<u32>,
    ) -> StateDelta {
        StateDelta {
            import_keychains: keychain(keychains),
            consensus_hashes: hashes.iter().map(|(h, v)| (*h, v.map(|b| ConsensusHash([b; 16])))).collect(),
            last_block,
            ..StateDelta::default()
        }
    }

    #[test]
    fn delta_of_a_state_rebuilds_it_from_empty() {
        let mut state = State::default();
        state.apply_delta(&delta(&[("a", Some(&["x", "y"]))], &[(5, Some(5)), (6, Some(6))], Some(6)));
        let mut rebuilt = State::default();
        rebuilt.apply_delta(&StateDelta::of_state(&state));
        assert_eq!(rebuilt, state);
    }
}
