//! Reading `--params FILE` (the oracle's params/*.json shape) into engine `Params`
//! through `bns_engine::params_file`.

use crate::error::{ReplayError, UsageError};
use bns_engine::params_file::ParamsFile;
use bns_engine::Params;
use std::path::Path;

/// The largest params file read: 64 MiB (the oracle's mainnet params file, with its
/// 1,733 genesis rows, is well under 1 MiB).
pub const MAX_PARAMS_FILE_BYTES: u64 = 64 << 20;

pub fn load(path: &Path) -> Result<Params, ReplayError> {
    let text = bns_blockfile::input::read_regular_text(path, MAX_PARAMS_FILE_BYTES)
        .map_err(UsageError::ParamsFile)?;
    let file: ParamsFile = serde_json::from_str(&text)
        .map_err(|source| UsageError::ParamsJson { path: path.to_path_buf(), source })?;
    Ok(Params::from_params_file(&file)
        .map_err(|source| UsageError::Params { path: path.to_path_buf(), source })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oracle_regtest_params_file_equals_the_built_in_regtest() {
        // ../shared/oracle/params/regtest.json is what Params::regtest() mirrors (PARAMS.md §1).
        let params = load(&crate::test_support::shared_dir().join("oracle/params/regtest.json")).unwrap();
        assert_eq!(params.fingerprint(), Params::regtest().fingerprint());
    }

    #[test]
    fn unreadable_or_malformed_files_are_usage_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(&dir.path().join("none.json")).is_err());
        std::fs::write(dir.path().join("x.json"), "{").unwrap();
        assert!(load(&dir.path().join("x.json")).is_err());
    }
}
