//! The committed sample datadir (vectors/sample, see its README.md) stays what it
//! claims to be:
//!
//! * `sample_blocks_regenerate_byte_identical`: chaingen, run on `sample.json` with the
//!   flags `tools/make-sample.sh` uses (read from the script itself), writes exactly the
//!   committed `blocks/` files (blk*.dat and xor.dat), byte for byte;
//! * `engine_matches_oracle_on_sample_blocks`: the committed block files, read back
//!   through bns-blockfile (xor.dat, magic scan over zero padding, records out of
//!   order) and a best-chain pick here (cumulative work, so stale forks drop out), run through
//!   `bns_engine::extract` + `bns_engine::Engine` (as vectors/tests/golden_scenarios.rs
//!   does) give the oracle's `HEIGHT BLOCKHASH CONSENSUS_HASH` lines of
//!   `expected-hashes.txt` line for line, and the oracle's final counts.

use bitcoin::consensus::deserialize;
use bitcoin::hashes::Hash;
use bitcoin::{Block, BlockHash as BtcBlockHash, OutPoint, TxOut};
use bns_engine::{BlockHash, BlockInput, Engine, Params};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample")
}

/// `blk*.dat` and `xor.dat` of a directory, by name.
fn block_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("blocks dir exists") {
        let path = entry.expect("dir entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        if (name.starts_with("blk") && name.ends_with(".dat")) || name == "xor.dat" {
            files.insert(name, std::fs::read(&path).expect("read block file"));
        }
    }
    files
}

/// The chaingen flags of tools/make-sample.sh (`CHAINGEN_FLAGS=(...)`), so this test
/// checks the script's real command.
fn make_sample_flags() -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/make-sample.sh");
    let text = std::fs::read_to_string(&script).expect("tools/make-sample.sh exists");
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("CHAINGEN_FLAGS=("))
        .expect("make-sample.sh defines CHAINGEN_FLAGS");
    line.trim_end().trim_end_matches(')').split_whitespace().map(str::to_string).collect()
}

#[test]
fn sample_blocks_regenerate_byte_identical() {
    let out = tempfile::tempdir().expect("temp dir");
    let blocks = out.path().join("blocks");
    let flags = make_sample_flags();
    assert!(flags.iter().any(|f| f == "--xor"), "flags parsed: {flags:?}");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_chaingen"))
        .arg("scenario")
        .arg(sample_dir().join("sample.json"))
        .arg("--out")
        .arg(&blocks)
        .args(&flags)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run chaingen");
    assert!(status.success(), "chaingen failed: {status}");

    let committed = block_files(&sample_dir().join("blocks"));
    let regenerated = block_files(&blocks);
    assert!(committed.contains_key("xor.dat") && committed.len() >= 3);
    assert_eq!(
        committed.keys().collect::<Vec<_>>(),
        regenerated.keys().collect::<Vec<_>>(),
        "same file names"
    );
    for (name, bytes) in &committed {
        assert!(
            regenerated.get(name) == Some(bytes),
            "{name} differs from a fresh `tools/make-sample.sh` run (rerun it and the oracle, see vectors/sample/README.md)"
        );
    }
}

// ------------------------------------------------------------------------------------
// Reading the committed files (bns-blockfile's reader)

/// Every block record of the directory, in file order (first copy of a block wins).
fn read_blocks(dir: &Path) -> Vec<Block> {
    let key = bns_blockfile::load_xor_key(dir).expect("xor.dat is absent or 8 bytes");
    let magic = bns_blockfile::ChainNetwork::Regtest.magic();
    let mut seen = std::collections::BTreeSet::new();
    let mut blocks = Vec::new();
    for (number, path) in bns_blockfile::list_blk_files(dir).expect("block files") {
        let file = bns_blockfile::BlkFile::open(number, &path, key).expect("readable");
        for r in file.records(&magic).expect("records") {
            let bytes = file.read_block(r.offset, r.size).expect("record bytes");
            match deserialize::<Block>(&bytes) {
                Ok(block) => {
                    if seen.insert(block.block_hash()) {
                        blocks.push(block);
                    }
                }
                Err(e) => panic!("{}: bad block record at offset {}: {e}", path.display(), r.offset - 8),
            }
        }
    }
    blocks
}

