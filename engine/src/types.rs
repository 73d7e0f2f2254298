//! Shared vocabulary of the engine: byte newtypes, the candidate operation produced by
//! extraction (consensus spec §3, bns spec §5) and consumed by the rules.
//!
//! Nothing here decides anything; it only names things.

use serde::{Deserialize, Serialize};

/// 16-byte consensus hash, in display order (as hex in records and on the wire).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct ConsensusHash(pub [u8; 16]);

/// 32-byte ops hash (Merkle root over a block's records), display order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct OpsHash(pub [u8; 32]);

/// A transaction id in display order (the usual reversed hex form when hex-encoded).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Txid(pub [u8; 32]);

/// A block hash in display order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct BlockHash(pub [u8; 32]);

macro_rules! hex_newtype {
    ($t:ident) => {
        impl $t {
            /// Lowercase hex of the display bytes.
            pub fn to_hex(&self) -> String {
                hex::encode(self.0)
            }
            /// Parse lowercase or uppercase hex of exactly the right length.
            pub fn from_hex(s: &str) -> Option<Self> {
                let mut out = Self::default();
                hex::decode_to_slice(s, &mut out.0).ok()?;
                Some(out)
            }
        }
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({})", stringify!($t), self.to_hex())
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.to_hex())
            }
        }
    };
}
hex_newtype!(ConsensusHash);
hex_newtype!(OpsHash);
hex_newtype!(Txid);
hex_newtype!(BlockHash);

/// The single-byte opcode after the `id` magic (consensus spec §3.3).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub enum Opcode {
    NamePreorder,
    /// `:` — registration (< 4 outputs) or renewal (≥ 4 outputs).
    NameRegistration,
    NameUpdate,
    NameTransfer,
    NameRevoke,
    NameImport,
    NamespacePreorder,
    NamespaceReveal,
    NamespaceReady,
    Announce,
    TokenTransfer,
}

impl Opcode {
    /// Fixed order of all opcodes (for tables and fuzzers; never a processing order).
    pub const VALUES: [Opcode; 11] = [
        Opcode::NamePreorder,
        Opcode::NameRegistration,
        Opcode::NameUpdate,
        Opcode::NameTransfer,
        Opcode::NameRevoke,
        Opcode::NameImport,
        Opcode::NamespacePreorder,
        Opcode::NamespaceReveal,
        Opcode::NamespaceReady,
        Opcode::Announce,
        Opcode::TokenTransfer,
    ];

    pub fn from_byte(b: u8) -> Option<Opcode> {
        Some(match b {
            b'?' => Opcode::NamePreorder,
            b':' => Opcode::NameRegistration,
            b'+' => Opcode::NameUpdate,
            b'>' => Opcode::NameTransfer,
            b'~' => Opcode::NameRevoke,
            b';' => Opcode::NameImport,
            b'*' => Opcode::NamespacePreorder,
            b'&' => Opcode::NamespaceReveal,
            b'!' => Opcode::NamespaceReady,
            b'#' => Opcode::Announce,
            b'$' => Opcode::TokenTransfer,
            _ => return None,
        })
    }

    pub fn byte(self) -> u8 {
        match self {
            Opcode::NamePreorder => b'?',
            Opcode::NameRegistration => b':',
            Opcode::NameUpdate => b'+',
            Opcode::NameTransfer => b'>',
            Opcode::NameRevoke => b'~',
            Opcode::NameImport => b';',
            Opcode::NamespacePreorder => b'*',
            Opcode::NamespaceReveal => b'&',
            Opcode::NamespaceReady => b'!',
            Opcode::Announce => b'#',
            Opcode::TokenTransfer => b'$',
        }
    }
}

/// An output as the op parsers see it: script bytes, value, and its base58check
/// address for this network when it is p2pkh/p2sh (consensus spec §3.6).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct OutputRef {
    pub script: Vec<u8>,
    pub value_sat: u64,
    /// Base58check address (network version bytes) or `None` if not p2pkh/p2sh.
    pub address: Option<String>,
}

