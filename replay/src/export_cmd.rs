//! `replay --store DIR export stacks-v2 …`: the Stacks 2.0 migration export
//! (bns-export) from a store, and its checks.
//!
//! * `--out OUTDIR [--height H] [--export-height X] [--force]`: the state as it stood
//!   after block `H` (default: the store's tip), exported at `X` (default `H`: the
//!   reference's `block_height` argument), written into OUTDIR atomically: the four
//!   files go into a temporary directory beside OUTDIR, renamed into place only when
//!   complete (a failure or SIGINT/SIGTERM removes it and leaves OUTDIR as it was).
//! * `--check [--height H]`: recompute at 665749 and 665750 and compare with the
//!   published hashes built into bns-export; a store that is not mainnet's, or stops
//!   below 665749, is bad input (exit 2) rather than a mismatch.
//! * `--check --against DIR`: compare with a published `chainstate.txt` (and
//!   `name_zonefiles.txt` if DIR has one) row by row.
//!
//! The state at a height below the tip is rebuilt from the store's as-of-height
//! records ([`state_at`]); this module does not know LMDB.

use crate::error::{ReplayError, UsageError};
use bns_engine::hashes::dsha256;
use bns_engine::rules::genesis::VestingSchedule;
use bns_engine::state::{Account, AccountKey, State};
use bns_engine::Params;
use bns_export::check::{check_against, check_zonefiles_against, RowDifference};
use bns_export::{check_published, export_stacks_v2, ExportFiles, PublishedCheck, ZonefileLookup};
use bns_store::{LmdbStore, StoreView};
use clap::{Args as ClapArgs, Subcommand};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Largest `chainstate.txt` / `name_zonefiles.txt` read by `--against` (mainnet's is
/// 17.5 MB and 350 KB).
pub const MAX_AGAINST_FILE_BYTES: u64 = 1 << 30;

/// `replay export …`
#[derive(Subcommand, Debug, Clone)]
pub enum ExportCommand {
    /// The Stacks 2.0 migration files of Blockstack Core v22.2.0.0 (chainstate.txt,
    /// name_zonefiles.txt and their .sha256), byte for byte; with --check, compare with
    /// the published genesis hashes (mainnet) or with --against DIR
    #[command(name = "stacks-v2")]
    StacksV2(StacksV2Args),
}

/// `replay export stacks-v2` arguments (`--check` is the tool's global flag, given here
/// without a FILE).
#[derive(ClapArgs, Debug, Clone)]
pub struct StacksV2Args {
    /// Directory to write the four files into (must not hold files, unless --force)
    #[arg(long, value_name = "OUTDIR")]
    pub out: Option<PathBuf>,
    /// The state as it stood after this block [default: the store's tip; with --check on
    /// mainnet: 665750, the freeze, if the store is past it]
    #[arg(long, value_name = "H")]
    pub height: Option<u32>,
    /// Export height X ≤ H (the reference's `block_height` argument: the expiry test,
    /// lifetimes and vesting rows are taken at X) [default: H]
    #[arg(long, value_name = "X")]
    pub export_height: Option<u32>,
    /// Replace the files of an existing OUTDIR
    #[arg(long)]
    pub force: bool,
    /// With --check: a directory holding a published chainstate.txt (and optionally
    /// name_zonefiles.txt) to compare with, row by row
    #[arg(long, value_name = "DIR")]
    pub against: Option<PathBuf>,
}

/// An export command failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportCmdError {
    #[error("--height {height} is above the store's tip {tip}")]
    HeightAboveTip { height: u32, tip: u32 },
    #[error("--export-height {export_height} is above the state's height {height}")]
    ExportHeightAboveState { export_height: u32, height: u32 },
    #[error("the store holds no state yet (replay some blocks first)")]
    Empty,
    #[error(
        "the store is inconsistent: its state rows are at block {state}, its tip row at {tip} \
         (damaged? rebuild it with replay --restart)"
    )]
    StateNotAtTip { state: u32, tip: u32 },
    #[error("the store was built by a test processor and holds no BNS parameters")]
    NoParams,
    #[error(
        "the state at {height} cannot be rebuilt from this store: the genesis patch at {patch} \
         rewrote account history after it; replay into a new store with --end {height}"
    )]
    PatchAfterHeight { height: u32, patch: u32 },
    #[error(
        "the store holds {network} state (first block {first_block}), not mainnet's: the \
         published hashes apply only to mainnet (compare with another export with --against DIR)"
    )]
    NotMainnet { network: String, first_block: u32 },
    #[error("the store's state ends at {tip}, below 665749: replay mainnet to 665750 first")]
    BelowExportHeight { tip: u32 },
    #[error("{path} already holds files; use --force to replace them, or another --out")]
    OutExists { path: PathBuf },
    #[error("--against {path}")]
    Against {
        path: PathBuf,
        #[source]
        source: bns_blockfile::InputError,
    },
    #[error("--against {path}/chainstate.txt")]
    AgainstMalformed {
        path: PathBuf,
        #[source]
        source: bns_export::check::MalformedExport,
    },
    #[error("{what} {path}")]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot export")]
    Export(#[source] bns_export::ExportError),
    #[error("cannot read the store")]
    Read(#[from] bns_store::ReadError),
    #[error(transparent)]
    Open(#[from] bns_store::OpenError),
}

impl ExportCmdError {
    /// CONVENTIONS exit codes: 2 bad input or usage, 3 I/O or store failure.
    pub fn exit_code(&self) -> u8 {
        use bns_store::OpenError as O;
        match self {
            ExportCmdError::Io { .. } | ExportCmdError::Read(_) | ExportCmdError::StateNotAtTip { .. } => 3,
            ExportCmdError::Against { source, .. } if is_io(source) => 3,
            ExportCmdError::Open(O::Missing { .. } | O::NotOurs { .. } | O::OldFormat { .. }) => 2,
            ExportCmdError::Open(_) => 3,
            ExportCmdError::Export(bns_export::ExportError::Write { .. }) => 3,
            _ => 2,
        }
    }
}

/// A read failure of the machine (exit 3), not a missing or unsuitable file (exit 2).
fn is_io(e: &bns_blockfile::InputError) -> bool {
    use std::io::ErrorKind;
    matches!(e, bns_blockfile::InputError::Io { source, .. }
        if !matches!(source.kind(), ErrorKind::NotFound | ErrorKind::InvalidData))
}

/// The stored state, which a store commits with its tip row: a damaged store whose
/// rows disagree is an error, not an export of some other block's state.
fn state_at_tip(state: State, tip: u32) -> Result<State, ExportCmdError> {
    if state.last_block != tip {
        return Err(ExportCmdError::StateNotAtTip { state: state.last_block, tip });
    }
    Ok(state)
}

/// The options of the tool that apply here.
#[derive(Clone, Copy, Debug)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
}

/// Run `replay export …`. `check` is the global `--check` (given without a FILE).
pub fn run(
    store_dir: &Path,
    command: &ExportCommand,
    check: bool,
    output: Output,
) -> Result<crate::cli::Outcome, ReplayError> {
    let ExportCommand::StacksV2(args) = command;
    let store = LmdbStore::open_reader(store_dir).map_err(ExportCmdError::from)?;
    let params = store.params().map_err(ExportCmdError::from)?.ok_or(ExportCmdError::NoParams)?;
    if check {
        if args.out.is_some() || args.force {
            return Err(ReplayError::Usage(UsageError::ExportFlags(
                "--check compares; it takes no --out or --force",
            )));
        }
        return check_command(&store, &params, args, output);
    }
    if args.against.is_some() {
        return Err(ReplayError::Usage(UsageError::ExportFlags("--against needs --check")));
    }
    let Some(out) = &args.out else {
        return Err(ReplayError::Usage(UsageError::ExportFlags(
            "export stacks-v2 needs --out OUTDIR (or --check)",
        )));
    };
    let (state, files) = export_from_store(&store, &params, args.height, args.export_height, None)?;
    write_atomically(&files, out, args.force)?;
    let summary = Summary::new(&state, &files, args.export_height.unwrap_or(state.last_block));
    print_line(&if output.json { to_json(&summary)? } else { summary.line(out) })?;
    Ok(crate::cli::Outcome::Ok)
}

/// One export's figures (the line `--out` prints).
#[derive(Serialize)]
struct Summary {
    state_height: u32,
    export_height: u32,
    counts: bns_export::Counts,
    chainstate_txt_bytes: usize,
    chainstate_sha256: String,
    chainstate_matches_published: bool,
    name_zonefiles_txt_bytes: usize,
    name_zonefiles_sha256: String,
    name_zonefiles_match_published: bool,
}

impl Summary {
    fn new(state: &State, files: &ExportFiles, export_height: u32) -> Summary {
        Summary {
            state_height: state.last_block,
            export_height,
            counts: files.counts,
            chainstate_txt_bytes: files.chainstate_txt.len(),
            chainstate_sha256: files.chainstate_sha256.clone(),
            chainstate_matches_published: files.chainstate_matches_published(),
            name_zonefiles_txt_bytes: files.name_zonefiles_txt.len(),
            name_zonefiles_sha256: files.name_zonefiles_sha256.clone(),
            name_zonefiles_match_published: files.name_zonefiles_match_published(),
        }
    }
    fn line(&self, out: &Path) -> String {
        let c = &self.counts;
        let published = |yes: bool| if yes { " (published)" } else { "" };
        format!(
            "wrote {}: state {} height {} namespaces {} names {} balances {} vesting {} zonefiles {} \
             chainstate.txt {} {}{} name_zonefiles.txt {} {}{}",
            out.display(),
            self.state_height,
            self.export_height,
            c.namespaces,
            c.names,
            c.balances,
            c.vesting,
            c.zonefiles,
            self.chainstate_txt_bytes,
            self.chainstate_sha256,
            published(self.chainstate_matches_published),
            self.name_zonefiles_txt_bytes,
            self.name_zonefiles_sha256,
            published(self.name_zonefiles_match_published),
        )
    }
}

fn to_json(value: &impl Serialize) -> Result<String, ReplayError> {
    serde_json::to_string(value).map_err(|e| ReplayError::Output(e.into()))
}

fn print_line(text: &str) -> Result<(), ReplayError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").and_then(|()| out.flush()).map_err(crate::replay::output_error)
}

