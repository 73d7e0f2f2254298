//! One replay run: resume from the store's tip, choose the best chain (excluding
//! blocks that fail to parse or to match their merkle root, then choosing again),
//! scan it for candidates and their prevouts, feed the blocks to the engine in height
//! order, print one line per block, compare with a `--check` list, and commit every
//! batch of blocks atomically.

use crate::check::{CheckList, Mismatch};
use crate::error::{QueryError, ReplayError};
use crate::processor::BlockProcessor;
use crate::scan::{first_invalid, scan, ScanOutcome, ScanPlan, ScanProgress};
use crate::source::BlockSource;
use crate::store::{Batch, BlockRow, Store, Tip};
use std::collections::BTreeMap;
use std::io::Write;

/// Knobs of a run.
#[derive(Clone, Debug)]
pub struct ReplayOptions {
    /// Print only heights ≥ this.
    pub start: Option<u32>,
    /// Do not go beyond this height.
    pub end: Option<u32>,
    /// Stop this many blocks below the best tip.
    pub confirmations: u32,
    /// Parse and merkle-check every best-chain block down to genesis, like the oracle
    /// (off by default: a node only writes blocks that passed these checks).
    pub verify: bool,
    /// Blocks per store commit.
    pub batch_blocks: u32,
    /// JSON lines instead of the plain line format.
    pub json: bool,
    /// Blocks read per scan chunk.
    pub chunk_blocks: usize,
}

impl Default for ReplayOptions {
    fn default() -> Self {
        ReplayOptions {
            start: None,
            end: None,
            confirmations: 6,
            verify: true,
            batch_blocks: 5000,
            json: false,
            chunk_blocks: 64,
        }
    }
}

/// Where progress and notes go (stderr in the binary).
pub trait Reporter: ScanProgress {
    fn note(&self, line: &str);
    /// The scan is about to walk down from `to`; `blocks` is the most it may read.
    fn scan_started(&self, to: u32, blocks: u64);
    fn applied(&self, height: u32, end: u32);
    fn finished(&self);
}

/// A reporter that says nothing.
pub struct Silent;
impl ScanProgress for Silent {
    fn walked(&self, _: u64, _: u64) {}
}
impl Reporter for Silent {
    fn note(&self, _: &str) {}
    fn scan_started(&self, _: u32, _: u64) {}
    fn applied(&self, _: u32, _: u32) {}
    fn finished(&self) {}
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Heights replayed this run (inclusive), if any.
    pub replayed: Option<(u32, u32)>,
    pub mismatch: Option<Mismatch>,
}

/// Replay `source` into `store` through `processor`.
pub fn run<P: BlockProcessor, S: Store>(
    source: &mut BlockSource,
    processor: &mut P,
    store: &mut S,
    options: &ReplayOptions,
    out: &mut dyn Write,
    check: Option<&CheckList>,
    reporter: &dyn Reporter,
) -> Result<RunSummary, ReplayError> {
    let tip = store.tip()?;
    let next = match tip {
        Some(t) => {
            processor
                .load_state(&*store)
                .map_err(|source| ReplayError::LoadState { height: t.height, source })?;
            check_digest(store, processor, &t)?;
            t.height + 1
        }
        None => processor.first_height(),
    };
    if let (Some(list), Some(t)) = (check, tip) {
        if let Some(m) = check_stored(store, list, t.height)? {
            return Ok(RunSummary { replayed: None, mismatch: Some(m) });
        }
    }
    let Some((chain_end, candidates)) = choose_and_scan(source, processor, options, tip, next, reporter)?
    else {
        reporter.finished();
        return Ok(RunSummary::default());
    };
    if let Some(t) = tip {
        reporter.note(&format!(
            "continuing after the stored tip {}: lines a killed run printed above it are printed again, identical",
            t.height
        ));
    }
    let mut candidates = candidates;
    // A trust-blocks run leaves blocks unchecked; a checking run has checked everything
    // up to its end (below a checked tip before, or down to genesis).
    let mut batch = Batch { checked: options.verify, ..Batch::default() };
    let mut summary = RunSummary { replayed: Some((next, chain_end.0)), mismatch: None };
    let (end, hashes) = chain_end;
    let mut lines = LineOut::new(out);
    for height in next..=end {
        let block_hash = hashes[(height - next) as usize];
        let cands = candidates.remove(&height).unwrap_or_default();
        let result = match processor.apply(height, block_hash, cands) {
            Ok(r) => r,
            Err(source) => {
                // No digest: a refused block may have left part of itself in the state.
                lines.flush()?;
                commit(store, processor, &mut batch, false)?;
                return Err(ReplayError::Engine { height, source });
            }
        };
        let row = BlockRow {
            height,
            block_hash,
            consensus_hash: result.consensus_hash,
            accepted_json: result.accepted_json,
        };
        let printed = if options.start.is_none_or(|s| height >= s) {
            lines.push(&row_text(&row, &result.accepted_ops, options.json))
        } else {
            Ok(())
        };
        let mismatch = check
            .and_then(|l| l.compare(height, &hex::encode(row.block_hash), &hex::encode(row.consensus_hash)));
        batch.rows.push(row);
        if let Err(e) = printed {
            // Output closed or failing: keep what was applied, then stop.
            commit(store, processor, &mut batch, true)?;
            return Err(e);
        }
        reporter.applied(height, end);
        let interrupted = crate::interrupt::requested();
        let last = mismatch.is_some() || height == end || interrupted.is_some();
        if last || batch.rows.len() >= options.batch_blocks.max(1) as usize {
            // The printed stream contract (README): a block's line is written before
            // the block is committed, so a killed run has printed every committed block.
            if let Err(e) = lines.flush() {
                commit(store, processor, &mut batch, true)?;
                return Err(e);
            }
            commit(store, processor, &mut batch, last)?;
        }
        if let Some(signal) = interrupted {
            reporter.finished();
            return Err(ReplayError::Interrupted(signal));
        }
        if mismatch.is_some() {
            summary.replayed = Some((next, height));
            summary.mismatch = mismatch;
            break;
        }
    }
    lines.flush()?;
    reporter.finished();
    Ok(summary)
}

