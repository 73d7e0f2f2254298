//! `replay --store DIR zonefiles import PATH…`: read zone files from the Stacks 2.0
//! genesis `name_zonefiles.txt` format (a hash line, then the zone file with newlines
//! escaped as `\n`), from directories in the reference's Atlas storage layout
//! (`zonefiles/<h[0:2]>/<h[2:4]>/<hash>.txt`, any depth) or of flat `*.txt` files, and
//! store each one whose hash160 is a value hash some name has had. Nothing is stored on
//! the strength of a claimed hash: the store hashes the bytes itself.
//!
//! Counts: `imported` (stored), `unknown` (no name ever had its hash), `malformed` (a
//! `name_zonefiles.txt` pair whose hash line is not 40 hex digits or whose text does not
//! hash to it, a pair without its text line, or an Atlas file whose bytes do not hash
//! to its file name).

use bns_engine::hashes::hash160;
use bns_export::zonefiles::unescape_zonefile;
use bns_store::zonefiles::{is_value_hash, ImportCounts, ZonefileError};
use bns_store::{LmdbStore, OpenError};
use clap::Subcommand;
use std::path::{Path, PathBuf};

/// Largest input file read (a zone file is at most 40 KiB in Atlas; the genesis file
/// is a few hundred KiB).
pub const MAX_INPUT_FILE_BYTES: u64 = 256 << 20;

/// `replay zonefiles …`
#[derive(Subcommand, Debug, Clone)]
pub enum ZonefilesCommand {
    /// Store the zone files of PATHs (name_zonefiles.txt files, Atlas directories,
    /// directories of *.txt) whose hash is a value hash some name has had
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

/// A zone-file command failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ZonefilesError {
    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is larger than {max} bytes")]
    TooLarge { path: PathBuf, max: u64 },
    #[error("{path} is neither a file nor a directory")]
    NotFileOrDir { path: PathBuf },
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("cannot store zone files")]
    Store(#[from] ZonefileError),
}

impl ZonefilesError {
    /// CONVENTIONS exit codes: 2 bad input, 3 I/O or store failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            ZonefilesError::NotFileOrDir { .. } | ZonefilesError::TooLarge { .. } => 2,
            ZonefilesError::Open(OpenError::Missing { .. } | OpenError::NotOurs { .. })
            | ZonefilesError::Open(OpenError::OldFormat { .. }) => 2,
            ZonefilesError::Io { .. } | ZonefilesError::Open(_) | ZonefilesError::Store(_) => 3,
        }
    }
}

/// What an import found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: u64,
    pub unknown: u64,
    pub malformed: u64,
}

/// Zone files parsed from inputs, before the store sees them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Bytes whose hash was checked against the claim, or that made no claim.
    pub zonefiles: Vec<Vec<u8>>,
    pub malformed: u64,
}

/// Parse a `name_zonefiles.txt`: pairs of lines, a hash line then the escaped zone
/// file. Empty hash lines (and a final empty line) are skipped; a pair whose hash line
/// is not 40 hex digits, or whose text does not hash to it, is malformed.
pub fn parse_name_zonefiles_txt(bytes: &[u8], out: &mut Parsed) {
    let mut lines = bytes.split(|&b| b == b'\n');
    while let Some(hash_line) = lines.next() {
        let hash = String::from_utf8_lossy(hash_line).trim().to_ascii_lowercase();
        if hash.is_empty() {
            continue;
        }
        let Some(text) = lines.next() else {
            out.malformed += 1;
            break;
        };
        let text = unescape_zonefile(text.strip_suffix(b"\r").unwrap_or(text));
        if !is_value_hash(&hash) || hex::encode(hash160(&text)) != hash {
            out.malformed += 1;
            continue;
        }
        out.zonefiles.push(text);
    }
}

/// Whether a file looks like `name_zonefiles.txt` (its first line is a 40-hex hash and
/// there is a second line).
pub fn looks_like_name_zonefiles_txt(bytes: &[u8]) -> bool {
    let mut lines = bytes.split(|&b| b == b'\n');
    let first = lines.next().map(|l| String::from_utf8_lossy(l).trim().to_ascii_lowercase());
    first.is_some_and(|h| is_value_hash(&h)) && lines.next().is_some_and(|l| !l.is_empty())
}

/// One zone file from a directory: a file named `<hash>.txt` must hash to its name
/// (Atlas layout); any other `*.txt` is taken as it is (the store checks its hash).
pub fn parse_dir_file(file_name: &str, bytes: Vec<u8>, out: &mut Parsed) {
    let stem = file_name.strip_suffix(".txt").unwrap_or(file_name).to_ascii_lowercase();
    if is_value_hash(&stem) && hex::encode(hash160(&bytes)) != stem {
        out.malformed += 1;
        return;
    }
    out.zonefiles.push(bytes);
}

