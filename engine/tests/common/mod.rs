//! Test helpers: deterministic wallets, candidate builders for every op, and two
//! harnesses — `Rules` (drives `rules::run_block` with stand-in consensus hashes, so rule
//! outcomes can be tested without the hashing code) and `Chain` (drives the real
//! `Engine`, consensus hashes included).
#![allow(dead_code)]

use bns_engine::address::{base58check_encode, burn_address};
use bns_engine::hashes::{
    hash128, hash160, name_consensus_hash, name_hash128, name_preorder_hash, namespace_preorder_hash,
};
use bns_engine::params::Params;
use bns_engine::rules::{self, Accepted, RejectReason, Verdict};
use bns_engine::state::State;
use bns_engine::types::{Candidate, ConsensusHash, Op, Sender, Txid};
use bns_engine::Engine;

/// A p2pkh wallet with a known key (secret = [n; 32]).
#[derive(Clone, Debug)]
pub struct Wallet {
    pub pubkey: Vec<u8>,
    pub script: Vec<u8>,
    pub address: String,
}

pub fn params() -> Params {
    Params::regtest()
}

pub fn wallet(n: u8) -> Wallet {
    let secp = secp256k1::Secp256k1::new();
    let secret =
        secp256k1::SecretKey::from_slice(&[n.max(1); 32]).expect("1..=255 repeated is a valid secret key");
    let pubkey = secp256k1::PublicKey::from_secret_key(&secp, &secret).serialize().to_vec();
    p2pkh_wallet(pubkey)
}

/// A wallet whose key is given in uncompressed form.
pub fn wallet_uncompressed(n: u8) -> Wallet {
    let secp = secp256k1::Secp256k1::new();
    let secret = secp256k1::SecretKey::from_slice(&[n.max(1); 32]).expect("valid secret");
    let pubkey = secp256k1::PublicKey::from_secret_key(&secp, &secret).serialize_uncompressed().to_vec();
    p2pkh_wallet(pubkey)
}

fn p2pkh_wallet(pubkey: Vec<u8>) -> Wallet {
    let h = hash160(&pubkey);
    let mut script = vec![0x76, 0xa9, 0x14];
    script.extend_from_slice(&h);
    script.extend_from_slice(&[0x88, 0xac]);
    let address = base58check_encode(params().p2pkh_version, &h);
    Wallet { pubkey, script, address }
}

/// A p2sh "wallet" (no public key visible).
pub fn p2sh_wallet(n: u8) -> Wallet {
    let h = hash160(&[n, 0xaa]);
    let mut script = vec![0xa9, 0x14];
    script.extend_from_slice(&h);
    script.push(0x87);
    Wallet { pubkey: Vec::new(), script, address: base58check_encode(params().p2sh_version, &h) }
}

pub fn sender(w: &Wallet) -> Sender {
    Sender {
        script: w.script.clone(),
        address: w.address.clone(),
        pubkey: if w.pubkey.is_empty() { None } else { Some(w.pubkey.clone()) },
    }
}

pub fn burn() -> String {
    burn_address(&params())
}

fn cand(from: &Wallet, op: Op) -> Candidate {
    Candidate { txid: Txid::default(), vtxindex: 0, sender: sender(from), op }
}

pub fn name_preorder(from: &Wallet, fqn: &str, to: &Wallet, fee: u64, ch: ConsensusHash) -> Candidate {
    name_preorder_to(from, fqn, to, fee, ch, burn())
}

pub fn name_preorder_to(
    from: &Wallet,
    fqn: &str,
    to: &Wallet,
    fee: u64,
    ch: ConsensusHash,
    fee_address: String,
) -> Candidate {
    let preorder_hash = name_preorder_hash(fqn, &from.script, &to.address).expect("b40 name");
    cand(
        from,
        Op::NamePreorder {
            preorder_hash,
            consensus_hash: ch,
            token_fee: None,
            token_units: None,
            op_fee_sat: fee,
            burn_address: fee_address,
        },
    )
}

pub fn name_preorder_stx(
    from: &Wallet,
    fqn: &str,
    to: &Wallet,
    fee_sat: u64,
    stx: u64,
    ch: ConsensusHash,
) -> Candidate {
    let preorder_hash = name_preorder_hash(fqn, &from.script, &to.address).expect("b40 name");
    cand(
        from,
        Op::NamePreorder {
            preorder_hash,
            consensus_hash: ch,
            token_fee: Some(stx),
            token_units: Some("STACKS".to_string()),
            op_fee_sat: fee_sat,
            burn_address: burn(),
        },
    )
}