/// The most bytes written to the output at once: whole lines, in writes no larger than
/// a pipe writes atomically (PIPE_BUF), so a killed run never leaves half a line.
pub const OUTPUT_CHUNK_BYTES: usize = 4096;

/// The output of a run: whole lines, written in chunks of at most
/// [`OUTPUT_CHUNK_BYTES`] (a longer line alone), each followed by a flush.
struct LineOut<'a> {
    out: &'a mut dyn Write,
    pending: Vec<u8>,
}

impl<'a> LineOut<'a> {
    fn new(out: &'a mut dyn Write) -> LineOut<'a> {
        LineOut { out, pending: Vec::with_capacity(OUTPUT_CHUNK_BYTES) }
    }
    /// Queue one line; write the queued lines first if it would not fit with them.
    fn push(&mut self, line: &str) -> Result<(), ReplayError> {
        if !self.pending.is_empty() && self.pending.len() + line.len() + 1 > OUTPUT_CHUNK_BYTES {
            self.flush()?;
        }
        self.pending.extend_from_slice(line.as_bytes());
        self.pending.push(b'\n');
        Ok(())
    }
    /// Write and flush the queued lines.
    fn flush(&mut self) -> Result<(), ReplayError> {
        if !self.pending.is_empty() {
            self.out.write_all(&self.pending).map_err(output_error)?;
            self.pending.clear();
        }
        self.out.flush().map_err(output_error)
    }
}

/// The last height to replay and the block hashes of `next..=end`.
type ChainEnd = (u32, Vec<[u8; 32]>);
/// What the scan found: the range and the candidates per height.
type Scanned = (ChainEnd, BTreeMap<u32, Vec<crate::processor::CandidateTx>>);

/// Choose the best chain, check the stored tip is on it, and scan `next..=end`;
/// re-choose without any block the scan finds invalid. `None`: nothing to do.
fn choose_and_scan<P: BlockProcessor>(
    source: &mut BlockSource,
    processor: &P,
    options: &ReplayOptions,
    tip: Option<crate::store::Tip>,
    next: u32,
    reporter: &dyn Reporter,
) -> Result<Option<Scanned>, ReplayError> {
    loop {
        let chain = source.best_chain()?;
        for line in source.describe(&chain) {
            reporter.note(&line);
        }
        if let Some(t) = tip {
            if source.block_hash(&chain, t.height) != Some(t.block_hash) {
                // A heavier branch forking below the stored tip: the oracle would drop it
                // if one of its blocks is invalid, so look before calling it a reorg.
                if options.verify {
                    let top = chain.tip_height();
                    let plan = ScanPlan {
                        from: top,
                        to: top,
                        magic: processor.magic(),
                        verify: true,
                        verify_from: 0,
                        chunk_blocks: options.chunk_blocks,
                    };
                    if let Some((entry, reason)) =
                        first_invalid(&source.files, &source.index, &chain, &plan, 0, top)?
                    {
                        exclude(source, entry, &reason, reporter);
                        continue;
                    }
                }
                return Err(ReplayError::StoreOffChain { height: t.height, hash: hex::encode(t.block_hash) });
            }
        }
        let Some(confirmed_end) = chain.tip_height().checked_sub(options.confirmations) else {
            return Ok(None);
        };
        let end = options.end.map_or(confirmed_end, |e| e.min(confirmed_end));
        if next > end {
            let hint = if tip.is_some() {
                " (`replay hashes` with the same --store prints the stored hashes)"
            } else {
                ""
            };
            reporter
                .note(&format!("nothing to replay: next height {next}, last height to replay {end}{hint}"));
            return Ok(None);
        }
        let verify_from = match tip {
            Some(t) if t.checked => t.height + 1,
            _ => 0,
        };
        let plan = ScanPlan {
            from: next,
            to: end,
            magic: processor.magic(),
            verify: options.verify,
            verify_from,
            chunk_blocks: options.chunk_blocks,
        };
        // The unconfirmed blocks above `end` decide where `end` is: they must parse too.
        // Below an explicit, lower `--end` they decide nothing, and the oracle (run.sh
        // --last-block) checks no block above its last one, so neither do we.
        if end == confirmed_end {
            if let Some((entry, reason)) =
                first_invalid(&source.files, &source.index, &chain, &plan, end + 1, chain.tip_height())?
            {
                exclude(source, entry, &reason, reporter);
                continue;
            }
        }
        reporter.scan_started(
            end,
            u64::from(if options.verify { end - verify_from.min(end) + 1 } else { end - next + 1 }),
        );
        match scan(&source.files, &source.index, &chain, &plan, reporter)?? {
            ScanOutcome::Done(found) => {
                let hashes = (next..=end).map(|h| source.block_hash(&chain, h).unwrap_or_default()).collect();
                return Ok(Some(((end, hashes), found)));
            }
            ScanOutcome::Invalid { entry, reason } => exclude(source, entry, &reason, reporter),
        }
    }
}

/// Take an invalid block (and so its descendants) out of chain selection.
fn exclude(source: &mut BlockSource, entry: u32, reason: &str, reporter: &dyn Reporter) {
    let hash = crate::chain::hash_hex(&source.index.entry(entry).hash);
    reporter.note(&format!("block {hash} is invalid ({reason}); choosing the best chain without it"));
    source.index.mark_invalid(entry);
}

/// Commit the batch's block rows with the state rows the processor changed since the
/// last commit, in one store transaction. The last commit of a run also stores the
/// state digest (computing it costs a pass over the whole state, so not every batch).
fn commit<P: BlockProcessor, S: Store>(
    store: &mut S,
    processor: &mut P,
    batch: &mut Batch,
    last: bool,
) -> Result<(), ReplayError> {
    if batch.rows.is_empty() {
        return Ok(());
    }
    let height = batch.rows.last().map_or(0, |r| r.height);
    batch.state = processor.take_state_changes().map_err(|source| ReplayError::Engine { height, source })?;
    batch.state_digest = if last { processor.state_digest() } else { None };
    batch.history = processor.take_history();
    store.commit(batch)?;
    batch.rows.clear();
    batch.state = Default::default();
    batch.state_digest = None;
    batch.history.clear();
    Ok(())
}

/// After loading the stored state: if the store holds a digest of the state at its
/// tip, the loaded state must have that digest (rows lost or altered otherwise).
fn check_digest<P: BlockProcessor, S: Store>(store: &S, processor: &P, tip: &Tip) -> Result<(), ReplayError> {
    let (Some((height, stored)), Some(loaded)) = (store.state_digest()?, processor.state_digest()) else {
        return Ok(());
    };
    if height == tip.height && stored != loaded {
        let kind = bns_store::CorruptKind::Malformed("does not match the state rows");
        return Err(QueryError::from(bns_store::Corrupt::new("meta", b"state_digest", kind)).into());
    }
    Ok(())
}

/// A failed write to the output; a closed pipe is its own case (not a failure).
pub fn output_error(e: std::io::Error) -> ReplayError {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        ReplayError::OutputClosed
    } else {
        ReplayError::Output(e)
    }
}

/// Compare the rows already in the store with the list.
fn check_stored<S: Store>(store: &S, list: &CheckList, tip: u32) -> Result<Option<Mismatch>, ReplayError> {
    let Some(lo) = list.lines.keys().next().copied() else { return Ok(None) };
    for row in store.rows(lo, tip)? {
        if let Some(m) =
            list.compare(row.height, &hex::encode(row.block_hash), &hex::encode(row.consensus_hash))
        {
            return Ok(Some(m));
        }
    }
    Ok(None)
}

/// One row as a line (`HEIGHT BLOCK_HASH CONSENSUS_HASH`) or a JSON object whose
/// `accepted` is the block's operations in the reference's shape (`accepted`, an array
/// of bns-api `json::operation_entry` objects; hex strings throughout).
pub fn row_text(row: &BlockRow, accepted: &serde_json::Value, json: bool) -> String {
    if !json {
        return row.line();
    }
    serde_json::json!({
        "height": row.height,
        "block_hash": hex::encode(row.block_hash),
        "consensus_hash": hex::encode(row.consensus_hash),
        "accepted": accepted,
    })
    .to_string()
}