/// Zone files from the store's zone-file table; the first read error is kept (the
/// lookup itself cannot fail) and reported after the export.
struct StoreZonefiles<'s> {
    store: &'s LmdbStore,
    error: RefCell<Option<bns_store::ReadError>>,
}

impl ZonefileLookup for StoreZonefiles<'_> {
    fn zonefile(&self, hash_hex: &str) -> Option<Vec<u8>> {
        match self.store.zonefile(hash_hex) {
            Ok(found) => found,
            Err(e) => {
                self.error.borrow_mut().get_or_insert(e);
                None
            }
        }
    }
}

/// The store's state after `height` (default: its tip) and its export at
/// `export_height` (default: `height`); `default_height` replaces the tip as default.
pub fn export_from_store(
    store: &LmdbStore,
    params: &Params,
    height: Option<u32>,
    export_height: Option<u32>,
    default_height: Option<u32>,
) -> Result<(State, ExportFiles), ExportCmdError> {
    let state = load_state(store, params, height, default_height)?;
    let export_height = export_height.unwrap_or(state.last_block);
    if export_height > state.last_block {
        return Err(ExportCmdError::ExportHeightAboveState { export_height, height: state.last_block });
    }
    let zonefiles = StoreZonefiles { store, error: RefCell::new(None) };
    let files =
        export_stacks_v2(params, &state, export_height, &zonefiles).map_err(ExportCmdError::Export)?;
    if let Some(e) = zonefiles.error.into_inner() {
        return Err(e.into());
    }
    Ok((state, files))
}