pub fn register(from: &Wallet, fqn: &str, to: &Wallet) -> Candidate {
    register_with(from, fqn, to, None)
}

pub fn register_with(from: &Wallet, fqn: &str, to: &Wallet, value_hash: Option<[u8; 20]>) -> Candidate {
    cand(
        from,
        Op::NameRegistration {
            name: fqn.to_string(),
            value_hash,
            token_fee: if value_hash.is_some() { None } else { Some(0) },
            recipient: to.script.clone(),
            recipient_address: to.address.clone(),
        },
    )
}

pub fn renew(from: &Wallet, fqn: &str, to: &Wallet, fee: u64) -> Candidate {
    renew_with(from, fqn, to, fee, burn(), Some(0), None)
}

pub fn renew_with(
    from: &Wallet,
    fqn: &str,
    to: &Wallet,
    fee: u64,
    fee_address: String,
    token_fee: Option<u64>,
    value_hash: Option<[u8; 20]>,
) -> Candidate {
    cand(
        from,
        Op::NameRenewal {
            name: fqn.to_string(),
            value_hash,
            token_fee,
            recipient: to.script.clone(),
            recipient_address: to.address.clone(),
            op_fee_sat: fee,
            burn_address: fee_address,
        },
    )
}

pub fn update(from: &Wallet, fqn: &str, ch: ConsensusHash, value: [u8; 20]) -> Candidate {
    cand(from, Op::NameUpdate { name_consensus_hash: name_consensus_hash(fqn, &ch), value_hash: value })
}

pub fn transfer(from: &Wallet, fqn: &str, to: &Wallet, keep_data: bool, ch: ConsensusHash) -> Candidate {
    cand(
        from,
        Op::NameTransfer {
            keep_data,
            name_hash128: name_hash128(fqn),
            consensus_hash: ch,
            recipient: to.script.clone(),
            recipient_address: to.address.clone(),
        },
    )
}

pub fn revoke(from: &Wallet, fqn: &str) -> Candidate {
    cand(from, Op::NameRevoke { name: fqn.to_string() })
}

pub fn import(from: &Wallet, fqn: &str, to: &Wallet, value: [u8; 20]) -> Candidate {
    cand(
        from,
        Op::NameImport {
            name: fqn.to_string(),
            recipient: to.script.clone(),
            recipient_address: to.address.clone(),
            value_hash: value,
        },
    )
}

pub fn ns_preorder(
    from: &Wallet,
    id: &str,
    reveal: &Wallet,
    fee: u64,
    ch: ConsensusHash,
    stx: Option<u64>,
) -> Candidate {
    let preorder_hash = namespace_preorder_hash(id, &from.script, &reveal.address).expect("b40 id");
    cand(
        from,
        Op::NamespacePreorder {
            preorder_hash,
            consensus_hash: ch,
            token_fee: stx,
            op_fee_sat: fee,
            burn_address: burn(),
        },
    )
}

/// A reveal with a cheap curve: coeff 1, base 1 (every name costs the 100-sat unit).
pub fn ns_reveal(from: &Wallet, id: &str, reveal: &Wallet, version: u16, lifetime: u32) -> Candidate {
    ns_reveal_curve(from, id, reveal, version, lifetime, 1, 1, [1; 16], 1, 1)
}

#[allow(clippy::too_many_arguments)]
pub fn ns_reveal_curve(
    from: &Wallet,
    id: &str,
    reveal: &Wallet,
    version: u16,
    lifetime: u32,
    coeff: u8,
    base: u8,
    buckets: [u8; 16],
    nonalpha_discount: u8,
    no_vowel_discount: u8,
) -> Candidate {
    cand(
        from,
        Op::NamespaceReveal {
            namespace_id: id.to_string(),
            lifetime,
            coeff,
            base,
            buckets,
            nonalpha_discount,
            no_vowel_discount,
            version,
            recipient: reveal.script.clone(),
            recipient_address: reveal.address.clone(),
        },
    )
}