/// The best chain (most cumulative work; ties to the tip seen first), genesis first.
fn best_chain(blocks: Vec<Block>) -> Vec<Block> {
    let by_hash: BTreeMap<BtcBlockHash, usize> =
        blocks.iter().enumerate().map(|(i, b)| (b.block_hash(), i)).collect();
    let mut work: BTreeMap<usize, bitcoin::Work> = BTreeMap::new();
    fn chain_work(
        i: usize,
        blocks: &[Block],
        by_hash: &BTreeMap<BtcBlockHash, usize>,
        work: &mut BTreeMap<usize, bitcoin::Work>,
    ) -> bitcoin::Work {
        // iterative: walk up to a known ancestor, then fill in downwards
        let mut path = vec![i];
        let mut base = None;
        while let Some(&top) = path.last() {
            if let Some(w) = work.get(&top) {
                base = Some(*w);
                path.pop();
                break;
            }
            match by_hash.get(&blocks[top].header.prev_blockhash) {
                Some(&parent) => path.push(parent),
                None => break, // genesis (or an orphan): its own work only
            }
        }
        let mut acc = base;
        while let Some(j) = path.pop() {
            let w = blocks[j].header.work();
            let total = match acc {
                Some(a) => a + w,
                None => w,
            };
            work.insert(j, total);
            acc = Some(total);
        }
        acc.expect("at least one block")
    }
    let mut best = 0usize;
    let mut best_work = None;
    for i in 0..blocks.len() {
        let w = chain_work(i, &blocks, &by_hash, &mut work);
        if best_work.is_none_or(|b| w > b) {
            best = i;
            best_work = Some(w);
        }
    }
    let mut chain = vec![best];
    while let Some(&parent) = by_hash.get(&blocks[*chain.last().expect("non-empty")].header.prev_blockhash) {
        chain.push(parent);
    }
    chain.reverse();
    let mut slots: Vec<Option<Block>> = blocks.into_iter().map(Some).collect();
    chain.into_iter().map(|i| slots[i].take().expect("each block once")).collect()
}

#[test]
fn engine_matches_oracle_on_sample_blocks() {
    let all = read_blocks(&sample_dir().join("blocks"));
    let total_records = all.len();
    let chain = best_chain(all);
    assert_eq!(
        chain[0].block_hash().to_string(),
        "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
        "the chain starts at the regtest genesis block"
    );
    assert!(
        total_records > chain.len(),
        "the sample holds stale fork blocks ({total_records} records, best chain {})",
        chain.len()
    );

    // The oracle ran with its default regtest parameter set (see expected-hashes.txt's
    // first line), which is `Params::regtest()`.
    let params = Params::regtest();
    let mut engine = Engine::new(params.clone());
    let mut outputs: BTreeMap<OutPoint, TxOut> = BTreeMap::new();
    let mut lines = Vec::new();
    let mut accepted = 0usize;
    for (height, block) in chain.iter().enumerate() {
        let height = u32::try_from(height).expect("small chain");
        let mut candidates = Vec::new();
        for (index, tx) in block.txdata.iter().enumerate() {
            if height >= params.first_block && index > 0 {
                let spent: Vec<TxOut> = tx
                    .input
                    .iter()
                    .map(|i| {
                        outputs
                            .get(&i.previous_output)
                            .cloned()
                            .expect("every input spends an earlier best-chain output")
                    })
                    .collect();
                let vtxindex = u32::try_from(index).expect("small block");
                if let Ok(c) = bns_engine::extract::extract(tx, &spent, vtxindex, height, &params) {
                    candidates.push(c);
                }
            }
            let txid = tx.compute_txid();
            for (vout, out) in tx.output.iter().enumerate() {
                let vout = u32::try_from(vout).expect("small tx");
                outputs.insert(OutPoint { txid, vout }, out.clone());
            }
        }
        if height < params.first_block {
            continue;
        }
        let mut hash = block.block_hash().to_byte_array();
        hash.reverse();
        let outcome = engine
            .apply_block(BlockInput { height, block_hash: BlockHash(hash), candidates })
            .expect("engine applies the block");
        accepted += outcome.accepted.len();
        lines.push(format!("{} {} {}", outcome.height, outcome.block_hash, outcome.consensus_hash));
    }

    let expected_text = std::fs::read_to_string(sample_dir().join("expected-hashes.txt"))
        .expect("vectors/sample/expected-hashes.txt exists");
    assert!(
        expected_text.starts_with("# ../shared/oracle/run.sh --blocks vectors/sample/blocks"),
        "expected-hashes.txt starts with the oracle command"
    );
    let expected: Vec<&str> =
        expected_text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).collect();
    assert_eq!(expected.len(), lines.len(), "one line per block from FIRST to the tip");
    for (got, want) in lines.iter().zip(&expected) {
        assert_eq!(got, want, "first difference with the oracle");
    }

    // Final counts from the oracle's --dump of the same run (tools/make-sample.sh
    // --oracle prints them): 338 names, 4 namespaces, 761 accepted ops.
    let state = engine.state();
    assert_eq!(state.names.len(), 338, "names (oracle dump)");
    assert_eq!(
        state.namespaces.keys().map(String::as_str).collect::<Vec<_>>(),
        ["creator", "imported", "pending", "sample"],
        "namespaces (oracle dump)"
    );
    assert_eq!(accepted, 761, "accepted ops (oracle dump)");
}
