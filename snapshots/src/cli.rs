//! The `snapshot` command line: argument parsing (clap) and one function per
//! subcommand. Results go to standard output; a failure is one line on standard error,
//! `snapshot: error: <the error chain joined by ": ">`, and the exit code comes from the
//! typed error ([`exit_code`], README "Exit codes"): 0 ok, 1 a check failed (signatures,
//! content, network), 2 bad input or usage, 3 I/O or store failure; 130/143 on
//! SIGINT/SIGTERM after removing temporary files. Private keys are read from files
//! only and never printed.

use crate::archive::{self, ArchiveKind as Kind, Policy};
use crate::error::{exit, io_exit_code};
use crate::{bsk, format, keys, trailer};
use anyhow::Context as _;
use bns_engine::Params;
use clap::{Parser, Subcommand, ValueEnum};
use secp256k1::PublicKey;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "snapshot",
    about = "Signed fast-sync archives of BNS v1 state",
    version,
    after_help = "Exit codes: 0 ok; 1 a check failed (signatures, content, network); 2 bad input or usage; \
                  3 I/O or store failure; 130/143 interrupted."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NetworkArg {
    Mainnet,
    Regtest,
}

impl NetworkArg {
    fn params(self) -> Params {
        match self {
            NetworkArg::Mainnet => Params::mainnet_with_genesis(),
            NetworkArg::Regtest => Params::regtest(),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Generate a private key into a new file (hex, mode 0600); prints the public key.
    Keygen {
        /// New file to write the private key into (refused if it exists).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Write the state at the store's tip into a new, unsigned archive (with the
    /// parameters the store was built with).
    Create {
        /// The replay store to read (its tip is the snapshot height).
        #[arg(long, value_name = "DIR")]
        store: PathBuf,
        /// New archive file to write (refused if it exists).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        params: StoreParamsArgs,
    },
    /// Append a signature (reference trailer format) with the key in KEYFILE.
    Sign {
        /// The archive to sign, in place (locked while the signature is appended).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// File holding the private key (64 hex digits, optionally `01`-suffixed, or WIF).
        #[arg(long = "key", value_name = "KEYFILE")]
        key_file: PathBuf,
        /// The file has no trailer yet (a bare Blockstack Core payload).
        #[arg(long)]
        first: bool,
    },
    /// Check signatures (distinct keys, threshold) and, for our archives, the content.
    Verify {
        /// The archive to verify (ours or a Blockstack Core `.bsk`).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        trust: TrustArgs,
    },
    /// Verify, then write a fresh store at DIR (atomically).
    Restore {
        /// The archive to verify and restore.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// New store directory to create (absent or empty).
        #[arg(long, value_name = "DIR")]
        store: PathBuf,
        #[command(flatten)]
        trust: TrustArgs,
    },
    /// List what an archive holds and which keys signed it (without verifying the
    /// content); optionally extract a `.bsk` into a new directory.
    Inspect {
        /// The archive to inspect (ours or a Blockstack Core `.bsk`).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Extract a `.bsk` payload into this new directory (entries escaping it are
        /// refused; the caps of README "Limits" apply).
        #[arg(long, value_name = "DIR")]
        extract: Option<PathBuf>,
        /// Public key (hex) to recognise among the signers; repeat for several.
        /// Blockstack Core's fast-sync key is always recognised.
        #[arg(long = "pubkey", value_name = "HEX")]
        pubkeys: Vec<String>,
        /// List every entry of a `.bsk` (default: the first 1000, then a count).
        #[arg(long)]
        all: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout
    #[command(hide = true)]
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to stdout
    #[command(hide = true)]
    Man,
}

/// Which consensus parameters: a built-in network, or a params file (the oracle's
/// `params/*.json` shape, as `replay --params` takes).
#[derive(clap::Args, Debug, Clone)]
pub struct ParamsArgs {
    /// The network you run; the archive must be for it, with its parameters.
    #[arg(long, value_enum, default_value = "mainnet")]
    pub network: NetworkArg,
    /// Parameters from a params file instead of the built-in network defaults.
    #[arg(long, value_name = "FILE")]
    pub params: Option<PathBuf>,
}

impl ParamsArgs {
    fn load(&self) -> anyhow::Result<Params> {
        match &self.params {
            Some(path) => load_params_file(path),
            None => Ok(self.network.params()),
        }
    }
}

/// Reads a params file (the oracle's `params/*.json` shape) through the engine's one
/// interpreter of params files.
fn load_params_file(path: &Path) -> anyhow::Result<Params> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file: bns_engine::params_file::ParamsFile =
        serde_json::from_str(&text).with_context(|| format!("{} is not a params file", path.display()))?;
    Params::from_params_file(&file).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Parameters for a command on an existing store: optional, since a store carries its
/// own; given, they must be the store's.
#[derive(clap::Args, Debug, Clone)]
pub struct StoreParamsArgs {
    /// The network you expect the store to be for (default: the store's own).
    #[arg(long, value_enum)]
    pub network: Option<NetworkArg>,
    /// The parameters you expect the store to have (default: the store's own).
    #[arg(long, value_name = "FILE")]
    pub params: Option<PathBuf>,
}

impl StoreParamsArgs {
    fn load(&self) -> anyhow::Result<Option<Params>> {
        match (&self.params, self.network) {
            (Some(path), _) => load_params_file(path).map(Some),
            (None, Some(network)) => Ok(Some(network.params())),
            (None, None) => Ok(None),
        }
    }
}

#[derive(clap::Args, Debug, Clone)]
pub struct TrustArgs {
    /// Trusted public key (hex, 66 or 130 digits); repeat the flag for several keys
    /// (one value each). Default for `.bsk` archives: Blockstack Core's fast-sync key.
    #[arg(long = "pubkey", value_name = "HEX")]
    pub pubkeys: Vec<String>,
    /// Distinct listed keys that must have signed (default: all listed keys).
    #[arg(long, value_name = "N")]
    pub threshold: Option<usize>,
    #[command(flatten)]
    pub params: ParamsArgs,
}

/// Refusals of the command line itself (bad usage), exit code 2.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UsageError {
    #[error("no --pubkey given: say which keys you trust")]
    NoPubkey,
    #[error("--threshold 0 would accept unsigned archives; use at least 1")]
    ThresholdZero,
    #[error("--extract applies to Blockstack Core .bsk archives only")]
    ExtractOurs,
    #[error("{path} is not a BNS snapshot (a Blockstack Core .bsk cannot be restored into our store; use inspect --extract)")]
    RestoreBsk { path: PathBuf },
}

const TOOL: &str = "snapshot";

/// The exit code of a failure: the outermost typed error in the chain decides
/// (CONVENTIONS.md; README "Exit codes"). An error of no known type is an I/O or store
/// failure (3).
pub fn exit_code(error: &anyhow::Error) -> u8 {
    use crate::error::{
        BskError, DecodeError, KeyError, RestoreError, SignatureError, TrailerError, VerifyError,
    };
    for cause in error.chain() {
        let code = if cause.downcast_ref::<UsageError>().is_some() {
            Some(exit::BAD_INPUT)
        } else if cause.downcast_ref::<crate::store_glue::ParamsMismatch>().is_some() {
            // Parameters that contradict the store's are a usage error.
            Some(exit::BAD_INPUT)
        } else if let Some(e) = cause.downcast_ref::<VerifyError>() {
            Some(e.exit_code())
        } else if let Some(e) = cause.downcast_ref::<archive::SignError>() {
            Some(e.exit_code())
        } else if let Some(e) = cause.downcast_ref::<KeyError>() {
            Some(e.exit_code())
        } else if let Some(e) = cause.downcast_ref::<BskError>() {
            Some(e.exit_code())
        } else if let Some(e) = cause.downcast_ref::<RestoreError>() {
            Some(e.exit_code())
        } else if let Some(e) = cause.downcast_ref::<TrailerError>() {
            Some(e.exit_code())
        } else if let Some(e) = cause.downcast_ref::<SignatureError>() {
            Some(e.exit_code())
        } else if let Some(e) = cause.downcast_ref::<DecodeError>() {
            Some(e.exit_code())
        } else if let Some(e) = cause.downcast_ref::<archive::CreateError>() {
            Some(e.exit_code())
        } else {
            cause.downcast_ref::<std::io::Error>().map(io_exit_code)
        };
        if let Some(code) = code {
            return code;
        }
    }
    exit::IO
}

/// The error chain joined by ": ", each text once (a cause whose text its parent
/// already ends with is skipped), on one line.
pub fn message(error: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if text.is_empty() || out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out.replace(['\n', '\r'], " ")
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Runs the command line and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            use clap::error::ErrorKind;
            if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = error.print();
                return ExitCode::SUCCESS;
            }
            if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                let _ = error.print();
                return ExitCode::from(exit::BAD_INPUT);
            }
            let rendered = error.render().to_string();
            // clap's first paragraph, on one line (a list of missing arguments follows
            // its heading on the next lines).
            let paragraph: Vec<&str> =
                rendered.lines().map(str::trim).take_while(|l| !l.is_empty()).collect();
            let paragraph = paragraph.join(" ");
            let first = paragraph.strip_prefix("error: ").unwrap_or(&paragraph);
            eprintln!("{TOOL}: error: {first} (see {TOOL} --help)");
            return ExitCode::from(exit::BAD_INPUT);
        }
    };
    if let Err(error) = crate::interrupt::install(TOOL) {
        eprintln!("{TOOL}: warning: cannot handle SIGINT/SIGTERM ({error}); an interrupted run may leave temporary files");
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{TOOL}: error: {}", message(&error));
            ExitCode::from(exit_code(&error))
        }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Keygen { out } => keygen(&out),
        Command::Create { store, out, params } => create(&store, &out, &params),
        Command::Sign { file, key_file, first } => sign(&file, &key_file, first),
        Command::Verify { file, trust } => verify(&file, &trust),
        Command::Restore { file, store, trust } => restore(&file, &store, &trust),
        Command::Inspect { file, extract, pubkeys, all } => inspect(&file, extract.as_deref(), &pubkeys, all),
        Command::Completions { shell } => {
            let mut out = std::io::stdout().lock();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), TOOL, &mut out);
            out.flush()?;
            Ok(())
        }
        Command::Man => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out)?;
            out.flush()?;
            Ok(())
        }
    }
}

