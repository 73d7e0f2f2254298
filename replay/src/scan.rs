//! The parallel scan: walks the best chain backwards from the last height to replay,
//! a chunk of blocks at a time (rayon inside a chunk), so every spender is seen before
//! what it spends. In each block it finds the candidate transactions (zero-copy walk,
//! only those fully decoded), registers the outpoints their inputs spend, and hashes
//! transactions to find those outpoints, each at or below its spender's height (the
//! oracle's rule). With `verify` every block down to `verify_from` (genesis for a new
//! store) is also parsed and its
//! merkle root checked, like the oracle does; a block that fails is reported so the
//! caller can exclude it and choose the best chain again.

use crate::chain::{hash_hex, BestChain, HeaderIndex};
use crate::error::{PrevoutError, ReadBlockError};
use crate::hashkey::HashKeyState;
use crate::predict::{output_key, predict, ScriptKey};
use crate::processor::CandidateTx;
use crate::txwalk::{
    any_output_script, decode_tx, merkle_root, outputs, txids, walk_block_filtered, walk_block_with_txids,
    warm_cache, TxSpan,
};
use bitcoin::{Amount, ScriptBuf, TxOut};
use bns_blockfile::BlkFile;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// How many chunks below the one being walked are asked of the disk in advance.
const READ_AHEAD_CHUNKS: u32 = 3;

/// Maps keyed by txids or script hashes.
type HashKeyMap<K, V> = HashMap<K, V, HashKeyState>;

/// What to scan.
#[derive(Clone, Debug)]
pub struct ScanPlan {
    /// Candidates are collected for heights `from..=to`.
    pub from: u32,
    pub to: u32,
    pub magic: [u8; 2],
    /// Parse and merkle-check every block down to `verify_from`.
    pub verify: bool,
    /// The lowest height to check (0 for a new store; above the tip of a store whose
    /// blocks were all checked already).
    pub verify_from: u32,
    /// Blocks per chunk.
    pub chunk_blocks: usize,
}

/// How the scan ended.
#[derive(Debug)]
pub enum ScanOutcome {
    /// Candidates per height, every prevout resolved.
    Done(BTreeMap<u32, Vec<CandidateTx>>),
    /// This header-index entry does not parse or its merkle root is wrong.
    Invalid { entry: u32, reason: String },
}

/// Progress of the scan (blocks and bytes walked so far).
pub trait ScanProgress: Sync {
    fn walked(&self, blocks: u64, bytes: u64);
}

impl ScanProgress for () {
    fn walked(&self, _: u64, _: u64) {}
}

/// A block's bytes: in place in a mapped file, or read into a (reused) buffer.
enum BlockBytes<'f> {
    /// Released from the process's memory when dropped (see `BlkFile::release`).
    InPlace {
        bytes: &'f [u8],
        file: &'f BlkFile,
        offset: u64,
    },
    Read(Vec<u8>),
}

impl Drop for BlockBytes<'_> {
    fn drop(&mut self) {
        if let BlockBytes::InPlace { bytes, file, offset } = self {
            if !bytes.is_empty() {
                file.release(*offset, bytes.len());
            }
        }
    }
}

/// Release the mapped pages of `blocks` a file range at a time: the blocks of a chunk
/// mostly lie one after the other, and each release is a system call that also
/// flushes the other threads' TLBs (one per block cost 5% of the wall time of a replay
/// of 2.3 GB). Merged across the few bytes between records: dropping a page another
/// thread still reads only makes it fault in again with the same bytes.
fn release_together(mut blocks: Vec<Walked<'_>>) {
    let mut ranges: Vec<(&BlkFile, u64, u64)> = blocks
        .iter_mut()
        .filter_map(|b| match &mut b.raw {
            BlockBytes::InPlace { bytes, file, offset } => {
                let range = (*file, *offset, *offset + bytes.len() as u64);
                *bytes = &[];
                Some(range)
            }
            BlockBytes::Read(_) => None,
        })
        .collect();
    drop(blocks);
    ranges.sort_by_key(|(file, start, _)| (file.number, *start));
    let mut merged: Option<(&BlkFile, u64, u64)> = None;
    for (file, start, end) in ranges {
        merged = match merged {
            Some((f, s, e)) if f.number == file.number && start <= e + RELEASE_GAP => {
                Some((f, s, e.max(end)))
            }
            Some((f, s, e)) => {
                f.release(s, (e - s) as usize);
                Some((file, start, end))
            }
            None => Some((file, start, end)),
        };
    }
    if let Some((f, s, e)) = merged {
        f.release(s, (e - s) as usize);
    }
}

