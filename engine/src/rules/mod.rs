//! Check and commit, one file per op family (bns spec §5), plus the per-block
//! collision bookkeeping (bns spec §8) and the typed rejection reasons.
//!
//! Flow for one block (reference virtualchain `indexer.py process_ops` and
//! nameset/virtualchain_hooks.py `db_scan_block`): a pre-scan checks every
//! state-creating candidate against the start-of-block state and records which keys
//! collide; then each candidate in block order is checked against the current state and,
//! if accepted, committed at once, yielding its consensus record.

pub mod collisions;
pub mod genesis;
pub mod import;
pub mod lifetime;
pub mod namespace;
pub mod preorder;
mod prescan;
pub mod records;
pub mod register;
pub mod revoke;
pub mod token;
pub mod transfer;
pub mod update;

use crate::consensus::Value;
use crate::params::Params;
use crate::state::{State, Touched};
use crate::types::{Candidate, Op};
use collisions::CollisionState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why a candidate was rejected. One variant per check, named after the check (the
/// reference logs a reason string at each of these points).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum RejectReason {
    // --- block level ---
    /// v22.2 freeze (bns spec §2.1.7): every candidate at a height ≥ the stop height.
    StacksExportFreeze,
    /// ANNOUNCE is stateless and never recorded (bns spec §5.11, §15.2).
    AnnounceNotRecorded,
    // --- shared ---
    InvalidName,
    InvalidNamespaceId,
    ConsensusHashNotRecent,
    NamespaceNotReady,
    NamespaceNotRevealed,
    NameRevoked,
    NameNotRegistered,
    NameExpired,
    NameInGracePeriod,
    NotOwner,
    SenderQuotaExceeded,
    RecipientQuotaExceeded,
    /// Epoch 1 (no MULTISIG): p2sh recipient / sender.
    MultisigNotAllowed,
    // --- preorders ---
    PreorderNotNew,
    PreorderCollision,
    NoTokenAccount,
    InsufficientTokenBalance,
    WrongBurnAddress,
    UnsupportedTokenType,
    MissingTokenFee,
    TokenFeeNotAllowed,
    MissingOpFee,
    // --- registration / renewal ---
    PreorderNotFound,
    PreorderExpired,
    NameAlreadyRegistered,
    PreorderBeforeNamespaceReady,
    PreorderSenderMismatch,
    NamespaceVersionNotAllowed,
    FeeInsufficient,
    TokenPaymentNotAllowed,
    TokensNotActive,
    ValueHashNotAllowed,
    RenewalOwnerChangeNotAllowed,
    NameCollision,
    // --- update / transfer ---
    NameConsensusHashNotFound,
    NameHashNotFound,
    TransferToSelf,
    RecipientAlreadyOwnsName,
    // --- import ---
    NoSenderPubkey,
    InvalidSenderPubkey,
    ImporterNotRevealer,
    ImporterNotInKeychain,
    // --- namespaces ---
    NamespaceAlreadyRevealed,
    NamespaceAlreadyReady,
    NamespacePreorderNotFound,
    NamespaceFeeInsufficient,
    NamespaceCollision,
    NotRevealRecipient,
    // --- tokens ---
    TokenTransferNotActive,
    ZeroTokenAmount,
    TokenTransferToSelf,
    AccountLocked,
    RecipientNotWhitelisted,
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

/// The known ways the reference stops indexing (bns spec §15.7; README spec gaps 7):
/// an UPDATE that matches no row, or an assertion in the genesis patch code. Carried up
/// as `EngineError::ReferenceHalts`.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub enum Halt {
    /// Re-reveal of an expired namespace reveal with another `op_fee`
    /// (nameset/db.py `namedb_namespace_update` matches no row).
    NamespaceReRevealFee { namespace_id: String, op_fee: String, previous_op_fee: String },
    /// Re-import of a name with another `token_fee` (`token_fee` is not in NAME_IMPORT's
    /// MUTATE_FIELDS, so the UPDATE matches no row).
    NameReImportTokenFee { name: String, token_fee: String, stored_token_fee: String },
    /// A bulk genesis patch names a file other than the built-in airdrop list.
    GenesisPatchUnknownFile { height: u32 },
    /// A genesis patch both adds and deletes one address.
    GenesisPatchAddsAndDeletes { height: u32, address: String },
    /// A genesis patch deletes a spendable account.
    GenesisPatchDeletesSpendable { height: u32, address: String },
    /// An unspendable genesis patch address is marked receive-whitelisted.
    GenesisPatchUnspendableWhitelisted { address: String },
}