/// Who sent the op (consensus spec §3.4): the prevout of input 0.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Sender {
    /// scriptPubKey of the output spent by input 0.
    pub script: Vec<u8>,
    /// Its single base58check address.
    pub address: String,
    /// Public key bytes exactly as they appeared in a scriptSig (§2.3), if found.
    pub pubkey: Option<Vec<u8>>,
}

/// A parsed, not yet checked, BNS operation. Field names follow the bns spec §5.
/// Produced by `extract`, consumed by `rules`.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub enum Op {
    NamePreorder {
        preorder_hash: [u8; 20],
        consensus_hash: ConsensusHash,
        /// 63-byte form (epoch ≥ 4): STX amount and token type (NULs stripped).
        token_fee: Option<u64>,
        token_units: Option<String>,
        /// outputs[2]: value and address.
        op_fee_sat: u64,
        burn_address: String,
    },
    /// `:` with fewer than 4 outputs.
    NameRegistration {
        name: String,
        value_hash: Option<[u8; 20]>,
        /// `None` for the 57-byte form, `Some(0)` for the raw-fqn form, `Some(n)` for 65 bytes.
        token_fee: Option<u64>,
        recipient: Vec<u8>,
        recipient_address: String,
    },
    /// `:` with 4 or more outputs.
    NameRenewal {
        name: String,
        value_hash: Option<[u8; 20]>,
        token_fee: Option<u64>,
        recipient: Vec<u8>,
        recipient_address: String,
        /// outputs[3]: value and address.
        op_fee_sat: u64,
        burn_address: String,
    },
    NameUpdate {
        name_consensus_hash: [u8; 16],
        value_hash: [u8; 20],
    },
    NameTransfer {
        keep_data: bool,
        name_hash128: [u8; 16],
        consensus_hash: ConsensusHash,
        recipient: Vec<u8>,
        recipient_address: String,
    },
    NameRevoke {
        name: String,
    },
    NameImport {
        name: String,
        recipient: Vec<u8>,
        recipient_address: String,
        /// The 20-byte hash inside outputs[2] (p2pkh or p2sh).
        value_hash: [u8; 20],
    },
    NamespacePreorder {
        preorder_hash: [u8; 20],
        consensus_hash: ConsensusHash,
        /// 8-byte STX amount (mandatory from epoch 4, forbidden before).
        token_fee: Option<u64>,
        op_fee_sat: u64,
        burn_address: String,
    },
    NamespaceReveal {
        namespace_id: String,
        lifetime: u32,
        coeff: u8,
        base: u8,
        buckets: [u8; 16],
        nonalpha_discount: u8,
        no_vowel_discount: u8,
        version: u16,
        recipient: Vec<u8>,
        recipient_address: String,
    },
    NamespaceReady {
        namespace_id: String,
    },
    Announce {
        message_hash: [u8; 20],
    },
    TokenTransfer {
        consensus_hash: ConsensusHash,
        token_type: String,
        amount: u64,
        scratch_area: Vec<u8>,
        recipient: Vec<u8>,
        recipient_address: String,
    },
}

impl Op {
    pub fn opcode(&self) -> Opcode {
        match self {
            Op::NamePreorder { .. } => Opcode::NamePreorder,
            Op::NameRegistration { .. } | Op::NameRenewal { .. } => Opcode::NameRegistration,
            Op::NameUpdate { .. } => Opcode::NameUpdate,
            Op::NameTransfer { .. } => Opcode::NameTransfer,
            Op::NameRevoke { .. } => Opcode::NameRevoke,
            Op::NameImport { .. } => Opcode::NameImport,
            Op::NamespacePreorder { .. } => Opcode::NamespacePreorder,
            Op::NamespaceReveal { .. } => Opcode::NamespaceReveal,
            Op::NamespaceReady { .. } => Opcode::NamespaceReady,
            Op::Announce { .. } => Opcode::Announce,
            Op::TokenTransfer { .. } => Opcode::TokenTransfer,
        }
    }
}

/// A candidate operation: one transaction of a block that carried a parseable BNS
/// payload (consensus spec §3.7 passed). The rules decide whether it is accepted.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Candidate {
    pub txid: Txid,
    /// Position of the transaction in its Bitcoin block (coinbase = 0), §3.8.
    pub vtxindex: u32,
    pub sender: Sender,
    pub op: Op,
}
