//! Checking a whole store: every row's checksum and layout, every state row decoded
//! into a `State` the engine accepts, the state's last block against the tip, and the
//! state digest stored with the last commit against the digest of the rows.

use crate::error::{Corrupt, CorruptKind, ReadError};
use crate::lmdb::LmdbStore;
use crate::rows::{StateReader, Tip};
use crate::state::{load_state_rows, KEY_LAST_BLOCK};
use bns_engine::{Engine, Params};

/// What `verify` checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyReport {
    /// Rows whose checksum and layout were checked.
    pub rows: u64,
    pub tip: Option<Tip>,
    /// The stored state digest was compared (it is stored with a run's last commit).
    pub digest_checked: bool,
}

/// The state of `rows` loaded into an engine with `params`, checked against `tip` and
/// the stored digest (when it was stored at `tip`). Returns whether the digest was
/// compared.
pub fn check_state(
    params: &Params,
    rows: &dyn StateReader,
    tip: &Tip,
    digest: Option<(u32, [u8; 32])>,
) -> Result<bool, ReadError> {
    let state = load_state_rows(rows)?;
    if state.last_block != tip.height {
        let kind = CorruptKind::Malformed("does not match the tip");
        return Err(Corrupt::new("state.scalars", KEY_LAST_BLOCK, kind).into());
    }
    let engine = Engine::from_state(params.clone(), state).map_err(|_| {
        Corrupt::new("state.consensus_hashes", &tip.height.to_be_bytes(), CorruptKind::Missing)
    })?;
    match digest {
        Some((height, stored)) if height == tip.height => {
            if engine.state_digest() != stored {
                let kind = CorruptKind::Malformed("does not match the state rows");
                return Err(Corrupt::new("meta", b"state_digest", kind).into());
            }
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Check every row of `store` and its state (see the module header).
pub fn verify(store: &LmdbStore) -> Result<VerifyReport, ReadError> {
    let rows = store.check_all_rows()?;
    let params = store.params()?;
    let view = store.view()?;
    let tip = view.tip()?;
    let mut digest_checked = false;
    if let (Some(params), Some(tip)) = (&params, &tip) {
        digest_checked = check_state(params, &view, tip, view.state_digest()?)?;
    }
    Ok(VerifyReport { rows, tip, digest_checked })
}
