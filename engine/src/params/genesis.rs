//! The built-in mainnet STX genesis block (reference `blockstack/lib/genesis_block.py`
//! of the 22.0.0.0 sdist, converted by `tools/genesis/convert.py` into
//! `engine/data/mainnet-genesis.tsv`; see `engine/data/README.md`), parsed with a
//! small pure parser, plus the bulk airdrop address list used by its file patches.

use super::{BulkGrant, GenesisPatch, GenesisRow, Params};
use crate::address::{base58check_decode, base58check_encode};
use std::collections::BTreeMap;

const MAINNET_GENESIS_TSV: &str = include_str!("../../data/mainnet-genesis.tsv");
const AIRDROP_2020_CSV: &str = include_str!("../../data/blockchain-airdrop-2020.csv");
/// File name and sha256 the reference checks before using the airdrop list.
pub const AIRDROP_2020_PATH: &str = "blockchain-airdrop-2020.csv";
pub const AIRDROP_2020_SHA256: &str = "7151d07424aef17201e57e81b6150caa6b66e0e62f909ae5b6238ec713db74e1";

/// The parsed built-in genesis: rows, patches, and the history hash stored in the
/// `GENESIS` accounts row of the burn address.
pub struct MainnetGenesis {
    pub rows: Vec<GenesisRow>,
    pub patches: Vec<GenesisPatch>,
    pub history_hash: String,
}

fn parse_vesting(text: &str) -> Option<BTreeMap<u32, u64>> {
    let mut out = BTreeMap::new();
    if text.is_empty() {
        return Some(out);
    }
    for item in text.split(',') {
        let (height, amount) = item.split_once(':')?;
        out.insert(height.parse().ok()?, amount.parse().ok()?);
    }
    Some(out)
}

/// `address original type value lock_send rw metadata vesting vesting_total`.
fn parse_row(f: &[&str]) -> Option<GenesisRow> {
    let [address, _original, token_type, value, lock_send, rw, metadata, vesting, vesting_total] = f else {
        return None;
    };
    Some(GenesisRow {
        address: (*address).to_string(),
        token_type: (*token_type).to_string(),
        value: value.parse().ok()?,
        lock_send: lock_send.parse().ok()?,
        metadata: (*metadata).to_string(),
        receive_whitelisted: *rw == "1",
        vesting: parse_vesting(vesting)?,
        vesting_total: vesting_total.parse().ok()?,
    })
}

fn parse_tsv(text: &str) -> Option<MainnetGenesis> {
    let mut out = MainnetGenesis { rows: Vec::new(), patches: Vec::new(), history_hash: String::new() };
    let mut patches: BTreeMap<u32, GenesisPatch> = BTreeMap::new();
    let patch = |patches: &mut BTreeMap<u32, GenesisPatch>, height: &str| -> Option<u32> {
        let height: u32 = height.parse().ok()?;
        patches.entry(height).or_insert_with(|| GenesisPatch {
            height,
            add: Vec::new(),
            del: Vec::new(),
            bulk: None,
            history_hash: String::new(),
        });
        Some(height)
    };
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        match f.first().copied()? {
            "G" => out.history_hash = (*f.get(1)?).to_string(),
            "R" => out.rows.push(parse_row(f.get(1..)?)?),
            "P" => {
                let h = patch(&mut patches, f.get(1)?)?;
                patches.get_mut(&h)?.history_hash = (*f.get(3)?).to_string();
            }
            "A" => {
                let h = patch(&mut patches, f.get(1)?)?;
                let row = parse_row(f.get(2..)?)?;
                patches.get_mut(&h)?.add.push(row);
            }
            "D" => {
                let h = patch(&mut patches, f.get(1)?)?;
                patches.get_mut(&h)?.del.push((*f.get(2)?).to_string());
            }
            "B" => {
                let h = patch(&mut patches, f.get(1)?)?;
                let [_, _, path, sha256, start, end, token_type, value, lock_send, rw, metadata, vesting, vesting_total, history] =
                    f.as_slice()
                else {
                    return None;
                };
                let template = GenesisRow {
                    address: String::new(),
                    token_type: (*token_type).to_string(),
                    value: value.parse().ok()?,
                    lock_send: lock_send.parse().ok()?,
                    metadata: (*metadata).to_string(),
                    receive_whitelisted: *rw == "1",
                    vesting: parse_vesting(vesting)?,
                    vesting_total: vesting_total.parse().ok()?,
                };
                let entry = patches.get_mut(&h)?;
                entry.bulk = Some(BulkGrant {
                    path: (*path).to_string(),
                    sha256: (*sha256).to_string(),
                    line_start: start.parse().ok()?,
                    line_end: end.parse().ok()?,
                    template,
                });
                entry.history_hash = (*history).to_string();
            }
            _ => return None,
        }
    }
    out.patches = patches.into_values().collect();
    Some(out)
}

/// The built-in mainnet genesis block (1,733 rows, 2 direct patches, 33 airdrop batches).
pub fn mainnet_genesis() -> MainnetGenesis {
    // Unreachable panic: the TSV is compiled into the binary (include_str!), not read
    // from outside, and the test `builtin_genesis_parses_with_expected_counts` parses it on every CI run.
    parse_tsv(MAINNET_GENESIS_TSV).expect("engine/data/mainnet-genesis.tsv is well-formed (checked by tests)")
}

