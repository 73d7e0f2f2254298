//! Golden scenarios: every `vectors/scenarios/*.json` (the reference's integration-test
//! scenarios ported to SCENARIO-FORMAT.md) is generated in memory with the bns-vectors
//! generator and run through `bns_engine::Engine` block by block; the engine also
//! supplies the consensus hashes the ops cite. Then three things are compared:
//!
//! 1. each op's expected outcome (`expect`: accepted / rejected / dropped, by txid);
//! 2. each block `check` (right after its block) and the final `expect` section,
//!    against `engine.state()` — the supported keys are listed in
//!    vectors/scenarios/README.md;
//! 3. where `<name>.oracle.txt` exists, every `HEIGHT BLOCKHASH CONSENSUS_HASH` line the
//!    reference oracle printed for the same chain (vectors/scenarios/run-oracle.sh), and
//!    each op's expected outcome against the oracle's accepted ops
//!    (`# oracle-accepted HEIGHT TXID` lines), independently of the engine.
//!
//! Scenarios that fail because of a known engine (or generator) problem are listed in
//! `KNOWN_FAILURES` with the reason; they are printed on every run and do not fail the
//! test, but a known failure that starts passing does (so the list stays honest).
//! `GOLDEN_SCENARIO=name` runs one scenario; `GOLDEN_VERBOSE=1` prints every op's outcome
//! and the mismatches of known failures; `GOLDEN_DIR=dir` reads scenarios from elsewhere.