fn read_file(path: &Path) -> Result<Vec<u8>, ZonefilesError> {
    let io = |source| ZonefilesError::Io { path: path.to_path_buf(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_INPUT_FILE_BYTES {
        return Err(ZonefilesError::TooLarge { path: path.to_path_buf(), max: MAX_INPUT_FILE_BYTES });
    }
    std::fs::read(path).map_err(io)
}

fn walk_dir(dir: &Path, out: &mut Parsed) -> Result<(), ZonefilesError> {
    let io = |source| ZonefilesError::Io { path: dir.to_path_buf(), source };
    let mut entries: Vec<_> = std::fs::read_dir(dir).map_err(io)?.collect::<Result<_, _>>().map_err(io)?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type().map_err(|source| ZonefilesError::Io { path: path.clone(), source })?;
        if kind.is_dir() {
            walk_dir(&path, out)?;
        } else if kind.is_file() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".txt") {
                let bytes = read_file(&path)?;
                parse_dir_file(&name, bytes, out);
            }
        }
    }
    Ok(())
}

/// Parse every input path.
pub fn parse_paths(paths: &[PathBuf]) -> Result<Parsed, ZonefilesError> {
    let mut out = Parsed::default();
    for path in paths {
        let meta =
            std::fs::metadata(path).map_err(|source| ZonefilesError::Io { path: path.clone(), source })?;
        if meta.is_dir() {
            walk_dir(path, &mut out)?;
        } else if meta.is_file() {
            let bytes = read_file(path)?;
            if looks_like_name_zonefiles_txt(&bytes) {
                parse_name_zonefiles_txt(&bytes, &mut out);
            } else {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                parse_dir_file(&name, bytes, &mut out);
            }
        } else {
            return Err(ZonefilesError::NotFileOrDir { path: path.clone() });
        }
    }
    Ok(out)
}

/// Import the zone files of `paths` into the store in `dir` (an existing store; takes
/// the writer lock). Fills the value-hash table from the store's rows first if it is
/// empty (a store written before the table existed).
pub fn import(dir: &Path, paths: &[PathBuf]) -> Result<ImportReport, ZonefilesError> {
    let parsed = parse_paths(paths)?;
    let reader = LmdbStore::open_reader(dir)?;
    let fingerprint = reader.fingerprint().map_err(ZonefileError::from)?;
    let identity = bns_store::Identity {
        fingerprint: fingerprint.ok_or_else(|| OpenError::Missing { dir: dir.to_path_buf() })?,
        params_json: None,
        network: String::new(),
        params_source: String::new(),
    };
    drop(reader);
    let mut store = LmdbStore::open_writer(dir, &identity)?;
    if store.zonefile_counts().map_err(ZonefileError::from)?.0 == 0 {
        store.backfill_value_hashes()?;
    }
    let ImportCounts { imported, unknown } =
        store.import_zonefiles(parsed.zonefiles.iter().map(Vec::as_slice))?;
    Ok(ImportReport { imported, unknown, malformed: parsed.malformed })
}

/// Run a `zonefiles` subcommand; prints the counts (JSON with `json`).
pub fn run(dir: &Path, command: &ZonefilesCommand, json: bool) -> Result<ImportReport, ZonefilesError> {
    match command {
        ZonefilesCommand::Import { paths } => {
            let report = import(dir, paths)?;
            if json {
                println!(
                    "{{\"imported\":{},\"unknown\":{},\"malformed\":{}}}",
                    report.imported, report.unknown, report.malformed
                );
            } else {
                println!(
                    "imported {} unknown {} malformed {}",
                    report.imported, report.unknown, report.malformed
                );
            }
            Ok(report)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_zonefiles_txt_pairs_are_checked_and_counted() {
        let zf = b"$ORIGIN a.id\n$TTL 3600\n".to_vec();
        let h = hex::encode(hash160(&zf));
        let text = format!(
            "{h}\n$ORIGIN a.id\\n$TTL 3600\\n\n{h}\n$ORIGIN b.id\\n\nnothex\nabc\n\n{}\n",
            "0".repeat(40)
        );
        assert!(looks_like_name_zonefiles_txt(text.as_bytes()));
        let mut out = Parsed::default();
        parse_name_zonefiles_txt(text.as_bytes(), &mut out);
        assert_eq!(out.zonefiles, vec![zf]);
        // Wrong text for its hash, a non-hex hash line, and a final hash with no text.
        assert_eq!(out.malformed, 3);
    }

    #[test]
    fn atlas_file_names_must_match_their_bytes() {
        let zf = b"zone".to_vec();
        let h = hex::encode(hash160(&zf));
        let mut out = Parsed::default();
        parse_dir_file(&format!("{h}.txt"), zf.clone(), &mut out);
        parse_dir_file(&format!("{}.txt", "1".repeat(40)), zf.clone(), &mut out);
        parse_dir_file("muneeb.id.txt", zf.clone(), &mut out);
        assert_eq!(out.zonefiles, vec![zf.clone(), zf]);
        assert_eq!(out.malformed, 1);
    }
}