/// Re-encode a base58check address for `params` the way virtualchain's
/// `address_reencode` does: versions 0/111 → p2pkh, 5/196 → p2sh; anything else
/// (or a non-base58 string) is returned unchanged.
pub fn reencode_address(address: &str, params: &Params) -> String {
    match base58check_decode(address) {
        Some((0 | 111, hash)) => base58check_encode(params.p2pkh_version, &hash),
        Some((5 | 196, hash)) => base58check_encode(params.p2sh_version, &hash),
        _ => address.to_string(),
    }
}

impl BulkGrant {
    /// The account addresses this grant credits, as the reference stores them for
    /// `params` (each line stripped, converted b58 → c32 → b58 and re-encoded for the
    /// network: the version-byte map makes that a plain re-encoding). `None` if the
    /// grant names a file other than the built-in airdrop list or a line is not a
    /// valid address.
    pub fn addresses(&self, params: &Params) -> Option<Vec<String>> {
        if self.path != AIRDROP_2020_PATH || self.sha256 != AIRDROP_2020_SHA256 {
            return None;
        }
        let start = usize::try_from(self.line_start).ok()?;
        let end = usize::try_from(self.line_end).ok()?;
        let lines: Vec<&str> =
            AIRDROP_2020_CSV.split('\n').skip(start).take(end.checked_sub(start)?).collect();
        if lines.len() != end - start {
            return None;
        }
        lines
            .into_iter()
            .map(|line| {
                let (version, hash) = base58check_decode(line.trim())?;
                let version = match version {
                    0 | 111 => params.p2pkh_version,
                    5 | 196 => params.p2sh_version,
                    _ => return None,
                };
                Some(base58check_encode(version, &hash))
            })
            .collect()
    }
}

/// The raw airdrop list (for integrity checks).
pub fn airdrop_2020_csv() -> &'static str {
    AIRDROP_2020_CSV
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hashes::sha256;

    #[test]
    fn builtin_genesis_parses_with_expected_counts() {
        let g = mainnet_genesis();
        // genesis_block.py: 4 stages, the last with 1,733 rows; patches at 599865
        // (4,538 adds, 1 delete) and 613249 (11 adds, 6 deletes); 33 airdrop batches.
        assert_eq!(g.rows.len(), 1733);
        assert_eq!(g.history_hash, "2e3113dda391c0d7a9117495126cd4ad39fef8b7e2ae56fd99b87860bec3a1d0");
        assert_eq!(g.patches.len(), 2 + 33);
        let p = &g.patches[0];
        assert_eq!((p.height, p.add.len(), p.del.len(), p.bulk.is_none()), (599_865, 4538, 1, true));
        let p = &g.patches[1];
        assert_eq!((p.height, p.add.len(), p.del.len(), p.bulk.is_none()), (613_249, 11, 6, true));
        let bulk: Vec<&BulkGrant> = g.patches[2..].iter().map(|p| p.bulk.as_ref().unwrap()).collect();
        assert_eq!(g.patches[2].height, 613_250);
        assert_eq!(g.patches[34].height, 613_282);
        assert_eq!(bulk.iter().map(|b| b.line_end - b.line_start).sum::<u32>(), 322_146);
        for row in g.rows.iter().chain(g.patches.iter().flat_map(|p| p.add.iter())) {
            assert_eq!(row.vesting.values().sum::<u64>(), row.vesting_total, "{}", row.address);
            assert_eq!(row.token_type, "STACKS");
            // unspendable rows (not base58) must not be receive-whitelisted
            if base58check_decode(&row.address).is_none() {
                assert!(!row.receive_whitelisted, "{}", row.address);
            }
        }
    }

    #[test]
    fn airdrop_list_has_the_sha256_the_reference_checks() {
        assert_eq!(hex::encode(sha256(AIRDROP_2020_CSV.as_bytes())), AIRDROP_2020_SHA256);
    }

    #[test]
    fn airdrop_batches_resolve_to_mainnet_addresses() {
        let params = Params::mainnet();
        let g = mainnet_genesis();
        let first = g.patches[2].bulk.as_ref().unwrap();
        let addresses = first.addresses(&params).unwrap();
        assert_eq!(addresses.len(), 10_000);
        // line 0 of the csv, unchanged on mainnet (version 0 stays 0)
        assert_eq!(addresses[0], "11128v8ZF3YZhhchh72LbKVtjiD1t1JP7S");
        let last = g.patches[34].bulk.as_ref().unwrap();
        assert_eq!(last.addresses(&params).unwrap().len(), 2146);
        let regtest = last.addresses(&Params::regtest()).unwrap();
        assert!(regtest.iter().all(|a| a.starts_with(['m', 'n', '2'])));
        let mut foreign = first.clone();
        foreign.path = "other.csv".into();
        assert_eq!(foreign.addresses(&params), None);
    }

    #[test]
    fn malformed_tsv_is_rejected() {
        assert!(parse_tsv("R\tonly-two").is_none());
        assert!(parse_tsv("X\t1").is_none());
        assert!(parse_tsv("A\tnot-a-height\ta\tb\tSTACKS\t0\t0\t1\t\t\t0").is_none());
        assert!(parse_tsv("# comment only\n").is_some());
    }
}