impl std::fmt::Display for Halt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Halt::NamespaceReRevealFee { namespace_id, op_fee, previous_op_fee } => {
                write!(f, "re-reveal of namespace {namespace_id} with op_fee {op_fee} != previous {previous_op_fee}")
            }
            Halt::NameReImportTokenFee { name, token_fee, stored_token_fee } => {
                write!(f, "re-import of {name} with token_fee {token_fee} != stored {stored_token_fee}")
            }
            Halt::GenesisPatchUnknownFile { height } => {
                write!(f, "genesis bulk patch at {height} names a file other than the built-in airdrop list")
            }
            Halt::GenesisPatchAddsAndDeletes { height, address } => {
                write!(f, "genesis patch at {height} both adds and deletes {address}")
            }
            Halt::GenesisPatchDeletesSpendable { height, address } => {
                write!(f, "genesis patch at {height} deletes the spendable account {address}")
            }
            Halt::GenesisPatchUnspendableWhitelisted { address } => {
                write!(f, "unspendable genesis patch address {address} is marked receive-whitelisted")
            }
        }
    }
}

/// An accepted op as the rules produce it: stored op string, its key, and the record
/// dict (field name → value) that the consensus serialization picks fields from.
#[derive(Clone, PartialEq, Debug)]
pub struct Accepted {
    pub op: String,
    pub key: String,
    pub record: BTreeMap<&'static str, Value>,
}

/// What happened to one candidate.
#[derive(Clone, PartialEq, Debug)]
pub enum Verdict {
    Accept(Accepted),
    Reject(RejectReason),
}

/// Per-block mutable context: height, collision state, the list of records accepted so
/// far (the reference's `checked_ops`), touched keys.
#[derive(Debug)]
pub struct BlockContext {
    pub height: u32,
    pub(crate) collisions: CollisionState,
    /// `sender` of each NAME_REGISTRATION (op `:`) in `checked_ops`, in order: the new
    /// owner script (register.py `get_num_names_owned` counts them).
    pub(crate) registration_owners: Vec<String>,
    pub(crate) touched: Touched,
    /// Every account row written in the block, in write order (the reference's
    /// append-only `accounts` rows). Read-side data only.
    pub(crate) account_rows: Vec<crate::state::Account>,
}

impl BlockContext {
    pub(crate) fn new(height: u32) -> BlockContext {
        BlockContext {
            height,
            collisions: CollisionState::default(),
            registration_owners: Vec::new(),
            touched: Touched::default(),
            account_rows: Vec::new(),
        }
    }
    /// `P`, the last processed block while `B` is processed.
    pub fn prev(&self) -> u32 {
        self.height.saturating_sub(1)
    }
}

/// The rules' view of one block: a verdict per candidate (in input order) and the keys
/// the block wrote. No hashing happens here (the engine does that), so the rules can be
/// exercised and tested on state outcomes alone.
#[derive(Clone, Debug, PartialEq)]
pub struct RulesOutcome {
    pub verdicts: Vec<Verdict>,
    pub(crate) touched: Touched,
    pub(crate) account_rows: Vec<crate::state::Account>,
}

/// Run one block's candidates through the rules: the v22 freeze, the collision
/// pre-scan, check+commit in block order (bns spec §8), then the genesis patch and the
/// vesting for `height + 1`. Does not touch `state.last_block` or the consensus-hash
/// table. Builds the vesting schedule from `params` on every call; a caller running
/// many blocks should build it once and use [`run_block_with_schedule`].
pub fn run_block(
    state: &mut State,
    params: &Params,
    height: u32,
    candidates: &[Candidate],
) -> Result<RulesOutcome, Halt> {
    let schedule = genesis::VestingSchedule::from_params(params);
    run_block_with_schedule(state, params, &schedule, height, candidates)
}

