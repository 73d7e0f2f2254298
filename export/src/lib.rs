//! # bns-export: the Stacks 2.0 migration export, byte for byte
//!
//! Blockstack Core v22.2.0.0 froze BNS v1 at Bitcoin block 665750 and exported its state
//! with `blockstack-core export_migration_json`; Stacks 2.0 started from that export.
//! [`export_stacks_v2`] writes the same two files from a [`State`] (read-side spec §16):
//! `chainstate.txt` (NAMESPACES, NAMES, STX BALANCES, STX VESTING) and
//! `name_zonefiles.txt`, plus their `.sha256` texts. [`check::check_against`] lists the
//! row differences between two `chainstate.txt` files, [`migration::migration_status`]
//! says whether one name was exported and why not.
//!
//! The export reads the state as it stands after the last processed block `T`
//! (`state.last_block`) and takes an export height `X ≤ T` (the reference's
//! `block_height` argument): like the reference, candidates and balances come from `T`,
//! the expiry test, the lifetime multiplier and the vesting rows from `X`.
//!
//! Pure: no files, clocks or environment (writing the files is [`ExportFiles::write_to`]).

pub mod c32;
pub mod check;
pub mod migration;
pub mod zonefiles;

use bns_engine::hashes::hash160;
use bns_engine::params::NAMESPACE_LIFE_INFINITE;
use bns_engine::rules::{genesis, lifetime};
use bns_engine::state::{NameRecord, NamespaceRecord, State};
use bns_engine::Params;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::Path;

pub use zonefiles::{NoZonefiles, ZonefileLookup, ZonefileMap};

/// sha256 of the real `chainstate.txt` Stacks 2.0 started from (stacks-core
/// `stx-genesis/chainstate.txt.sha256`).
pub const PUBLISHED_CHAINSTATE_SHA256: &str =
    "74237aa39aa50a83de11a4f53e9d3bb7d43461d1de9873f402e5453ae60bc59b";
/// sha256 of the real `name_zonefiles.txt` (stacks-core `stx-genesis/name_zonefiles.txt.sha256`).
pub const PUBLISHED_NAME_ZONEFILES_SHA256: &str =
    "a256860023e6e5a17e07cc647cb01fe75605ecd70a648d9608be3f635874be0e";
/// The two heights the real export may have used (read-side spec §16.7): the code's
/// freeze height and the height the final data PR names.
pub const MAINNET_EXPORT_HEIGHTS: [u32; 2] = [665_749, 665_750];

/// The genesis placeholders the export writes as Stacks addresses (v22.2.0.0
/// `export_migration_json`, `placeholder_dict`), replaced after sorting.
pub const PLACEHOLDER_ADDRESSES: [(&str, &str); 10] = [
    (
        "missing-A-0b769752920b30884d6d68bd77ee0311a99505301a973639ff390258a6b5b7bd",
        "SM37EFPD9ZVR3YRJE7673MJ3W0T350JM1HVZVCDC3",
    ),
    (
        "missing-A-65dfbb5430f1c0e778c800e85c64a038f66e298c358024025a23af686e1fd040",
        "SM28P04DXXDEY3WY02VQJD4TS7VZS00Z6SX54XH5J",
    ),
    (
        "missing-A-d7d46c855cf2912fd99c8ae5ec2ef3b5d5d6a460a22b46eee0f0ef2a9789ff8b",
        "SM1ZH700J7CEDSEHM5AJ4C4MKKWNESTS35DD3SZM5",
    ),
    (
        "missing-A-ee397a3bbc5e70cb6a19e14ccdb935f165dd658707bf0ec4c936da7e8f6f1000",
        "SM260QHD6ZM2KKPBKZB8PFE5XWP0MHSKTD1B7BHYR",
    ),
    (
        "not_distributed_2ccfda6ed403c416b9749e513a31d36717e33f5bdbb11c51f3a22fb9eb336443",
        "SM65WYACEEX6KBM3B27XX0DE1NAPHT5WJ9D2B1EY",
    ),
    (
        "not_distributed_88a422b7ccaa54e5d8225d5130dc562ffdc57cc54bf274f2b631061ae86d0dc0",
        "SM1TP7CNY63KQY7DVRDVPNE1X73ND3PT8JX46971V",
    ),
    (
        "not_distributed_8941f1658fc78107ad34cf4d8e96a920a5a3257384188fb21e701c5e6a4b81fb",
        "SM2ZP9PPEHXGPAAMYRJNMPVET8WRKBSYY1AZ8SWHP",
    ),
    (
        "not_distributed_d6d337469b6283046ed909a03a1f45d862d6c1361d5d0ee56ae660e25866b4c4",
        "SM3TJ7J6DR9KFQXQGK9SY7M7AEJT33C8NV639J99C",
    ),
    ("Reserved_for_exchange_partner_1", "SM17BKV3759FG8H6CSZP2NNE2SPV34MZD0YHHA6AT"),
    ("Reserved_for_exchange_partner_2", "SM23PYTSHF5EP1QJA0VVDEZPXCMJXFQQ2PF8W49BW"),
];

