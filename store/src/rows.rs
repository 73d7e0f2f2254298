//! What a store holds, independent of LMDB: block rows, the tip, the state tables and
//! their row changes, one commit (`Batch`), the reading and writing traits, and an
//! in-memory store for tests.

use crate::error::{CommitError, Corrupt, CorruptKind, ReadError};
use std::collections::BTreeMap;

/// One replayed block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockRow {
    pub height: u32,
    /// Display order.
    pub block_hash: [u8; 32],
    pub consensus_hash: [u8; 16],
    /// JSON array of the accepted operations (`null` when unknown: a restored store).
    pub accepted_json: String,
}

impl BlockRow {
    /// `HEIGHT BLOCK_HASH CONSENSUS_HASH`, the oracle's line format.
    pub fn line(&self) -> String {
        format!("{} {} {}", self.height, hex::encode(self.block_hash), hex::encode(self.consensus_hash))
    }

    /// The value bytes: block hash ‖ consensus hash ‖ accepted JSON.
    pub fn encode_value(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(48 + self.accepted_json.len());
        v.extend_from_slice(&self.block_hash);
        v.extend_from_slice(&self.consensus_hash);
        v.extend_from_slice(self.accepted_json.as_bytes());
        v
    }

    pub fn decode(height: u32, value: &[u8]) -> Result<BlockRow, Corrupt> {
        let corrupt = |what| Corrupt::new("blocks", &height.to_be_bytes(), CorruptKind::Malformed(what));
        let block_hash: [u8; 32] =
            value.get(..32).and_then(|s| s.try_into().ok()).ok_or_else(|| corrupt("is too short"))?;
        let consensus_hash: [u8; 16] =
            value.get(32..48).and_then(|s| s.try_into().ok()).ok_or_else(|| corrupt("is too short"))?;
        let accepted_json = String::from_utf8(value.get(48..).unwrap_or_default().to_vec())
            .map_err(|_| corrupt("has accepted operations that are not UTF-8"))?;
        Ok(BlockRow { height, block_hash, consensus_hash, accepted_json })
    }
}

/// The last committed block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tip {
    pub height: u32,
    /// Display order.
    pub block_hash: [u8; 32],
    /// Every best-chain block up to this one was parsed and merkle-checked (the runs
    /// that built the store did not use `--trust-blocks`), so a resumed run need not
    /// check them again.
    pub checked: bool,
}

impl Tip {
    /// 37 bytes: u32 LE height ‖ block hash ‖ checked byte.
    pub fn encode(&self) -> Vec<u8> {
        let mut v = self.height.to_le_bytes().to_vec();
        v.extend_from_slice(&self.block_hash);
        v.push(u8::from(self.checked));
        v
    }

    pub fn decode(v: &[u8]) -> Result<Tip, Corrupt> {
        let corrupt =
            || Corrupt::new("meta", b"tip", CorruptKind::Malformed("is not 37 bytes with a 0/1 flag"));
        let (height, rest) = v.split_first_chunk::<4>().ok_or_else(corrupt)?;
        let (hash, flag) = rest.split_first_chunk::<32>().ok_or_else(corrupt)?;
        let checked = match flag {
            [0] => false,
            [1] => true,
            _ => return Err(corrupt()),
        };
        Ok(Tip { height: u32::from_le_bytes(*height), block_hash: *hash, checked })
    }

    /// `HEIGHT HASH` for messages.
    pub fn describe(tip: Option<&Tip>) -> String {
        match tip {
            Some(t) => format!("{} {}", t.height, hex::encode(t.block_hash)),
            None => "none".to_string(),
        }
    }
}

/// The state tables of a store, one LMDB database each (STORE-FORMAT.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StateTable {
    Names,
    Namespaces,
    Preorders,
    Accounts,
    ImportKeychains,
    ConsensusHashes,
    /// Single values (the engine's last processed block, a test processor's state).
    Scalars,
}

impl StateTable {
    pub const ALL: [StateTable; 7] = [
        StateTable::Names,
        StateTable::Namespaces,
        StateTable::Preorders,
        StateTable::Accounts,
        StateTable::ImportKeychains,
        StateTable::ConsensusHashes,
        StateTable::Scalars,
    ];

    /// The LMDB database name.
    pub fn db_name(self) -> &'static str {
        match self {
            StateTable::Names => "state.names",
            StateTable::Namespaces => "state.namespaces",
            StateTable::Preorders => "state.preorders",
            StateTable::Accounts => "state.accounts",
            StateTable::ImportKeychains => "state.import_keychains",
            StateTable::ConsensusHashes => "state.consensus_hashes",
            StateTable::Scalars => "state.scalars",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// One state row to write: `value: None` deletes the row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowChange {
    pub table: StateTable,
    pub key: Vec<u8>,
    pub value: Option<Vec<u8>>,
}

/// The state part of a commit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StateWrite {
    /// Empty every state table first (the rows are then the whole state).
    pub replace_all: bool,
    /// Applied in order, so a later change of a key wins.
    pub rows: Vec<RowChange>,
}

