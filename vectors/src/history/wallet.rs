//! Wallets of the history generator: a spender (or, for STX genesis accounts whose
//! keys nobody has, a bare script), its confirmed coins, and the coins it receives in
//! the block being built (spendable from the next block on).

use crate::keys::{Key, ScriptKind, Spender};
use bitcoin::blockdata::script::{Builder, PushBytesBuf};
use bitcoin::{OutPoint, ScriptBuf, TxOut};
use bns_engine::Params;

#[derive(Clone, Debug)]
pub struct Coin {
    pub outpoint: OutPoint,
    pub txout: TxOut,
}

/// Who can spend a wallet's coins.
#[derive(Clone, Debug)]
pub enum Owner {
    /// A key (or keys) the generator holds: inputs carry real signatures.
    Keys(Spender),
    /// A p2pkh address from the STX genesis block: the generator has no key, so its
    /// inputs carry a well-formed but foreign signature and public key. No BNS reader
    /// checks input scripts (oracle README §3 "Nothing else is validated"), and
    /// TOKEN_TRANSFER never reads the sender's public key (bns spec §2.3).
    Foreign,
}

#[derive(Clone, Debug)]
pub struct Wallet {
    pub owner: Owner,
    pub script: ScriptBuf,
    pub address: Option<String>,
    pub coins: Vec<Coin>,
    pub incoming: Vec<Coin>,
    /// A top-up is already on its way.
    pub funding_requested: bool,
}

impl Wallet {
    pub fn with_keys(spender: Spender, params: &Params) -> Wallet {
        let script = spender.script_pubkey();
        let address = spender.address(params);
        Wallet {
            owner: Owner::Keys(spender),
            script,
            address,
            coins: Vec::new(),
            incoming: Vec::new(),
            funding_requested: false,
        }
    }

    pub fn foreign(address: &str, params: &Params) -> Option<Wallet> {
        let script = bns_engine::address::address_to_script(address, params)?;
        Some(Wallet {
            owner: Owner::Foreign,
            script: ScriptBuf::from_bytes(script),
            address: Some(address.to_string()),
            coins: Vec::new(),
            incoming: Vec::new(),
            funding_requested: false,
        })
    }

    pub fn kind(&self) -> Option<ScriptKind> {
        match &self.owner {
            Owner::Keys(s) => Some(s.kind),
            Owner::Foreign => None,
        }
    }

    pub fn balance(&self) -> u64 {
        self.coins.iter().map(|c| c.txout.value.to_sat()).sum()
    }

    /// Coins received in the block just finished become spendable.
    pub fn settle(&mut self) {
        self.coins.append(&mut self.incoming);
    }

    /// Take confirmed coins worth at least `need` (largest first is not needed: coins
    /// are spent oldest first). `None` (and nothing taken) when the wallet is short.
    pub fn take(&mut self, need: u64) -> Option<Vec<Coin>> {
        let mut sum = 0u64;
        let mut n = 0;
        for c in &self.coins {
            sum += c.txout.value.to_sat();
            n += 1;
            if sum >= need {
                break;
            }
        }
        if sum < need || n == 0 {
            return None;
        }
        Some(self.coins.drain(..n).collect())
    }
}

/// A p2pkh-shaped scriptSig with a foreign signature and key (see `Owner::Foreign`).
pub fn foreign_script_sig(sig: &[u8], pubkey: &[u8]) -> ScriptBuf {
    let push = |b: &[u8]| PushBytesBuf::try_from(b.to_vec()).expect("short push");
    Builder::new().push_slice(push(sig)).push_slice(push(pubkey)).into_script()
}

/// Deterministic keys for wallet `index` of `kind`.
pub fn spender_for(seed: u64, index: usize, kind: ScriptKind) -> Spender {
    let key = |k: usize| Key::from_seed(&format!("chaingen-history-{seed}-w{index}-k{k}"), true);
    if kind.is_multisig() {
        Spender::multisig(kind, 2, vec![key(0), key(1), key(2)])
    } else {
        Spender::single(kind, key(0))
    }
}