/// Bytes between two blocks' ranges still released as one (record framing, a page).
const RELEASE_GAP: u64 = 4096;

impl std::ops::Deref for BlockBytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            BlockBytes::InPlace { bytes, .. } => bytes,
            BlockBytes::Read(b) => b,
        }
    }
}

/// One block after phase one.
struct Walked<'f> {
    height: u32,
    raw: BlockBytes<'f>,
    spans: Vec<TxSpan>,
    txids: Option<Vec<[u8; 32]>>,
    candidates: Vec<CandidateTx>,
}

/// An input waiting for the output it spends.
#[derive(Clone, Debug)]
struct Waiter {
    vout: u32,
    height: u32,
    slot: usize,
    input: usize,
    /// Predicted keys of the spent output (empty: no prediction).
    keys: Vec<ScriptKey>,
}

enum WalkFailure {
    Read(ReadBlockError),
    Invalid { entry: u32, reason: String },
}

const COINBASE_TXID: [u8; 32] = [0; 32];

fn placeholder_txout() -> TxOut {
    TxOut { value: Amount::ZERO, script_pubkey: ScriptBuf::new() }
}

/// Read and walk the block at `height`.
fn walk_one<'f>(
    files: &'f [BlkFile],
    index: &HeaderIndex,
    chain: &BestChain,
    height: u32,
    plan: &ScanPlan,
    register: bool,
) -> Result<Walked<'f>, WalkFailure> {
    walk_one_into(files, index, chain, height, plan, register, None, Vec::new())
}

/// Read the block at `height` into `raw` (a reused buffer) and walk it; with a
/// `filter`, flag the transactions having an output whose key is in it.
#[allow(clippy::too_many_arguments)]
fn walk_one_into<'f>(
    files: &'f [BlkFile],
    index: &HeaderIndex,
    chain: &BestChain,
    height: u32,
    plan: &ScanPlan,
    register: bool,
    filter: Option<&HashKeyMap<ScriptKey, u32>>,
    mut raw: Vec<u8>,
) -> Result<Walked<'f>, WalkFailure> {
    let entry_index = chain.blocks[height as usize];
    let entry = index.entry(entry_index);
    let file = &files[entry.file_index as usize];
    let raw = match file.bytes_in_place(entry.offset, entry.size as usize).map_err(WalkFailure::Read)? {
        Some(bytes) => {
            file.populate_if_cached(entry.offset, bytes.len());
            BlockBytes::InPlace { bytes, file, offset: entry.offset }
        }
        None => {
            // Only bytes past the old length get zeroed; a reused buffer is just truncated.
            raw.resize(entry.size as usize, 0);
            file.read_at(entry.offset, &mut raw).map_err(WalkFailure::Read)?;
            BlockBytes::Read(raw)
        }
    };
    let invalid = |reason: String| WalkFailure::Invalid { entry: entry_index, reason };
    let key_filter =
        |script: &[u8]| output_key(script).is_some_and(|k| filter.is_some_and(|f| f.contains_key(&k)));
    let no_filter = |_: &[u8]| false;
    let walk_filter: &dyn Fn(&[u8]) -> bool = if filter.is_some() { &key_filter } else { &no_filter };
    let (spans, txids) = if plan.verify && height >= plan.verify_from {
        // Walk and hash together (the walk runs between the hash kernel's rounds).
        let (spans, txids) = match filter {
            // The default mode flags nothing during the walk: a constant filter.
            None => walk_block_with_txids(&raw, &plan.magic, &no_filter),
            Some(_) => walk_block_with_txids(&raw, &plan.magic, walk_filter),
        }
        .map_err(|e| invalid(e.to_string()))?;
        if merkle_root(&txids) != Some(entry.merkle_root) {
            return Err(invalid("merkle root mismatch".to_string()));
        }
        (spans, Some(txids))
    } else {
        warm_cache(&raw);
        (walk_block_filtered(&raw, &plan.magic, walk_filter).map_err(|e| invalid(e.to_string()))?, None)
    };
    let mut candidates = Vec::new();
    if register && height >= plan.from {
        for (vtxindex, span) in spans.iter().enumerate().filter(|(_, s)| s.candidate) {
            let tx = decode_tx(&raw, span).map_err(|e| invalid(e.to_string()))?;
            let prevouts = vec![placeholder_txout(); tx.input.len()];
            let vtxindex = u32::try_from(vtxindex).unwrap_or(u32::MAX);
            candidates.push(CandidateTx { vtxindex, tx, prevouts });
        }
    }
    Ok(Walked { height, raw, spans, txids, candidates })
}