use bitcoin::hashes::Hash;
use bns_blockfile::ChainNetwork;
use bns_engine::hashes::name_preorder_hash;
use bns_engine::rules::lifetime;
use bns_engine::state::{NameRecord, State};
use bns_engine::{BlockHash, BlockInput, BlockOutcome, ConsensusHash, Engine, Params};
use bns_vectors::consensus_source::{ConsensusSource, PrevoutLookup};
use bns_vectors::generator::GenOptions;
use bns_vectors::manifest::WalletEntry;
use bns_vectors::scenario::{Expectation, Scenario};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The generator seed of every golden scenario (run-oracle.sh uses the same one, so the
/// oracle files describe exactly the chain this test builds).
const SEED: u64 = 1;

/// Scenarios expected to fail, with the reason (reported to the lead with evidence).
/// Never "fix" a scenario's expectation to match the engine; list it here instead.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

// ------------------------------------------------------------------------------------
// The engine as the generator's consensus source

/// Runs the engine over every best-chain block as the generator mines it.
struct EngineSource {
    engine: Engine,
    params: Params,
    outcomes: BTreeMap<u32, BlockOutcome>,
    /// txid (display hex) → why extraction dropped it, for every non-candidate tx.
    dropped: BTreeMap<String, String>,
    /// States right after the heights that carry a block `check`.
    snapshots: BTreeMap<u32, State>,
    snapshot_heights: BTreeSet<u32>,
}

impl ConsensusSource for EngineSource {
    fn on_block(
        &mut self,
        height: u32,
        block: &bitcoin::Block,
        prevouts: &dyn PrevoutLookup,
    ) -> Result<(), String> {
        if height < self.params.first_block {
            return Ok(());
        }
        let mut candidates = Vec::new();
        for (index, tx) in block.txdata.iter().enumerate().skip(1) {
            let vtxindex = u32::try_from(index).map_err(|e| e.to_string())?;
            let spent: Option<Vec<bitcoin::TxOut>> =
                tx.input.iter().map(|input| prevouts.prevout(&input.previous_output)).collect();
            let spent =
                spent.ok_or_else(|| format!("block {height}: tx {index} spends an unknown output"))?;
            match bns_engine::extract::extract(tx, &spent, vtxindex, height, &self.params) {
                Ok(candidate) => candidates.push(candidate),
                Err(reason) => {
                    self.dropped.insert(tx.compute_txid().to_string(), format!("{reason:?}"));
                }
            }
        }
        let mut hash = block.block_hash().to_byte_array();
        hash.reverse();
        let outcome = self
            .engine
            .apply_block(BlockInput { height, block_hash: BlockHash(hash), candidates })
            .map_err(|e| format!("engine: {e}"))?;
        self.outcomes.insert(height, outcome);
        if self.snapshot_heights.contains(&height) {
            self.snapshots.insert(height, self.engine.state().clone());
        }
        Ok(())
    }

    fn consensus_hash(&self, height: u32) -> Option<ConsensusHash> {
        self.engine.consensus_hash_at(height)
    }

    fn line(&self, height: u32) -> Option<String> {
        self.outcomes.get(&height).map(|o| format!("{} {} {}", o.height, o.block_hash, o.consensus_hash))
    }
}

// ------------------------------------------------------------------------------------
// Running one scenario

struct Run {
    source: EngineSource,
    wallets: BTreeMap<String, WalletEntry>,
    ops: Vec<bns_vectors::manifest::OpEntry>,
    last_height: u32,
    /// The generated chain and the oracle params file for it (for `write_oracle_inputs`).
    chain: bns_vectors::generator::GeneratedChain,
    oracle_params: Value,
}

/// `vectors/scenarios`, or `$GOLDEN_DIR` (to try scenarios kept elsewhere).
fn scenarios_dir() -> PathBuf {
    match std::env::var("GOLDEN_DIR") {
        Ok(dir) => PathBuf::from(dir),
        Err(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
    }
}

/// The scenario's parameter set with its STX genesis rows filled in exactly as
/// `chaingen scenario --params-out` writes them for the oracle (`genesis_stx`: "base"
/// keeps the base set's rows, otherwise one row per wallet), so the engine and the
/// oracle start from the same genesis. (bns-vectors' `scenario_params` leaves
/// regtest-itest's rows empty; there is no single library entry point for this yet.)
fn engine_params(
    s: &Scenario,
    dir: &Path,
) -> Result<(bns_vectors::netparams::BnsParams, Vec<bns_engine::params::GenesisRow>), String> {
    let mut bns = bns_vectors::scenario_params(s, dir).map_err(|e| format!("params: {e}"))?;
    let wallets =
        bns_vectors::wallets::build_wallets(&s.wallets, &bns.params).map_err(|e| format!("wallets: {e}"))?;
    let rows = if s.params.genesis_stx.as_deref() == Some("base") {
        bns.params.genesis_rows.clone()
    } else {
        bns_vectors::wallets::genesis_rows(&wallets)
    };
    bns.params.genesis_rows = rows.clone();
    Ok((bns, rows))
}

/// Height of the last block of each scenario entry that carries a `check`.
fn check_heights(s: &Scenario, first_block: u32) -> Vec<(u32, Value)> {
    let mut height = s.chain.first_scenario_height.unwrap_or(first_block);
    let mut out = Vec::new();
    for entry in &s.blocks {
        let count = entry.advance.unwrap_or(1);
        height += count;
        if let Some(check) = &entry.check {
            out.push((height - 1, check.clone()));
        }
    }
    out
}

fn run(s: &Scenario, path: &Path) -> Result<(Run, Vec<(u32, Value)>), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let (bns, rows) = engine_params(s, dir)?;
    let oracle_params = bns_vectors::netparams::oracle_params_json(&bns, &rows);
    let params = bns.params.clone();
    let checks = check_heights(s, params.first_block);
    let mut source = EngineSource {
        engine: Engine::new(params.clone()),
        params,
        outcomes: BTreeMap::new(),
        dropped: BTreeMap::new(),
        snapshots: BTreeMap::new(),
        snapshot_heights: checks.iter().map(|(h, _)| *h).collect(),
    };
    let opts =
        GenOptions { seed: SEED, network: ChainNetwork::Regtest, stale_forks: 0, truncate_tail: false };
    let chain = bns_vectors::generate(s, bns, opts, &mut source).map_err(|e| format!("generator: {e}"))?;
    let last_height = u32::try_from(chain.blocks.len()).map_err(|e| e.to_string())?.saturating_sub(1);
    let wallets = chain.manifest.wallets.iter().map(|w| (w.name.clone(), w.clone())).collect();
    let ops = chain.manifest.ops.clone();
    Ok((Run { source, wallets, ops, last_height, chain, oracle_params }, checks))
}

// ------------------------------------------------------------------------------------
// Comparisons

/// `fund` ops and `raw` ops without an OP_RETURN are plain payments, not BNS ops: their
/// default `expect` says nothing about the engine.
fn is_bns_op(op: &bns_vectors::manifest::OpEntry) -> bool {
    op.op != "fund" && !(op.op == "raw" && op.payload_hex.is_none())
}

fn check_ops(run: &Run, out: &mut Vec<String>) {
    let mut accepted = BTreeMap::new();
    let mut rejected = BTreeMap::new();
    for o in run.source.outcomes.values() {
        for a in &o.accepted {
            accepted.insert(a.txid.to_hex(), o.height);
        }
        for r in &o.rejected {
            rejected.insert(r.txid.to_hex(), format!("{:?}", r.reason));
        }
    }
    for op in run.ops.iter().filter(|op| is_bns_op(op)) {
        let got = if accepted.contains_key(&op.txid) {
            "accepted".to_string()
        } else if let Some(reason) = rejected.get(&op.txid) {
            format!("rejected ({reason})")
        } else if let Some(reason) = run.source.dropped.get(&op.txid) {
            format!("dropped ({reason})")
        } else {
            "not seen by the engine".to_string()
        };
        let ok = match op.expect {
            Expectation::Accepted => got == "accepted",
            Expectation::Rejected => got.starts_with("rejected") || got.starts_with("dropped"),
            Expectation::Dropped => got.starts_with("dropped"),
        };
        if std::env::var("GOLDEN_VERBOSE").is_ok() {
            let what = op.name.as_deref().or(op.namespace_id.as_deref()).unwrap_or("");
            println!(
                "      op {} vtx {} {} {}: expected {:?}, got {}",
                op.height, op.vtxindex, op.op, what, op.expect, got
            );
        }
        if !ok {
            let what = op.name.as_deref().or(op.namespace_id.as_deref()).unwrap_or("");
            out.push(format!(
                "block {} vtx {} {} {} from {}: expected {:?}, got {}",
                op.height,
                op.vtxindex,
                op.op,
                what,
                op.from.as_deref().unwrap_or("?"),
                op.expect,
                got
            ));
        }
    }
}

struct Ctx<'a> {
    state: &'a State,
    params: &'a Params,
    height: u32,
    wallets: &'a BTreeMap<String, WalletEntry>,
    outcomes: &'a BTreeMap<u32, BlockOutcome>,
    at: String,
}