/// One atomic commit.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub rows: Vec<BlockRow>,
    pub state: StateWrite,
    /// The tip this batch writes will say `checked` (see [`Tip::checked`]).
    pub checked: bool,
    /// The engine's state digest after the batch's last block, when the caller
    /// computed it; stored with that height and compared when a run resumes there.
    pub state_digest: Option<[u8; 32]>,
    /// The read side's rows of the batch's blocks (format 4, `history.rs`), written in
    /// the same transaction.
    pub history: Vec<crate::history::BlockHistory>,
}

/// What `StateReader::for_each` calls with each row's key and value.
pub type RowVisitor<'v> = dyn FnMut(&[u8], &[u8]) -> Result<(), ReadError> + 'v;

/// Reading state rows (values without their checksum trailer, already verified).
pub trait StateReader {
    /// The row of `key` in `table`.
    fn get(&self, table: StateTable, key: &[u8]) -> Result<Option<Vec<u8>>, ReadError>;
    /// Every row of `table` in key (byte) order; stops at the first error `visit` returns.
    fn for_each(&self, table: StateTable, visit: &mut RowVisitor<'_>) -> Result<(), ReadError>;
}

/// Storage of replay results.
pub trait Store: StateReader {
    fn tip(&self) -> Result<Option<Tip>, ReadError>;
    /// Rows with heights in `from..=to`, ascending.
    fn rows(&self, from: u32, to: u32) -> Result<Vec<BlockRow>, ReadError>;
    /// The state digest stored with the commit at the returned height, if any.
    fn state_digest(&self) -> Result<Option<(u32, [u8; 32])>, ReadError>;
    /// Store the block rows, the state changes and the tip (the last row) atomically;
    /// refused if the store's tip is no longer the one this handle last saw.
    fn commit(&mut self, batch: &Batch) -> Result<(), CommitError>;
}

/// A store in memory (tests).
#[derive(Clone, Debug, Default)]
pub struct MemStore {
    pub rows: BTreeMap<u32, BlockRow>,
    pub state: BTreeMap<StateTable, BTreeMap<Vec<u8>, Vec<u8>>>,
    pub tip: Option<Tip>,
    pub digest: Option<(u32, [u8; 32])>,
    /// Fail the commit that would start at this height (crash simulation).
    pub fail_at: Option<u32>,
}

impl StateReader for MemStore {
    fn get(&self, table: StateTable, key: &[u8]) -> Result<Option<Vec<u8>>, ReadError> {
        Ok(self.state.get(&table).and_then(|t| t.get(key)).cloned())
    }
    fn for_each(&self, table: StateTable, visit: &mut RowVisitor<'_>) -> Result<(), ReadError> {
        for (k, v) in self.state.get(&table).into_iter().flatten() {
            visit(k, v)?;
        }
        Ok(())
    }
}

impl Store for MemStore {
    fn tip(&self) -> Result<Option<Tip>, ReadError> {
        Ok(self.tip)
    }
    fn rows(&self, from: u32, to: u32) -> Result<Vec<BlockRow>, ReadError> {
        Ok(self.rows.range(from..=to).map(|(_, r)| r.clone()).collect())
    }
    fn state_digest(&self) -> Result<Option<(u32, [u8; 32])>, ReadError> {
        Ok(self.digest)
    }
    fn commit(&mut self, batch: &Batch) -> Result<(), CommitError> {
        let Some(last) = batch.rows.last() else { return Ok(()) };
        let from = batch.rows.first().map_or(last.height, |r| r.height);
        if self.fail_at.is_some_and(|h| h <= last.height && h >= from) {
            return Err(CommitError::Other {
                from,
                to: last.height,
                reason: "simulated failure".to_string(),
            });
        }
        for r in &batch.rows {
            self.rows.insert(r.height, r.clone());
        }
        if batch.state.replace_all {
            self.state.clear();
        }
        for change in &batch.state.rows {
            let table = self.state.entry(change.table).or_default();
            match &change.value {
                Some(v) => {
                    table.insert(change.key.clone(), v.clone());
                }
                None => {
                    table.remove(&change.key);
                }
            }
        }
        if let Some(d) = batch.state_digest {
            self.digest = Some((last.height, d));
        }
        self.tip = Some(Tip { height: last.height, block_hash: last.block_hash, checked: batch.checked });
        Ok(())
    }
}
