//! The owner index (format 5, STORE-FORMAT.md "Owner index"): one row per `state.names`
//! row, keyed `address ‖ 0x00 ‖ name`, so the names an address owns are one prefix scan
//! in name byte order — the order the reference's (address, name) SQLite index gives
//! `/v1/addresses/bitcoin/{addr}` (read-side spec §10).
//!
//! Written only by [`apply`], inside the commit's write transaction and from the same
//! `state.names` row changes as the state, before those changes land (it reads each
//! name's previous owner from the rows it is about to replace). So every writer —
//! replay, resume, `--restart`, a snapshot restore (a `replace_all` commit) — keeps it
//! consistent with the state, and [`check`] (run by `replay verify`) proves it.

use crate::codec::decode_name;
use crate::error::{Corrupt, CorruptKind, ReadError};
use crate::lmdb::{seal, unseal};
use crate::rows::{RowChange, StateTable};

type Bytes = heed::types::Bytes;
type Db = heed::Database<Bytes, Bytes>;

/// Database name of the owner index.
pub const OWNERS_DB: &str = "idx.owners";

/// `address ‖ 0x00 ‖ name` (addresses and names never contain 0x00).
pub fn owner_key(address: &str, name: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(address.len() + 1 + name.len());
    k.extend_from_slice(address.as_bytes());
    k.push(0);
    k.extend_from_slice(name.as_bytes());
    k
}

/// The owner of a `state.names` value. A value that is not a name record has none:
/// reporting it is the state loader's job (`load_state_rows`, `replay verify`), and a
/// commit never failed on one before the index existed.
fn owner_of(value: &[u8]) -> Option<String> {
    decode_name(value).ok().map(|rec| rec.address)
}

/// Update the index for the `state.names` changes of one commit. Call it after a
/// `replace_all` has cleared the state databases (and with `clear` then) and before
/// the changes are written: `names` still holds the rows being replaced.
pub(crate) fn apply(
    owners: &Db,
    names: &Db,
    wtxn: &mut heed::RwTxn<'_>,
    clear: bool,
    changes: &[RowChange],
) -> Result<(), IndexError> {
    if clear {
        owners.clear(wtxn)?;
    }
    let names_db = StateTable::Names.db_name();
    for change in changes.iter().filter(|c| c.table == StateTable::Names) {
        let name = std::str::from_utf8(&change.key)
            .map_err(|_| Corrupt::new(names_db, &change.key, CorruptKind::Malformed("key is not UTF-8")))?;
        let old = names
            .get(wtxn, &change.key)?
            .and_then(|v| unseal(names_db, &change.key, v).ok())
            .and_then(owner_of);
        let new = change.value.as_deref().and_then(owner_of);
        if old == new {
            continue;
        }
        if let Some(old) = old {
            owners.delete(wtxn, &owner_key(&old, name))?;
        }
        if let Some(new) = new {
            let key = owner_key(&new, name);
            owners.put(wtxn, &key, &seal(OWNERS_DB, &key, b""))?;
        }
    }
    Ok(())
}

/// An index update failed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("owner index write")]
    Lmdb(#[from] heed::Error),
    #[error("owner index")]
    Corrupt(#[from] Corrupt),
}

/// The names `address` owns, in name byte order, as of `txn`.
pub(crate) fn names_of(owners: &Db, txn: &heed::RoTxn<'_>, address: &str) -> Result<Vec<String>, ReadError> {
    let prefix = owner_key(address, "");
    let mut out = Vec::new();
    for item in owners.prefix_iter(txn, &prefix).map_err(ReadError::Lmdb)? {
        let (k, v) = item.map_err(ReadError::Lmdb)?;
        unseal(OWNERS_DB, k, v)?;
        let name = k.get(prefix.len()..).and_then(|n| std::str::from_utf8(n).ok()).ok_or_else(|| {
            Corrupt::new(OWNERS_DB, k, CorruptKind::Malformed("key is not address, 0, name"))
        })?;
        out.push(name.to_string());
    }
    Ok(out)
}

/// The index holds exactly one row per `state.names` row (that is a name record), under
/// that row's owner.
/// Returns the number of index rows.
pub(crate) fn check(owners: &Db, names: &Db, txn: &heed::RoTxn<'_>) -> Result<u64, ReadError> {
    let names_db = StateTable::Names.db_name();
    let mut expected: Vec<Vec<u8>> = Vec::new();
    for item in names.iter(txn).map_err(ReadError::Lmdb)? {
        let (k, v) = item.map_err(ReadError::Lmdb)?;
        let Some(owner) = owner_of(unseal(names_db, k, v)?) else { continue };
        let name = std::str::from_utf8(k)
            .map_err(|_| Corrupt::new(names_db, k, CorruptKind::Malformed("key is not UTF-8")))?;
        expected.push(owner_key(&owner, name));
    }
    expected.sort();
    let mut found: u64 = 0;
    let mut want = expected.iter();
    for item in owners.iter(txn).map_err(ReadError::Lmdb)? {
        let (k, v) = item.map_err(ReadError::Lmdb)?;
        unseal(OWNERS_DB, k, v)?;
        match want.next() {
            Some(w) if w.as_slice() == k => {}
            Some(w) if w.as_slice() < k => {
                return Err(Corrupt::new(OWNERS_DB, w, CorruptKind::Missing).into());
            }
            _ => {
                let kind = CorruptKind::Malformed("names no state.names row with that owner");
                return Err(Corrupt::new(OWNERS_DB, k, kind).into());
            }
        }
        found += 1;
    }
    if let Some(w) = want.next() {
        return Err(Corrupt::new(OWNERS_DB, w, CorruptKind::Missing).into());
    }
    Ok(found)
}
