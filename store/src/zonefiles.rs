//! Zone files and the value hashes they may be stored under (STORE-FORMAT.md, format 4).
//!
//! * `value_hashes`: every value hash (hash160, 40 lowercase hex) any name has ever had:
//!   written by each commit, in the same LMDB write transaction as its blocks, from the
//!   accepted operations' serialized records (the `value_hash` field of every name
//!   operation) and from the name rows the commit writes (which also covers a restored
//!   snapshot, whose block rows hold no operations).
//! * `zonefiles`: zone-file bytes by their hash160. A zone file is stored only when its
//!   bytes hash to its key and the key is in `value_hashes` ([`LmdbStore::import_zonefiles`]).
//!
//! Both are sealed like every row (CRC-32 trailer over database, key and value).

use crate::codec::decode_name;
use crate::error::{CommitError, Corrupt, CorruptKind, ReadError};
use crate::lmdb::{seal, unseal, LmdbStore, StoreView};
use crate::rows::{Batch, StateTable};
use bns_engine::consensus::fields::fields_for;
use bns_engine::hashes::hash160;

type Bytes = heed::types::Bytes;
type Db = heed::Database<Bytes, Bytes>;

/// Database of value hashes.
pub const VALUE_HASHES_DB: &str = "value_hashes";
/// Database of zone files.
pub const ZONEFILES_DB: &str = "zonefiles";

/// The two zone-file databases of a store.
#[derive(Clone, Copy)]
pub(crate) struct ZonefileDbs {
    value_hashes: Db,
    zonefiles: Db,
}

impl ZonefileDbs {
    /// Open (creating them if `create`) the two databases; `None` if absent.
    pub(crate) fn open(env: &heed::Env, create: bool) -> Result<Option<ZonefileDbs>, heed::Error> {
        if create {
            let mut wtxn = env.write_txn()?;
            let value_hashes = env.create_database(&mut wtxn, Some(VALUE_HASHES_DB))?;
            let zonefiles = env.create_database(&mut wtxn, Some(ZONEFILES_DB))?;
            wtxn.commit()?;
            return Ok(Some(ZonefileDbs { value_hashes, zonefiles }));
        }
        let rtxn = env.read_txn()?;
        let value_hashes = env.open_database(&rtxn, Some(VALUE_HASHES_DB))?;
        let zonefiles = env.open_database(&rtxn, Some(ZONEFILES_DB))?;
        rtxn.commit()?;
        Ok(value_hashes
            .zip(zonefiles)
            .map(|(value_hashes, zonefiles)| ZonefileDbs { value_hashes, zonefiles }))
    }

    /// The commit hook: record every value hash of `batch` in `wtxn`.
    pub(crate) fn record_batch(&self, wtxn: &mut heed::RwTxn, batch: &Batch) -> Result<(), heed::Error> {
        let mut hashes = Vec::new();
        for row in &batch.rows {
            value_hashes_of_accepted_json(&row.accepted_json, &mut hashes);
        }
        for change in &batch.state.rows {
            if change.table == StateTable::Names {
                if let Some(h) = change.value.as_deref().and_then(value_hash_of_name_row) {
                    hashes.push(h);
                }
            }
        }
        for h in hashes {
            put_value_hash(&self.value_hashes, wtxn, &h)?;
        }
        Ok(())
    }
}

fn put_value_hash(db: &Db, wtxn: &mut heed::RwTxn, hash: &str) -> Result<(), heed::Error> {
    db.put(wtxn, hash.as_bytes(), &seal(VALUE_HASHES_DB, hash.as_bytes(), b""))
}

