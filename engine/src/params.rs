//! Network parameters as values (STYLE.md §3.8): one `Params` per network, with the
//! reference's test-mode overrides applied from a params file that the *caller* reads
//! and parses (`ParamsFile`); the engine never reads files or environment variables.
//!
//! Sources: bns spec §4 and §13, oracle/PARAMS.md, reference `blockstack/lib/config.py`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod fingerprint;
mod genesis;
pub use genesis::{
    airdrop_2020_csv, mainnet_genesis, reencode_address, MainnetGenesis, AIRDROP_2020_PATH,
    AIRDROP_2020_SHA256,
};

/// Which Bitcoin network the blocks come from.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    Mainnet,
    Testnet,
    Regtest,
}

/// Feature flags of an epoch (bns spec §4, "What each feature flag controls").
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct EpochFeatures {
    pub multisig: bool,
    pub segwit: bool,
    pub op_register_update: bool,
    pub op_renew_transfer_update: bool,
    pub namespace_burn_to_creator: bool,
    pub namespace_pay_with_stacks: bool,
    pub stacks_buy_namespaces: bool,
    pub fix_preorder_expire: bool,
    pub nameops_cost_tokens: bool,
    pub token_transfer: bool,
    pub int_division: bool,
    pub token_transfer_consensus_hash_optional: bool,
}

/// How name prices are scaled in an epoch (bns spec §6.2).
#[derive(Clone, Copy, PartialEq, Debug, Serialize, Deserialize)]
pub enum NamePriceScale {
    /// Epochs 1–3: IEEE double multiplier (1.0, 1.0, 0.1).
    Float { multiplier: f64 },
    /// Epochs ≥ 4 (INT_DIVISION): integer divisor for BTC-unit and STX-unit namespaces.
    IntDivision { btc_divisor: u64, stx_divisor: u64 },
}

/// One epoch: heights `(previous end, end_block]` (bns spec §4).
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Epoch {
    /// Inclusive last height; `None` = open-ended (must be the last epoch).
    pub end_block: Option<u32>,
    pub features: EpochFeatures,
    /// `M`: namespace lifetime multiplier.
    pub lifetime_multiplier: u32,
    /// `G`: grace period in blocks.
    pub grace_period: u32,
    /// Pay-to-creator fee window, blocks after `reveal_block`.
    pub receive_fees_period: u32,
    pub name_price: NamePriceScale,
    /// Namespace price in satoshis by namespace-ID length class [1, 2–3, 4–7, 8–19];
    /// `None` where the reference's table is absent (epochs ≥ 4).
    pub namespace_price_btc_sat: Option<[u64; 4]>,
    /// Namespace price in µSTX by length class; `None` in epochs 1–3.
    pub namespace_price_stx: Option<[u64; 4]>,
}

/// One STX genesis allocation row (bns spec §10 "accounts"; oracle PARAMS.md).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct GenesisRow {
    pub address: String,
    #[serde(rename = "type")]
    pub token_type: String,
    pub value: u64,
    #[serde(default)]
    pub lock_send: u32,
    #[serde(default)]
    pub metadata: String,
    #[serde(default)]
    pub receive_whitelisted: bool,
    /// Height → µSTX credited at the start of that block.
    #[serde(default)]
    pub vesting: BTreeMap<u32, u64>,
    #[serde(default)]
    pub vesting_total: u64,
}

/// A change to the STX genesis allocation at a fixed height (reference
/// `GENESIS_BLOCK_PATCHES` / `GENESIS_BLOCK_PATCHES_FILES`, applied by
/// `namedb.commit_genesis_patch` from `virtualchain_hooks.db_save` of block
/// `height − 1`, i.e. after block `height − 1` and before the ops of `height`, and
/// before that height's vesting).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct GenesisPatch {
    pub height: u32,
    /// Rows merged into the accounts (`namedb_merge_account_at`).
    pub add: Vec<GenesisRow>,
    /// Unspendable addresses whose rows are deleted (`namedb_remove_account`).
    pub del: Vec<String>,
    /// A bulk grant from an address list file (`GENESIS_BLOCK_PATCHES_FILES`).
    pub bulk: Option<BulkGrant>,
    /// sha256 hex of the patch (`namedb_genesis_block_history_hash({'add','del'})`),
    /// stored as the txid/metadata of the burn address's `PATCH` accounts row.
    pub history_hash: String,
}

