//! Liveness predicates (bns spec §7): which name / namespace / preorder rows a lookup
//! "at height h" sees. Mirrors the reference's SQL filter
//! (nameset/db.py `namedb_select_where_unexpired_names`) and the grace-period test
//! (nameset/namedb.py `is_name_in_grace_period`, `get_name_deadlines`).
//!
//! Note the `>` (namespace ready_block branch) versus `>=` (last_renewed branch), and
//! that M and G are taken at the *query* height, so epoch switches act retroactively
//! (bns spec §7.3, §15.5).

use crate::params::Params;
use crate::state::{NameRecord, NamespaceRecord, State};

/// `lifetime · M(h) + G(h)` as the SQL computes it (no overflow in u64).
fn lifetime_plus_grace(ns: &NamespaceRecord, height: u32, params: &Params) -> u64 {
    let epoch = params.epoch_at(height);
    u64::from(ns.lifetime) * u64::from(epoch.lifetime_multiplier) + u64::from(epoch.grace_period)
}

/// Is the namespace a live reveal (revealed, not ready, not expired) at `h`?
pub fn namespace_revealed_at(ns: &NamespaceRecord, height: u32, params: &Params) -> bool {
    ns.op == "&"
        && ns.reveal_block <= height
        && u64::from(height) < u64::from(ns.reveal_block) + u64::from(params.namespace_reveal_expire)
}

/// The row-level part of the unexpired filter, given the joined namespace.
pub fn record_alive_at(rec: &NameRecord, ns: &NamespaceRecord, height: u32, params: &Params) -> bool {
    if rec.first_registered > height {
        return false;
    }
    let h = u64::from(height);
    if ns.op == "!" {
        let span = lifetime_plus_grace(ns, height, params);
        u64::from(ns.ready_block) + span > h || u64::from(rec.last_renewed) + span >= h
    } else {
        namespace_revealed_at(ns, height, params)
    }
}

/// `namedb_get_name(name, h)`: the record if it is alive at `h` (revoked included).
pub fn name_at<'a>(state: &'a State, fqn: &str, height: u32, params: &Params) -> Option<&'a NameRecord> {
    let rec = state.names.get(fqn)?;
    let ns = state.namespaces.get(&rec.namespace_id)?;
    if record_alive_at(rec, ns, height, params) {
        Some(rec)
    } else {
        None
    }
}

/// Alive at `h` and not revoked (`is_name_registered`).
pub fn is_registered(state: &State, fqn: &str, height: u32, params: &Params) -> bool {
    name_at(state, fqn, height, params).is_some_and(|r| !r.revoked)
}

/// Alive at `h` and revoked (`is_name_revoked`).
pub fn is_revoked(state: &State, fqn: &str, height: u32, params: &Params) -> bool {
    name_at(state, fqn, height, params).is_some_and(|r| r.revoked)
}

/// Registered at `h` and owned by `sender_script_hex` (`is_name_owner`).
pub fn is_owner(state: &State, fqn: &str, sender_script_hex: &str, height: u32, params: &Params) -> bool {
    name_at(state, fqn, height, params).is_some_and(|r| !r.revoked && r.sender == sender_script_hex)
}

/// `namedb_get_names_by_sender`: alive, non-revoked names owned by a script.
pub fn names_owned_by_sender(
    state: &State,
    sender_script_hex: &str,
    height: u32,
    params: &Params,
) -> Vec<String> {
    state
        .names_with_sender(sender_script_hex)
        .into_iter()
        .filter(|name| {
            state.names.get(name).is_some_and(|r| {
                r.sender == sender_script_hex
                    && !r.revoked
                    && state
                        .namespaces
                        .get(&r.namespace_id)
                        .is_some_and(|ns| record_alive_at(r, ns, height, params))
            })
        })
        .collect()
}

/// `is_namespace_ready`: a namespace row with op `!` (never expires).
pub fn namespace_ready<'a>(state: &'a State, namespace_id: &str) -> Option<&'a NamespaceRecord> {
    state.namespaces.get(namespace_id).filter(|ns| ns.is_ready())
}

/// `get_namespace_reveal(id)` at `h`: a live, not-ready reveal.
pub fn namespace_reveal<'a>(
    state: &'a State,
    namespace_id: &str,
    height: u32,
    params: &Params,
) -> Option<&'a NamespaceRecord> {
    state.namespaces.get(namespace_id).filter(|ns| namespace_revealed_at(ns, height, params))
}

/// `is_name_in_grace_period(name, h)`: alive at `h`, namespace ready, and
/// `E ≤ h < E + G(h)` with `E = max(ready_block, last_renewed) + lifetime·M(h)`.
pub fn in_grace_period(state: &State, fqn: &str, height: u32, params: &Params) -> bool {
    let Some(rec) = name_at(state, fqn, height, params) else {
        return false;
    };
    let Some(ns) = state.namespaces.get(&rec.namespace_id) else {
        return false;
    };
    if !ns.is_ready() {
        return false;
    }
    let epoch = params.epoch_at(height);
    let expire_block = u64::from(ns.ready_block.max(rec.last_renewed))
        + u64::from(ns.lifetime) * u64::from(epoch.lifetime_multiplier);
    let renewal_deadline = expire_block + u64::from(epoch.grace_period);
    let h = u64::from(height);
    h >= expire_block && h < renewal_deadline
}

/// `is_name_expired(name, h)` = no record alive at `h`.
pub fn is_expired(state: &State, fqn: &str, height: u32, params: &Params) -> bool {
    name_at(state, fqn, height, params).is_none()
}