fn keygen(out: &Path) -> anyhow::Result<()> {
    let public = keys::generate_key_file(out)?;
    println!("public key: {}", hex::encode(public.serialize()));
    Ok(())
}

fn create(store: &Path, out: &Path, params: &StoreParamsArgs) -> anyhow::Result<()> {
    let source = match params.load()? {
        Some(expected) => crate::store_glue::open_source(store, expected)?,
        None => crate::store_glue::open_store_source(store)?,
    };
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut staging = tempfile::Builder::new()
        .prefix(".snapshot-create-")
        .tempfile_in(parent)
        .context("creating a temporary file")?;
    let _on_signal = crate::interrupt::TempGuard::register(staging.path());
    archive::create(&source, std::io::BufWriter::new(staging.as_file_mut()))?
        .flush()
        .context("writing the archive")?;
    staging.as_file().sync_all().context("syncing the archive")?;
    staging.persist_noclobber(out).with_context(|| format!("{} already exists", out.display()))?;
    let (header, history) = archive::header_of(&source)?;
    println!(
        "created {} at height {} consensus hash {} ({} history entries)",
        out.display(),
        header.height,
        header.consensus_hash,
        history.len()
    );
    Ok(())
}

/// Appends a signature in place under an exclusive lock (`archive::sign_file`).
fn sign(path: &Path, key_file: &Path, first: bool) -> anyhow::Result<()> {
    if let Some(mode) = keys::exposed_mode(key_file) {
        eprintln!("{TOOL}: warning: {}", keys::exposure_warning(key_file, mode));
    }
    let key = keys::load_private_key(key_file)?;
    let signed = archive::sign_file(path, &key, first)?;
    println!("signed {} by {} (signature {})", path.display(), signed.public_key, signed.count);
    Ok(())
}