/// The stored account address as the export writes it: the placeholder's Stacks
/// address, else the address itself (base58, unchanged).
pub fn exported_account_address(stored: &str) -> &str {
    PLACEHOLDER_ADDRESSES.iter().find(|(p, _)| *p == stored).map_or(stored, |(_, c32)| c32)
}

/// Version-2 namespaces readied below this height get the 650/15 coefficient change
/// like version 1 ("more than a year old" at the freeze; a mainnet height, applied on
/// every network).
pub const V2_COEFF_CHANGE_READY_BEFORE: u32 = 611_400;

/// The coefficient the export writes for a (non-`btc`) namespace: version 1, and
/// version 2 readied before 611400, get `floor(coeff · (650/15.))` computed in IEEE
/// double as the reference does; others keep theirs.
pub fn exported_coeff(ns: &NamespaceRecord) -> u64 {
    let coeff = u64::from(ns.coeff);
    if ns.version == 1 || (ns.version == 2 && ns.ready_block < V2_COEFF_CHANGE_READY_BEFORE) {
        // Exact: coeff < 2^53 and the result is floored back to an integer.
        (f64::from(ns.coeff) * (650.0 / 15.0)).floor() as u64
    } else {
        coeff
    }
}

/// Why an export cannot be made. Most are the places where the reference itself
/// crashes (it would write no file).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("export height {height} is above the state's last block {tip}")]
    HeightAboveTip { height: u32, tip: u32 },
    #[error(
        "name {name} is alive at the last block {tip} but not at the export height {height} \
         (the reference's export crashes here)"
    )]
    NameNotAliveAtHeight { name: String, height: u32, tip: u32 },
    #[error(
        "name {name} has no ready namespace and no live reveal at {tip} (the reference's export crashes here)"
    )]
    NoNamespace { name: String, tip: u32 },
    #[error("address of {what} does not convert to c32")]
    Address {
        what: String,
        #[source]
        source: c32::C32Error,
    },
    #[error(
        "the zone file stored for {name} hashes to {actual}, not {expected} (the reference's export crashes here)"
    )]
    ZonefileHashMismatch { name: String, expected: String, actual: String },
    #[error("cannot write {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// The four files of the export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFiles {
    pub chainstate_txt: Vec<u8>,
    /// 64 lowercase hex digits, no newline.
    pub chainstate_sha256: String,
    pub name_zonefiles_txt: Vec<u8>,
    pub name_zonefiles_sha256: String,
    /// Row counts of the sections (for reports).
    pub counts: Counts,
}

/// How many rows each section holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub namespaces: usize,
    pub names: usize,
    pub balances: usize,
    pub vesting: usize,
    pub zonefiles: usize,
}

/// File names, in the order the reference writes them.
pub const FILE_NAMES: [&str; 4] =
    ["chainstate.txt", "chainstate.txt.sha256", "name_zonefiles.txt", "name_zonefiles.txt.sha256"];

impl ExportFiles {
    /// Does `chainstate.txt` hash to the published value?
    pub fn chainstate_matches_published(&self) -> bool {
        self.chainstate_sha256 == PUBLISHED_CHAINSTATE_SHA256
    }
    /// Does `name_zonefiles.txt` hash to the published value?
    pub fn name_zonefiles_match_published(&self) -> bool {
        self.name_zonefiles_sha256 == PUBLISHED_NAME_ZONEFILES_SHA256
    }

