//! # bns-vectors: realistic Bitcoin Core block files on demand
//!
//! `chaingen` turns a scenario (SCENARIO-FORMAT.md) and a seed into a Bitcoin Core
//! style `blocks/` directory: genesis first, BIP34 coinbases, proof of work met,
//! funding transactions, BNS operations laid out as the reference's client builds
//! them, every input spending a real earlier output with a real signature (p2pkh,
//! p2sh multisig, p2sh-p2wpkh, p2sh-p2wsh, p2wpkh, p2wsh, p2tr key path), and
//! optionally the messy layouts real nodes leave on disk (xor.dat, out-of-order
//! records, stale forks, zero padding, a half-written last record). Bulk mode writes
//! large mainnet-like chains for benchmarks. Same inputs, same bytes.

/// The block-file writer: bns-blockfile's (this path kept for callers outside the
/// crate; use `bns_blockfile::writer`).
#[doc(hidden)]
pub mod blkfile {
    pub use bns_blockfile::writer::*;
}
pub mod bulk;
pub mod chain;
pub mod consensus_source;
pub mod filler;
pub mod generator;
pub mod history;
pub mod keys;
pub mod layout;
pub mod manifest;
pub mod netparams;
pub mod payload;
pub mod price;
pub mod scenario;
pub mod sign;
pub mod wallets;

use std::path::Path;

/// Everything `chaingen scenario` needs besides the scenario itself.
#[derive(Clone, Debug)]
pub struct ScenarioRun {
    pub gen: generator::GenOptions,
    pub writer: bns_blockfile::WriterOptions,
    pub layout: layout::LayoutOptions,
    /// Run the engine inline for real consensus hashes (else genesis rows only).
    pub use_engine: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Scenario(#[from] scenario::ScenarioError),
    #[error(transparent)]
    Params(#[from] netparams::ParamsError),
    #[error(transparent)]
    Gen(#[from] generator::GenError),
    #[error("writing {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// Resolve a scenario's BNS parameters (`params` section; `dir` anchors relative paths),
/// with the STX genesis allocation taken from the wallets' `stx` unless
/// `params.genesis_stx` is `"base"`.
pub fn scenario_params(s: &scenario::Scenario, dir: &Path) -> Result<netparams::BnsParams, RunError> {
    let mut bns = netparams::resolve(&s.params.base, &s.params.env, s.params.first_block, dir)?;
    match s.params.genesis_stx.as_deref() {
        Some("base") => {}
        None | Some("wallets") => {
            let wallets =
                wallets::build_wallets(&s.wallets, &bns.params).map_err(generator::GenError::from)?;
            bns.params.genesis_rows = wallets::genesis_rows(&wallets);
        }
        Some(other) => {
            return Err(RunError::Params(netparams::ParamsError::UnknownBase(format!(
                "genesis_stx {other:?} (expected \"wallets\" or \"base\")"
            ))))
        }
    }
    Ok(bns)
}

/// Generate the chain of `s` in memory, with `source` supplying consensus hashes.
pub fn generate(
    s: &scenario::Scenario,
    bns: netparams::BnsParams,
    opts: generator::GenOptions,
    source: &mut dyn consensus_source::ConsensusSource,
) -> Result<generator::GeneratedChain, generator::GenError> {
    generator::Generator::new(s, bns, opts, source)?.run(s)
}

/// Generate and write `s` into `out` (blk files + `scenario-manifest.json`). With
/// `run.use_engine` the engine supplies consensus hashes and judges every op (its
/// verdicts land in the manifest); otherwise only the genesis rows are known.
pub fn run_scenario(
    s: &scenario::Scenario,
    scenario_dir: &Path,
    out: &Path,
    run: &ScenarioRun,
) -> Result<generator::GeneratedChain, RunError> {
    let bns = scenario_params(s, scenario_dir)?;
    let mut chain = if run.use_engine {
        let mut source = consensus_source::EngineSource::new(bns.params.clone());
        let mut chain = generate(s, bns, run.gen.clone(), &mut source)?;
        for op in &mut chain.manifest.ops {
            op.engine = Some(source.outcomes.get(&op.txid).cloned().unwrap_or(
                consensus_source::EngineVerdict::Dropped {
                    reason: "not seen by the engine (before FIRST or no OP_RETURN)".to_string(),
                },
            ));
        }
        chain
    } else {
        let mut source = consensus_source::GenesisOnly { first_block: bns.params.first_block };
        generate(s, bns, run.gen.clone(), &mut source)?
    };
    let io = |source: std::io::Error| RunError::Io { path: out.display().to_string(), source };
    layout::write_chain(&mut chain, out, run.writer.clone(), &run.layout, run.gen.seed).map_err(io)?;
    let manifest = serde_json::to_vec_pretty(&chain.manifest).expect("the manifest is plain data");
    std::fs::write(out.join("scenario-manifest.json"), manifest).map_err(io)?;
    Ok(chain)
}
