//! Signing keys: load a private key from a file (hex or WIF), parse public keys from
//! hex, generate a new key. Private key text is never put into an error, a log line or
//! standard output; only public keys are shown.

use crate::error::KeyError;
use secp256k1::{PublicKey, SecretKey, SECP256K1};
use std::io::Write as _;
use std::path::Path;

/// Blockstack Core's fast-sync key for v20–v22 (consensus spec §1, §11.10).
pub const REFERENCE_PUBLIC_KEY_HEX: &str =
    "038ff7796a927f31707924b41ed6587475d26d3f7a19bc47941d1c2b017f64780c";

/// Reads a private key file: 64 hex digits, or 66 ending in `01` (the reference's
/// "compressed" hint, `ecdsalib.decode_privkey_hex`), or WIF (mainnet or testnet,
/// compressed or not). Surrounding whitespace is ignored.
pub fn load_private_key(path: &Path) -> Result<SecretKey, KeyError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| KeyError::Read { path: path.to_path_buf(), source })?;
    parse_private_key(text.trim()).map_err(|kind| match kind {
        ParseKind::Unrecognised => KeyError::Unrecognised { path: path.to_path_buf() },
        ParseKind::OutOfRange => KeyError::OutOfRange { path: path.to_path_buf() },
    })
}

enum ParseKind {
    Unrecognised,
    OutOfRange,
}

fn parse_private_key(text: &str) -> Result<SecretKey, ParseKind> {
    let is_hex = !text.is_empty() && text.bytes().all(|b| b.is_ascii_hexdigit());
    let hex_body = match text.len() {
        64 if is_hex => Some(text),
        66 if is_hex && text.ends_with("01") => text.get(..64),
        _ => None,
    };
    if let Some(body) = hex_body {
        let bytes = hex::decode(body).map_err(|_| ParseKind::Unrecognised)?;
        return SecretKey::from_slice(&bytes).map_err(|_| ParseKind::OutOfRange);
    }
    match bitcoin::PrivateKey::from_wif(text) {
        Ok(key) => Ok(key.inner),
        Err(_) => Err(ParseKind::Unrecognised),
    }
}

/// Parses a public key in hex, compressed (33 bytes) or uncompressed (65 bytes).
///
/// The error never carries the text: a private key pasted by mistake (64 hex digits,
/// or WIF) must not end up on a terminal or in a log.
pub fn parse_public_key(text: &str) -> Result<PublicKey, KeyError> {
    let trimmed = text.trim();
    let looks_private = (trimmed.len() == 64 || (trimmed.len() == 66 && trimmed.ends_with("01")))
        && trimmed.bytes().all(|b| b.is_ascii_hexdigit())
        || (matches!(trimmed.len(), 51 | 52) && bitcoin::PrivateKey::from_wif(trimmed).is_ok());
    let bad = || KeyError::BadPublicKey { looks_private, chars: trimmed.chars().count() };
    let bytes = hex::decode(trimmed).map_err(|_| bad())?;
    if bytes.len() != 33 && bytes.len() != 65 {
        return Err(bad());
    }
    PublicKey::from_slice(&bytes).map_err(|_| bad())
}

/// Mode bits of a key file that let others than its owner read it (`mode & 0o077`),
/// or `None` when only the owner can (or on a system without Unix modes).
pub fn exposed_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The warning to print for [`exposed_mode`].
pub fn exposure_warning(path: &Path, mode: u32) -> String {
    format!(
        "key file {} is readable by group or others (mode {mode:03o}); run chmod 600 on it",
        path.display()
    )
}

/// The compressed public key of a private key, as lowercase hex.
pub fn public_key_hex(key: &SecretKey) -> String {
    hex::encode(PublicKey::from_secret_key(SECP256K1, key).serialize())
}

/// Generates a key from the operating system's randomness and writes it as hex to a
/// new file (never overwriting; mode 0600 on Unix). Returns the public key.
pub fn generate_key_file(path: &Path) -> Result<PublicKey, KeyError> {
    let key = generate_key();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            KeyError::Exists { path: path.to_path_buf() }
        } else {
            KeyError::Write { path: path.to_path_buf(), source }
        }
    })?;
    let text = format!("{}\n", hex::encode(key.secret_bytes()));
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|source| KeyError::Write { path: path.to_path_buf(), source })?;
    Ok(PublicKey::from_secret_key(SECP256K1, &key))
}