pub fn ns_ready(from: &Wallet, id: &str) -> Candidate {
    cand(from, Op::NamespaceReady { namespace_id: id.to_string() })
}

pub fn announce(from: &Wallet) -> Candidate {
    cand(from, Op::Announce { message_hash: [7; 20] })
}

pub fn token_transfer(from: &Wallet, to: &Wallet, amount: u64, ch: ConsensusHash) -> Candidate {
    cand(
        from,
        Op::TokenTransfer {
            consensus_hash: ch,
            token_type: "STACKS".to_string(),
            amount,
            scratch_area: vec![1, 2],
            recipient: to.script.clone(),
            recipient_address: to.address.clone(),
        },
    )
}

/// Number the candidates of a block: vtxindex 1.. and unique txids.
pub fn number(height: u32, cands: Vec<Candidate>) -> Vec<Candidate> {
    cands
        .into_iter()
        .enumerate()
        .map(|(i, mut c)| {
            let vtx = u32::try_from(i).expect("small block") + 1;
            c.vtxindex = vtx;
            let mut txid = [0u8; 32];
            txid[..4].copy_from_slice(&height.to_be_bytes());
            txid[4..8].copy_from_slice(&vtx.to_be_bytes());
            c.txid = Txid(
                hash160(&txid)
                    .iter()
                    .chain([0u8; 12].iter())
                    .copied()
                    .collect::<Vec<_>>()
                    .try_into()
                    .expect("32 bytes"),
            );
            c
        })
        .collect()
}

/// Rules-only harness: processed heights get a stand-in consensus hash
/// `hash128("ch" ‖ height)`, so validity windows behave as on a real chain.
pub struct Rules {
    pub params: Params,
    pub state: State,
    /// Next height to process.
    pub height: u32,
}

impl Rules {
    pub fn new() -> Rules {
        Rules::with_params(params())
    }
    pub fn with_params(params: Params) -> Rules {
        let state = Engine::new(params.clone()).into_state();
        let height = params.first_block;
        Rules { params, state, height }
    }
    pub fn fake_ch(height: u32) -> ConsensusHash {
        let mut data = b"ch".to_vec();
        data.extend_from_slice(&height.to_be_bytes());
        ConsensusHash(hash128(&data))
    }
    /// A consensus hash valid for the next block (the last processed one).
    pub fn ch(&self) -> ConsensusHash {
        self.state.consensus_hash_at(self.height - 1).expect("processed or genesis height")
    }
    /// Process one block; returns the verdicts in order.
    pub fn block(&mut self, cands: Vec<Candidate>) -> Vec<Verdict> {
        let height = self.height;
        let cands = number(height, cands);
        let outcome =
            rules::run_block(&mut self.state, &self.params, height, &cands).expect("reference does not halt");
        self.state.consensus_hashes.insert(height, Rules::fake_ch(height));
        self.state.last_block = height;
        self.height += 1;
        outcome.verdicts
    }
    /// Process one block that must not halt and return the verdict of its only op.
    pub fn one(&mut self, cand: Candidate) -> Verdict {
        self.block(vec![cand]).remove(0)
    }
    /// Empty blocks until `self.height == height`.
    pub fn skip_to(&mut self, height: u32) {
        while self.height < height {
            self.block(Vec::new());
        }
    }
    /// Preorder+reveal+ready a namespace `id` (version 1, cheap curve) revealed by
    /// `reveal`, over three blocks; returns nothing, panics if any step is rejected.
    pub fn ready_namespace(&mut self, owner: &Wallet, id: &str, reveal: &Wallet, lifetime: u32) {
        self.ready_namespace_version(owner, id, reveal, lifetime, 1);
    }
    pub fn ready_namespace_version(
        &mut self,
        owner: &Wallet,
        id: &str,
        reveal: &Wallet,
        lifetime: u32,
        version: u16,
    ) {
        let stx = if self.params.features_at(self.height).stacks_buy_namespaces {
            Some(640_000_000_000)
        } else {
            None
        };
        let ch = self.ch();
        accepted(&self.one(ns_preorder(owner, id, reveal, 4_100_000_000, ch, stx)));
        accepted(&self.one(ns_reveal(owner, id, reveal, version, lifetime)));
        accepted(&self.one(ns_ready(reveal, id)));
    }
    /// Preorder then register `fqn` for `owner` in two blocks (fee 100 sat).
    pub fn register_name(&mut self, owner: &Wallet, fqn: &str) {
        let ch = self.ch();
        accepted(&self.one(name_preorder(owner, fqn, owner, 100, ch)));
        accepted(&self.one(register(owner, fqn, owner)));
    }
}

