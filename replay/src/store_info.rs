//! `replay info` and `replay verify`: what a store is, and whether every row of it is
//! intact (bns-store's checksums, encodings and state digest).

use crate::cli::Outcome;
use crate::error::{error_chain, ReplayError};
use crate::store::{LmdbStore, Store as _};
use std::io::Write as _;
use std::path::Path;

/// Print a store's network, parameters, tip, checked-to height, format version, row
/// counts and file size, as lines or one JSON object.
pub fn info(dir: &Path, json: bool) -> Result<Outcome, ReplayError> {
    let store = LmdbStore::open_reader(dir)?;
    let tip = store.tip()?;
    let params = store.params()?;
    let counts = store.row_counts()?;
    let value = serde_json::json!({
        "store": dir.display().to_string(),
        "format_version": bns_store::FORMAT_VERSION,
        "network": store.network()?,
        "params_name": params.as_ref().map(|p| p.name.clone()),
        "params_fingerprint": store.fingerprint()?.map(hex::encode),
        "params_source": store.params_source()?,
        "first_block": params.as_ref().map(|p| p.first_block),
        "tip_height": tip.map(|t| t.height),
        "tip_block_hash": tip.map(|t| hex::encode(t.block_hash)),
        "checked_to": tip.filter(|t| t.checked).map(|t| t.height),
        "rows": counts.iter().map(|(name, n)| (name.to_string(), serde_json::json!(n))).collect::<serde_json::Map<_, _>>(),
        "file_size_bytes": store.file_size(),
    });
    let text = if json {
        value.to_string()
    } else {
        let field = |key: &str| match &value[key] {
            serde_json::Value::Null => "none".to_string(),
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut lines = Vec::new();
        for key in [
            "store",
            "format_version",
            "network",
            "params_name",
            "params_fingerprint",
            "params_source",
            "first_block",
            "tip_height",
            "tip_block_hash",
            "checked_to",
            "file_size_bytes",
        ] {
            lines.push(format!("{key}: {}", field(key)));
        }
        for (name, n) in &counts {
            lines.push(format!("rows {name}: {n}"));
        }
        lines.join("\n")
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").and_then(|()| out.flush()).map_err(crate::replay::output_error)?;
    Ok(Outcome::Ok)
}

/// Check a whole store: exit 0 and a summary when intact, exit 1 naming the first
/// corrupt row otherwise. A store that cannot be opened is an error (exit 3).
pub fn verify(dir: &Path) -> Result<Outcome, ReplayError> {
    let store = LmdbStore::open_reader(dir)?;
    match bns_store::verify::verify(&store) {
        Ok(report) => {
            let tip = report.tip.map_or("none".to_string(), |t| t.height.to_string());
            let digest = if report.digest_checked {
                "state digest matches"
            } else {
                "no state digest stored at the tip"
            };
            println!("ok: {} rows checked, tip {tip}, {digest}", report.rows);
            Ok(Outcome::Ok)
        }
        Err(e) if e.is_corrupt() => {
            eprintln!("replay: store {} is corrupt: {}", dir.display(), error_chain(&e));
            Ok(Outcome::Differs)
        }
        Err(e) => Err(e.into()),
    }
}
