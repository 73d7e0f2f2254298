//! Same-block collision state (bns spec §8), mirroring the reference's
//! nameset/namedb.py `check_collision_state` / `find_collisions` / `put_collisions`:
//! the pre-scan records every state-creating key that passes its check and marks a key
//! "collided" when it is seen a second time; the main pass starts from the collided keys
//! only and adds each accepted key, so any later op with a recorded key is rejected.
//! Name and namespace preorders share the `PreorderHash` key space.

use std::collections::{BTreeMap, BTreeSet};

/// The reference's `history_id_key`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum CollisionKey {
    PreorderHash,
    Name,
    NamespaceId,
}

/// Keys recorded so far in this block, by kind.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct CollisionState {
    seen: BTreeMap<CollisionKey, BTreeSet<String>>,
    /// Keys seen twice (only meaningful during the pre-scan).
    collided: BTreeMap<CollisionKey, BTreeSet<String>>,
}

impl CollisionState {
    /// `check_collision_state`: true if `id` was already recorded (a collision);
    /// otherwise record it and return false.
    pub fn check(&mut self, kind: CollisionKey, id: &str) -> bool {
        let seen = self.seen.entry(kind).or_default();
        if seen.contains(id) {
            self.collided.entry(kind).or_default().insert(id.to_string());
            true
        } else {
            seen.insert(id.to_string());
            false
        }
    }

    /// `find_collisions` + `put_collisions`: the state the main pass starts from.
    pub fn into_main_pass(self) -> CollisionState {
        CollisionState { seen: self.collided, collided: BTreeMap::new() }
    }
}

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
