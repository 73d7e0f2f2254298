//! Bitcoin networks as their block files know them: one name each (`mainnet`,
//! `testnet`, `testnet4`, `signet`, `regtest`; `testnet3` is accepted as another
//! spelling of `testnet`), the 4-byte record magic and the genesis block (both from
//! `bitcoin::Network`), and detection of the network from the magic found first.

use crate::error::ReadBlockError;

/// A Bitcoin network whose block files we read and write.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum ChainNetwork {
    Mainnet,
    /// testnet3.
    #[serde(alias = "testnet3")]
    #[cfg_attr(feature = "clap", value(alias = "testnet3"))]
    Testnet,
    Testnet4,
    Signet,
    Regtest,
}

impl ChainNetwork {
    /// Every network, in the order detection tries them.
    pub const VALUES: [ChainNetwork; 5] = [
        ChainNetwork::Mainnet,
        ChainNetwork::Testnet,
        ChainNetwork::Testnet4,
        ChainNetwork::Signet,
        ChainNetwork::Regtest,
    ];

    /// The same network in rust-bitcoin's terms.
    pub fn bitcoin(self) -> bitcoin::Network {
        match self {
            ChainNetwork::Mainnet => bitcoin::Network::Bitcoin,
            ChainNetwork::Testnet => bitcoin::Network::Testnet,
            ChainNetwork::Testnet4 => bitcoin::Network::Testnet4,
            ChainNetwork::Signet => bitcoin::Network::Signet,
            ChainNetwork::Regtest => bitcoin::Network::Regtest,
        }
    }

    /// Record magic (Bitcoin Core's `pchMessageStart`, as rust-bitcoin has it).
    pub fn magic(self) -> [u8; 4] {
        self.bitcoin().magic().to_bytes()
    }

    /// The network's genesis block (height 0, the first record of `blk00000.dat`).
    pub fn genesis_block(self) -> bitcoin::Block {
        bitcoin::blockdata::constants::genesis_block(self.bitcoin())
    }

    /// Genesis block hash in internal (little-endian, as hashed) byte order.
    pub fn genesis_internal(self) -> [u8; 32] {
        use bitcoin::hashes::Hash as _;
        self.genesis_block().block_hash().to_byte_array()
    }

    /// Genesis block hash in display order (hex).
    pub fn genesis_hex(self) -> String {
        self.genesis_block().block_hash().to_string()
    }

    pub fn from_magic(magic: [u8; 4]) -> Option<ChainNetwork> {
        ChainNetwork::VALUES.into_iter().find(|n| n.magic() == magic)
    }

    /// The one spelling of the network's name (what `--network` takes).
    pub fn name(self) -> &'static str {
        match self {
            ChainNetwork::Mainnet => "mainnet",
            ChainNetwork::Testnet => "testnet",
            ChainNetwork::Testnet4 => "testnet4",
            ChainNetwork::Signet => "signet",
            ChainNetwork::Regtest => "regtest",
        }
    }
}

impl std::fmt::Display for ChainNetwork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A network name that is none of ours.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown network {0:?} (expected mainnet, testnet, testnet4, signet or regtest)")]
pub struct UnknownNetwork(pub String);

impl std::str::FromStr for ChainNetwork {
    type Err = UnknownNetwork;
    fn from_str(text: &str) -> Result<ChainNetwork, UnknownNetwork> {
        match text {
            "testnet3" => Ok(ChainNetwork::Testnet),
            _ => ChainNetwork::VALUES
                .into_iter()
                .find(|n| n.name() == text)
                .ok_or_else(|| UnknownNetwork(text.to_string())),
        }
    }
}

/// The network whose magic occurs first in `bytes` (the de-obfuscated start of the
/// first block file); leading zero padding or junk is skipped.
pub fn detect_network(bytes: &[u8]) -> Result<ChainNetwork, ReadBlockError> {
    let found = ChainNetwork::VALUES
        .into_iter()
        .filter_map(|n| find_subslice(bytes, &n.magic()).map(|pos| (pos, n)))
        .min_by_key(|(pos, _)| *pos);
    match found {
        Some((_, network)) => Ok(network),
        None => Err(ReadBlockError::UnknownMagic {
            first_bytes: hex::encode(bytes.iter().copied().take(4).collect::<Vec<u8>>()),
        }),
    }
}

/// Position of the first occurrence of `needle` in `haystack`.
pub fn find_subslice(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    // A byte-by-byte `windows` scan took 1.5 ms of replay's start on a 1 MiB prefix.
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magics_and_genesis_hashes_are_bitcoin_cores() {
        // pchMessageStart and the genesis hashes of Bitcoin Core's chainparams.cpp.
        let expected = [
            (
                ChainNetwork::Mainnet,
                "f9beb4d9",
                "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
            ),
            (
                ChainNetwork::Testnet,
                "0b110907",
                "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
            ),
            (
                ChainNetwork::Testnet4,
                "1c163f28",
                "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043",
            ),
            (
                ChainNetwork::Signet,
                "0a03cf40",
                "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6",
            ),
            (
                ChainNetwork::Regtest,
                "fabfb5da",
                "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
            ),
        ];
        for (network, magic, genesis) in expected {
            assert_eq!(hex::encode(network.magic()), magic, "{network}");
            assert_eq!(network.genesis_hex(), genesis, "{network}");
            let mut display = network.genesis_internal();
            display.reverse();
            assert_eq!(hex::encode(display), genesis, "{network}");
        }
    }

    #[test]
    fn one_spelling_with_testnet3_as_an_alias() {
        for n in ChainNetwork::VALUES {
            assert_eq!(n.name().parse::<ChainNetwork>(), Ok(n));
            assert_eq!(serde_json::to_string(&n).unwrap(), format!("\"{}\"", n.name()));
        }
        assert_eq!("testnet3".parse::<ChainNetwork>(), Ok(ChainNetwork::Testnet));
        assert_eq!(serde_json::from_str::<ChainNetwork>("\"testnet3\"").unwrap(), ChainNetwork::Testnet);
        assert!("bitcoin".parse::<ChainNetwork>().is_err());
    }

    #[test]
    fn detects_regtest_after_zero_padding() {
        let mut bytes = vec![0u8; 17];
        bytes.extend_from_slice(&ChainNetwork::Regtest.magic());
        bytes.extend_from_slice(&[1, 2, 3]);
        assert!(matches!(detect_network(&bytes), Ok(ChainNetwork::Regtest)));
    }

    #[test]
    fn unknown_magic_is_an_error() {
        assert!(matches!(detect_network(&[1, 2, 3, 4, 5, 6]), Err(ReadBlockError::UnknownMagic { .. })));
    }

    #[test]
    fn every_magic_round_trips() {
        for n in ChainNetwork::VALUES {
            assert_eq!(ChainNetwork::from_magic(n.magic()), Some(n));
        }
    }
}
