//! `Engine::apply_block` drives one block's candidates through the rules: vesting, the
//! v22 freeze, the collision pre-scan, check+commit in block order, then the consensus
//! records, ops hash and consensus hash (bns spec §8, §11; consensus spec §2, §4–§7).

use crate::consensus::{self, Value};
use crate::params::{Params, GENESIS_CONSENSUS_HASH};
use crate::rules::{self, RejectReason, Verdict};
use crate::state::{self, State};
use crate::types::{BlockHash, Candidate, ConsensusHash, Opcode, OpsHash, Txid};
use serde::{Deserialize, Serialize};

/// One block's input: its height, hash and candidate ops in block order (by vtxindex).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockInput {
    pub height: u32,
    pub block_hash: BlockHash,
    pub candidates: Vec<Candidate>,
}

/// What one block did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockOutcome {
    pub height: u32,
    pub block_hash: BlockHash,
    pub ops_hash: OpsHash,
    pub consensus_hash: ConsensusHash,
    pub accepted: Vec<AcceptedOp>,
    pub rejected: Vec<RejectedOp>,
    pub delta: state::StateDelta,
    /// Every account row the block wrote, in write order (several per account when an
    /// account changes more than once): the reference's append-only account history.
    /// Read-side data only, not serialized.
    #[serde(skip)]
    pub account_rows: Vec<state::Account>,
}

/// An accepted op and its serialized consensus record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AcceptedOp {
    pub txid: Txid,
    pub vtxindex: u32,
    pub opcode: Opcode,
    /// Stored op string, e.g. `::` or `>~`.
    pub op: String,
    /// Name / namespace ID / preorder hash hex / sender address.
    pub key: String,
    /// The serialized consensus record (ASCII).
    pub record: String,
    /// The op's committed record dict, field name → value (the name or namespace row
    /// the op left, the preorder row, the token transfer): what the reference keeps as
    /// the op's history row. Read-side data only: no hash reads it, and it is not
    /// serialized (the accepted-op JSON of `replay --json` and the store is unchanged).
    #[serde(skip)]
    pub fields: std::collections::BTreeMap<String, Value>,
}

/// A rejected candidate and the check that rejected it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RejectedOp {
    pub txid: Txid,
    pub vtxindex: u32,
    pub opcode: Opcode,
    pub reason: RejectReason,
}

/// Why the engine cannot go on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EngineError {
    HeightOutOfOrder {
        expected: u32,
        got: u32,
    },
    /// The reference node stops indexing at this block (bns spec §15.7); no consensus
    /// hash exists for it. The engine refuses every later block.
    ReferenceHalts {
        height: u32,
        reason: rules::Halt,
    },
    /// A state handed to `from_state` is not one this engine could have produced.
    InvalidState {
        reason: String,
    },
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineError::HeightOutOfOrder { expected, got } => {
                write!(f, "block height out of order: expected {expected}, got {got}")
            }
            EngineError::ReferenceHalts { height, reason } => {
                write!(f, "the reference node halts at block {height}: {reason}")
            }
            EngineError::InvalidState { reason } => write!(f, "invalid state: {reason}"),
        }
    }
}

impl std::error::Error for EngineError {}

/// The BNS state machine.
#[derive(Clone, Debug)]
pub struct Engine {
    params: Params,
    state: State,
    /// `VestingSchedule::from_params(&params)`, built once.
    vesting: rules::genesis::VestingSchedule,
    /// Set once the reference would have halted; every later call fails with it.
    halted: Option<EngineError>,
}

impl Engine {
    /// A fresh engine: genesis consensus rows at FIRST−4 … FIRST−1 and the STX genesis
    /// accounts (consensus spec §9, bns spec §10).
    pub fn new(params: Params) -> Engine {
        let mut state = State::default();
        let first = params.first_block;
        for h in first.saturating_sub(4)..first {
            state.consensus_hashes.insert(h, ConsensusHash(GENESIS_CONSENSUS_HASH));
        }
        state.last_block = first.saturating_sub(1);
        rules::token::create_genesis_accounts(&mut state, &params);
        let vesting = rules::genesis::VestingSchedule::from_params(&params);
        Engine { params, state, vesting, halted: None }
    }

    /// Continue from a persisted state.
    pub fn from_state(params: Params, state: State) -> Result<Engine, EngineError> {
        if state.last_block.saturating_add(1) < params.first_block {
            return Err(EngineError::InvalidState {
                reason: format!(
                    "last block {} is before FIRST−1 = {}",
                    state.last_block,
                    params.first_block.saturating_sub(1)
                ),
            });
        }
        if !state.consensus_hashes.contains_key(&state.last_block) {
            return Err(EngineError::InvalidState {
                reason: format!("no consensus hash for the last processed block {}", state.last_block),
            });
        }
        let vesting = rules::genesis::VestingSchedule::from_params(&params);
        Ok(Engine { params, state, vesting, halted: None })
    }

