//! "Was my name exported to Stacks 2.0, and if not, why?" — one name through exactly
//! the tests [`crate::export_stacks_v2`] applies (issue 11 item 3).

use crate::{c32, expired_at, load_name_info, name_deadlines, ExportError};
use bns_engine::rules::lifetime;
use bns_engine::state::State;
use bns_engine::Params;
use serde::Serialize;

/// The answer for one name at export height `X` (state at `T = state.last_block`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MigrationStatus {
    /// Written to the NAMES section.
    Exported {
        name: String,
        /// The owner as the export writes it.
        owner_c32: String,
        /// The owner as BNS v1 stores it.
        owner_base58: String,
        /// `None`: the row ends with an empty hash.
        zonefile_hash: Option<String>,
        /// False for a name of a revealed-but-not-ready namespace: the name is exported,
        /// its namespace is not (NAMESPACES lists ready namespaces only).
        namespace_exported: bool,
    },
    NotExported {
        name: String,
        reason: NotExportedReason,
    },
}

/// Why a name is not in the export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum NotExportedReason {
    /// No such name was ever registered or imported.
    Unknown,
    /// Its namespace record is gone (a reveal that was never readied and whose name
    /// rows no lookup sees).
    NoNamespace { namespace_id: String },
    /// Expired and past its renewal deadline: the name was free at `renewal_deadline`.
    Expired { expire_block: i64, renewal_deadline: i64 },
    /// Expired at `expire_block` and still in its grace period at the export height:
    /// the owner could have renewed until `renewal_deadline`, but the export's expiry
    /// test (`expire_block ≤ X`) drops it.
    GracePeriod { expire_block: i64, renewal_deadline: i64 },
    /// Revoked. The current record does not say at which block; `revoke_txid` is the
    /// transaction (the store's history gives its block).
    Revoked { revoke_txid: String, at: Option<u32> },
    /// Its namespace was revealed but never readied, and the reveal expired at
    /// `reveal_expired_at` (names of a live reveal are exported).
    NamespaceRevealExpired { namespace_id: String, reveal_block: u32, reveal_expired_at: u32 },
    /// Registered after the export height.
    NotYetRegistered { first_registered: u32 },
    /// The reference's export crashes on this name (see the error).
    ExportFails { error: String },
}

/// Exported or not, and why, for `name` in an export of `state` at `height`.
pub fn migration_status(params: &Params, state: &State, height: u32, name: &str) -> MigrationStatus {
    let not = |reason| MigrationStatus::NotExported { name: name.to_string(), reason };
    let Some(rec) = state.names.get(name) else {
        return not(NotExportedReason::Unknown);
    };
    let Some(ns) = state.namespaces.get(&rec.namespace_id) else {
        return not(NotExportedReason::NoNamespace { namespace_id: rec.namespace_id.clone() });
    };
    let tip = state.last_block;
    // One of the export's candidates: alive at the tip by the list predicate.
    let is_candidate = lifetime::record_alive_at(rec, ns, tip, params);
    if !is_candidate {
        if !ns.is_ready() {
            let reveal_expired_at = ns.reveal_block.saturating_add(params.namespace_reveal_expire);
            return not(NotExportedReason::NamespaceRevealExpired {
                namespace_id: ns.namespace_id.clone(),
                reveal_block: ns.reveal_block,
                reveal_expired_at,
            });
        }
        if rec.first_registered > tip {
            return not(NotExportedReason::NotYetRegistered { first_registered: rec.first_registered });
        }
        let (expire_block, renewal_deadline) = name_deadlines(rec, ns, tip, params);
        return not(NotExportedReason::Expired { expire_block, renewal_deadline });
    }
    if rec.first_registered > height {
        return not(NotExportedReason::NotYetRegistered { first_registered: rec.first_registered });
    }
    let loaded = match load_name_info(state, params, rec, ns, height) {
        Ok(l) => l,
        Err(e) => return not(NotExportedReason::ExportFails { error: error_chain(&e) }),
    };
    if rec.revoked {
        return not(NotExportedReason::Revoked { revoke_txid: rec.txid.clone(), at: None });
    }
    if expired_at(loaded.expire_block, height) {
        let reason = if i64::from(height) < loaded.renewal_deadline {
            NotExportedReason::GracePeriod {
                expire_block: loaded.expire_block,
                renewal_deadline: loaded.renewal_deadline,
            }
        } else {
            NotExportedReason::Expired {
                expire_block: loaded.expire_block,
                renewal_deadline: loaded.renewal_deadline,
            }
        };
        return not(reason);
    }
    match c32::b58_to_c32(&rec.address) {
        Ok(owner_c32) => MigrationStatus::Exported {
            name: rec.name.clone(),
            owner_c32,
            owner_base58: rec.address.clone(),
            zonefile_hash: rec.value_hash.clone(),
            namespace_exported: lifetime::namespace_ready(state, &ns.namespace_id).is_some(),
        },
        Err(source) => {
            let e = ExportError::Address { what: format!("the owner of {name}"), source };
            not(NotExportedReason::ExportFails { error: error_chain(&e) })
        }
    }
}

/// An error and its sources joined with ": ".
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
