//! The same-block pre-scan (bns spec §8.1): the only rules code that calls other op
//! families' checks, kept apart so `collisions` (the key types) imports no rule module.

use super::collisions::{CollisionKey, CollisionState};

/// The pre-scan (bns spec §8.1; virtualchain_hooks.py `db_scan_block`): check every
/// NAME_REGISTRATION, NAME_IMPORT and NAMESPACE_REVEAL against the start-of-block state,
/// record the keys of those that pass, and leave the main-pass collision state in `ctx`.
/// Its only effect on state is the import keychain a NAME_IMPORT check may create (§15.1).
pub(crate) fn prescan(
    state: &mut crate::state::State,
    params: &crate::params::Params,
    ctx: &mut super::BlockContext,
    candidates: &[crate::types::Candidate],
) {
    use crate::types::Op;
    let mut scan = CollisionState::default();
    // `checked_ops` during the scan: every scanned creation op, passed or not; a
    // registration's `sender` is its recipient only if it passed (op_check copies the
    // mutated clone back only on success).
    let mut owners: Vec<String> = Vec::new();
    for cand in candidates {
        match &cand.op {
            Op::NameRegistration { .. } => {
                let passed = super::register::check_registration(state, params, ctx.height, &owners, cand)
                    .ok()
                    .filter(|plan| !scan.check(CollisionKey::Name, &plan.record.name));
                owners.push(match passed {
                    Some(plan) => plan.record.sender,
                    None => hex::encode(&cand.sender.script),
                });
            }
            Op::NamespaceReveal { .. } => {
                if let Ok(plan) = super::namespace::check_reveal(state, params, ctx.height, cand) {
                    scan.check(CollisionKey::NamespaceId, &plan.record.namespace_id);
                }
            }
            Op::NameImport { .. } => {
                // No collision rule, but the check may build the keychain.
                let _ = super::import::check(state, params, ctx, cand);
            }
            _ => {}
        }
    }
    ctx.collisions = scan.into_main_pass();
}
