//! Keys and the script kinds a generated chain uses: building a spender (one key or
//! an m-of-n key set) and its output script, redeem/witness scripts and base58
//! address. Signing lives in `sign.rs`.

use bitcoin::blockdata::opcodes::all::OP_CHECKMULTISIG;
use bitcoin::blockdata::script::Builder;
use bitcoin::key::{CompressedPublicKey, PrivateKey, PublicKey};
use bitcoin::secp256k1::{Secp256k1, SecretKey};
use bitcoin::ScriptBuf;
use bns_engine::Params;
use sha2::{Digest, Sha256};

/// How a spender's outputs are locked.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum ScriptKind {
    P2pkh,
    P2shMultisig,
    P2shP2wpkh,
    P2shP2wshMultisig,
    P2wpkh,
    P2wshMultisig,
    P2tr,
}

impl ScriptKind {
    pub fn is_multisig(self) -> bool {
        matches!(self, ScriptKind::P2shMultisig | ScriptKind::P2shP2wshMultisig | ScriptKind::P2wshMultisig)
    }
    /// Whether spending it needs witness data.
    pub fn is_segwit(self) -> bool {
        !matches!(self, ScriptKind::P2pkh | ScriptKind::P2shMultisig)
    }
    /// Whether BNS sees a spend of it as an acceptable sender (p2pkh or p2sh; consensus
    /// spec §3.4 "Supported sender script types").
    pub fn is_bns_sender_type(self) -> bool {
        matches!(
            self,
            ScriptKind::P2pkh
                | ScriptKind::P2shMultisig
                | ScriptKind::P2shP2wpkh
                | ScriptKind::P2shP2wshMultisig
        )
    }
}

/// A secret key and whether its public key is serialized compressed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Key {
    pub secret: SecretKey,
    pub compressed: bool,
}

impl Key {
    /// Secret = SHA256(utf8 seed), reduced mod n by retrying with a counter in the
    /// (astronomically unlikely) case it is out of range.
    pub fn from_seed(seed: &str, compressed: bool) -> Key {
        let mut digest: [u8; 32] = Sha256::digest(seed.as_bytes()).into();
        loop {
            if let Ok(secret) = SecretKey::from_slice(&digest) {
                return Key { secret, compressed };
            }
            digest = Sha256::digest(digest).into();
        }
    }

    pub fn from_wif(wif: &str) -> Result<Key, bitcoin::key::FromWifError> {
        let private = PrivateKey::from_wif(wif)?;
        Ok(Key { secret: private.inner, compressed: private.compressed })
    }

    pub fn from_bytes(bytes: &[u8; 32], compressed: bool) -> Option<Key> {
        SecretKey::from_slice(bytes).ok().map(|secret| Key { secret, compressed })
    }

    pub fn public(&self) -> PublicKey {
        let inner = self.secret.public_key(bitcoin::secp256k1::SECP256K1);
        PublicKey { compressed: self.compressed, inner }
    }

    pub fn compressed_public(&self) -> CompressedPublicKey {
        CompressedPublicKey(self.secret.public_key(bitcoin::secp256k1::SECP256K1))
    }

    /// Child `index` of the NAME_IMPORT keychain of this key (bns spec §9): BIP32
    /// CKDpriv with a chain code of 32 zero bytes, non-hardened; the child is compressed.
    pub fn import_keychain_child(&self, index: u32) -> Result<Key, bitcoin::bip32::Error> {
        let secp = Secp256k1::new();
        let master = bitcoin::bip32::Xpriv {
            network: bitcoin::NetworkKind::Main,
            depth: 0,
            parent_fingerprint: Default::default(),
            child_number: bitcoin::bip32::ChildNumber::Normal { index: 0 },
            private_key: self.secret,
            chain_code: bitcoin::bip32::ChainCode::from([0u8; 32]),
        };
        let child = master.derive_priv(&secp, &[bitcoin::bip32::ChildNumber::from_normal_idx(index)?])?;
        Ok(Key { secret: child.private_key, compressed: true })
    }
}

/// Something that can own and spend outputs: a script kind and its keys.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Spender {
    pub kind: ScriptKind,
    pub keys: Vec<Key>,
    /// Required signatures (1 for single-key kinds).
    pub m: usize,
}