/// Parse (and with `verify`, merkle-check) the chain's blocks `from..=to` without
/// collecting anything: the first invalid one as (entry, reason). Used for the blocks
/// above the last replayed height, so a half-written tip cannot shift the range.
pub fn first_invalid(
    files: &[BlkFile],
    index: &HeaderIndex,
    chain: &BestChain,
    plan: &ScanPlan,
    from: u32,
    to: u32,
) -> Result<Option<(u32, String)>, ReadBlockError> {
    for height in (from..=to).rev() {
        match walk_one(files, index, chain, height, plan, false) {
            Ok(_) => {}
            Err(WalkFailure::Read(e)) => return Err(e),
            Err(WalkFailure::Invalid { entry, reason }) => return Ok(Some((entry, reason))),
        }
    }
    Ok(None)
}

/// Run the scan. Read errors abort; invalid blocks are returned as an outcome.
///
/// Pass one walks down from `to`, registering candidates and hashing only the
/// transactions the structural filter (`predict`) points at — or every transaction
/// while an input with no prediction waits. If outpoints are still missing at the
/// bottom (a wrong prediction), pass two walks down again from the highest waiting
/// spender hashing everything.
pub fn scan(
    files: &[BlkFile],
    index: &HeaderIndex,
    chain: &BestChain,
    plan: &ScanPlan,
    progress: &dyn ScanProgress,
) -> Result<Result<ScanOutcome, PrevoutError>, ReadBlockError> {
    let mut scanner = Scanner {
        files,
        index,
        chain,
        plan,
        progress,
        found: BTreeMap::new(),
        slots: Vec::new(),
        needed: HashKeyMap::default(),
        predicted: HashKeyMap::default(),
        buffers: Mutex::new(Vec::new()),
        blind: 0,
        walked_blocks: 0,
        walked_bytes: 0,
    };
    match scanner.pass(plan.to, true, false)? {
        Ok(None) => {}
        Ok(Some(outcome)) => return Ok(Ok(outcome)),
        Err(e) => return Ok(Err(e)),
    }
    if let Some(top) = scanner.needed.values().flatten().map(|w| w.height).max() {
        match scanner.pass(top, false, true)? {
            Ok(None) => {}
            Ok(Some(outcome)) => return Ok(Ok(outcome)),
            Err(e) => return Ok(Err(e)),
        }
    }
    if let Some(e) = first_unresolved(&scanner.needed, &scanner.found, &scanner.slots) {
        return Ok(Err(e));
    }
    Ok(Ok(ScanOutcome::Done(scanner.found)))
}

struct Scanner<'a> {
    files: &'a [BlkFile],
    index: &'a HeaderIndex,
    chain: &'a BestChain,
    plan: &'a ScanPlan,
    progress: &'a dyn ScanProgress,
    found: BTreeMap<u32, Vec<CandidateTx>>,
    /// Candidates in walk order; waiters point into this list by slot.
    slots: Vec<(u32, usize)>,
    needed: HashKeyMap<[u8; 32], Vec<Waiter>>,
    /// Predicted output keys of waiting inputs, with how many inputs predicted each.
    predicted: HashKeyMap<ScriptKey, u32>,
    /// Waiting inputs with no prediction.
    blind: u32,
    walked_blocks: u64,
    walked_bytes: u64,
    /// Block buffers returned after each chunk, reused to avoid page faults.
    buffers: Mutex<Vec<Vec<u8>>>,
}

