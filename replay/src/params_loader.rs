//! Reading `--params FILE` (the oracle's params/*.json shape) into engine `Params`.
//! The translation itself belongs to `bns_engine::params_file`; until it lands this
//! reports that custom parameter files are not supported yet.

use crate::error::ReplayError;
use bns_engine::Params;
use std::path::Path;

pub fn load(path: &Path) -> Result<Params, ReplayError> {
    let text = std::fs::read_to_string(path).map_err(|e| ReplayError::Usage(format!("cannot read {}: {e}", path.display())))?;
    let _json: serde_json::Value = serde_json::from_str(&text).map_err(|e| ReplayError::Usage(format!("{}: not JSON: {e}", path.display())))?;
    Err(ReplayError::Usage(format!("{}: custom parameter files need bns_engine::params_file (not available yet)", path.display())))
}
