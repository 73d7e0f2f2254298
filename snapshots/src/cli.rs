//! The `snapshot` command line: argument parsing (clap) and one function per
//! subcommand. Reasons go to standard error, results to standard output; the exit
//! code is 0 on success, 1 when an archive or key is refused, 2 on usage errors.
//! Private keys are read from files only and never printed.

use crate::archive::{self, Policy};
use crate::{bsk, format, keys, signing, trailer};
use anyhow::{bail, Context as _};
use bns_engine::Params;
use clap::{Parser, Subcommand, ValueEnum};
use secp256k1::PublicKey;
use std::fs::File;
use std::io::{BufRead as _, BufReader, Read, Seek, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "snapshot", about = "Signed fast-sync archives of BNS v1 state", version)]
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
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the state at the store's tip into a new, unsigned archive (with the
    /// parameters the store was built with).
    Create {
        #[arg(long)]
        store: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        params: StoreParamsArgs,
    },
    /// Append a signature (reference trailer format) with the key in KEYFILE.
    Sign {
        file: PathBuf,
        #[arg(long = "key")]
        key_file: PathBuf,
        /// The file has no trailer yet (a bare Blockstack Core payload).
        #[arg(long)]
        first: bool,
    },
    /// Check signatures (distinct keys, threshold) and, for our archives, the content.
    Verify {
        file: PathBuf,
        #[command(flatten)]
        trust: TrustArgs,
    },
    /// Verify, then write a fresh store at DIR (atomically).
    Restore {
        file: PathBuf,
        #[arg(long)]
        store: PathBuf,
        #[command(flatten)]
        trust: TrustArgs,
    },
    /// List what an archive holds; optionally extract a `.bsk` into a new directory.
    Inspect {
        file: PathBuf,
        /// Extract a `.bsk` payload into this new directory (entries escaping it are refused).
        #[arg(long)]
        extract: Option<PathBuf>,
    },
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
    /// Trusted public key (hex); repeat for several. Default for `.bsk` archives:
    /// Blockstack Core's fast-sync key.
    #[arg(long = "pubkey", num_args = 1..)]
    pub pubkeys: Vec<String>,
    /// Distinct listed keys that must have signed (default: all listed keys).
    #[arg(long)]
    pub threshold: Option<usize>,
    #[command(flatten)]
    pub params: ParamsArgs,
}

/// Runs the command line and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            // Parameters that contradict the store's are a usage error.
            if error.downcast_ref::<crate::store_glue::ParamsMismatch>().is_some() {
                return ExitCode::from(2);
            }
            ExitCode::from(1)
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
        Command::Inspect { file, extract } => inspect(&file, extract.as_deref()),
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

/// Appends a signature in place, as the reference does (`fast_sync_sign_snapshot`):
/// the payload is hashed from disk, then signature, length and count are written over
/// the old count field.
fn sign(path: &Path, key_file: &Path, first: bool) -> anyhow::Result<()> {
    let key = keys::load_private_key(key_file)?;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    let (payload_size, append_at, existing) = if first {
        // A file we created already ends with a (zero-count) trailer; `--first` would
        // sign the trailer as payload.
        if let Ok(parsed) = trailer::read_from(&mut file) {
            if kind_of(&mut file, parsed.payload_size as u64)? == Kind::Ours {
                bail!("{} already has a signature trailer; sign it without --first", path.display());
            }
        }
        let size = file.seek(SeekFrom::End(0))?;
        (size, size, 0usize)
    } else {
        let parsed = trailer::read_from(&mut file)?;
        (parsed.payload_size as u64, parsed.sig_append_offset as u64, parsed.signatures.len())
    };
    let digest = archive::payload_sha256(&mut file, payload_size).context("hashing the payload")?;
    let text = signing::sign_digest(&digest, &key);
    let count = u32::try_from(existing + 1).ok().filter(|n| *n <= trailer::MAX_SIGNATURE_COUNT);
    let Some(count) = count else { bail!("the trailer already holds 256 signatures") };
    file.seek(SeekFrom::Start(append_at))?;
    let mut tail = text.clone().into_bytes();
    tail.extend_from_slice(format!("{:08x}{count:08x}", text.len()).as_bytes());
    file.write_all(&tail)?;
    file.sync_all()?;
    println!("signed {} by {} (signature {count})", path.display(), keys::public_key_hex(&key));
    Ok(())
}

