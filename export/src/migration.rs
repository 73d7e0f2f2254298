//! "Was my name exported to Stacks 2.0, and if not, why?" — one name through exactly
//! the tests [`crate::export_stacks_v2`] applies (issue 11 item 3).

use crate::{c32, expired_at, load_name_info, name_deadlines, ExportError};
use bns_engine::rules::lifetime;
use bns_engine::state::{NameRecord, NamespaceRecord, State};
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
    let rec = state.names.get(name);
    let ns = rec.and_then(|r| state.namespaces.get(&r.namespace_id));
    migration_status_of(params, state.last_block, height, name, rec, ns)
}

/// [`migration_status`] from one name's rows only: its record `rec` and the record `ns`
/// of its namespace, as they stand after the state's last block `tip` (`T`), for an
/// export at `height` (`X ≤ T`). What a store or an API answers without loading the
/// whole state.
pub fn migration_status_of(
    params: &Params,
    tip: u32,
    height: u32,
    name: &str,
    rec: Option<&NameRecord>,
    ns: Option<&NamespaceRecord>,
) -> MigrationStatus {
    let not = |reason| MigrationStatus::NotExported { name: name.to_string(), reason };
    let Some(rec) = rec else {
        return not(NotExportedReason::Unknown);
    };
    let Some(ns) = ns.filter(|ns| ns.namespace_id == rec.namespace_id) else {
        return not(NotExportedReason::NoNamespace { namespace_id: rec.namespace_id.clone() });
    };
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
    let loaded = match load_name_info(tip, params, rec, ns, height) {
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
            namespace_exported: ns.is_ready(),
        },
        Err(source) => {
            let e = ExportError::Address { what: format!("the owner of {name}"), source };
            not(NotExportedReason::ExportFails { error: error_chain(&e) })
        }
    }
}

/// The state height `T` a store's migration answer uses: mainnet's freeze (665750) if
/// the store is past it, else the store's tip. The real export read the node's state at
/// the freeze; for other networks there is no real export, so the tip stands in.
pub fn state_height_for(params: &Params, store_tip: u32) -> u32 {
    if params.network == bns_engine::Network::Mainnet {
        store_tip.min(crate::MAINNET_EXPORT_HEIGHTS[1])
    } else {
        store_tip
    }
}

/// One name's migration answer, as `replay name NAME --migration` prints it and
/// `/x/v1/names/{name}/migration` serves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MigrationAnswer {
    /// The state the answer reads (`T`).
    pub state_height: u32,
    /// The export height (`X`).
    pub export_height: u32,
    #[serde(flatten)]
    pub status: MigrationStatus,
    /// The answer in one sentence.
    pub explanation: String,
}

/// The answer for a name whose record (`rec`) and namespace record (`ns`) stand as they
/// do after `state_height`, exported at `state_height`. `revoke_height` is the block of
/// the name's last revoke (its last history row with op `~`), filled into a `revoked`
/// reason.
pub fn answer(
    params: &Params,
    state_height: u32,
    name: &str,
    rec: Option<&NameRecord>,
    ns: Option<&NamespaceRecord>,
    revoke_height: Option<u32>,
) -> MigrationAnswer {
    let mut status = migration_status_of(params, state_height, state_height, name, rec, ns);
    if let MigrationStatus::NotExported { reason: NotExportedReason::Revoked { at, .. }, .. } = &mut status {
        *at = revoke_height;
    }
    let explanation = explain(&status, state_height);
    MigrationAnswer { state_height, export_height: state_height, status, explanation }
}

/// One sentence saying what happened to the name in the export at `height`.
pub fn explain(status: &MigrationStatus, height: u32) -> String {
    use NotExportedReason as R;
    match status {
        MigrationStatus::Exported { name, owner_c32, owner_base58, zonefile_hash, namespace_exported } => {
            let hash = zonefile_hash
                .as_deref()
                .map_or("no zone-file hash".to_string(), |h| format!("zone-file hash {h}"));
            let ns = if *namespace_exported {
                String::new()
            } else {
                " (its namespace was revealed but never readied, so the namespace itself is not exported)"
                    .to_string()
            };
            format!("{name} was exported at {height} with owner {owner_c32} ({owner_base58} in BNS v1) and {hash}{ns}")
        }
        MigrationStatus::NotExported { name, reason } => {
            let why = match reason {
                R::Unknown => "no such name was registered or imported".to_string(),
                R::NoNamespace { namespace_id } => format!("its namespace {namespace_id} has no record"),
                R::Expired { expire_block, renewal_deadline } => format!(
                    "it expired at block {expire_block} and was not renewed by its renewal deadline {renewal_deadline}"
                ),
                R::GracePeriod { expire_block, renewal_deadline } => format!(
                    "it expired at block {expire_block} and was in its grace period (renewable until block \
                     {renewal_deadline}); the export drops names in their grace period"
                ),
                R::Revoked { revoke_txid, at } => match at {
                    Some(at) => format!("it was revoked at block {at} (transaction {revoke_txid})"),
                    None => format!("it was revoked (transaction {revoke_txid})"),
                },
                R::NamespaceRevealExpired { namespace_id, reveal_block, reveal_expired_at } => format!(
                    "its namespace {namespace_id} was revealed at block {reveal_block} but never readied, \
                     and the reveal expired at block {reveal_expired_at}"
                ),
                R::NotYetRegistered { first_registered } => {
                    format!("it was registered at block {first_registered}, after the export")
                }
                R::ExportFails { error } => format!("the reference's export fails on it: {error}"),
            };
            format!("{name} was not exported at {height}: {why}")
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
