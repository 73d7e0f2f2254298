//! The shape of the mainnet-like BNS history (`chaingen history`): which namespaces
//! exist and when, how many names each epoch brings, and how a name lives once it is
//! registered. Where each number comes from is written next to it and summarized in
//! vectors/README.md ("History mode").
//!
//! Kinds of source, as the README names them:
//! * **consensus** — fixed by the reference's rules as the engine's `Params::mainnet()`
//!   has them (FIRST, epoch ends, lifetimes, grace periods, prices, the freeze).
//! * **public** — public facts about the real chain (the `id` namespace and its price
//!   curve; the list of namespace IDs that existed; that `id` started with a bulk
//!   NAME_IMPORT; that the history had tens of thousands of on-chain names).
//! * **chosen** — our own plausible choices where we have no statistics (exact heights
//!   of the other namespaces, their curves, per-epoch registration counts, the rates of
//!   updates/transfers/renewals/revokes). Only the order of magnitude is meant to match.

use crate::keys::ScriptKind;
use crate::payload::RevealFields;

/// The last height `chaingen history` writes by default: the freeze (665750) plus ten
/// blocks whose ops the v22.2.0.0 freeze drops.
pub const DEFAULT_END_HEIGHT: u32 = 665_760;

/// One namespace of the history.
#[derive(Clone, Debug)]
pub struct NamespacePlan {
    pub id: &'static str,
    /// Height of the NAMESPACE_PREORDER; reveal follows 2 blocks later.
    pub preorder_at: u32,
    /// NAME_IMPORTs at scale 1 (between reveal and ready).
    pub imports: u32,
    /// Blocks between the reveal and NAMESPACE_READY (imports happen in between).
    pub ready_after: u32,
    pub fields: RevealFields,
    /// Share of the epoch's new registrations that go to this namespace (weights).
    pub weight: u32,
}