    pub fn params(&self) -> &Params {
        &self.params
    }
    pub fn state(&self) -> &State {
        &self.state
    }
    pub fn into_state(self) -> State {
        self.state
    }
    /// The height `apply_block` expects next (FIRST for a fresh engine).
    pub fn next_height(&self) -> u32 {
        self.state.last_block.saturating_add(1)
    }
    pub fn consensus_hash_at(&self, height: u32) -> Option<ConsensusHash> {
        self.state.consensus_hash_at(height)
    }

    /// Process one block. On `ReferenceHalts` the state may hold part of the block and
    /// the engine refuses all later blocks (the reference has no hash for them either).
    pub fn apply_block(&mut self, input: BlockInput) -> Result<BlockOutcome, EngineError> {
        if let Some(err) = &self.halted {
            return Err(err.clone());
        }
        let expected = self.next_height();
        if input.height != expected {
            return Err(EngineError::HeightOutOfOrder { expected, got: input.height });
        }
        // Every earlier hash the skip list needs must be present (the reference treats
        // a missing one as fatal); checked before the block touches the state.
        if let Some(missing) = consensus::skip_list_heights(input.height, self.params.first_block)
            .into_iter()
            .find(|h| !self.state.consensus_hashes.contains_key(h))
        {
            return Err(EngineError::InvalidState {
                reason: format!("no consensus hash for height {missing}"),
            });
        }
        match self.process(&input) {
            Ok(outcome) => Ok(outcome),
            Err(halt) => {
                let err = EngineError::ReferenceHalts { height: input.height, reason: halt };
                self.halted = Some(err.clone());
                Err(err)
            }
        }
    }

    fn process(&mut self, input: &BlockInput) -> Result<BlockOutcome, rules::Halt> {
        let height = input.height;
        let outcome = rules::run_block_with_schedule(
            &mut self.state,
            &self.params,
            &self.vesting,
            height,
            &input.candidates,
        )?;
        let mut touched = outcome.touched;
        let account_rows = outcome.account_rows;
        let mut accepted = Vec::new();
        let mut rejected = Vec::new();
        let mut records: Vec<Vec<u8>> = Vec::new();
        for (cand, verdict) in input.candidates.iter().zip(outcome.verdicts) {
            match verdict {
                Verdict::Accept(acc) => {
                    let opcode = cand.op.opcode();
                    let bytes = serialize(opcode.byte(), &acc.record);
                    accepted.push(AcceptedOp {
                        txid: cand.txid,
                        vtxindex: cand.vtxindex,
                        opcode,
                        op: acc.op,
                        key: acc.key,
                        record: String::from_utf8_lossy(&bytes).into_owned(),
                        fields: acc.record.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect(),
                    });
                    records.push(bytes);
                }
                Verdict::Reject(reason) => rejected.push(reject(cand, reason)),
            }
        }

        let ops_hash = consensus::ops_hash(&records);
        let mut previous = Vec::new();
        for h in consensus::skip_list_heights(height, self.params.first_block) {
            // Presence was checked in `apply_block` before any state change.
            if let Some(ch) = self.state.consensus_hashes.get(&h) {
                previous.push(*ch);
            }
        }
        let consensus_hash = consensus::consensus_hash(&ops_hash, &previous);
        self.state.consensus_hashes.insert(height, consensus_hash);
        touched.consensus_hashes.insert(height);
        self.state.last_block = height;

        let delta = self.state.delta_from(&touched);
        Ok(BlockOutcome {
            height,
            block_hash: input.block_hash,
            ops_hash,
            consensus_hash,
            accepted,
            rejected,
            delta,
            account_rows,
        })
    }

    /// SHA-256 over an explicit, hand-written encoding of the whole state (every table,
    /// in key order). Two engines agree on this iff their states are equal.
    pub fn state_digest(&self) -> [u8; 32] {
        state::digest_sha256(&self.state)
    }
}

fn reject(cand: &Candidate, reason: RejectReason) -> RejectedOp {
    RejectedOp { txid: cand.txid, vtxindex: cand.vtxindex, opcode: cand.op.opcode(), reason }
}

/// Pick the fields of `fields_for(opchar)` from the record dict, in order, and serialize.
fn serialize(opchar: u8, record: &rules::records::RecordDict) -> Vec<u8> {
    let fields = consensus::fields::fields_for(opchar).unwrap_or(&[]);
    let values: Vec<Value> = fields.iter().map(|f| record.get(f).cloned().unwrap_or(Value::None)).collect();
    consensus::serialize_record(opchar, &values)
}