/// The state after `height` (default `default_height`, else the tip), read in one
/// transaction.
fn load_state(
    store: &LmdbStore,
    params: &Params,
    height: Option<u32>,
    default_height: Option<u32>,
) -> Result<State, ExportCmdError> {
    let view = store.view()?;
    let tip = view.tip()?.ok_or(ExportCmdError::Empty)?.height;
    let height = height.or(default_height).unwrap_or(tip);
    if height > tip {
        return Err(ExportCmdError::HeightAboveTip { height, tip });
    }
    if height == tip {
        return state_at_tip(bns_store::load_state_rows(&view)?, tip);
    }
    state_at(&view, params, height, tip)
}

/// The state as it stood after block `height` (< the tip `tip`), from the store's
/// as-of-height records: the names and namespaces of `hist.states`, and the account
/// rows of `hist.accounts` written by then — rows of blocks ≤ `height`, plus the vesting
/// rows of `height + 1`, which `db_save(height)` writes. Only the tables the export
/// reads (names, namespaces, accounts, last block) are filled. A genesis patch applied
/// after `height` rewrites old account rows in place, so such a state is refused.
pub fn state_at(
    view: &StoreView<'_>,
    params: &Params,
    height: u32,
    tip: u32,
) -> Result<State, ExportCmdError> {
    let next = height.saturating_add(1);
    let patch = params
        .genesis_patches
        .iter()
        .filter(|p| p.height > params.first_block)
        .find(|p| p.height >= next && p.height <= tip.saturating_add(1));
    if let Some(p) = patch {
        return Err(ExportCmdError::PatchAfterHeight { height, patch: p.height });
    }
    let history = view.history();
    let mut state = State::default();
    state.names = history.names_at(height)?;
    state.namespaces = history.namespaces_at(height)?;
    let vesting_txids: BTreeMap<AccountKey, String> = VestingSchedule::from_params(params)
        .due_at(next)
        .map(|((address, token_type), amount)| {
            let text = format!("{address} vesting {token_type} {amount} at {next}");
            ((address.clone(), token_type.clone()), hex::encode(dsha256(text.as_bytes())))
        })
        .collect();
    let mut accounts: BTreeMap<AccountKey, Account> = BTreeMap::new();
    history.all_account_rows(&mut |row: Account| {
        let key = (row.address.clone(), row.token_type.clone());
        let written = row.block_id <= height
            || (row.block_id == next && row.vtxindex == 0 && vesting_txids.get(&key) == Some(&row.txid));
        if written {
            accounts.insert(key, row);
        }
        Ok(())
    })?;
    state.accounts = accounts;
    state.last_block = height;
    Ok(state)
}

