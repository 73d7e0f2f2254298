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