impl Ctx<'_> {
    fn wallet(&self, name: &str, out: &mut Vec<String>) -> Option<&WalletEntry> {
        let w = self.wallets.get(name);
        if w.is_none() {
            out.push(format!("{}: unknown wallet {name:?} in expectation", self.at));
        }
        w
    }
    fn wallet_address(&self, name: &str, out: &mut Vec<String>) -> Option<String> {
        let w = self.wallet(name, out)?;
        if w.address.is_none() {
            out.push(format!("{}: wallet {name:?} has no address", self.at));
        }
        w.address.clone()
    }
}

fn as_str_list(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn mismatch(
    out: &mut Vec<String>,
    at: &str,
    what: &str,
    want: &dyn std::fmt::Debug,
    got: &dyn std::fmt::Debug,
) {
    out.push(format!("{at}: {what}: expected {want:?}, got {got:?}"));
}

fn check_u64(out: &mut Vec<String>, at: &str, what: &str, want: &Value, got: u64) {
    match want.as_u64() {
        Some(w) if w == got => {}
        Some(w) => mismatch(out, at, what, &w, &got),
        None => out.push(format!("{at}: {what}: expectation {want} is not a number")),
    }
}

fn check_bool(out: &mut Vec<String>, at: &str, what: &str, want: &Value, got: bool) {
    match want.as_bool() {
        Some(w) if w == got => {}
        Some(w) => mismatch(out, at, what, &w, &got),
        None => out.push(format!("{at}: {what}: expectation {want} is not a boolean")),
    }
}

/// Any other field of a stored record (NameRecord / NamespaceRecord, engine/src/state.rs)
/// by its name: equal JSON values, or equal text when one side is a string (e.g. token
/// fees written as strings or numbers).
fn check_stored_field(out: &mut Vec<String>, at: &str, key: &str, want: &Value, record: Option<Value>) {
    let Some(got) = record.as_ref().and_then(|r| r.get(key)) else {
        out.push(format!("{at}: unsupported field {key:?}"));
        return;
    };
    let text = |v: &Value| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
    if want != got && text(want) != text(got) {
        mismatch(out, at, key, want, got);
    }
}

fn is_owner(ctx: &Ctx, rec: &NameRecord, wallet: &str, out: &mut Vec<String>) -> bool {
    ctx.wallet(wallet, out)
        .is_some_and(|w| w.address.as_deref() == Some(rec.address.as_str()) && w.script_hex == rec.sender)
}

/// `alive`: the record must be alive at the height (`names`); otherwise any stored
/// record will do, expired or not (`stored_names`, like the reference's
/// `get_name_at(..., include_expired=True)`).
fn check_name(ctx: &Ctx, fqn: &str, fields: &Value, alive: bool, out: &mut Vec<String>) {
    let at = format!("{} name {fqn}", ctx.at);
    let found = if alive {
        lifetime::name_at(ctx.state, fqn, ctx.height, ctx.params)
    } else {
        ctx.state.names.get(fqn)
    };
    let Some(rec) = found else {
        let stored = ctx.state.names.contains_key(fqn);
        out.push(format!("{at}: not found at height {} (stored but not alive: {stored})", ctx.height));
        return;
    };
    let Some(map) = fields.as_object() else {
        out.push(format!("{at}: expectation is not an object"));
        return;
    };
    let ns = ctx.state.namespaces.get(&rec.namespace_id);
    let epoch = ctx.params.epoch_at(ctx.height);
    let expire_block = ns.map(|ns| {
        u64::from(ns.ready_block.max(rec.last_renewed))
            + u64::from(ns.lifetime) * u64::from(epoch.lifetime_multiplier)
    });
    for (key, want) in map {
        match key.as_str() {
            "owner" => {
                let w = want.as_str().unwrap_or("");
                if !is_owner(ctx, rec, w, out) {
                    mismatch(out, &at, "owner", &w, &(&rec.address, &rec.sender));
                }
            }
            "owner_any_of" => {
                let ws = as_str_list(want);
                if !ws.iter().any(|w| is_owner(ctx, rec, w, out)) {
                    mismatch(out, &at, "owner (any of)", &ws, &(&rec.address, &rec.sender));
                }
            }
            "value_hash" => {
                let w = want.as_str().map(str::to_string);
                if w != rec.value_hash {
                    mismatch(out, &at, "value_hash", &w, &rec.value_hash);
                }
            }
            "revoked" => check_bool(out, &at, key, want, rec.revoked),
            "registered" => check_bool(
                out,
                &at,
                key,
                want,
                lifetime::is_registered(ctx.state, fqn, ctx.height, ctx.params),
            ),
            "in_grace_period" => check_bool(
                out,
                &at,
                key,
                want,
                lifetime::in_grace_period(ctx.state, fqn, ctx.height, ctx.params),
            ),
            "first_registered" => check_u64(out, &at, key, want, rec.first_registered.into()),
            "last_renewed" => check_u64(out, &at, key, want, rec.last_renewed.into()),
            "block_number" => check_u64(out, &at, key, want, rec.block_number.into()),
            "preorder_block_number" => check_u64(out, &at, key, want, rec.preorder_block_number.into()),
            "expire_block" => check_u64(out, &at, key, want, expire_block.unwrap_or(0)),
            "renewal_deadline" => {
                check_u64(out, &at, key, want, expire_block.unwrap_or(0) + u64::from(epoch.grace_period))
            }
            "importer" => {
                let w = want.as_str().and_then(|w| ctx.wallet_address(w, out));
                if w.is_none() || w != rec.importer_address {
                    mismatch(out, &at, "importer", &w, &rec.importer_address);
                }
            }
            "consensus_hash_of_block" => {
                let h = want.as_u64().and_then(|h| u32::try_from(h).ok()).unwrap_or(0);
                let w = ctx.outcomes.get(&h).map(|o| o.consensus_hash.to_hex());
                if w.is_none() || w != rec.consensus_hash {
                    mismatch(
                        out,
                        &at,
                        &format!("consensus_hash (= CH of block {h})"),
                        &w,
                        &rec.consensus_hash,
                    );
                }
            }
            "op_fee" => {
                let got = rec.op_fee.as_float();
                if want.as_f64() != Some(got) {
                    mismatch(out, &at, "op_fee", want, &got);
                }
            }
            other => check_stored_field(out, &at, other, want, serde_json::to_value(rec).ok()),
        }
    }
}

fn check_namespace(ctx: &Ctx, id: &str, fields: &Value, out: &mut Vec<String>) {
    let at = format!("{} namespace {id}", ctx.at);
    let Some(map) = fields.as_object() else {
        out.push(format!("{at}: expectation is not an object"));
        return;
    };
    let ready = lifetime::namespace_ready(ctx.state, id);
    let reveal = lifetime::namespace_reveal(ctx.state, id, ctx.height, ctx.params);
    let Some(ns) = ready.or(reveal) else {
        out.push(format!("{at}: neither ready nor a live reveal at height {}", ctx.height));
        return;
    };
    for (key, want) in map {
        match key.as_str() {
            "ready" => check_bool(out, &at, key, want, ready.is_some()),
            "version" => check_u64(out, &at, key, want, ns.version.into()),
            "lifetime" => check_u64(out, &at, key, want, ns.lifetime.into()),
            "coeff" => check_u64(out, &at, key, want, ns.coeff.into()),
            "base" => check_u64(out, &at, key, want, ns.base.into()),
            "nonalpha_discount" => check_u64(out, &at, key, want, ns.nonalpha_discount.into()),
            "no_vowel_discount" => check_u64(out, &at, key, want, ns.no_vowel_discount.into()),
            "reveal_block" => check_u64(out, &at, key, want, ns.reveal_block.into()),
            "ready_block" => check_u64(out, &at, key, want, ns.ready_block.into()),
            "buckets" => {
                let w: Vec<u64> =
                    want.as_array().map(|a| a.iter().filter_map(Value::as_u64).collect()).unwrap_or_default();
                let got: Vec<u64> = ns.buckets.iter().map(|b| u64::from(*b)).collect();
                if w != got {
                    mismatch(out, &at, "buckets", &w, &got);
                }
            }
            "recipient" => {
                let w = want.as_str().and_then(|w| ctx.wallet_address(w, out));
                if w.as_deref() != Some(ns.recipient_address.as_str()) {
                    mismatch(out, &at, "recipient", &w, &ns.recipient_address);
                }
            }
            other => check_stored_field(out, &at, other, want, serde_json::to_value(ns).ok()),
        }
    }
}

fn check_preorder(ctx: &Ctx, spec: &Value, present: bool, out: &mut Vec<String>) {
    let at = format!("{} preorder {spec}", ctx.at);
    let name = spec.get("name").and_then(Value::as_str).unwrap_or("");
    let sender = spec.get("sender").and_then(Value::as_str).and_then(|w| ctx.wallet(w, out));
    let recipient = spec.get("recipient").and_then(Value::as_str).and_then(|w| ctx.wallet_address(w, out));
    let (Some(sender), Some(recipient)) = (sender, recipient) else {
        out.push(format!("{at}: needs name, sender and recipient wallets"));
        return;
    };
    let script = hex::decode(&sender.script_hex).unwrap_or_default();
    let Some(hash) = name_preorder_hash(name, &script, &recipient) else {
        out.push(format!("{at}: cannot hash"));
        return;
    };
    let row = ctx.state.preorder(&hash);
    match (present, row) {
        (true, None) => out.push(format!("{at}: expected to exist, not found")),
        (false, Some(r)) => out.push(format!("{at}: expected to be gone, found (block {})", r.block_number)),
        (true, Some(r)) => {
            if let Some(min) = spec.get("op_fee_at_least").and_then(Value::as_u64) {
                if r.op_fee < min {
                    mismatch(out, &at, "op_fee >=", &min, &r.op_fee);
                }
            }
        }
        (false, None) => {}
    }
}

fn check_expect(ctx: &Ctx, expect: &Value, out: &mut Vec<String>) {
    let Some(map) = expect.as_object() else {
        out.push(format!("{}: expectation is not an object", ctx.at));
        return;
    };
    for (key, want) in map {
        match key.as_str() {
            "names" | "stored_names" => {
                for (fqn, fields) in want.as_object().into_iter().flatten() {
                    check_name(ctx, fqn, fields, key == "names", out);
                }
            }
            "absent_names" => {
                for fqn in as_str_list(want) {
                    if let Some(rec) = lifetime::name_at(ctx.state, &fqn, ctx.height, ctx.params) {
                        out.push(format!(
                            "{}: name {fqn} should not exist, owned by {}",
                            ctx.at, rec.address
                        ));
                    }
                }
            }
            "namespaces" => {
                for (id, fields) in want.as_object().into_iter().flatten() {
                    check_namespace(ctx, id, fields, out);
                }
            }
            "absent_namespaces" => {
                for id in as_str_list(want) {
                    let ready = lifetime::namespace_ready(ctx.state, &id).is_some();
                    let revealed =
                        lifetime::namespace_reveal(ctx.state, &id, ctx.height, ctx.params).is_some();
                    if ready || revealed {
                        out.push(format!(
                            "{}: namespace {id} should not exist (ready {ready}, revealed {revealed})",
                            ctx.at
                        ));
                    }
                }
            }
            "present_preorders" | "absent_preorders" => {
                for spec in want.as_array().into_iter().flatten() {
                    check_preorder(ctx, spec, key == "present_preorders", out);
                }
            }
            "preorders" | "namespace_preorders" => {
                let rows = ctx.state.preorders.values().flatten();
                let count =
                    if key == "preorders" { rows.count() } else { rows.filter(|r| r.op == "*").count() };
                check_u64(
                    out,
                    &ctx.at,
                    &format!("{key}.count"),
                    want.get("count").unwrap_or(&Value::Null),
                    count as u64,
                );
            }
            "balances" => {
                for (wallet, amount) in want.as_object().into_iter().flatten() {
                    let Some(address) = ctx.wallet_address(wallet, out) else {
                        continue;
                    };
                    let got = ctx.state.account(&address, "STACKS").map(|a| a.balance()).unwrap_or(0);
                    let w = amount.as_str().and_then(|a| a.parse::<u128>().ok());
                    if w != Some(got) {
                        mismatch(out, &ctx.at, &format!("balance of {wallet}"), &w, &got);
                    }
                }
            }
            "accepted_count" => {
                let got: usize = ctx.outcomes.range(..=ctx.height).map(|(_, o)| o.accepted.len()).sum();
                check_u64(out, &ctx.at, key, want, got as u64);
            }
            other => out.push(format!("{}: unsupported expect key {other:?}", ctx.at)),
        }
    }
}

/// Compare the engine's per-block outcomes with the oracle's `HEIGHT HASH CH` lines.
fn check_oracle(run: &Run, oracle: &str, out: &mut Vec<String>) {
    let accepted: BTreeSet<&str> = oracle
        .lines()
        .filter_map(|l| l.strip_prefix("# oracle-accepted "))
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    if !accepted.is_empty() {
        for op in run.ops.iter().filter(|op| is_bns_op(op)) {
            let got = accepted.contains(op.txid.as_str());
            if got != (op.expect == Expectation::Accepted) {
                out.push(format!(
                    "oracle: block {} vtx {} {} {}: expected {:?}, the oracle {}",
                    op.height,
                    op.vtxindex,
                    op.op,
                    op.name.as_deref().or(op.namespace_id.as_deref()).unwrap_or(""),
                    op.expect,
                    if got { "accepted it" } else { "did not accept it" }
                ));
            }
        }
    }
    let mut lines = 0;
    for line in oracle.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        lines += 1;
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [height, hash, ch] = parts.as_slice() else {
            out.push(format!("oracle: malformed line {line:?}"));
            continue;
        };
        let Ok(height) = height.parse::<u32>() else {
            out.push(format!("oracle: malformed height in {line:?}"));
            continue;
        };
        let Some(o) = run.source.outcomes.get(&height) else {
            out.push(format!("oracle: block {height} not processed by the engine"));
            continue;
        };
        if o.block_hash.to_hex() != *hash {
            out.push(format!(
                "oracle: block {height} hash {hash} differs from the generated chain's {} (regenerate with run-oracle.sh)",
                o.block_hash
            ));
            return;
        }
        if o.consensus_hash.to_hex() != *ch {
            out.push(format!(
                "oracle: block {height}: consensus hash expected {ch}, engine {}",
                o.consensus_hash
            ));
        }
    }
    if lines == 0 {
        out.push("oracle: file has no block lines".to_string());
    }
}