/// One bulk grant: every address of lines `[line_start, line_end)` of the file gets a
/// copy of `template` (whose `address` is empty). See [`BulkGrant::addresses`].
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct BulkGrant {
    pub path: String,
    pub sha256: String,
    pub line_start: u32,
    pub line_end: u32,
    pub template: GenesisRow,
}

/// Everything consensus-relevant that differs between networks and test modes.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Params {
    pub network: Network,
    /// Short name of the parameter set (e.g. "mainnet", "regtest-default").
    pub name: String,
    /// OP_RETURN magic bytes (`id` unless BLOCKSTACK_TESTNET_ID).
    pub magic: [u8; 2],
    /// First BNS block (FIRST); genesis consensus-hash rows sit at FIRST−4 … FIRST−1.
    pub first_block: u32,
    /// v22.2.0.0 freeze: every candidate at a height ≥ this is dropped.
    pub freeze_height: Option<u32>,
    /// Base58check version bytes for p2pkh / p2sh addresses.
    pub p2pkh_version: u8,
    pub p2sh_version: u8,
    /// Test mode (`BLOCKSTACK_TEST=1`).
    pub test_mode: bool,
    pub epochs: Vec<Epoch>,
    pub namespace_reveal_expire: u32,
    pub name_preorder_expire: u32,
    pub namespace_preorder_expire: u32,
    /// Number of BIP32 children in a NAME_IMPORT keychain (300; test mode 5).
    pub import_keyring_size: u32,
    /// STX genesis allocation (empty unless the params set provides one).
    pub genesis_rows: Vec<GenesisRow>,
    /// Patches to the allocation at fixed heights (only the built-in mainnet genesis
    /// has them), in ascending height order.
    pub genesis_patches: Vec<GenesisPatch>,
}

/// Genesis consensus hash of the four pseudo-snapshots before FIRST (bns spec §2.5).
pub const GENESIS_CONSENSUS_HASH: [u8; 16] =
    [0x17, 0xac, 0x43, 0xc1, 0xd8, 0x54, 0x9c, 0x31, 0x81, 0xb2, 0x00, 0xf1, 0xbf, 0x97, 0xeb, 0x7d];
/// Consensus hashes are valid for ops this many blocks back (bns spec §2.5).
pub const CONSENSUS_HASH_WINDOW: u32 = 24;
pub const BLOCKS_PER_YEAR: u32 = 52595;
pub const BLOCKS_PER_DAY: u32 = 144;
pub const MAX_NAMES_PER_SENDER: u64 = 25;
pub const NAMESPACE_LIFE_INFINITE: u32 = 0xffff_ffff;
pub const MAINNET_FIRST_BLOCK: u32 = 373_601;
pub const V22_FREEZE_HEIGHT: u32 = 665_750;

const EPOCH_1_FEATURES: EpochFeatures = EpochFeatures {
    multisig: false,
    segwit: false,
    op_register_update: false,
    op_renew_transfer_update: false,
    namespace_burn_to_creator: false,
    namespace_pay_with_stacks: false,
    stacks_buy_namespaces: false,
    fix_preorder_expire: false,
    nameops_cost_tokens: false,
    token_transfer: false,
    int_division: false,
    token_transfer_consensus_hash_optional: false,
};
const EPOCH_2_FEATURES: EpochFeatures = EpochFeatures { multisig: true, ..EPOCH_1_FEATURES };
const EPOCH_3_FEATURES: EpochFeatures = EpochFeatures {
    segwit: true,
    op_register_update: true,
    op_renew_transfer_update: true,
    namespace_burn_to_creator: true,
    ..EPOCH_2_FEATURES
};
const EPOCH_4_FEATURES: EpochFeatures = EpochFeatures {
    namespace_pay_with_stacks: true,
    stacks_buy_namespaces: true,
    fix_preorder_expire: true,
    nameops_cost_tokens: true,
    token_transfer: true,
    int_division: true,
    ..EPOCH_3_FEATURES
};
const EPOCH_5_FEATURES: EpochFeatures =
    EpochFeatures { token_transfer_consensus_hash_optional: true, ..EPOCH_4_FEATURES };

/// Namespace BTC price table, epochs 1–2 (satoshis): 400, 40, 4, 0.4 BTC.
const NAMESPACE_PRICE_BTC_A: [u64; 4] = [40_000_000_000, 4_000_000_000, 400_000_000, 40_000_000];
/// Namespace STX price table, epochs ≥ 4 (µSTX).
const NAMESPACE_PRICE_STX: [u64; 4] = [640_000_000_000, 64_000_000_000, 6_400_000_000, 640_000_000];