type PassResult = Result<Result<Option<ScanOutcome>, PrevoutError>, ReadBlockError>;

impl Scanner<'_> {
    /// Walk down from `top`; `register`: collect candidates (first pass only).
    fn pass(&mut self, top: u32, register: bool, hash_all: bool) -> PassResult {
        let chunk = self.plan.chunk_blocks.max(1) as u32;
        let mut high = top;
        // The walk goes down the chain, which the kernel's readahead does not follow:
        // keep the disk READ_AHEAD_CHUNKS chunks ahead of the walk.
        // Chunk by chunk in walk order: the first one asked first, so its reads are not
        // queued behind the others' (cold, the newest files came last and their blocks
        // faulted in slowly behind 128 MB of read-ahead).
        for ahead in 0..READ_AHEAD_CHUNKS {
            if let Some(top) = high.checked_sub(ahead * chunk) {
                self.will_need(top.saturating_sub(chunk - 1), top);
            }
        }
        // The chunk before, done with: its mapped pages are released (`release_together`)
        // beside the next chunk's walk, not between the two on one thread while the
        // other waits.
        let mut retired: Vec<Walked<'_>> = Vec::new();
        loop {
            let low = high.saturating_sub(chunk - 1);
            let (files, index, chain, plan, buffers) =
                (self.files, self.index, self.chain, self.plan, &self.buffers);
            // Flag outputs against the current predictions during the walk itself, so
            // the filter below need not walk them again (only useful without verify,
            // which hashes every transaction anyway; an empty filter flags nothing).
            let flag_during_walk = !plan.verify && !hash_all && self.blind == 0 && !self.predicted.is_empty();
            let walk_filter = if flag_during_walk { Some(&self.predicted) } else { None };
            let this = &*self;
            let (results, ()) = rayon::join(
                || {
                    (low..=high)
                        .into_par_iter()
                        .map(|h| {
                            let buffer = buffers.lock().ok().and_then(|mut b| b.pop()).unwrap_or_default();
                            walk_one_into(files, index, chain, h, plan, register, walk_filter, buffer)
                        })
                        .collect::<Vec<Result<Walked<'_>, WalkFailure>>>()
                },
                || {
                    release_together(std::mem::take(&mut retired));
                    if let Some(ahead) = low.checked_sub(1 + chunk * (READ_AHEAD_CHUNKS - 1)) {
                        this.will_need(ahead.saturating_sub(chunk - 1), ahead);
                    }
                },
            );
            let mut blocks = Vec::with_capacity(results.len());
            // Report the highest failing block first: lower ones may be on no chain at all after re-selection.
            for r in results.into_iter().rev() {
                match r {
                    Ok(w) => blocks.push(w),
                    Err(WalkFailure::Read(e)) => return Err(e),
                    Err(WalkFailure::Invalid { entry, reason }) => {
                        return Ok(Ok(Some(ScanOutcome::Invalid { entry, reason })))
                    }
                }
            }
            self.walked_blocks += blocks.len() as u64;
            self.walked_bytes += blocks.iter().map(|b| b.raw.len() as u64).sum::<u64>();
            self.progress.walked(self.walked_blocks, self.walked_bytes);
            // New keys registered by this chunk were not in the walk's filter.
            let keys_added = register && self.register(&mut blocks);
            if !self.needed.is_empty() {
                let filter = if hash_all || self.blind > 0 { None } else { Some(&self.predicted) };
                let flags_usable = flag_during_walk && !keys_added;
                let matches = find_needed(&blocks, &self.needed, filter, flags_usable);
                for (height, txid, outs) in matches {
                    if let Err(e) = self.resolve(height, txid, &outs) {
                        return Ok(Err(e));
                    }
                }
            }
            let done_with_candidates = !register || low <= self.plan.from;
            retired = recycle(&self.buffers, blocks);
            let checked_far_enough = !(self.plan.verify && register) || low <= self.plan.verify_from;
            if low == 0 || (checked_far_enough && self.needed.is_empty() && done_with_candidates) {
                release_together(retired);
                return Ok(Ok(None));
            }
            high = low - 1;
        }
    }

    /// Hint the kernel to read the blocks at heights `low..=high` from disk.
    fn will_need(&self, low: u32, high: u32) {
        for height in low..=high {
            let Some(&entry_index) = self.chain.blocks.get(height as usize) else { continue };
            let entry = self.index.entry(entry_index);
            if let Some(file) = self.files.get(entry.file_index as usize) {
                file.will_need(entry.offset, u64::from(entry.size));
            }
        }
    }

    /// Register this chunk's spenders (blocks are in descending height order).
    /// Returns whether a predicted key not predicted before was added.
    fn register(&mut self, blocks: &mut [Walked]) -> bool {
        let mut keys_added = false;
        for block in blocks.iter_mut() {
            let candidates = std::mem::take(&mut block.candidates);
            for (i, c) in candidates.iter().enumerate() {
                let slot = self.slots.len();
                self.slots.push((block.height, i));
                for (input, txin) in c.tx.input.iter().enumerate() {
                    let txid = txin.previous_output.txid.to_byte_array();
                    if txid == COINBASE_TXID {
                        continue;
                    }
                    let keys = predict(txin);
                    if keys.is_empty() {
                        self.blind += 1;
                    }
                    for k in &keys {
                        let count = self.predicted.entry(*k).or_default();
                        keys_added |= *count == 0;
                        *count += 1;
                    }
                    let waiter =
                        Waiter { vout: txin.previous_output.vout, height: block.height, slot, input, keys };
                    self.needed.entry(txid).or_default().push(waiter);
                }
            }
            if !candidates.is_empty() {
                self.found.insert(block.height, candidates);
            }
        }
        keys_added
    }

    fn forget_prediction(&mut self, keys: &[ScriptKey]) {
        if keys.is_empty() {
            self.blind = self.blind.saturating_sub(1);
        }
        for k in keys {
            if let Some(n) = self.predicted.get_mut(k) {
                *n -= 1;
                if *n == 0 {
                    self.predicted.remove(k);
                }
            }
        }
    }

    fn resolve(&mut self, height: u32, txid: [u8; 32], outs: &[(u64, Vec<u8>)]) -> Result<(), PrevoutError> {
        let resolved = resolve(&mut self.needed, &mut self.found, &self.slots, height, txid, outs)?;
        for keys in resolved {
            self.forget_prediction(&keys);
        }
        Ok(())
    }
}