/// Every mismatch of one scenario (empty = pass).
fn evaluate(path: &Path) -> Vec<String> {
    match Scenario::load(path) {
        Ok(s) => evaluate_scenario(&s, path),
        Err(e) => vec![format!("load: {e}")],
    }
}

/// Every mismatch of scenario `s` (loaded from `path`; its oracle file is `path`'s).
fn evaluate_scenario(s: &Scenario, path: &Path) -> Vec<String> {
    let s = s.clone();
    let (run, checks) = match run(&s, path) {
        Ok(r) => r,
        Err(e) => return vec![e],
    };
    let mut out = Vec::new();
    check_ops(&run, &mut out);
    let params = run.source.params.clone();
    for (height, check) in &checks {
        match run.source.snapshots.get(height) {
            Some(state) => {
                let ctx = Ctx {
                    state,
                    params: &params,
                    height: *height,
                    wallets: &run.wallets,
                    outcomes: &run.source.outcomes,
                    at: format!("check after block {height}"),
                };
                check_expect(&ctx, check, &mut out);
            }
            None => out.push(format!("check after block {height}: no state snapshot (block not processed)")),
        }
    }
    if let Some(expect) = &s.expect {
        let ctx = Ctx {
            state: run.source.engine.state(),
            params: &params,
            height: run.last_height,
            wallets: &run.wallets,
            outcomes: &run.source.outcomes,
            at: format!("final (block {})", run.last_height),
        };
        check_expect(&ctx, expect, &mut out);
    }
    let oracle_path = path.with_extension("oracle.txt");
    if let Ok(text) = std::fs::read_to_string(&oracle_path) {
        check_oracle(&run, &text, &mut out);
    }
    out
}