fn kind_of(file: &mut File, payload_size: u64) -> anyhow::Result<Kind> {
    Ok(archive::kind_of(file, payload_size)?)
}

fn parse_keys(trust: &TrustArgs, kind: Kind) -> anyhow::Result<Vec<PublicKey>> {
    let texts: Vec<String> = if trust.pubkeys.is_empty() && kind == Kind::Bsk {
        vec![keys::REFERENCE_PUBLIC_KEY_HEX.to_string()]
    } else {
        trust.pubkeys.clone()
    };
    if texts.is_empty() {
        return Err(UsageError::NoPubkey.into());
    }
    texts.iter().map(|text| keys::parse_public_key(text).map_err(anyhow::Error::from)).collect()
}

fn policy_for(trust: &TrustArgs, kind: Kind) -> anyhow::Result<Policy> {
    let keys = parse_keys(trust, kind)?;
    let mut distinct: Vec<PublicKey> = Vec::new();
    for key in &keys {
        if !distinct.contains(key) {
            distinct.push(*key);
        }
    }
    let threshold = trust.threshold.unwrap_or(distinct.len());
    if threshold == 0 {
        return Err(UsageError::ThresholdZero.into());
    }
    Ok(Policy { keys, threshold, params: trust.params.load()? })
}

/// The network's name as the CLI spells it (`--network`), not Rust's Debug form.
fn network_name(network: bns_engine::Network) -> &'static str {
    match network {
        bns_engine::Network::Mainnet => "mainnet",
        bns_engine::Network::Testnet => "testnet",
        bns_engine::Network::Regtest => "regtest",
    }
}

