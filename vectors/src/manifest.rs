//! `scenario-manifest.json`: what chaingen generated, for tests to check against —
//! every block (height, hash, where it was stored), every op (txid, height, position,
//! expected outcome), wallets and their addresses, forks and the truncated tail.

use crate::netparams::BnsParams;
use crate::scenario::{Expectation, OpSpec, Scenario};
use crate::wallets::Wallet;
use bitcoin::{Block, Transaction};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BlockEntry {
    pub height: u32,
    pub hash: String,
    pub prev: String,
    pub tx_count: usize,
    pub size: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `blkNNNNN.dat` index and byte offset of the record (magic) once written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consensus_line: Option<String>,
    /// The scenario's `check` for the state after this block, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<serde_json::Value>,
}

impl BlockEntry {
    pub fn of(height: u32, block: &Block, label: Option<String>) -> BlockEntry {
        BlockEntry {
            height,
            hash: block.block_hash().to_string(),
            prev: block.header.prev_blockhash.to_string(),
            tx_count: block.txdata.len(),
            size: block.total_size(),
            label,
            file: None,
            offset: None,
            consensus_line: None,
            check: None,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OpEntry {
    pub height: u32,
    /// Position of the transaction in its block (coinbase = 0).
    pub vtxindex: u32,
    pub txid: String,
    pub op: String,
    pub from: Option<String>,
    pub expect: Expectation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Pushed OP_RETURN data of the op (hex), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload_hex: Option<String>,
    /// What the inline engine did with it (when chaingen ran the engine).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<crate::consensus_source::EngineVerdict>,
}

impl OpEntry {
    pub fn new(spec: &OpSpec, height: u32, tx: &Transaction, _wallets: &[Wallet]) -> OpEntry {
        let payload = tx.output.iter().rev().find(|o| o.script_pubkey.is_op_return()).and_then(|o| {
            o.script_pubkey
                .instructions()
                .nth(1)
                .and_then(|i| i.ok())
                .and_then(|i| i.push_bytes().map(|b| hex::encode(b.as_bytes())))
        });
        OpEntry {
            height,
            vtxindex: 0,
            txid: tx.compute_txid().to_string(),
            op: serde_json::to_value(spec.op)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            from: spec.from.clone(),
            expect: spec.expect,
            name: spec.name.clone(),
            namespace_id: spec.namespace_id.clone(),
            note: spec.note.clone(),
            payload_hex: payload,
            engine: None,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WalletEntry {
    pub name: String,
    pub kind: crate::keys::ScriptKind,
    pub address: Option<String>,
    pub script_hex: String,
    pub public_keys: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub scenario: String,
    pub source: String,
    pub seed: u64,
    pub network: bns_blockfile::ChainNetwork,
    pub params_name: String,
    pub first_block: u32,
    pub wallets: Vec<WalletEntry>,
    pub blocks: Vec<BlockEntry>,
    pub ops: Vec<OpEntry>,
    pub forks: Vec<BlockEntry>,
    pub tail: Option<BlockEntry>,
    /// Storage order of records: block hashes as written (tail last, if any).
    pub storage_order: Vec<String>,
    pub xor_key: Option<String>,
    pub files: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<serde_json::Value>,
}

impl Manifest {
    pub fn new(
        scenario: &Scenario,
        bns: &BnsParams,
        seed: u64,
        network: bns_blockfile::ChainNetwork,
        wallets: &[Wallet],
    ) -> Manifest {
        Manifest {
            scenario: scenario.name.clone(),
            source: scenario.source.clone(),
            seed,
            network,
            params_name: bns.params.name.clone(),
            first_block: bns.params.first_block,
            wallets: wallets
                .iter()
                .map(|w| WalletEntry {
                    name: w.name.clone(),
                    kind: w.spender.kind,
                    address: w.address.clone(),
                    script_hex: hex::encode(w.script.as_bytes()),
                    public_keys: w.spender.keys.iter().map(|k| hex::encode(k.public().to_bytes())).collect(),
                })
                .collect(),
            blocks: Vec::new(),
            ops: Vec::new(),
            forks: Vec::new(),
            tail: None,
            storage_order: Vec::new(),
            xor_key: None,
            files: Vec::new(),
            expect: scenario.expect.clone(),
        }
    }
}
