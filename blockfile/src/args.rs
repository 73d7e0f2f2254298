//! The command-line arguments that name a network and its BNS parameters, the same
//! in every tool that takes them (`replay`, `chaingen`): `--network`, `--params`,
//! `--first-block`, `--freeze-height`. Flatten with `#[command(flatten)]`.

use crate::network::ChainNetwork;
use std::path::PathBuf;

/// Network and BNS parameters.
#[derive(clap::Args, Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkArgs {
    /// Bitcoin network of the block files (replay: detected from the record magic when
    /// not given; chaingen: regtest when not given)
    #[arg(long, value_enum, global = true)]
    pub network: Option<ChainNetwork>,
    /// BNS parameters file (the oracle's params/*.json shape)
    #[arg(long, value_name = "FILE", global = true)]
    pub params: Option<PathBuf>,
    /// Override the parameters' first BNS block (as the oracle's run.sh --first-block)
    #[arg(long, value_name = "HEIGHT", global = true)]
    pub first_block: Option<u32>,
    /// Override v22.2.0.0's freeze height: HEIGHT, or `none` for v22.0.0.0 behaviour
    /// (as the oracle's run.sh --freeze-height)
    #[arg(long, value_name = "HEIGHT|none", value_parser = parse_freeze_height, global = true)]
    pub freeze_height: Option<FreezeHeight>,
}

/// `--freeze-height`: a height, or no freeze at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FreezeHeight {
    At(u32),
    None,
}

impl FreezeHeight {
    /// As a `Params::freeze_height` value.
    pub fn height(self) -> Option<u32> {
        match self {
            FreezeHeight::At(h) => Some(h),
            FreezeHeight::None => None,
        }
    }
}

/// Why a `--freeze-height` value is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is neither a height nor `none`")]
pub struct BadFreezeHeight(pub String);

pub fn parse_freeze_height(text: &str) -> Result<FreezeHeight, BadFreezeHeight> {
    if text == "none" {
        return Ok(FreezeHeight::None);
    }
    text.parse().map(FreezeHeight::At).map_err(|_| BadFreezeHeight(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        net: NetworkArgs,
    }

    #[test]
    fn parses_every_field_and_the_testnet3_alias() {
        let cli = Cli::parse_from([
            "x",
            "--network",
            "testnet3",
            "--params",
            "p.json",
            "--first-block",
            "5",
            "--freeze-height",
            "none",
        ]);
        assert_eq!(cli.net.network, Some(ChainNetwork::Testnet));
        assert_eq!(cli.net.params, Some(PathBuf::from("p.json")));
        assert_eq!(cli.net.first_block, Some(5));
        assert_eq!(cli.net.freeze_height, Some(FreezeHeight::None));
        let cli = Cli::parse_from(["x", "--freeze-height", "7"]);
        assert_eq!(cli.net.freeze_height.and_then(FreezeHeight::height), Some(7));
        assert!(Cli::try_parse_from(["x", "--freeze-height", "soon"]).is_err());
        assert!(Cli::try_parse_from(["x", "--network", "bitcoin"]).is_err());
    }
}