pub fn accepted(v: &Verdict) -> &Accepted {
    match v {
        Verdict::Accept(a) => a,
        Verdict::Reject(r) => panic!("expected acceptance, got rejection {r:?}"),
    }
}

pub fn rejected(v: &Verdict) -> RejectReason {
    match v {
        Verdict::Accept(a) => panic!("expected rejection, got acceptance of {} {}", a.op, a.key),
        Verdict::Reject(r) => *r,
    }
}

/// Full-engine harness (real consensus hashes).
pub struct Chain {
    pub engine: Engine,
}

impl Chain {
    pub fn new() -> Chain {
        Chain { engine: Engine::new(params()) }
    }
    pub fn block(&mut self, cands: Vec<Candidate>) -> bns_engine::BlockOutcome {
        let height = self.engine.next_height();
        let candidates = number(height, cands);
        self.engine
            .apply_block(bns_engine::BlockInput { height, block_hash: Default::default(), candidates })
            .expect("no halt")
    }
    pub fn ch(&self) -> ConsensusHash {
        self.engine.consensus_hash_at(self.engine.next_height() - 1).expect("processed")
    }
}

/// Regtest params whose STX genesis rows fund the given wallets (value µSTX each).
pub fn params_with_stx(wallets: &[(&Wallet, u64, u32, bool)]) -> Params {
    let mut p = params();
    p.genesis_rows = wallets
        .iter()
        .map(|(w, value, lock_send, receive_whitelisted)| bns_engine::params::GenesisRow {
            address: w.address.clone(),
            token_type: "STACKS".to_string(),
            value: *value,
            lock_send: *lock_send,
            metadata: String::new(),
            receive_whitelisted: *receive_whitelisted,
            vesting: Default::default(),
            vesting_total: 0,
        })
        .collect();
    p
}

pub fn ns_preorder_to(
    from: &Wallet,
    id: &str,
    reveal: &Wallet,
    fee: u64,
    ch: ConsensusHash,
    stx: Option<u64>,
    fee_address: String,
) -> Candidate {
    let mut c = ns_preorder(from, id, reveal, fee, ch, stx);
    if let Op::NamespacePreorder { burn_address, .. } = &mut c.op {
        *burn_address = fee_address;
    }
    c
}

/// The i-th child of the import keychain of `w`, derived from the *private* key (BIP32
/// CKDpriv with a zero chain code), independently of the engine's CKDpub.
pub fn keychain_child(n: u8, index: u32) -> Wallet {
    use bitcoin::bip32::{ChainCode, ChildNumber, Fingerprint, Xpriv};
    let secp = secp256k1::Secp256k1::new();
    let master = Xpriv {
        network: bitcoin::NetworkKind::Main,
        depth: 0,
        parent_fingerprint: Fingerprint::default(),
        child_number: ChildNumber::Normal { index: 0 },
        private_key: secp256k1::SecretKey::from_slice(&[n.max(1); 32]).expect("valid secret"),
        chain_code: ChainCode::from([0u8; 32]),
    };
    let child = master.derive_priv(&secp, &[ChildNumber::Normal { index }]).expect("derivable");
    let pubkey = secp256k1::PublicKey::from_secret_key(&secp, &child.private_key).serialize().to_vec();
    p2pkh_wallet(pubkey)
}

/// The oracle's deterministic wallet `i` (oracle PARAMS.md §1: secret exponent =
/// sha256("bns-oracle-wallet-<i>") mod n, compressed key); wallets 0–5 hold regtest STX.
pub fn oracle_wallet(i: u32) -> Wallet {
    let secp = secp256k1::Secp256k1::new();
    let digest = bns_engine::hashes::sha256(format!("bns-oracle-wallet-{i}").as_bytes());
    let secret = secp256k1::SecretKey::from_slice(&digest).expect("sha256 output below n");
    p2pkh_wallet(secp256k1::PublicKey::from_secret_key(&secp, &secret).serialize().to_vec())
}