/// Done with these blocks: their read buffers back to the pool now; the mapped ones
/// returned, to be dropped (which releases their pages) beside the next walk.
fn recycle<'f>(buffers: &Mutex<Vec<Vec<u8>>>, blocks: Vec<Walked<'f>>) -> Vec<Walked<'f>> {
    let mut mapped = Vec::with_capacity(blocks.len());
    let mut read = Vec::new();
    for mut block in blocks {
        match &mut block.raw {
            BlockBytes::Read(buffer) => read.push(std::mem::take(buffer)),
            BlockBytes::InPlace { .. } => mapped.push(block),
        }
    }
    if let Ok(mut pool) = buffers.lock() {
        pool.extend(read);
    }
    mapped
}

/// A transaction found for waiting inputs: (height, txid, outputs as (value, script)).
type Found = (u32, [u8; 32], Vec<(u64, Vec<u8>)>);

/// Transactions of `blocks` whose txid is needed: (height, txid, outputs). With a
/// filter, only transactions having an output whose key is in it are hashed;
/// `flags_usable`: the walk already flagged those transactions with this very filter.
fn find_needed(
    blocks: &[Walked],
    needed: &HashKeyMap<[u8; 32], Vec<Waiter>>,
    filter: Option<&HashKeyMap<ScriptKey, u32>>,
    flags_usable: bool,
) -> Vec<Found> {
    let per_block: Vec<Vec<Found>> = blocks
        .par_iter()
        .map(|b| {
            let mut out = Vec::new();
            // Hashing everything: in batch, like the verify pass does.
            let batch;
            let all_txids: Option<&[[u8; 32]]> = match (&b.txids, filter) {
                (Some(t), _) => Some(t),
                (None, None) => {
                    batch = txids(&b.raw, &b.spans);
                    Some(&batch)
                }
                (None, Some(_)) => None,
            };
            for (i, span) in b.spans.iter().enumerate() {
                // The block parsed, so its outputs do too.
                let outs = || outputs(&b.raw, span).unwrap_or_default();
                if let (Some(filter), None) = (filter, &all_txids) {
                    if flags_usable {
                        if !span.flagged {
                            continue;
                        }
                    } else if !any_output_script(&b.raw, span, |script| {
                        output_key(script).is_some_and(|k| filter.contains_key(&k))
                    }) {
                        continue;
                    }
                }
                let txid = match &all_txids {
                    Some(t) => t[i],
                    None => span.txid(&b.raw),
                };
                if needed.contains_key(&txid) {
                    out.push((b.height, txid, outs().into_iter().map(|(v, s)| (v, s.to_vec())).collect()));
                }
            }
            out
        })
        .collect();
    per_block.into_iter().flatten().collect()
}