/// [`run_block`] with a prebuilt `VestingSchedule::from_params(params)`.
pub fn run_block_with_schedule(
    state: &mut State,
    params: &Params,
    schedule: &genesis::VestingSchedule,
    height: u32,
    candidates: &[Candidate],
) -> Result<RulesOutcome, Halt> {
    state.ensure_index();
    let mut ctx = BlockContext::new(height);
    let mut verdicts = Vec::with_capacity(candidates.len());
    if params.freeze_height.is_some_and(|f| height >= f) {
        verdicts.resize(candidates.len(), Verdict::Reject(RejectReason::StacksExportFreeze));
    } else {
        prescan::prescan(state, params, &mut ctx, candidates);
        for cand in candidates {
            verdicts.push(apply_candidate(state, params, &mut ctx, cand)?);
        }
    }
    // virtualchain_hooks.py db_save of block h: the genesis patch for h+1, then the
    // vesting for h+1, so both are visible to the ops of h+1.
    let next = height.saturating_add(1);
    genesis::apply_patch(state, params, &mut ctx, next)?;
    token::vest_block(state, schedule, &mut ctx, next);
    Ok(RulesOutcome { verdicts, touched: ctx.touched, account_rows: ctx.account_rows })
}

/// Check and (if accepted) commit one candidate, in block order.
pub(crate) fn apply_candidate(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<Verdict, Halt> {
    let verdict = match &cand.op {
        Op::NamePreorder { .. } => preorder::apply(state, params, ctx, cand),
        Op::NameRegistration { .. } => register::apply_registration(state, params, ctx, cand)?,
        Op::NameRenewal { .. } => register::apply_renewal(state, params, ctx, cand),
        Op::NameUpdate { .. } => update::apply(state, params, ctx, cand),
        Op::NameTransfer { .. } => transfer::apply(state, params, ctx, cand),
        Op::NameRevoke { .. } => revoke::apply(state, params, ctx, cand),
        Op::NameImport { .. } => import::apply(state, params, ctx, cand)?,
        Op::NamespacePreorder { .. } => namespace::apply_preorder(state, params, ctx, cand),
        Op::NamespaceReveal { .. } => namespace::apply_reveal(state, params, ctx, cand)?,
        Op::NamespaceReady { .. } => namespace::apply_ready(state, params, ctx, cand),
        Op::Announce { .. } => Verdict::Reject(RejectReason::AnnounceNotRecorded),
        Op::TokenTransfer { .. } => token::apply_transfer(state, params, ctx, cand),
    };
    Ok(verdict)
}

/// Shorthand used by every rule: turn a failed check into a rejection.
pub(crate) fn ensure(cond: bool, reason: RejectReason) -> Result<(), RejectReason> {
    if cond {
        Ok(())
    } else {
        Err(reason)
    }
}

/// Fold a `Result<Accepted, RejectReason>` into a verdict.
pub(crate) fn verdict(result: Result<Accepted, RejectReason>) -> Verdict {
    match result {
        Ok(a) => Verdict::Accept(a),
        Err(r) => Verdict::Reject(r),
    }
}

/// "Consensus hash `c` is valid at `B`" (bns spec §2.5; virtualchain indexer.py
/// `get_valid_consensus_hashes`): equals the stored hash of some height in `[B−24, B]`
/// (genesis rows included).
pub(crate) fn consensus_hash_valid(state: &State, ch: &crate::types::ConsensusHash, height: u32) -> bool {
    let low = height.saturating_sub(crate::params::CONSENSUS_HASH_WINDOW);
    state.consensus_hashes.range(low..=height).any(|(_, c)| c == ch)
}

/// Is this address a p2sh address of the network (virtualchain `is_multisig_address`)?
pub(crate) fn is_p2sh_address(address: &str, params: &Params) -> bool {
    crate::address::base58check_decode(address).is_some_and(|(version, _)| version == params.p2sh_version)
}

/// Is this scriptPubKey p2sh (virtualchain `is_multisig_script`)?
pub(crate) fn is_p2sh_script(script: &[u8]) -> bool {
    crate::address::p2sh_hash(script).is_some()
}

/// `get_num_names_owned`: registrations earlier in `checked_ops` to this script plus the
/// alive, non-revoked names it owns at `P` (register.py).
pub(crate) fn num_names_owned(state: &State, params: &Params, ctx: &BlockContext, script_hex: &str) -> usize {
    let pending = ctx.registration_owners.iter().filter(|s| s.as_str() == script_hex).count();
    pending + lifetime::names_owned_by_sender(state, script_hex, ctx.prev(), params).len()
}