impl Spender {
    pub fn single(kind: ScriptKind, key: Key) -> Spender {
        debug_assert!(!kind.is_multisig());
        Spender { kind, keys: vec![key], m: 1 }
    }

    pub fn multisig(kind: ScriptKind, m: usize, keys: Vec<Key>) -> Spender {
        debug_assert!(kind.is_multisig() && m >= 1 && m <= keys.len() && keys.len() <= 16);
        Spender { kind, keys, m }
    }

    fn first_key(&self) -> &Key {
        self.keys.first().expect("a spender always has at least one key")
    }

    /// `OP_m <keys in order> OP_n OP_CHECKMULTISIG` for multisig kinds.
    pub fn multisig_script(&self) -> Option<ScriptBuf> {
        if !self.kind.is_multisig() {
            return None;
        }
        let mut builder = Builder::new().push_int(self.m as i64);
        for key in &self.keys {
            builder = builder.push_key(&key.public());
        }
        Some(builder.push_int(self.keys.len() as i64).push_opcode(OP_CHECKMULTISIG).into_script())
    }

    /// The `0014{hash160(pubkey)}` program of a single-key segwit v0 spender.
    pub fn p2wpkh_program(&self) -> ScriptBuf {
        ScriptBuf::new_p2wpkh(&self.first_key().compressed_public().wpubkey_hash())
    }

    /// The script whose hash a p2sh output commits to.
    pub fn redeem_script(&self) -> Option<ScriptBuf> {
        match self.kind {
            ScriptKind::P2shMultisig => self.multisig_script(),
            ScriptKind::P2shP2wpkh => Some(self.p2wpkh_program()),
            ScriptKind::P2shP2wshMultisig => {
                let witness_script = self.multisig_script()?;
                Some(ScriptBuf::new_p2wsh(&witness_script.wscript_hash()))
            }
            _ => None,
        }
    }

    pub fn script_pubkey(&self) -> ScriptBuf {
        let key = self.first_key();
        match self.kind {
            ScriptKind::P2pkh => ScriptBuf::new_p2pkh(&key.public().pubkey_hash()),
            ScriptKind::P2shMultisig | ScriptKind::P2shP2wpkh | ScriptKind::P2shP2wshMultisig => {
                let redeem = self.redeem_script().expect("p2sh kinds have a redeem script");
                ScriptBuf::new_p2sh(&redeem.script_hash())
            }
            ScriptKind::P2wpkh => self.p2wpkh_program(),
            ScriptKind::P2wshMultisig => {
                let witness_script = self.multisig_script().expect("multisig kind");
                ScriptBuf::new_p2wsh(&witness_script.wscript_hash())
            }
            ScriptKind::P2tr => {
                let (xonly, _) = key.secret.public_key(bitcoin::secp256k1::SECP256K1).x_only_public_key();
                ScriptBuf::new_p2tr(bitcoin::secp256k1::SECP256K1, xonly, None)
            }
        }
    }

    /// Base58check address on this BNS network (p2pkh / p2sh kinds only).
    pub fn address(&self, params: &Params) -> Option<String> {
        bns_engine::address::script_to_address(self.script_pubkey().as_bytes(), params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Secret = SHA256("bns-oracle-wallet-0"); expected public key computed with
    /// python-ecdsa (`/opt/bns-oracle/venv3/bin/python`: SigningKey.from_secret_exponent
    /// of int(sha256(seed)) mod n, compressed). Note: oracle PARAMS.md says its wallets
    /// use this rule, but the addresses it lists do not come out of it.
    #[test]
    fn seed_key_is_sha256_of_the_seed() {
        let key = Key::from_seed("bns-oracle-wallet-0", true);
        assert_eq!(
            key.public().to_string(),
            "02d95fd9c25e5860ee7dc5d60c4f299b6504dac92eb52c13eab37c34bceadb2ecc"
        );
    }

    #[test]
    fn segwit_kinds_have_no_base58_address_but_p2sh_wrapped_do() {
        let key = Key::from_seed("x", true);
        let p = Params::regtest();
        assert!(Spender::single(ScriptKind::P2wpkh, key).address(&p).is_none());
        assert!(Spender::single(ScriptKind::P2tr, key).address(&p).is_none());
        assert!(Spender::single(ScriptKind::P2shP2wpkh, key).address(&p).unwrap().starts_with('2'));
    }
}
