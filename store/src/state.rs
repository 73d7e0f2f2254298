//! The engine `State` as store rows: the order-preserving keys, the rows of a
//! `StateDelta` (a whole state is the delta from nothing), loading a `State` back from
//! the rows (refusing a row filed under another key), and typed single-record reads.

use crate::codec;
use crate::error::{Corrupt, CorruptKind, ReadError};
use crate::rows::{RowChange, StateReader, StateTable, StateWrite};
use bns_engine::state::{AccountKey, NameRecord, NamespaceRecord, State, StateDelta};
use bns_engine::ConsensusHash;
use std::collections::BTreeMap;

/// `Scalars` key of the engine's last processed block (u32 little-endian).
pub const KEY_LAST_BLOCK: &[u8] = b"last_block";

/// Order-preserving key of an account: the address with each 0x00 byte written as
/// 0x00 0xFF, then 0x00 0x00, then the token type as is. Byte order of the keys is the
/// order of the (address, token type) pairs.
pub fn account_key(key: &AccountKey) -> Vec<u8> {
    let (address, token_type) = key;
    let mut out = Vec::with_capacity(address.len() + token_type.len() + 2);
    for &b in address.as_bytes() {
        out.push(b);
        if b == 0 {
            out.push(0xff);
        }
    }
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(token_type.as_bytes());
    out
}

/// Inverse of `account_key`.
pub fn decode_account_key(bytes: &[u8]) -> Result<AccountKey, Corrupt> {
    let bad = |what| Corrupt::new(StateTable::Accounts.db_name(), bytes, CorruptKind::Malformed(what));
    let mut address = Vec::new();
    let mut i = 0;
    loop {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(0), Some(0)) => break,
            (Some(0), Some(0xff)) => {
                address.push(0);
                i += 2;
            }
            (Some(0), _) | (None, _) => return Err(bad("key is malformed")),
            (Some(&b), _) => {
                address.push(b);
                i += 1;
            }
        }
    }
    let token_type = bytes.get(i + 2..).unwrap_or_default().to_vec();
    let text = |b: Vec<u8>| String::from_utf8(b).map_err(|_| bad("key is not UTF-8"));
    Ok((text(address)?, text(token_type)?))
}

fn changes<K, V>(
    out: &mut Vec<RowChange>,
    table: StateTable,
    delta: &BTreeMap<K, Option<V>>,
    key: impl Fn(&K) -> Vec<u8>,
    encode: impl Fn(&V) -> Vec<u8>,
) {
    for (k, v) in delta {
        out.push(RowChange { table, key: key(k), value: v.as_ref().map(&encode) });
    }
}

/// The store rows of a delta (a `StateDelta::of_state` delta gives the whole state).
pub fn delta_rows(delta: &StateDelta) -> Vec<RowChange> {
    let mut out = Vec::new();
    let text = |k: &String| k.as_bytes().to_vec();
    changes(&mut out, StateTable::Names, &delta.names, text, codec::encode_name);
    changes(&mut out, StateTable::Namespaces, &delta.namespaces, text, codec::encode_namespace);
    changes(&mut out, StateTable::Preorders, &delta.preorders, text, |v| codec::encode_preorders(v));
    changes(&mut out, StateTable::Accounts, &delta.accounts, account_key, codec::encode_account);
    changes(&mut out, StateTable::ImportKeychains, &delta.import_keychains, text, |v| {
        codec::encode_keychain(v)
    });
    changes(
        &mut out,
        StateTable::ConsensusHashes,
        &delta.consensus_hashes,
        |h| h.to_be_bytes().to_vec(),
        |c: &ConsensusHash| c.0.to_vec(),
    );
    if let Some(last_block) = delta.last_block {
        out.push(RowChange {
            table: StateTable::Scalars,
            key: KEY_LAST_BLOCK.to_vec(),
            value: Some(last_block.to_le_bytes().to_vec()),
        });
    }
    out
}

/// The whole state as one store write (every table replaced).
pub fn state_write(state: &State) -> StateWrite {
    StateWrite { replace_all: true, rows: delta_rows(&StateDelta::of_state(state)) }
}

fn decode<T>(
    table: StateTable,
    key: &[u8],
    value: &[u8],
    f: fn(&[u8]) -> Result<T, codec::DecodeError>,
) -> Result<T, Corrupt> {
    f(value).map_err(|e| Corrupt::new(table.db_name(), key, CorruptKind::Decode(e)))
}

fn utf8_key(table: StateTable, key: &[u8]) -> Result<String, Corrupt> {
    String::from_utf8(key.to_vec())
        .map_err(|_| Corrupt::new(table.db_name(), key, CorruptKind::Malformed("key is not UTF-8")))
}

fn wrong_key(table: StateTable, key: &[u8]) -> ReadError {
    Corrupt::new(table.db_name(), key, CorruptKind::WrongKey).into()
}