#[test]
fn golden_scenarios() {
    let only = std::env::var("GOLDEN_SCENARIO").ok();
    let verbose = std::env::var("GOLDEN_VERBOSE").is_ok();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("vectors/scenarios exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no scenarios found");

    let known: BTreeMap<&str, &str> = KNOWN_FAILURES.iter().copied().collect();
    let mut unexpected = Vec::new();
    let mut now_passing = Vec::new();
    let mut counts = (0, 0, 0);
    for path in &paths {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let started = std::time::Instant::now();
        let problems = evaluate(path);
        let ms = started.elapsed().as_millis();
        match (problems.is_empty(), known.get(name.as_str())) {
            (true, None) => {
                counts.0 += 1;
                println!("PASS  {name} ({ms} ms)");
            }
            (true, Some(_)) => {
                println!("NOW PASSING (remove from KNOWN_FAILURES)  {name}");
                now_passing.push(name);
            }
            (false, Some(reason)) => {
                counts.1 += 1;
                println!("KNOWN FAILURE  {name} ({} mismatches): {reason}", problems.len());
                if verbose {
                    for p in &problems {
                        println!("      {p}");
                    }
                }
            }
            (false, None) => {
                counts.2 += 1;
                println!("FAIL  {name} ({ms} ms)");
                for p in &problems {
                    println!("      {p}");
                }
                unexpected.push(name);
            }
        }
    }
    println!(
        "golden scenarios: {} pass, {} known failures, {} unexpected failures",
        counts.0, counts.1, counts.2
    );
    assert!(unexpected.is_empty(), "unexpected failures: {unexpected:?}");
    assert!(now_passing.is_empty(), "known failures that now pass (update KNOWN_FAILURES): {now_passing:?}");
}