    /// The four files as (name, bytes), in [`FILE_NAMES`] order.
    pub fn files(&self) -> [(&'static str, &[u8]); 4] {
        [
            (FILE_NAMES[0], &self.chainstate_txt),
            (FILE_NAMES[1], self.chainstate_sha256.as_bytes()),
            (FILE_NAMES[2], &self.name_zonefiles_txt),
            (FILE_NAMES[3], self.name_zonefiles_sha256.as_bytes()),
        ]
    }

    /// Write the four files into `dir` (which must exist).
    pub fn write_to(&self, dir: &Path) -> Result<(), ExportError> {
        for (name, bytes) in self.files() {
            let path = dir.join(name);
            std::fs::write(&path, bytes)
                .map_err(|source| ExportError::Write { path: path.display().to_string(), source })?;
        }
        Ok(())
    }
}

/// Lowercase hex SHA-256 (the `.sha256` file contents).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Escape a zone file for `name_zonefiles.txt`: every LF becomes the two characters `\n`.
pub fn escape_zonefile(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 16);
    for &b in bytes {
        if b == b'\n' {
            out.extend_from_slice(b"\\n");
        } else {
            out.push(b);
        }
    }
    out
}

/// The expiry test of v22.2's `load_name_info(db, name, X)` for a name alive at `X`:
/// `(expire_block, renewal_deadline)`, −1 for names that never expire (infinite
/// lifetime, or a namespace that is only revealed), with M and G of `X`'s epoch.
pub fn name_deadlines(rec: &NameRecord, ns: &NamespaceRecord, height: u32, params: &Params) -> (i64, i64) {
    if ns.lifetime == NAMESPACE_LIFE_INFINITE || !ns.is_ready() {
        return (-1, -1);
    }
    let epoch = params.epoch_at(height);
    let expire = i64::from(ns.ready_block.max(rec.last_renewed))
        + i64::from(ns.lifetime) * i64::from(epoch.lifetime_multiplier);
    (expire, expire + i64::from(epoch.grace_period))
}

/// `expired` of `load_name_info`: `expire_block > 0 and expire_block ≤ X` — true
/// throughout the grace period, which is why grace-period names are not exported.
pub fn expired_at(expire_block: i64, height: u32) -> bool {
    expire_block > 0 && expire_block <= i64::from(height)
}

/// One name as `load_name_info` sees it at the export height (alive there).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Loaded {
    pub expire_block: i64,
    pub renewal_deadline: i64,
}

/// The names the export considers: alive at the tip `T` by the list predicate (grace
/// and revoked included), in byte order.
pub(crate) fn candidate_names<'a>(
    state: &'a State,
    params: &'a Params,
) -> impl Iterator<Item = (&'a NameRecord, &'a NamespaceRecord)> + 'a {
    let tip = state.last_block;
    state.names.values().filter_map(move |rec| {
        let ns = state.namespaces.get(&rec.namespace_id)?;
        lifetime::record_alive_at(rec, ns, tip, params).then_some((rec, ns))
    })
}

/// `load_name_info(db, name, X)` for a candidate.
/// `tip` is the state's last block `T` (the reference reads `db.lastblock`).
pub(crate) fn load_name_info(
    tip: u32,
    params: &Params,
    rec: &NameRecord,
    ns: &NamespaceRecord,
    height: u32,
) -> Result<Loaded, ExportError> {
    if !lifetime::record_alive_at(rec, ns, height, params) {
        return Err(ExportError::NameNotAliveAtHeight { name: rec.name.clone(), height, tip });
    }
    // The READY record, else a reveal that is live at the tip (`get_namespace_reveal`
    // reads `db.lastblock`).
    if !ns.is_ready() && !lifetime::namespace_revealed_at(ns, tip, params) {
        return Err(ExportError::NoNamespace { name: rec.name.clone(), tip });
    }
    let (expire_block, renewal_deadline) = name_deadlines(rec, ns, height, params);
    Ok(Loaded { expire_block, renewal_deadline })
}