fn generate_key() -> SecretKey {
    use rand::RngCore as _;
    let mut rng = rand::rngs::OsRng;
    // A random 32-byte string is out of range with probability ~2^-128; bounded retry.
    for _ in 0..64 {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        if let Ok(key) = SecretKey::from_slice(&bytes) {
            return key;
        }
    }
    // Unreachable in practice: 64 independent uniform draws all ≥ the curve order has
    // probability below 2^-8000; only a broken OS random source gets here, and then
    // stopping beats making a weak key. No outside input reaches this function.
    panic!("operating system randomness returned 64 invalid keys in a row");
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_ONE_HEX: &str = "0000000000000000000000000000000000000000000000000000000000000001";
    /// Public key of private key 1 (consensus spec §11.9).
    const KEY_ONE_PUB: &str = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write test key");
        path
    }

    #[test]
    fn hex_and_compressed_hint_and_wif_all_load() {
        let dir = tempfile::tempdir().expect("tempdir");
        let plain = write(&dir, "a", &format!("{KEY_ONE_HEX}\n"));
        let hinted = write(&dir, "b", &format!("{KEY_ONE_HEX}01"));
        // WIF of key 1, compressed, mainnet (bitcoin wiki "Wallet import format" example key 1).
        let wif = write(&dir, "c", "KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn");
        for path in [plain, hinted, wif] {
            let key = load_private_key(&path).expect("loads");
            assert_eq!(public_key_hex(&key), KEY_ONE_PUB);
        }
    }

    #[test]
    fn bad_key_files_are_refused_without_echoing_the_text() {
        let dir = tempfile::tempdir().expect("tempdir");
        let secret_looking = "deadbeefdeadbeef";
        let path = write(&dir, "bad", secret_looking);
        let error = load_private_key(&path).expect_err("refused");
        assert!(!error.to_string().contains(secret_looking));
        let zero = write(&dir, "zero", &"0".repeat(64));
        assert!(matches!(load_private_key(&zero), Err(KeyError::OutOfRange { .. })));
        let missing = dir.path().join("missing");
        assert!(matches!(load_private_key(&missing), Err(KeyError::Read { .. })));
    }

    #[test]
    fn public_keys_parse_compressed_and_uncompressed() {
        let compressed = parse_public_key(REFERENCE_PUBLIC_KEY_HEX).expect("reference key parses");
        let uncompressed =
            parse_public_key(&hex::encode(compressed.serialize_uncompressed())).expect("parses");
        assert_eq!(compressed, uncompressed);
        assert!(parse_public_key("02").is_err());
        // A private key given as --pubkey is not echoed, and the message says what it may be.
        let error = parse_public_key(&format!("{}\n", "ab".repeat(32))).expect_err("not a public key");
        assert_eq!(error.to_string(), "not a public key (64 hex digits: is this a private key?)");
        let error =
            parse_public_key("KwDiBf89QgGbjEhKnhXJuH7LrciVrZi3qYjgd9M7rFU73sVHnoWn").expect_err("wif");
        assert!(error.to_string().contains("is this a private key?"), "{error}");
        assert!(!parse_public_key("zz").expect_err("bad").to_string().contains("zz"));
        assert!(parse_public_key("zz").is_err());
    }

    #[test]
    fn keygen_writes_a_loadable_key_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("key");
        let public = generate_key_file(&path).expect("keygen");
        let key = load_private_key(&path).expect("loads");
        assert_eq!(public_key_hex(&key), hex::encode(public.serialize()));
        assert!(matches!(generate_key_file(&path), Err(KeyError::Exists { .. })));
        assert_eq!(exposed_mode(&path), None, "keygen writes mode 0600");
    }

    #[cfg(unix)]
    #[test]
    fn group_or_world_readable_key_files_are_detected() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(&dir, "k", KEY_ONE_HEX);
        for (mode, exposed) in [(0o600, None), (0o640, Some(0o640)), (0o604, Some(0o604)), (0o400, None)] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
            assert_eq!(exposed_mode(&path), exposed, "mode {mode:o}");
        }
    }
}