/// A value hash as stored: 40 lowercase hex digits.
pub fn is_value_hash(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn value_hash_of_name_row(value: &[u8]) -> Option<String> {
    decode_name(value).ok()?.value_hash.filter(|h| is_value_hash(h))
}

/// The `value_hash` item of one serialized consensus record (`OPCHAR ':' len ':' text
/// ',' …`, engine `serialize_record`), if its opcode's field list has one.
pub fn value_hash_of_record(record: &str) -> Option<String> {
    let bytes = record.as_bytes();
    let (&opchar, rest) = bytes.split_first()?;
    let index = fields_for(opchar)?.iter().position(|f| *f == "value_hash")?;
    let mut rest = rest.strip_prefix(b":")?;
    for i in 0.. {
        let colon = rest.iter().position(|&b| b == b':')?;
        let len: usize = std::str::from_utf8(&rest[..colon]).ok()?.parse().ok()?;
        let item = rest.get(colon + 1..colon + 1 + len)?;
        if i == index {
            let text = std::str::from_utf8(item).ok()?;
            return is_value_hash(text).then(|| text.to_string());
        }
        rest = rest.get(colon + 1 + len..)?.strip_prefix(b",")?;
    }
    None
}

/// Push the value hash of every accepted operation in a block row's JSON.
fn value_hashes_of_accepted_json(json: &str, out: &mut Vec<String>) {
    let Ok(serde_json::Value::Array(ops)) = serde_json::from_str::<serde_json::Value>(json) else { return };
    for op in &ops {
        if let Some(h) = op.get("record").and_then(|r| r.as_str()).and_then(value_hash_of_record) {
            out.push(h);
        }
    }
}

/// The zone file under `hash` in `txn`: seal checked, and the bytes must still hash
/// to the key.
fn read_zonefile(dbs: &ZonefileDbs, txn: &heed::RoTxn, hash: &str) -> Result<Option<Vec<u8>>, ReadError> {
    match dbs.zonefiles.get(txn, hash.as_bytes()).map_err(ReadError::Lmdb)? {
        None => Ok(None),
        Some(v) => {
            let bytes = unseal(ZONEFILES_DB, hash.as_bytes(), v)?;
            if hex::encode(hash160(bytes)) != hash {
                return Err(Corrupt::new(
                    ZONEFILES_DB,
                    hash.as_bytes(),
                    CorruptKind::Malformed("does not hash to its key"),
                )
                .into());
            }
            Ok(Some(bytes.to_vec()))
        }
    }
}

impl StoreView<'_> {
    /// The zone file stored under `hash` (40 lowercase hex), as of this view.
    pub fn zonefile(&self, hash: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(dbs) = self.store().zonefile_tables() else { return Ok(None) };
        read_zonefile(&dbs, self.txn(), hash)
    }

    /// How many zone files are stored, as of this view.
    pub fn zonefile_count(&self) -> Result<u64, ReadError> {
        let Some(dbs) = self.store().zonefile_tables() else { return Ok(0) };
        dbs.zonefiles.len(self.txn()).map_err(ReadError::Lmdb)
    }
}