fn c32_of(address: &str, what: impl FnOnce() -> String) -> Result<String, ExportError> {
    c32::b58_to_c32(address).map_err(|source| ExportError::Address { what: what(), source })
}

/// One `STX VESTING` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VestingRow {
    /// As stored (placeholders not yet replaced).
    pub address: String,
    pub value: u64,
    pub block_id: u32,
}

/// The `STX VESTING` rows at export height `X`, in the export's order: rows of type
/// STACKS with `block_id > X`, fetched by `block_id` descending and then stably sorted
/// by address — so address ascending, `block_id` descending within an address.
pub fn vesting_rows(params: &Params, state: &State, height: u32) -> Vec<VestingRow> {
    let table = genesis::account_vesting_table(params, state.last_block);
    let mut rows: Vec<VestingRow> = table
        .iter()
        .filter(|((_, token_type), _)| token_type == "STACKS")
        .flat_map(|((address, _), by_height)| {
            by_height.range(height.saturating_add(1)..).map(|(block_id, value)| VestingRow {
                address: address.clone(),
                value: *value,
                block_id: *block_id,
            })
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.block_id));
    rows.sort_by(|a, b| a.address.cmp(&b.address)); // stable: keeps block_id descending
    rows
}

/// Write the export of `state` at height `height` (≤ `state.last_block`), with the zone
/// files `zonefiles` knows (empty file = absent; a file whose hash differs from the
/// name's is an error, where the reference crashes).
pub fn export_stacks_v2(
    params: &Params,
    state: &State,
    height: u32,
    zonefiles: &impl ZonefileLookup,
) -> Result<ExportFiles, ExportError> {
    let tip = state.last_block;
    if height > tip {
        return Err(ExportError::HeightAboveTip { height, tip });
    }
    let mut counts = Counts::default();
    let mut out = String::new();

    // NAMESPACES: every READY namespace, sorted by ID (the state's order is byte order).
    out.push_str("-----BEGIN NAMESPACES-----\n");
    out.push_str("namespace_id,address,buckets,base,coeff,nonalpha_discount,no_vowel_discount,lifetime\n");
    for ns in state.namespaces.values().filter(|ns| ns.is_ready()) {
        let address = c32_of(&ns.address, || format!("namespace {}", ns.namespace_id))?;
        let lifetime = if ns.lifetime == NAMESPACE_LIFE_INFINITE { 0 } else { ns.lifetime };
        let (buckets, base, coeff, nonalpha, no_vowel) = if ns.namespace_id == "btc" {
            // The reference's `namespace_patches['btc']`, replacing the curve wholesale.
            ("1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1".to_string(), 1000, 200, 1, 1)
        } else {
            let buckets: Vec<String> = ns.buckets.iter().map(u8::to_string).collect();
            (
                buckets.join(";"),
                u64::from(ns.base),
                exported_coeff(ns),
                u64::from(ns.nonalpha_discount),
                u64::from(ns.no_vowel_discount),
            )
        };
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            ns.namespace_id, address, buckets, base, coeff, nonalpha, no_vowel, lifetime
        );
        counts.namespaces += 1;
    }
    out.push_str("-----END NAMESPACES-----\n");

    // NAMES, and name_zonefiles.txt alongside.
    let mut zonefiles_txt: Vec<u8> = Vec::new();
    out.push_str("-----BEGIN NAMES-----\n");
    out.push_str("name,address,zonefile_hash\n");
    for (rec, ns) in candidate_names(state, params) {
        let Loaded { expire_block, .. } = load_name_info(tip, params, rec, ns, height)?;
        if rec.revoked || expired_at(expire_block, height) {
            continue;
        }
        let owner = c32_of(&rec.address, || format!("the owner of {}", rec.name))?;
        if let Some(hash) = &rec.value_hash {
            if let Some(bytes) = zonefiles.zonefile(hash).filter(|b| !b.is_empty()) {
                let actual = hex::encode(hash160(&bytes));
                if &actual != hash {
                    return Err(ExportError::ZonefileHashMismatch {
                        name: rec.name.clone(),
                        expected: hash.clone(),
                        actual,
                    });
                }
                zonefiles_txt.extend_from_slice(hash.as_bytes());
                zonefiles_txt.push(b'\n');
                zonefiles_txt.extend_from_slice(&escape_zonefile(&bytes));
                zonefiles_txt.push(b'\n');
                counts.zonefiles += 1;
            }
        }
        let _ = writeln!(out, "{},{},{}", rec.name, owner, rec.value_hash.as_deref().unwrap_or(""));
        counts.names += 1;
    }
    out.push_str("-----END NAMES-----\n");

    // STX BALANCES: every address with any account row, sorted; its STACKS balance if > 0.
    out.push_str("-----BEGIN STX BALANCES-----\n");
    out.push_str("address,balance\n");
    let mut last: Option<&str> = None;
    for (address, _) in state.accounts.keys() {
        if last == Some(address.as_str()) {
            continue;
        }
        last = Some(address);
        let Some(account) = state.account(address, "STACKS") else { continue };
        let balance = account.balance();
        if balance > 0 {
            let _ = writeln!(out, "{},{}", exported_account_address(address), balance);
            counts.balances += 1;
        }
    }
    out.push_str("-----END STX BALANCES-----\n");

    // STX VESTING: rows after the export height.
    out.push_str("-----BEGIN STX VESTING-----\n");
    out.push_str("address,value,blocks\n");
    for row in vesting_rows(params, state, height) {
        let _ = writeln!(
            out,
            "{},{},{}",
            exported_account_address(&row.address),
            row.value,
            row.block_id - height
        );
        counts.vesting += 1;
    }
    out.push_str("-----END STX VESTING-----\n");

    let chainstate_txt = out.into_bytes();
    Ok(ExportFiles {
        chainstate_sha256: sha256_hex(&chainstate_txt),
        chainstate_txt,
        name_zonefiles_sha256: sha256_hex(&zonefiles_txt),
        name_zonefiles_txt: zonefiles_txt,
        counts,
    })
}