fn verify(path: &Path, trust: &TrustArgs) -> anyhow::Result<()> {
    let mut file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let parsed = trailer::read_from(&mut file)?;
    let kind = kind_of(&mut file, parsed.payload_size as u64)?;
    let policy = policy_for(trust, kind)?;
    match kind {
        Kind::Ours => {
            let verified = archive::verify(&mut file, &policy)?;
            let header = &verified.body.header;
            println!(
                "ok: BNS snapshot, {}, height {} block {}",
                network_name(header.network),
                header.height,
                header.block_hash
            );
            println!(
                "consensus hash {} state digest {}",
                header.consensus_hash,
                hex::encode(header.state_digest)
            );
            print_signers(&verified.signers, policy.threshold);
            // The process ends here: handing the state's ~1.5 million allocations
            // (328k accounts of the mainnet state) back to malloc one by one cost 15%
            // of verify's CPU time (perf, issue 12), for memory the exit frees anyway.
            std::mem::forget(verified);
        }
        Kind::Bsk => {
            let (_, digest, signers) = archive::check_signatures(&mut file, &policy.keys, policy.threshold)?;
            println!(
                "ok: Blockstack Core archive, payload {} bytes, sha256 {}",
                parsed.payload_size,
                hex::encode(digest)
            );
            println!(
                "note: the reference checks signatures only; its content is not checked (run `inspect`)"
            );
            print_signers(&signers, policy.threshold);
        }
    }
    Ok(())
}

fn print_signers(signers: &[PublicKey], threshold: usize) {
    println!("{} distinct signer(s), threshold {threshold}:", signers.len());
    for key in signers {
        println!("  {}", hex::encode(key.serialize()));
    }
}

fn restore(path: &Path, store: &Path, trust: &TrustArgs) -> anyhow::Result<()> {
    let mut file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let parsed = trailer::read_from(&mut file)?;
    if kind_of(&mut file, parsed.payload_size as u64)? != Kind::Ours {
        return Err(UsageError::RestoreBsk { path: path.to_path_buf() }.into());
    }
    let policy = policy_for(trust, Kind::Ours)?;
    let writer = crate::store_glue::ReplayStoreWriter { params: policy.params.clone() };
    let verified = crate::restore::restore(&mut file, &policy, store, &writer)?;
    let header = &verified.body.header;
    println!(
        "restored {} at height {} consensus hash {}",
        store.display(),
        header.height,
        header.consensus_hash
    );
    println!(
        "continue with: replay --from BLOCKS_DIR --store {} (resumes at height {})",
        store.display(),
        header.height + 1
    );
    Ok(())
}

/// Most `.bsk` entries `inspect` lists without `--all`.
pub const MAX_LISTED_ENTRIES: u64 = 1000;

