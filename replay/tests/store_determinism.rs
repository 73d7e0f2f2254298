//! The LMDB store (format 2: state rows, delta commits) is exact and deterministic:
//! golden scenario chains (vectors/scenarios, generated as replay/tests/golden.rs does)
//! are replayed into real LMDB stores with 1, 7 and 1000 blocks per commit, and once
//! more in pieces (resuming from the store's rows each time). Every variant must
//!  * print the reference oracle's lines (NAME.oracle.txt, vectors/scenarios/run-oracle.sh),
//!  * leave byte-identical stores (every block row and every state row of every table),
//!  * load back (through the rows) a state equal to the in-memory engine's state after
//!    an uninterrupted run.

use bns_blockfile::ChainNetwork;
use bns_blockfile::WriterOptions;
use bns_engine::state::State;
use bns_engine::Params;
use bns_replay::engine_adapter::EngineProcessor;
use bns_replay::processor::BlockProcessor as _;
use bns_replay::replay::{run, ReplayOptions, Silent};
use bns_replay::source::BlockSource;
use bns_replay::store::{BlockRow, Identity, LmdbStore, MemStore, StateReader, StateTable, Store};
use bns_vectors::consensus_source::EngineSource;
use bns_vectors::generator::GenOptions;
use bns_vectors::layout::LayoutOptions;
use bns_vectors::scenario::Scenario;
use std::path::{Path, PathBuf};

/// Scenarios that create, update, transfer, revoke, expire and re-register names, import
/// into namespaces, consume preorders (row deletions) and move and vest tokens.
const SCENARIOS: [&str; 6] = [
    "name_imp_xfer_up",
    "name_pre_reg_expire_reregister",
    "namespace_preorder_reveal_import_expire",
    "name_pre_xfer_up_xfer_quirks",
    "stacks_sendtokens_chain",
    "stacks_vest_many",
];

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/scenarios")
}

/// Generate the scenario's chain into `dir` (seed 1, the engine supplying the consensus
/// hashes, as golden.rs); the engine params and the oracle's lines.
fn generate(name: &str, dir: &Path) -> (Params, String) {
    let path = scenarios_dir().join(format!("{name}.json"));
    let s = Scenario::load(&path).expect("scenario loads");
    let mut bns = bns_vectors::scenario_params(&s, &scenarios_dir()).expect("params resolve");
    let wallets = bns_vectors::wallets::build_wallets(&s.wallets, &bns.params).expect("wallets build");
    if s.params.genesis_stx.as_deref() != Some("base") {
        bns.params.genesis_rows = bns_vectors::wallets::genesis_rows(&wallets);
    }
    let params = bns.params.clone();
    let opts = GenOptions { seed: 1, network: ChainNetwork::Regtest, stale_forks: 0, truncate_tail: false };
    let mut chain = bns_vectors::generate(&s, bns, opts, &mut EngineSource::new(params.clone()))
        .expect("scenario generates");
    let writer = WriterOptions {
        magic: ChainNetwork::Regtest.magic(),
        max_file_size: 128 << 20,
        xor_key: None,
        padding_chunk: None,
    };
    bns_vectors::layout::write_chain(&mut chain, dir, writer, &LayoutOptions::default(), 1)
        .expect("blocks written");
    let text = std::fs::read_to_string(path.with_extension("oracle.txt")).expect("oracle file reads");
    let lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    (params, lines)
}

fn options(batch_blocks: u32, end: Option<u32>) -> ReplayOptions {
    ReplayOptions { confirmations: 0, batch_blocks, end, ..ReplayOptions::default() }
}

/// Replay `blocks` into `store`; the printed lines and the engine's state at the end.
fn replay_into<S: Store>(
    blocks: &Path,
    params: &Params,
    store: &mut S,
    options: &ReplayOptions,
) -> (String, State) {
    let mut source = BlockSource::open(blocks, None).expect("block files open");
    let mut processor = EngineProcessor::new(params.clone());
    let mut out = Vec::new();
    run(&mut source, &mut processor, store, options, &mut out, None, &Silent).expect("replay succeeds");
    (String::from_utf8(out).expect("ASCII lines"), processor.engine().state().clone())
}