/// `id`: **public** — revealed right at the start of BNS (FIRST = 373601) with the
/// price curve coeff 250, base 4, buckets 6,5,4,3,2,1,0…, discounts 10/10, one-year
/// lifetime (52595 blocks), pay-to-burn (version 1); its first names were a bulk
/// NAME_IMPORT of the pre-BNS (Namecoin-era) `.id` names before it was readied.
pub const ID_FIELDS: RevealFields = RevealFields {
    lifetime: 52_595,
    coeff: 250,
    base: 4,
    buckets: [6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    nonalpha_discount: 10,
    no_vowel_discount: 10,
    version: 1,
};

/// The namespaces (IDs **public**: namespaces of the real v1 history; everything but
/// `id`'s heights and curve is **chosen**). Heights put at least one namespace in every
/// epoch: `podcast` (epoch 3) is pay-to-creator (version 2, NAMESPACE_BURN_TO_CREATOR);
/// `graphite` is revealed in epoch 3 and readied in epoch 4 after STX-era imports;
/// `stacks` and `miner` are bought with STX (epoch ≥4, STACKS_BUY_NAMESPACES) and
/// `stacks` prices its names in STX (version 3, NAMESPACE_PAY_WITH_STACKS).
pub fn namespaces() -> Vec<NamespacePlan> {
    let curve = |coeff, base, buckets: [u8; 16], discounts: (u8, u8), lifetime, version| RevealFields {
        lifetime,
        coeff,
        base,
        buckets,
        nonalpha_discount: discounts.0,
        no_vowel_discount: discounts.1,
        version,
    };
    let falling = [7, 6, 5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    vec![
        NamespacePlan {
            id: "id",
            preorder_at: 373_601,
            imports: 12_000,
            ready_after: 1_100,
            fields: ID_FIELDS,
            weight: 80,
        },
        NamespacePlan {
            id: "helloworld",
            preorder_at: 401_200,
            imports: 40,
            ready_after: 300,
            fields: curve(1, 2, [1; 16], (10, 10), 52_595, 1),
            weight: 3,
        },
        NamespacePlan {
            id: "podcast",
            preorder_at: 512_000,
            imports: 200,
            ready_after: 600,
            fields: curve(250, 4, falling, (4, 4), 52_595, 2),
            weight: 6,
        },
        NamespacePlan {
            id: "graphite",
            preorder_at: 545_500,
            imports: 300,
            ready_after: 4_000,
            fields: curve(250, 4, falling, (4, 4), 52_595, 1),
            weight: 5,
        },
        NamespacePlan {
            id: "stacks",
            preorder_at: 616_000,
            imports: 150,
            ready_after: 900,
            fields: curve(250, 4, falling, (4, 4), 52_595, 3),
            weight: 4,
        },
        NamespacePlan {
            id: "miner",
            preorder_at: 630_000,
            imports: 60,
            ready_after: 500,
            fields: curve(250, 4, falling, (4, 4), 52_595, 1),
            weight: 2,
        },
    ]
}

/// One epoch's traffic at scale 1 (**chosen**, shaped after the public picture: a
/// burst of interest in 2016–2017 (epoch 1–2), the 2018 Blockstack Browser sign-ups
/// (epoch 3) as the busiest period, then a slower STX era).
#[derive(Clone, Copy, Debug)]
pub struct EpochPlan {
    /// First and last height (inclusive) of the epoch as the history uses it.
    pub start: u32,
    pub end: u32,
    /// New registrations (preorder + registration) at scale 1.
    pub registrations: u32,
    /// Of those, how many come in busy blocks (bursts of 100–400 preorders in one block).
    pub burst_share_pct: u32,
    /// New wallets at the start of the epoch, scale 1.
    pub new_users: u32,
    /// Sender kinds of the epoch's new wallets, by weight.
    pub kinds: &'static [(ScriptKind, u32)],
    /// Share of registrations/renewals paid in STX where allowed (percent).
    pub stx_pct: u32,
    /// TOKEN_TRANSFERs at scale 1 (grants from genesis accounts + between users).
    pub token_transfers: u32,
}

const KINDS_E1: &[(ScriptKind, u32)] = &[(ScriptKind::P2pkh, 100)];
const KINDS_E2: &[(ScriptKind, u32)] = &[(ScriptKind::P2pkh, 85), (ScriptKind::P2shMultisig, 15)];
const KINDS_E3: &[(ScriptKind, u32)] = &[
    (ScriptKind::P2pkh, 60),
    (ScriptKind::P2shMultisig, 10),
    (ScriptKind::P2shP2wpkh, 20),
    (ScriptKind::P2shP2wshMultisig, 6),
    (ScriptKind::P2wpkh, 3),
    (ScriptKind::P2wshMultisig, 1),
];
const KINDS_E6: &[(ScriptKind, u32)] = &[
    (ScriptKind::P2pkh, 50),
    (ScriptKind::P2shMultisig, 8),
    (ScriptKind::P2shP2wpkh, 25),
    (ScriptKind::P2shP2wshMultisig, 8),
    (ScriptKind::P2wpkh, 6),
    (ScriptKind::P2wshMultisig, 2),
    (ScriptKind::P2tr, 1),
];

/// Epochs 1–6 at their real heights (**consensus**), the last one cut at the end
/// height; traffic numbers **chosen**.
pub const EPOCHS: [EpochPlan; 6] = [
    EpochPlan {
        start: 373_601,
        end: 436_650,
        registrations: 9_000,
        burst_share_pct: 15,
        new_users: 1_500,
        kinds: KINDS_E1,
        stx_pct: 0,
        token_transfers: 0,
    },
    EpochPlan {
        start: 436_651,
        end: 488_500,
        registrations: 6_000,
        burst_share_pct: 15,
        new_users: 1_000,
        kinds: KINDS_E2,
        stx_pct: 0,
        token_transfers: 0,
    },
    EpochPlan {
        start: 488_501,
        end: 547_921,
        registrations: 10_000,
        burst_share_pct: 25,
        new_users: 1_800,
        kinds: KINDS_E3,
        stx_pct: 0,
        token_transfers: 5,
    },
    EpochPlan {
        start: 547_922,
        end: 599_866,
        registrations: 4_000,
        burst_share_pct: 10,
        new_users: 700,
        kinds: KINDS_E3,
        stx_pct: 25,
        token_transfers: 600,
    },
    EpochPlan {
        start: 599_867,
        end: 613_249,
        registrations: 1_200,
        burst_share_pct: 10,
        new_users: 250,
        kinds: KINDS_E3,
        stx_pct: 30,
        token_transfers: 300,
    },
    EpochPlan {
        start: 613_250,
        end: DEFAULT_END_HEIGHT,
        registrations: 3_500,
        burst_share_pct: 10,
        new_users: 600,
        kinds: KINDS_E6,
        stx_pct: 30,
        token_transfers: 700,
    },
];

/// Life of a registered name (percent chances, **chosen**).
pub const P_UPDATE_1: u32 = 60; // at least one NAME_UPDATE
pub const P_UPDATE_MORE: u32 = 45; // each further update
pub const P_TRANSFER: u32 = 12;
pub const P_REVOKE: u32 = 2;
pub const P_RENEW: u32 = 55; // renewed before each expiry
pub const P_REREGISTER: u32 = 35; // an expired name is registered again by someone else
pub const P_RENEW_IN_GRACE: u32 = 15; // of renewals where a grace period exists (epoch ≥3)
/// Percent of registrations (epoch ≥3) sent with a value hash (OP_REGISTER_UPDATE form),
/// and of renewals that also transfer (OP_RENEW_TRANSFER_UPDATE).
pub const P_REGISTER_WITH_VALUE: u32 = 50;
pub const P_RENEW_TRANSFER: u32 = 10;
/// Percent of ops that cite a consensus hash older than the 24-block window (rejected,
/// as real clients sometimes did with a lagging node).
pub const P_STALE_CH: u32 = 1;
/// Percent of epoch ≥5 TOKEN_TRANSFERs with an all-zero consensus hash.
pub const P_ZERO_CH_TRANSFER: u32 = 20;
/// Blocks before FIRST: one payment every this many blocks besides the coinbase.
pub const PRE_BNS_TRAFFIC_EVERY: u32 = 20;
/// Blocks at the end that carry ops the freeze drops (from the freeze height on).
pub const POST_FREEZE_OPS: u32 = 12;