/// Write the four files into a new temporary directory beside `out`, then rename it to
/// `out` (replacing an existing `out` only with `force`). On any failure, and on
/// SIGINT/SIGTERM, the temporary directory is removed and `out` is left as it was.
pub fn write_atomically(files: &ExportFiles, out: &Path, force: bool) -> Result<(), ReplayError> {
    let existing = match std::fs::read_dir(out) {
        Ok(mut entries) => Some(entries.next().is_some()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(_) if out.exists() && !out.is_dir() => {
            return Err(ReplayError::Usage(UsageError::OutNotADirectory(out.to_path_buf())))
        }
        Err(source) => {
            return Err(ExportCmdError::Io { what: "cannot read", path: out.to_path_buf(), source }.into())
        }
    };
    if existing == Some(true) && !force {
        return Err(ExportCmdError::OutExists { path: out.to_path_buf() }.into());
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = out.file_name().map_or("export".into(), |n| n.to_string_lossy().into_owned());
    let temp = parent.join(format!(".{base}.tmp-{}", std::process::id()));
    crate::interrupt::register_temp(&temp);
    let result = write_then_rename(files, &temp, out, existing.is_some());
    crate::interrupt::forget(&temp);
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    result
}

fn write_then_rename(files: &ExportFiles, temp: &Path, out: &Path, replace: bool) -> Result<(), ReplayError> {
    let io = |what, path: &Path| {
        let path = path.to_path_buf();
        move |source| ReplayError::from(ExportCmdError::Io { what, path, source })
    };
    std::fs::create_dir(temp).map_err(io("cannot create", temp))?;
    for (name, bytes) in files.files() {
        let path = temp.join(name);
        let mut file = std::fs::File::create(&path).map_err(io("cannot create", &path))?;
        file.write_all(bytes).and_then(|()| file.sync_all()).map_err(io("cannot write", &path))?;
        if let Some(signal) = crate::interrupt::requested() {
            return Err(ReplayError::Interrupted(signal));
        }
    }
    if replace {
        // An existing OUTDIR (empty, or --force): move it aside, put the new one in
        // place, then remove the old one.
        let mut old = temp.as_os_str().to_owned();
        old.push(".old");
        let old = PathBuf::from(old);
        std::fs::rename(out, &old).map_err(io("cannot move aside", out))?;
        if let Err(source) = std::fs::rename(temp, out) {
            let _ = std::fs::rename(&old, out);
            return Err(
                ExportCmdError::Io { what: "cannot rename into", path: out.to_path_buf(), source }.into()
            );
        }
        std::fs::remove_dir_all(&old).map_err(io("cannot remove", &old))?;
    } else {
        std::fs::rename(temp, out).map_err(io("cannot rename into", out))?;
    }
    Ok(())
}

// ---- --check ---------------------------------------------------------------------

/// What `--check` found, for `--json`.
#[derive(Serialize)]
struct CheckReport {
    state_height: u32,
    /// The export height whose chainstate.txt equals the published one, if any.
    matching_height: Option<u32>,
    #[serde(flatten)]
    check: PublishedCheck,
    /// Row differences against `--against` (absent without it).
    #[serde(skip_serializing_if = "Option::is_none")]
    against: Option<AgainstReport>,
}

#[derive(Serialize)]
struct AgainstReport {
    dir: String,
    export_height: u32,
    chainstate_identical: bool,
    name_zonefiles_compared: bool,
    differences: Vec<RowDifference>,
}

fn check_command(
    store: &LmdbStore,
    params: &Params,
    args: &StacksV2Args,
    output: Output,
) -> Result<crate::cli::Outcome, ReplayError> {
    let tip = store.view().map_err(ExportCmdError::from)?.tip().map_err(ExportCmdError::from)?;
    let tip = tip.ok_or(ExportCmdError::Empty)?.height;
    let default_height = bns_export::migration::state_height_for(params, tip);
    if let Some(dir) = &args.against {
        return against_command(store, params, args, dir, default_height, output);
    }
    if args.export_height.is_some() {
        return Err(ReplayError::Usage(UsageError::ExportFlags(
            "--check exports at 665749 and 665750; --export-height applies to --out and --against",
        )));
    }
    let state = load_state(store, params, args.height, Some(default_height))?;
    let zonefiles = StoreZonefiles { store, error: RefCell::new(None) };
    let check = check_published(params, &state, &zonefiles).map_err(ExportCmdError::Export)?;
    if let Some(e) = zonefiles.error.into_inner() {
        return Err(ExportCmdError::from(e).into());
    }
    let heights = checked_heights(&check)?;
    let matching_height = heights.iter().find(|h| h.chainstate_matches).map(|h| h.height);
    let outcome =
        if matching_height.is_some() { crate::cli::Outcome::Ok } else { crate::cli::Outcome::Differs };
    if output.json {
        let report = CheckReport { state_height: state.last_block, matching_height, check, against: None };
        print_line(&to_json(&report)?)?;
        return Ok(outcome);
    }
    let mut text = format!("state after block {} (store tip {tip})\n", state.last_block);
    for h in &heights {
        let mark = |yes: bool| if yes { "= published" } else { "≠ published" };
        text.push_str(&format!(
            "export height {}: chainstate.txt {} {}, name_zonefiles.txt {} {}\n",
            h.height,
            h.chainstate_sha256,
            mark(h.chainstate_matches),
            h.name_zonefiles_sha256,
            mark(h.name_zonefiles_match),
        ));
    }
    text.push_str(&match matching_height {
        Some(h) => format!(
            "result: chainstate.txt equals the published {} at export height {h}",
            bns_export::PUBLISHED_CHAINSTATE_SHA256
        ),
        None => format!(
            "result: MISMATCH: no export height gives the published chainstate.txt {}",
            bns_export::PUBLISHED_CHAINSTATE_SHA256
        ),
    });
    print_line(&text)?;
    Ok(outcome)
}

/// The heights `check_published` compared, or why it compared none: a store that is not
/// mainnet's, or stops below 665749, is bad input (exit 2), never a mismatch.
pub fn checked_heights(check: &PublishedCheck) -> Result<Vec<bns_export::HeightCheck>, ExportCmdError> {
    match check {
        PublishedCheck::NotMainnet { network, first_block } => {
            Err(ExportCmdError::NotMainnet { network: network.clone(), first_block: *first_block })
        }
        PublishedCheck::BelowExportHeight { tip } => Err(ExportCmdError::BelowExportHeight { tip: *tip }),
        PublishedCheck::Checked { heights, .. } => Ok(heights.clone()),
    }
}

fn read_against(dir: &Path, name: &str, required: bool) -> Result<Option<Vec<u8>>, ExportCmdError> {
    let path = dir.join(name);
    if !required && !path.exists() {
        return Ok(None);
    }
    bns_blockfile::input::read_regular(&path, MAX_AGAINST_FILE_BYTES)
        .map(Some)
        .map_err(|source| ExportCmdError::Against { path: dir.to_path_buf(), source })
}

fn against_command(
    store: &LmdbStore,
    params: &Params,
    args: &StacksV2Args,
    dir: &Path,
    default_height: u32,
    output: Output,
) -> Result<crate::cli::Outcome, ReplayError> {
    let theirs = read_against(dir, "chainstate.txt", true)?.unwrap_or_default();
    let their_zonefiles = read_against(dir, "name_zonefiles.txt", false)?;
    let (state, ours) =
        export_from_store(store, params, args.height, args.export_height, Some(default_height))?;
    let export_height = args.export_height.unwrap_or(state.last_block);
    let their_text = String::from_utf8_lossy(&theirs);
    let our_text = String::from_utf8_lossy(&ours.chainstate_txt);
    let mut differences = check_against(&our_text, &their_text)
        .map_err(|source| ExportCmdError::AgainstMalformed { path: dir.to_path_buf(), source })?;
    if let Some(z) = &their_zonefiles {
        differences.extend(check_zonefiles_against(&ours.name_zonefiles_txt, z));
    }
    let chainstate_identical = ours.chainstate_txt == theirs;
    // Same rows in another order still differ byte for byte.
    let differs = !differences.is_empty()
        || !chainstate_identical
        || their_zonefiles.as_ref().is_some_and(|z| *z != ours.name_zonefiles_txt);
    let outcome = if differs { crate::cli::Outcome::Differs } else { crate::cli::Outcome::Ok };
    if output.json {
        let report = AgainstReport {
            dir: dir.display().to_string(),
            export_height,
            chainstate_identical,
            name_zonefiles_compared: their_zonefiles.is_some(),
            differences,
        };
        let value = serde_json::json!({ "state_height": state.last_block, "against": report });
        print_line(&to_json(&value)?)?;
        return Ok(outcome);
    }
    let mut text = format!(
        "state after block {}, export height {export_height}, against {}{}\n",
        state.last_block,
        dir.display(),
        if their_zonefiles.is_some() {
            " (chainstate.txt and name_zonefiles.txt)"
        } else {
            " (chainstate.txt)"
        }
    );
    for d in &differences {
        text.push_str(&d.to_string());
        text.push('\n');
    }
    text.push_str(&if !differs {
        "result: identical".to_string()
    } else if differences.is_empty() {
        "result: DIFFERENT bytes, but the same rows (order or line endings differ)".to_string()
    } else {
        format!("result: {} differing rows", differences.len())
    });
    print_line(&text)?;
    Ok(outcome)
}

// ---- name --migration --------------------------------------------------------------

/// `replay name NAME --migration`: the name's fate in the Stacks 2.0 export (JSON, the
/// same as `/x/v1/names/{name}/migration`). A name the store never had is not found.
pub fn migration(store: &LmdbStore, name: &str) -> Result<String, ReplayError> {
    if !bns_api::reference::check_name(name) {
        return Err(ReplayError::Usage(UsageError::BadName(name.to_string())));
    }
    let params = store.params()?.ok_or(ExportCmdError::NoParams)?;
    let view = store.view()?;
    let tip = view.tip()?.ok_or(ExportCmdError::Empty)?.height;
    let rec = bns_store::state::name(&view, name)?;
    let ns = match &rec {
        Some(r) => bns_store::state::namespace(&view, &r.namespace_id)?,
        None => None,
    };
    let state_height = bns_export::migration::state_height_for(&params, tip);
    let rows = view.history().history(name)?;
    let revoke_height =
        rows.iter().rev().find(|r| r.op == "~" && r.block_id <= state_height).map(|r| r.block_id);
    let answer =
        bns_export::migration::answer(&params, state_height, name, rec.as_ref(), ns.as_ref(), revoke_height);
    if rec.is_none() {
        return Err(ReplayError::NotFound {
            what: format!("name {name}"),
            reason: format!("no such name was registered or imported by block {state_height}"),
        });
    }
    serde_json::to_string_pretty(&answer).map_err(|e| ReplayError::Output(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_rows_not_at_the_tip_row_are_a_store_failure_not_a_crash() {
        let at = |last_block| {
            let mut state = State::default();
            state.last_block = last_block;
            state
        };
        assert_eq!(state_at_tip(at(700), 700).unwrap().last_block, 700);
        let err = state_at_tip(at(699), 700).unwrap_err();
        assert_eq!(err.exit_code(), 3, "a store failure (exit 3)");
        assert!(
            err.to_string().starts_with(
                "the store is inconsistent: its state rows are at block 699, its tip row at 700"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_state_that_cannot_match_is_bad_input_not_a_mismatch() {
        let below = checked_heights(&PublishedCheck::BelowExportHeight { tip: 600_000 }).unwrap_err();
        assert_eq!(below.exit_code(), 2);
        assert_eq!(
            below.to_string(),
            "the store's state ends at 600000, below 665749: replay mainnet to 665750 first"
        );
        let regtest =
            checked_heights(&PublishedCheck::NotMainnet { network: "regtest".into(), first_block: 688 })
                .unwrap_err();
        assert_eq!(regtest.exit_code(), 2);
        assert!(regtest
            .to_string()
            .starts_with("the store holds regtest state (first block 688), not mainnet's"));
        let h = bns_export::HeightCheck {
            height: 665_750,
            chainstate_sha256: bns_export::PUBLISHED_CHAINSTATE_SHA256.into(),
            chainstate_matches: true,
            name_zonefiles_sha256: String::new(),
            name_zonefiles_match: false,
        };
        let checked = PublishedCheck::Checked { tip: 665_750, heights: vec![h.clone()] };
        assert_eq!(checked_heights(&checked).unwrap(), vec![h]);
    }
}
