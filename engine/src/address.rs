//! Script ↔ base58check address for this network (bns spec §1.3; consensus spec §3.4).

use crate::hashes::sha256;
use crate::params::Params;

const BASE58_ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Base58check of `version ‖ hash`.
pub fn base58check_encode(version: u8, hash: &[u8; 20]) -> String {
    let mut data = Vec::with_capacity(25);
    data.push(version);
    data.extend_from_slice(hash);
    let check = sha256(&sha256(&data));
    data.extend_from_slice(&check[..4]);
    base58_encode(&data)
}

fn base58_encode(data: &[u8]) -> String {
    let zeros = data.iter().take_while(|&&b| b == 0).count();
    // Base-58 digits, little-endian.
    let mut digits: Vec<u8> = Vec::new();
    for &byte in data {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut() {
            let v = u32::from(*d) * 256 + carry;
            *d = (v % 58) as u8;
            carry = v / 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let mut out = String::with_capacity(zeros + digits.len());
    for _ in 0..zeros {
        out.push('1');
    }
    for &d in digits.iter().rev() {
        out.push(BASE58_ALPHABET[usize::from(d)] as char);
    }
    out
}

/// Decode a base58check address into `(version, hash160)`; `None` on any error.
pub fn base58check_decode(text: &str) -> Option<(u8, [u8; 20])> {
    let mut bytes: Vec<u8> = Vec::new(); // little-endian base-256
    for c in text.bytes() {
        let mut carry = BASE58_ALPHABET.iter().position(|&a| a == c)? as u32;
        for b in bytes.iter_mut() {
            let v = u32::from(*b) * 58 + carry;
            *b = (v & 0xff) as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            bytes.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = text.bytes().take_while(|&c| c == b'1').count();
    bytes.extend(std::iter::repeat_n(0, zeros));
    bytes.reverse();
    if bytes.len() != 25 {
        return None;
    }
    let (payload, check) = bytes.split_at(21);
    if sha256(&sha256(payload))[..4] != *check {
        return None;
    }
    let mut hash = [0u8; 20];
    hash.copy_from_slice(&payload[1..]);
    Some((payload[0], hash))
}

/// The 20-byte hash of a p2pkh (`76a914{20}88ac`) script.
pub fn p2pkh_hash(script: &[u8]) -> Option<[u8; 20]> {
    if script.len() == 25 && script[..3] == [0x76, 0xa9, 0x14] && script[23..] == [0x88, 0xac] {
        script[3..23].try_into().ok()
    } else {
        None
    }
}

/// The 20-byte hash of a p2sh (`a914{20}87`) script.
pub fn p2sh_hash(script: &[u8]) -> Option<[u8; 20]> {
    if script.len() == 23 && script[..2] == [0xa9, 0x14] && script[22] == 0x87 {
        script[2..22].try_into().ok()
    } else {
        None
    }
}

/// Base58check address of a p2pkh or p2sh script on this network; `None` otherwise
/// (native segwit outputs get no base58 address and are rejected wherever output types
/// are checked, bns spec §2.4).
pub fn script_to_address(script: &[u8], params: &Params) -> Option<String> {
    if let Some(h) = p2pkh_hash(script) {
        return Some(base58check_encode(params.p2pkh_version, &h));
    }
    p2sh_hash(script).map(|h| base58check_encode(params.p2sh_version, &h))
}

/// The p2pkh or p2sh script of a base58check address of this network.
pub fn address_to_script(address: &str, params: &Params) -> Option<Vec<u8>> {
    let (version, hash) = base58check_decode(address)?;
    if version == params.p2pkh_version {
        let mut s = vec![0x76, 0xa9, 0x14];
        s.extend_from_slice(&hash);
        s.extend_from_slice(&[0x88, 0xac]);
        Some(s)
    } else if version == params.p2sh_version {
        let mut s = vec![0xa9, 0x14];
        s.extend_from_slice(&hash);
        s.push(0x87);
        Some(s)
    } else {
        None
    }
}

/// The burn address of this network: p2pkh of 20 zero bytes.
pub fn burn_address(params: &Params) -> String {
    base58check_encode(params.p2pkh_version, &[0u8; 20])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burn_addresses_per_network() {
        assert_eq!(burn_address(&Params::mainnet()), "1111111111111111111114oLvT2");
        assert_eq!(burn_address(&Params::regtest()), "mfWxJ45yp2SFn7UciZyNpvDKrzbhyfKrY8");
    }

    #[test]
    fn round_trip_regtest_wallet() {
        let p = Params::regtest();
        let a = "mhXL5fyefC9LceAkDdcwSKmyqYZeHbrTsN";
        let script = address_to_script(a, &p).unwrap();
        assert_eq!(script_to_address(&script, &p).unwrap(), a);
        assert_eq!(base58check_decode("mhXL5fyefC9LceAkDdcwSKmyqYZeHbrTsM"), None);
    }
}