/// Give the outputs of `txid` (found at `height`) to every waiter at or above it.
fn resolve(
    needed: &mut HashKeyMap<[u8; 32], Vec<Waiter>>,
    found: &mut BTreeMap<u32, Vec<CandidateTx>>,
    slots: &[(u32, usize)],
    height: u32,
    txid: [u8; 32],
    outs: &[(u64, Vec<u8>)],
) -> Result<Vec<Vec<ScriptKey>>, PrevoutError> {
    let Some(waiters) = needed.remove(&txid) else { return Ok(Vec::new()) };
    let mut remaining = Vec::new();
    let mut resolved = Vec::new();
    for w in waiters {
        if w.height < height {
            remaining.push(w);
            continue;
        }
        let (cand_height, cand_index) = slots[w.slot];
        // Unreachable panic: `register` pushes slot (height, i) only for the i-th entry
        // of the candidate list it then inserts into `found` at that height, and
        // entries of `found` are never removed while waiters exist.
        let candidate =
            &mut found.get_mut(&cand_height).expect("slots point at stored candidates")[cand_index];
        let Some((value, script)) = outs.get(w.vout as usize) else {
            return Err(PrevoutError::NoSuchOutput {
                txid: hash_hex(&txid),
                vout: w.vout,
                spender: candidate.tx.compute_txid().to_string(),
                height: w.height,
                outputs: outs.len(),
            });
        };
        candidate.prevouts[w.input] =
            TxOut { value: Amount::from_sat(*value), script_pubkey: ScriptBuf::from_bytes(script.clone()) };
        resolved.push(w.keys);
    }
    if !remaining.is_empty() {
        needed.insert(txid, remaining);
    }
    Ok(resolved)
}

/// The unresolved outpoint of the lowest spender, if any.
fn first_unresolved(
    needed: &HashKeyMap<[u8; 32], Vec<Waiter>>,
    found: &BTreeMap<u32, Vec<CandidateTx>>,
    slots: &[(u32, usize)],
) -> Option<PrevoutError> {
    let (txid, w) = needed
        .iter()
        .flat_map(|(txid, ws)| ws.iter().map(move |w| (*txid, w)))
        .min_by_key(|(txid, w)| (w.height, w.slot, w.input, *txid))?;
    let (h, i) = slots[w.slot];
    let spender =
        found.get(&h).and_then(|c| c.get(i)).map(|c| c.tx.compute_txid().to_string()).unwrap_or_default();
    Some(PrevoutError::NotFound { txid: hash_hex(&txid), vout: w.vout, spender, height: w.height })
}

use bitcoin::hashes::Hash as _;
