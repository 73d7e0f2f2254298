//! The few engine facts a snapshot needs, in one place: the state type, its digest,
//! and the params fingerprint. INTERIM: the pinned engine interface
//! (`bns_engine::state::State`, `Engine::from_state`, `Engine::state_digest`,
//! `Params::fingerprint`) is still a stub on this branch; until it lands these are
//! stand-ins with the same shapes, and only this file changes when it does.

use bns_engine::Params;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Stand-in for `bns_engine::state::State`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub names: BTreeMap<String, Vec<u8>>,
}

/// Stand-in for `Engine::from_state(params, state)?.state_digest()`.
pub fn state_digest(_params: &Params, state: &State) -> Result<[u8; 32], String> {
    let bytes = crate::format::state_options(crate::format::MAX_STATE_LEN).serialize(state).map_err(|e| e.to_string())?;
    Ok(Sha256::digest(bytes).into())
}

/// Stand-in for `Params::fingerprint()`.
pub fn params_fingerprint(params: &Params) -> [u8; 32] {
    let text = serde_json::to_vec(params).unwrap_or_default();
    Sha256::digest(text).into()
}

use bincode::Options as _;