/// The export at one candidate height, against the published hashes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct HeightCheck {
    pub height: u32,
    pub chainstate_sha256: String,
    pub chainstate_matches: bool,
    pub name_zonefiles_sha256: String,
    pub name_zonefiles_match: bool,
}

/// What [`check_published`] found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum PublishedCheck {
    /// The state is not mainnet's (other network or first block): the published hashes
    /// cannot apply, so nothing was compared.
    NotMainnet { network: String, first_block: u32 },
    /// The state stops below 665749: there is nothing to compare yet.
    BelowExportHeight { tip: u32 },
    /// Exported at each height of [`MAINNET_EXPORT_HEIGHTS`] up to the tip `tip`.
    Checked { tip: u32, heights: Vec<HeightCheck> },
}

/// Recompute the export of a mainnet state at 665749 and at 665750 (those not above its
/// tip) and compare with the published hashes. The real export read the node's state at
/// the freeze (tip 665750), and balances and vesting keep changing after it, so `state`
/// should be the state at 665750 (replay to `--last-block 665750`).
pub fn check_published(
    params: &Params,
    state: &State,
    zonefiles: &impl ZonefileLookup,
) -> Result<PublishedCheck, ExportError> {
    if params.network != bns_engine::Network::Mainnet
        || params.first_block != bns_engine::params::MAINNET_FIRST_BLOCK
    {
        return Ok(PublishedCheck::NotMainnet {
            network: format!("{:?}", params.network).to_lowercase(),
            first_block: params.first_block,
        });
    }
    let tip = state.last_block;
    let mut heights = Vec::new();
    for height in MAINNET_EXPORT_HEIGHTS.into_iter().filter(|h| *h <= tip) {
        let files = export_stacks_v2(params, state, height, zonefiles)?;
        heights.push(HeightCheck {
            height,
            chainstate_matches: files.chainstate_matches_published(),
            name_zonefiles_match: files.name_zonefiles_match_published(),
            chainstate_sha256: files.chainstate_sha256,
            name_zonefiles_sha256: files.name_zonefiles_sha256,
        });
    }
    if heights.is_empty() {
        return Ok(PublishedCheck::BelowExportHeight { tip });
    }
    Ok(PublishedCheck::Checked { tip, heights })
}

#[cfg(test)]
mod tests;