/// Read every state row back into a `State` (checking that each key matches its
/// record).
pub fn load_state_rows(rows: &dyn StateReader) -> Result<State, ReadError> {
    let mut state = State::default();
    let t = StateTable::Names;
    rows.for_each(t, &mut |k, v| {
        let record = decode(t, k, v, codec::decode_name)?;
        if record.name.as_bytes() != k {
            return Err(wrong_key(t, k));
        }
        state.names.insert(record.name.clone(), record);
        Ok(())
    })?;
    let t = StateTable::Namespaces;
    rows.for_each(t, &mut |k, v| {
        let record = decode(t, k, v, codec::decode_namespace)?;
        if record.namespace_id.as_bytes() != k {
            return Err(wrong_key(t, k));
        }
        state.namespaces.insert(record.namespace_id.clone(), record);
        Ok(())
    })?;
    let t = StateTable::Preorders;
    rows.for_each(t, &mut |k, v| {
        state.preorders.insert(utf8_key(t, k)?, decode(t, k, v, codec::decode_preorders)?);
        Ok(())
    })?;
    let t = StateTable::Accounts;
    rows.for_each(t, &mut |k, v| {
        let account = decode(t, k, v, codec::decode_account)?;
        let key = decode_account_key(k)?;
        if (account.address.as_str(), account.token_type.as_str()) != (key.0.as_str(), key.1.as_str()) {
            return Err(wrong_key(t, k));
        }
        state.accounts.insert(key, account);
        Ok(())
    })?;
    let t = StateTable::ImportKeychains;
    rows.for_each(t, &mut |k, v| {
        state.import_keychains.insert(utf8_key(t, k)?, decode(t, k, v, codec::decode_keychain)?);
        Ok(())
    })?;
    let t = StateTable::ConsensusHashes;
    rows.for_each(t, &mut |k, v| {
        let bad =
            || Corrupt::new(t.db_name(), k, CorruptKind::Malformed("is not a 4-byte height and 16 bytes"));
        let height: [u8; 4] = k.try_into().map_err(|_| bad())?;
        let hash: [u8; 16] = v.try_into().map_err(|_| bad())?;
        state.consensus_hashes.insert(u32::from_be_bytes(height), ConsensusHash(hash));
        Ok(())
    })?;
    state.last_block = last_block(rows)?;
    Ok(state)
}

/// The `last_block` scalar.
pub fn last_block(rows: &dyn StateReader) -> Result<u32, ReadError> {
    let t = StateTable::Scalars;
    let last = rows
        .get(t, KEY_LAST_BLOCK)?
        .ok_or_else(|| Corrupt::new(t.db_name(), KEY_LAST_BLOCK, CorruptKind::Missing))?;
    let last: [u8; 4] = last
        .as_slice()
        .try_into()
        .map_err(|_| Corrupt::new(t.db_name(), KEY_LAST_BLOCK, CorruptKind::Malformed("is not 4 bytes")))?;
    Ok(u32::from_le_bytes(last))
}

/// One name's record (one key lookup).
pub fn name(rows: &dyn StateReader, fqn: &str) -> Result<Option<NameRecord>, ReadError> {
    let t = StateTable::Names;
    let Some(v) = rows.get(t, fqn.as_bytes())? else { return Ok(None) };
    Ok(Some(decode(t, fqn.as_bytes(), &v, codec::decode_name)?))
}

/// One namespace's record (one key lookup).
pub fn namespace(rows: &dyn StateReader, id: &str) -> Result<Option<NamespaceRecord>, ReadError> {
    let t = StateTable::Namespaces;
    let Some(v) = rows.get(t, id.as_bytes())? else { return Ok(None) };
    Ok(Some(decode(t, id.as_bytes(), &v, codec::decode_namespace)?))
}

/// Every name record, in name order (one pass over the rows).
pub fn for_each_name(
    rows: &dyn StateReader,
    visit: &mut dyn FnMut(NameRecord) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let t = StateTable::Names;
    rows.for_each(t, &mut |k, v| visit(decode(t, k, v, codec::decode_name)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_keys_sort_like_the_pairs_and_round_trip() {
        let pairs: Vec<AccountKey> =
            [("a", "STX"), ("a", "Z"), ("a\0", "A"), ("a\0b", ""), ("ab", ""), ("b", "STX"), ("", "x")]
                .iter()
                .map(|(a, t)| (a.to_string(), t.to_string()))
                .collect();
        let mut by_pair = pairs.clone();
        by_pair.sort();
        let mut by_key = pairs.clone();
        by_key.sort_by_key(account_key);
        assert_eq!(by_key, by_pair);
        for p in &pairs {
            assert_eq!(&decode_account_key(&account_key(p)).unwrap(), p);
        }
        assert!(decode_account_key(b"abc").is_err(), "no terminator");
        assert!(decode_account_key(&[b'a', 0, 1]).is_err(), "bad escape");
    }
}