fn inspect(path: &Path, extract: Option<&Path>, pubkeys: &[String], all: bool) -> anyhow::Result<()> {
    let mut file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let parsed = trailer::read_from(&mut file)?;
    let mut known = Vec::new();
    for text in pubkeys {
        known.push(keys::parse_public_key(text)?);
    }
    let reference = keys::parse_public_key(keys::REFERENCE_PUBLIC_KEY_HEX)?;
    known.push(reference);
    let payload_size = parsed.payload_size as u64;
    let kind = kind_of(&mut file, payload_size)?;
    if kind == Kind::Ours && extract.is_some() {
        return Err(UsageError::ExtractOurs.into());
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "payload {} bytes, {} signature(s)", parsed.payload_size, parsed.signatures.len())?;
    let signers = archive::signature_report(&mut file, &parsed, &known)?;
    for (index, signer) in signers.iter().enumerate() {
        let number = index.saturating_add(1);
        match signer {
            Some(key) if *key == reference && !pubkeys.iter().any(|t| keys::parse_public_key(t).ok() == Some(reference)) => {
                writeln!(out, "signature {number}: by {} (Blockstack Core's fast-sync key)", hex::encode(key.serialize()))?
            }
            Some(key) => writeln!(out, "signature {number}: by {}", hex::encode(key.serialize()))?,
            None => writeln!(
                out,
                "signature {number}: by no key given (pass --pubkey HEX to check a key; a modified payload also shows here)"
            )?,
        }
    }
    match kind {
        Kind::Ours => {
            file.seek(SeekFrom::Start(0))?;
            let payload = BufReader::new(Read::take(&mut file, payload_size));
            let (header, history_count, state_len) =
                format::decode_header_only(flate2::bufread::GzDecoder::new(payload))?;
            writeln!(
                out,
                "BNS snapshot format {}, {}",
                format::FORMAT_VERSION,
                network_name(header.network)
            )?;
            writeln!(out, "params fingerprint {}", hex::encode(header.params_fingerprint))?;
            writeln!(out, "height {} block {}", header.height, header.block_hash)?;
            writeln!(
                out,
                "consensus hash {} state digest {}",
                header.consensus_hash,
                hex::encode(header.state_digest)
            )?;
            writeln!(out, "history entries {history_count}, state section {state_len} bytes")?;
            writeln!(out, "(unverified: run `verify` to check signatures and content)")?;
        }
        Kind::Bsk => inspect_bsk(&mut out, &mut file, payload_size, extract, all)?,
    }
    Ok(())
}

fn inspect_bsk(
    out: &mut impl std::io::Write,
    file: &mut File,
    payload_size: u64,
    extract: Option<&Path>,
    all: bool,
) -> anyhow::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    writeln!(out, "Blockstack Core archive (tar):")?;
    let mut shown = 0u64;
    let mut print_error = None;
    let summary = bsk::walk(Read::take(&mut *file, payload_size), &bsk::Limits::DEFAULT, |entry, _| {
        if all || shown < MAX_LISTED_ENTRIES {
            let line = writeln!(out, "{:>12} {} {}", entry.size, entry.kind, bsk::printable(&entry.path));
            if let Err(error) = line {
                print_error = Some(error);
                return Err(crate::error::BskError::Interrupted);
            }
            shown = shown.saturating_add(1);
        }
        Ok(())
    });
    if let Some(error) = print_error {
        return Err(error.into());
    }
    let summary = summary?;
    if summary.entries > shown {
        writeln!(out, "… {} more entries (--all lists every one)", summary.entries.saturating_sub(shown))?;
    }
    writeln!(
        out,
        "{} tar, {} entries, {} bytes in entries",
        summary.compression, summary.entries, summary.total_size
    )?;
    let heights: Vec<String> = summary.backup_heights.iter().map(ToString::to_string).collect();
    let heights = if heights.is_empty() { "none".to_string() } else { heights.join(", ") };
    writeln!(out, "usable backup heights: {heights}")?;
    if let Some(target) = extract {
        file.seek(SeekFrom::Start(0))?;
        let extracted = bsk::extract(Read::take(&mut *file, payload_size), target)?;
        writeln!(out, "extracted {} entries into {}", extracted.entries, target.display())?;
    }
    Ok(())
}