/// A state table's rows as (key, value).
type TableRows = Vec<(Vec<u8>, Vec<u8>)>;

/// Everything a store holds: its block rows and every row of every state table.
#[derive(Debug, PartialEq)]
struct Contents {
    blocks: Vec<BlockRow>,
    tables: Vec<(StateTable, TableRows)>,
}

fn contents<S: Store>(store: &S) -> Contents {
    let tables = StateTable::ALL
        .iter()
        .map(|&t| {
            let mut rows = Vec::new();
            store
                .for_each(t, &mut |k, v| {
                    rows.push((k.to_vec(), v.to_vec()));
                    Ok(())
                })
                .expect("table reads");
            (t, rows)
        })
        .collect();
    Contents { blocks: store.rows(0, u32::MAX).expect("rows read"), tables }
}

fn loaded_state(params: &Params, rows: &dyn StateReader) -> State {
    let mut processor = EngineProcessor::new(params.clone());
    processor.load_state(rows).expect("stored rows load");
    processor.engine().state().clone()
}

#[test]
fn batch_sizes_and_resumes_give_identical_stores_and_states() {
    for name in SCENARIOS {
        let tmp = tempfile::tempdir().unwrap();
        let blocks = tmp.path().join("blocks");
        std::fs::create_dir(&blocks).unwrap();
        let (params, oracle) = generate(name, &blocks);
        let (mem_lines, engine_state) =
            replay_into(&blocks, &params, &mut MemStore::default(), &options(1000, None));
        assert_eq!(mem_lines, oracle, "{name}: in-memory run");

        let mut reference: Option<Contents> = None;
        for batch in [1u32, 7, 1000] {
            let dir = tmp.path().join(format!("store-{batch}"));
            let mut store =
                LmdbStore::open_writer(&dir, &Identity::of_params(&params, "regtest", "test").unwrap())
                    .expect("store opens");
            let (lines, _) = replay_into(&blocks, &params, &mut store, &options(batch, None));
            assert_eq!(lines, oracle, "{name}: batch {batch}");
            assert_eq!(
                loaded_state(&params, &store),
                engine_state,
                "{name}: batch {batch}: state loaded from the rows"
            );
            let got = contents(&store);
            let stored = |table| got.tables.iter().any(|(t, rows)| *t == table && !rows.is_empty());
            assert!(
                stored(StateTable::Names) || stored(StateTable::Accounts),
                "{name}: names or accounts stored"
            );
            match &reference {
                None => reference = Some(got),
                Some(r) => assert!(*r == got, "{name}: batch {batch} store differs from batch 1"),
            }
        }

        // In pieces: each run resumes from the rows the previous one committed.
        let dir = tmp.path().join("store-pieces");
        let first: u32 = oracle.split(' ').next().and_then(|h| h.parse().ok()).expect("first height");
        let last: u32 = oracle
            .lines()
            .last()
            .and_then(|l| l.split(' ').next())
            .and_then(|h| h.parse().ok())
            .expect("last height");
        let mut pieces = String::new();
        for end in [first, first + 3, first + (last - first) / 2, last] {
            let mut store =
                LmdbStore::open_writer(&dir, &Identity::of_params(&params, "regtest", "test").unwrap())
                    .expect("store opens");
            pieces.push_str(&replay_into(&blocks, &params, &mut store, &options(7, Some(end))).0);
        }
        assert_eq!(pieces, oracle, "{name}: in pieces");
        let store = LmdbStore::open_reader(&dir).expect("store opens");
        assert_eq!(
            loaded_state(&params, &store),
            engine_state,
            "{name}: in pieces: state loaded from the rows"
        );
        assert!(reference.as_ref() == Some(&contents(&store)), "{name}: store built in pieces differs");
    }
}