/// Mainnet epoch end heights (E1 … E5; E6 is open).
const MAINNET_EPOCH_ENDS: [u32; 5] = [436_650, 488_500, 547_921, 599_866, 613_249];
/// Test-mode `NAMESPACE_1_CHAR_COST` (41 BTC, an int) instead of 400.0 BTC.
const TEST_NAMESPACE_1_CHAR_COST: u64 = 4_100_000_000;

/// The epoch table of test mode before any per-epoch env override: mainnet heights
/// and periods, 1-char namespace price 41 BTC (reference `config.py`).
pub(crate) fn test_mode_epochs() -> Vec<Epoch> {
    v22_epochs(MAINNET_EPOCH_ENDS, 5000, BLOCKS_PER_YEAR, TEST_NAMESPACE_1_CHAR_COST)
}

/// The v22 six-epoch table with the given inclusive end heights and epoch ≥ 3
/// grace / receive-fees periods.
fn v22_epochs(ends: [u32; 5], grace: u32, receive_fees: u32, one_char_btc_sat: u64) -> Vec<Epoch> {
    let mut table_a = NAMESPACE_PRICE_BTC_A;
    table_a[0] = one_char_btc_sat;
    let table_a_tenth = table_a.map(|p| p / 10);
    let features = [
        EPOCH_1_FEATURES,
        EPOCH_2_FEATURES,
        EPOCH_3_FEATURES,
        EPOCH_4_FEATURES,
        EPOCH_5_FEATURES,
        EPOCH_5_FEATURES,
    ];
    (0..6)
        .map(|i| {
            let int_division = features[i].int_division;
            Epoch {
                end_block: ends.get(i).copied(),
                features: features[i],
                lifetime_multiplier: if i == 0 { 1 } else { 2 },
                grace_period: if i < 2 { 0 } else { grace },
                receive_fees_period: if i < 2 { 0 } else { receive_fees },
                name_price: if int_division {
                    NamePriceScale::IntDivision { btc_divisor: 10, stx_divisor: 1 }
                } else {
                    NamePriceScale::Float { multiplier: if i < 2 { 1.0 } else { 0.1 } }
                },
                namespace_price_btc_sat: match i {
                    0 | 1 => Some(table_a),
                    2 => Some(table_a_tenth),
                    _ => None,
                },
                namespace_price_stx: if int_division { Some(NAMESPACE_PRICE_STX) } else { None },
            }
        })
        .collect()
}

impl Params {
    /// The built-in parameters of a Bitcoin network, where there are any: mainnet
    /// ([`Params::mainnet_with_genesis`]: with the reference's STX genesis block and
    /// patches) and regtest ([`Params::regtest`]: the oracle's test-mode set). Testnets
    /// and signet have none: the reference needs a first block and a magic for them
    /// (`BLOCKSTACK_TESTNET_START_BLOCK`, `BLOCKSTACK_TESTNET_ID`), i.e. a params file.
    pub fn for_network(network: bitcoin::Network) -> Option<Params> {
        match network {
            bitcoin::Network::Bitcoin => Some(Params::mainnet_with_genesis()),
            bitcoin::Network::Regtest => Some(Params::regtest()),
            _ => None,
        }
    }

    /// Mainnet, v22.2.0.0 rules (epochs 1–6, freeze at 665750). Genesis STX rows are
    /// not included here; see `Params::with_genesis_rows` and the mainnet data file.
    pub fn mainnet() -> Params {
        Params {
            network: Network::Mainnet,
            name: "mainnet".to_string(),
            magic: *b"id",
            first_block: MAINNET_FIRST_BLOCK,
            freeze_height: Some(V22_FREEZE_HEIGHT),
            p2pkh_version: 0x00,
            p2sh_version: 0x05,
            test_mode: false,
            epochs: v22_epochs(MAINNET_EPOCH_ENDS, 5000, BLOCKS_PER_YEAR, 40_000_000_000),
            namespace_reveal_expire: BLOCKS_PER_YEAR,
            name_preorder_expire: BLOCKS_PER_DAY,
            namespace_preorder_expire: BLOCKS_PER_DAY,
            import_keyring_size: 300,
            genesis_rows: Vec::new(),
            genesis_patches: Vec::new(),
        }
    }

