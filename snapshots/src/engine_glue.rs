//! The few engine facts a snapshot needs, in one place: the state type, loading a
//! state into the engine (which checks its invariants) and its digest, and the params
//! fingerprint.

use bns_engine::{Engine, Params};

pub use bns_engine::state::State;

/// Loads `state` into an engine (`Engine::from_state` checks that the last block has a
/// consensus hash) and returns it with the engine's `state_digest()`.
pub fn load_and_digest(params: &Params, state: State) -> Result<(State, [u8; 32]), String> {
    let engine = Engine::from_state(params.clone(), state).map_err(|error| error.to_string())?;
    let digest = engine.state_digest();
    Ok((engine.into_state(), digest))
}

/// `state_digest()` of a borrowed state (clones it into an engine).
pub fn state_digest(params: &Params, state: &State) -> Result<[u8; 32], String> {
    load_and_digest(params, state.clone()).map(|(_, digest)| digest)
}

/// `Params::fingerprint()`: the same identity the replay store records.
pub fn params_fingerprint(params: &Params) -> [u8; 32] {
    params.fingerprint()
}