/// Writes, for every scenario (or `GOLDEN_SCENARIO`), the exact chain this test builds
/// as Bitcoin Core block files plus the oracle params file:
/// `$GOLDEN_OUT/<name>/blocks/blk*.dat`, `params.json` and `scenario-manifest.json`.
/// Used by vectors/scenarios/run-oracle.sh; ignored by default (writes files).
#[test]
#[ignore]
fn write_oracle_inputs() {
    let out = PathBuf::from(std::env::var("GOLDEN_OUT").expect("set GOLDEN_OUT to an output directory"));
    let only = std::env::var("GOLDEN_SCENARIO").ok();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("vectors/scenarios exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let s = Scenario::load(&path).expect("scenario loads");
        let (mut run, _) = match run(&s, &path) {
            Ok(r) => r,
            Err(e) => {
                println!("SKIP {name}: {e}");
                continue;
            }
        };
        let dir = out.join(&name);
        let blocks = dir.join("blocks");
        std::fs::create_dir_all(&blocks).expect("create output dir");
        let writer = bns_blockfile::WriterOptions {
            magic: ChainNetwork::Regtest.magic(),
            max_file_size: 128 << 20,
            xor_key: None,
            padding_chunk: None,
        };
        let layout = bns_vectors::layout::LayoutOptions { out_of_order_window: None };
        bns_vectors::layout::write_chain(&mut run.chain, &blocks, writer, &layout, SEED)
            .expect("write blocks");
        let params = serde_json::to_vec_pretty(&run.oracle_params).expect("plain data");
        std::fs::write(dir.join("params.json"), params).expect("write params");
        let manifest = serde_json::to_vec_pretty(&run.chain.manifest).expect("plain data");
        std::fs::write(dir.join("scenario-manifest.json"), manifest).expect("write manifest");
        println!("WROTE {name} -> {}", dir.display());
    }
}