    /// `Params::mainnet()` plus the built-in STX genesis block of the reference (1,733
    /// rows, addresses as the mainnet reference stores them) and its patches at
    /// 599865, 613249 and the airdrop batches 613250 … 613282. `Params::mainnet()`
    /// itself stays without them (cheap to build).
    pub fn mainnet_with_genesis() -> Params {
        let genesis = mainnet_genesis();
        Params { genesis_rows: genesis.rows, genesis_patches: genesis.patches, ..Params::mainnet() }
    }

    /// Bitcoin testnet (testnet3, testnet4, signet): mainnet rules with testnet address
    /// versions (0x6f / 0xc4, `BLOCKSTACK_TESTNET3=1`). The reference has no built-in first
    /// block or magic for it: both must be given (`BLOCKSTACK_TESTNET_START_BLOCK`,
    /// `BLOCKSTACK_TESTNET_ID`, consensus spec §9). Epoch heights stay mainnet's, so a
    /// testnet chain below 436651 is in epoch 1. No STX genesis allocation.
    pub fn testnet(first_block: u32, magic: [u8; 2]) -> Params {
        Params {
            network: Network::Testnet,
            name: "testnet".to_string(),
            magic,
            first_block,
            p2pkh_version: 0x6f,
            p2sh_version: 0xc4,
            ..Params::mainnet()
        }
    }

    /// The reference's test mode as the oracle's `params/regtest.json` sets it
    /// (oracle PARAMS.md §1): FIRST 688, epoch ends 750/800/850/900/950, grace 10,
    /// fee window 50, reveal expiry 144, keyring 5, 1-char namespace 41 BTC, and the
    /// six oracle wallets with 10,000,000 STX each.
    pub fn regtest() -> Params {
        Params {
            network: Network::Regtest,
            name: "regtest-default".to_string(),
            magic: *b"id",
            first_block: 688,
            freeze_height: Some(V22_FREEZE_HEIGHT),
            p2pkh_version: 0x6f,
            p2sh_version: 0xc4,
            test_mode: true,
            epochs: v22_epochs([750, 800, 850, 900, 950], 10, 50, TEST_NAMESPACE_1_CHAR_COST),
            namespace_reveal_expire: BLOCKS_PER_DAY,
            name_preorder_expire: BLOCKS_PER_DAY,
            namespace_preorder_expire: BLOCKS_PER_DAY,
            import_keyring_size: 5,
            genesis_rows: REGTEST_WALLETS
                .iter()
                .map(|address| GenesisRow {
                    address: (*address).to_string(),
                    token_type: "STACKS".to_string(),
                    value: 10_000_000_000_000,
                    lock_send: 0,
                    metadata: String::new(),
                    receive_whitelisted: true,
                    vesting: BTreeMap::new(),
                    vesting_total: 0,
                })
                .collect(),
            genesis_patches: Vec::new(),
        }
    }

    /// The epoch in force at `height` (heights below FIRST are epoch 1).
    pub fn epoch_at(&self, height: u32) -> &Epoch {
        let index = self.epoch_number_at(height) - 1;
        // Invariant of construction: `epochs` is non-empty and the last one is open.
        &self.epochs[index.min(self.epochs.len() - 1)]
    }

    /// 1-based epoch number at `height`.
    pub fn epoch_number_at(&self, height: u32) -> usize {
        for (i, epoch) in self.epochs.iter().enumerate() {
            match epoch.end_block {
                Some(end) if height > end => continue,
                _ => return i + 1,
            }
        }
        self.epochs.len()
    }

    pub fn features_at(&self, height: u32) -> EpochFeatures {
        self.epoch_at(height).features
    }
}

/// The six deterministic oracle wallets (oracle PARAMS.md §1, "STX genesis allocation").
const REGTEST_WALLETS: [&str; 6] = [
    "mhXL5fyefC9LceAkDdcwSKmyqYZeHbrTsN",
    "mu3C8qQvAAC3zchfi69N6RUGX1ey5E2ghk",
    "mnkrsqQCk83daiPN6ktqgmzhug1Y9TXv12",
    "n4oqFKcHnVD8Lji6fFe7zXssYNWoXCdiJn",
    "mmHS2KJ2pUv3ZAi9XNKW796xboq6Y8WCYH",
    "myNerf3N8TAhHoyJj1kYZxDwaHCnQFe8B8",
];
