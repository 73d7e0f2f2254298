//! Bitcoin networks as the block files know them: the 4-byte record magic and the
//! genesis block hash of each, and detection of the network from the magic found in
//! the first block file.

use crate::error::ReadBlockError;

/// A Bitcoin network whose block files `replay` can read.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum ChainNetwork {
    Mainnet,
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

    /// Record magic (`pchMessageStart` of Bitcoin Core's chainparams.cpp).
    pub fn magic(self) -> [u8; 4] {
        match self {
            ChainNetwork::Mainnet => [0xf9, 0xbe, 0xb4, 0xd9],
            ChainNetwork::Testnet => [0x0b, 0x11, 0x09, 0x07],
            ChainNetwork::Testnet4 => [0x1c, 0x16, 0x3f, 0x28],
            ChainNetwork::Signet => [0x0a, 0x03, 0xcf, 0x40],
            ChainNetwork::Regtest => [0xfa, 0xbf, 0xb5, 0xda],
        }
    }

    /// Genesis block hash in display order (hex), from Bitcoin Core's chainparams.cpp.
    pub fn genesis_hex(self) -> &'static str {
        match self {
            ChainNetwork::Mainnet => "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
            ChainNetwork::Testnet => "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
            ChainNetwork::Testnet4 => "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043",
            ChainNetwork::Signet => "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6",
            ChainNetwork::Regtest => "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
        }
    }

    /// Genesis hash in internal (little-endian, as hashed) byte order.
    pub fn genesis_internal(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        hex::decode_to_slice(self.genesis_hex(), &mut out).expect("genesis constants are valid hex");
        out.reverse();
        out
    }

    pub fn from_magic(magic: [u8; 4]) -> Option<ChainNetwork> {
        ChainNetwork::VALUES.into_iter().find(|n| n.magic() == magic)
    }

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
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_regtest_after_zero_padding() {
        let mut bytes = vec![0u8; 17];
        bytes.extend_from_slice(&ChainNetwork::Regtest.magic());
        bytes.extend_from_slice(&[1, 2, 3]);
        assert_eq!(detect_network(&bytes), Ok(ChainNetwork::Regtest));
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