/// Importing zone files failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ZonefileError {
    #[error("the store was opened for reading")]
    ReadOnly,
    #[error("the store has no zone-file tables (opened read-only before any writer created them)")]
    NoTables,
    #[error("zone-file write failed")]
    Lmdb(#[source] heed::Error),
    #[error("store read failed")]
    Read(#[from] ReadError),
    #[error("commit failed")]
    Commit(#[source] CommitError),
}

/// What an import did with its zone files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Stored (newly, or already present with the same bytes).
    pub imported: u64,
    /// Hash to no value hash any name has had: not stored.
    pub unknown: u64,
}

impl LmdbStore {
    fn zonefile_dbs(&self) -> Result<ZonefileDbs, ZonefileError> {
        self.zonefile_tables().ok_or(ZonefileError::NoTables)
    }

    /// The zone file stored under `hash` (40 lowercase hex).
    pub fn zonefile(&self, hash: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(dbs) = self.zonefile_tables() else { return Ok(None) };
        let rtxn = self.env().read_txn().map_err(ReadError::Lmdb)?;
        read_zonefile(&dbs, &rtxn, hash)
    }

    /// Whether some name has had this value hash.
    pub fn has_value_hash(&self, hash: &str) -> Result<bool, ReadError> {
        let Some(dbs) = self.zonefile_tables() else { return Ok(false) };
        let rtxn = self.env().read_txn().map_err(ReadError::Lmdb)?;
        match dbs.value_hashes.get(&rtxn, hash.as_bytes()).map_err(ReadError::Lmdb)? {
            None => Ok(false),
            Some(v) => {
                unseal(VALUE_HASHES_DB, hash.as_bytes(), v)?;
                Ok(true)
            }
        }
    }

    /// Row counts of (`value_hashes`, `zonefiles`).
    pub fn zonefile_counts(&self) -> Result<(u64, u64), ReadError> {
        let Some(dbs) = self.zonefile_tables() else { return Ok((0, 0)) };
        let rtxn = self.env().read_txn().map_err(ReadError::Lmdb)?;
        Ok((
            dbs.value_hashes.len(&rtxn).map_err(ReadError::Lmdb)?,
            dbs.zonefiles.len(&rtxn).map_err(ReadError::Lmdb)?,
        ))
    }

    /// Fill `value_hashes` from every block row and name row (for a store whose commits
    /// predate the table). Returns the number of rows the table then has.
    pub fn backfill_value_hashes(&mut self) -> Result<u64, ZonefileError> {
        if !self.is_writer() {
            return Err(ZonefileError::ReadOnly);
        }
        let dbs = self.zonefile_dbs()?;
        let tip = crate::rows::Store::tip(self)?;
        let mut hashes = Vec::new();
        if let Some(tip) = tip {
            for row in crate::rows::Store::rows(self, 0, tip.height)? {
                value_hashes_of_accepted_json(&row.accepted_json, &mut hashes);
            }
        }
        crate::rows::StateReader::for_each(self, StateTable::Names, &mut |_, v| {
            if let Some(h) = value_hash_of_name_row(v) {
                hashes.push(h);
            }
            Ok(())
        })?;
        let mut wtxn = self.env().write_txn().map_err(ZonefileError::Lmdb)?;
        for h in &hashes {
            put_value_hash(&dbs.value_hashes, &mut wtxn, h).map_err(ZonefileError::Lmdb)?;
        }
        let n = dbs.value_hashes.len(&wtxn).map_err(ZonefileError::Lmdb)?;
        wtxn.commit().map_err(ZonefileError::Lmdb)?;
        Ok(n)
    }

    /// Store each zone file whose hash160 is a value hash some name has had, in one
    /// write transaction; the others are counted as unknown. The hash is computed here
    /// from the bytes: nothing unverified is stored.
    pub fn import_zonefiles<'z>(
        &mut self,
        zonefiles: impl IntoIterator<Item = &'z [u8]>,
    ) -> Result<ImportCounts, ZonefileError> {
        if !self.is_writer() {
            return Err(ZonefileError::ReadOnly);
        }
        let dbs = self.zonefile_dbs()?;
        let mut counts = ImportCounts::default();
        let mut wtxn = self.env().write_txn().map_err(ZonefileError::Lmdb)?;
        for bytes in zonefiles {
            let hash = hex::encode(hash160(bytes));
            let key = hash.as_bytes();
            let known = match dbs.value_hashes.get(&wtxn, key).map_err(ZonefileError::Lmdb)? {
                None => false,
                Some(v) => {
                    unseal(VALUE_HASHES_DB, key, v).map_err(ReadError::from)?;
                    true
                }
            };
            if !known || bytes.is_empty() {
                counts.unknown += 1;
                continue;
            }
            dbs.zonefiles
                .put(&mut wtxn, key, &seal(ZONEFILES_DB, key, bytes))
                .map_err(ZonefileError::Lmdb)?;
            counts.imported += 1;
        }
        wtxn.commit().map_err(ZonefileError::Lmdb)?;
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bns_engine::consensus::{serialize_record, Value};

    #[test]
    fn finds_the_value_hash_of_a_name_update_record() {
        let h = "c5f5b4197c94d4561f6332160f624d728b0da8bf";
        let fields = fields_for(b'+').unwrap();
        let values: Vec<Value> = fields
            .iter()
            .map(|f| if *f == "value_hash" { Value::Str(h.into()) } else { Value::Str("x:y,z".into()) })
            .collect();
        let record = String::from_utf8(serialize_record(b'+', &values)).unwrap();
        assert_eq!(value_hash_of_record(&record).as_deref(), Some(h));
        // No value hash in a namespace or token record, none for a `None` value.
        assert_eq!(value_hash_of_record("$:1:a"), None);
        let none: Vec<Value> = fields.iter().map(|_| Value::None).collect();
        assert_eq!(value_hash_of_record(&String::from_utf8(serialize_record(b'+', &none)).unwrap()), None);
        // Malformed records give nothing and do not panic.
        for bad in ["", "+", "+:", "+:99:ab", "+:1:a,x", "+:-1:", "\u{e9}:1:a"] {
            assert_eq!(value_hash_of_record(bad), None);
        }
    }
}
