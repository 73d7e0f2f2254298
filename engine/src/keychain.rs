//! NAME_IMPORT keychain derivation (bns spec §9; reference nameset/namedb.py
//! `build_import_keychain`, keychain `PublicKeychain.from_public_key`, bitmerchant
//! `Wallet.get_child` / `to_address`): a BIP32 xpub with depth 0, zero fingerprint,
//! child number 0 and a 32-zero-byte chain code around the importer's key in compressed
//! form; non-hardened children 0..N−1, each as the p2pkh address of its compressed key;
//! then the importer's own address (hash160 of the key bytes exactly as given).

use crate::address::base58check_encode;
use crate::hashes::hash160;
use crate::params::Params;
use bitcoin::bip32::{ChainCode, ChildNumber, Fingerprint, Xpub};
use bitcoin::NetworkKind;

/// The p2pkh address of a public key's bytes as given (BitcoinPublicKey.address()).
pub fn pubkey_address(pubkey: &[u8], params: &Params) -> String {
    base58check_encode(params.p2pkh_version, &hash160(pubkey))
}

/// The importer addresses for a namespace; `None` if `pubkey` is not a valid key.
pub fn build_import_keychain(pubkey: &[u8], params: &Params) -> Option<Vec<String>> {
    let key = secp256k1::PublicKey::from_slice(pubkey).ok()?;
    let master = Xpub {
        network: NetworkKind::Main,
        depth: 0,
        parent_fingerprint: Fingerprint::default(),
        child_number: ChildNumber::Normal { index: 0 },
        public_key: key,
        chain_code: ChainCode::from([0u8; 32]),
    };
    let secp = secp256k1::Secp256k1::verification_only();
    let mut out = Vec::new();
    for index in 0..params.import_keyring_size {
        let child_number = ChildNumber::from_normal_idx(index).ok()?;
        // A derivation failure (probability ~2^-127) would make the reference raise;
        // treat it as "no keychain".
        let child = master.ckd_pub(&secp, child_number).ok()?;
        out.push(pubkey_address(&child.public_key.serialize(), params));
    }
    out.push(pubkey_address(pubkey, params));
    Some(out)
}