/// Which kind of archive a payload is: ours (gzip of a `BNSSNAP` body) or a `.bsk`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Ours,
    Bsk,
}

fn kind_of(file: &mut File, payload_size: u64) -> anyhow::Result<Kind> {
    file.seek(SeekFrom::Start(0))?;
    let mut payload = BufReader::new(Read::take(&mut *file, payload_size));
    let head = payload.fill_buf()?;
    if !head.starts_with(&[0x1f, 0x8b]) {
        return Ok(Kind::Bsk);
    }
    let mut magic = [0u8; 8];
    let ours =
        flate2::bufread::GzDecoder::new(payload).read_exact(&mut magic).is_ok() && magic == format::MAGIC;
    Ok(if ours { Kind::Ours } else { Kind::Bsk })
}

fn parse_keys(trust: &TrustArgs, kind: Kind) -> anyhow::Result<Vec<PublicKey>> {
    let texts: Vec<String> = if trust.pubkeys.is_empty() && kind == Kind::Bsk {
        vec![keys::REFERENCE_PUBLIC_KEY_HEX.to_string()]
    } else {
        trust.pubkeys.clone()
    };
    if texts.is_empty() {
        bail!("no --pubkey given: say which keys you trust");
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
        bail!("--threshold 0 would accept unsigned archives; use at least 1");
    }
    Ok(Policy { keys, threshold, params: trust.params.load()? })
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
                "ok: BNS snapshot, {:?}, height {} block {}",
                header.network, header.height, header.block_hash
            );
            println!(
                "consensus hash {} state digest {}",
                header.consensus_hash,
                hex::encode(header.state_digest)
            );
            print_signers(&verified.signers, policy.threshold);
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
        bail!("{} is not a BNS snapshot (a Blockstack Core .bsk cannot be restored into our store; use inspect --extract)", path.display());
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

fn inspect(path: &Path, extract: Option<&Path>) -> anyhow::Result<()> {
    let mut file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let parsed = trailer::read_from(&mut file)?;
    println!("payload {} bytes, {} signature(s)", parsed.payload_size, parsed.signatures.len());
    let payload_size = parsed.payload_size as u64;
    match kind_of(&mut file, payload_size)? {
        Kind::Ours => {
            if extract.is_some() {
                bail!("--extract applies to Blockstack Core .bsk archives only");
            }
            file.seek(SeekFrom::Start(0))?;
            let payload = BufReader::new(Read::take(&mut file, payload_size));
            let (header, history_count, state_len) =
                format::decode_header_only(flate2::bufread::GzDecoder::new(payload))?;
            println!("BNS snapshot format {}, {:?}", format::FORMAT_VERSION, header.network);
            println!("params fingerprint {}", hex::encode(header.params_fingerprint));
            println!("height {} block {}", header.height, header.block_hash);
            println!(
                "consensus hash {} state digest {}",
                header.consensus_hash,
                hex::encode(header.state_digest)
            );
            println!("history entries {history_count}, state section {state_len} bytes");
            println!("(unverified: run `verify` to check signatures and content)");
        }
        Kind::Bsk => inspect_bsk(&mut file, payload_size, extract)?,
    }
    Ok(())
}

fn inspect_bsk(file: &mut File, payload_size: u64, extract: Option<&Path>) -> anyhow::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    let (compression, entries) = bsk::list(Read::take(&mut *file, payload_size))?;
    println!("Blockstack Core archive, {compression:?} tar, {} entries", entries.len());
    for entry in &entries {
        println!("{:>12} {:?} {}", entry.size, entry.kind, entry.path);
    }
    println!("usable backup heights: {:?}", bsk::usable_backup_heights(&entries));
    if let Some(target) = extract {
        file.seek(SeekFrom::Start(0))?;
        let count = bsk::extract(Read::take(&mut *file, payload_size), target)?;
        println!("extracted {count} entries into {}", target.display());
    }
    Ok(())
}