/// The comparisons are not vacuous: wrong expectations planted into a passing scenario
/// (name_pre_reg_up_xfer: foo.test ends owned by w4 with value 11…11, the update's
/// consensus hash, and its preorder consumed) are each reported.
#[test]
fn planted_wrong_expectations_are_reported() {
    let path = scenarios_dir().join("name_pre_reg_up_xfer.json");
    let mut s = Scenario::load(&path).expect("scenario loads");
    assert!(evaluate_scenario(&s, &path).is_empty(), "the unmodified scenario passes");

    s.expect = Some(serde_json::json!({
        "names": { "foo.test": {
            "owner": "w3",
            "value_hash": "2222222222222222222222222222222222222222",
            "consensus_hash_of_block": 694,
            "last_renewed": 1
        } },
        "absent_names": ["foo.test"],
        "present_preorders": [{ "name": "foo.test", "sender": "w2", "recipient": "w3" }],
        "namespaces": { "test": { "ready": false } },
        "accepted_count": 1,
        "no_such_key": true
    }));
    if let Some(op) = s.blocks.get_mut(3).and_then(|b| b.ops.get_mut(0)) {
        op.expect = Expectation::Rejected; // the preorder is accepted
    }
    let problems = evaluate_scenario(&s, &path);
    for needle in [
        "expected Rejected, got accepted",
        "owner: expected \"w3\"",
        "value_hash",
        "consensus_hash (= CH of block 694)",
        "last_renewed",
        "foo.test should not exist",
        "expected to exist, not found",
        "ready: expected false",
        "accepted_count",
        "unsupported expect key \"no_such_key\"",
        "oracle: block 692",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(needle)),
            "no mismatch mentions {needle:?}: {problems:#?}"
        );
    }
}
