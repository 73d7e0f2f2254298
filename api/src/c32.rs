//! c32check addresses (Stacks), decoded to the base58check address the reference's
//! account routes look up (read-side spec §12, §16.2 "c32 conversion").

use bns_engine::address::base58check_encode;
use bns_engine::hashes::dsha256;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn digit(c: u8) -> Option<u8> {
    ALPHABET.iter().position(|a| *a == c).map(|p| p as u8)
}

/// Base-32 digits → bytes (big-endian), one zero byte per leading `0` digit.
fn c32_decode(text: &[u8]) -> Option<Vec<u8>> {
    let zeros = text.iter().take_while(|c| **c == b'0').count();
    let mut num: Vec<u8> = Vec::new(); // big-endian bytes
    for c in &text[zeros..] {
        let mut carry = u32::from(digit(*c)?);
        for byte in num.iter_mut().rev() {
            let v = u32::from(*byte) * 32 + carry;
            *byte = (v & 0xff) as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            num.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let mut out = vec![0u8; zeros];
    out.extend(num);
    Some(out)
}

/// Base-32 digits of bytes (for tests and our own routes).
pub fn c32_encode(bytes: &[u8]) -> String {
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    let mut num: Vec<u8> = bytes[zeros..].to_vec();
    let mut digits = Vec::new();
    while num.iter().any(|b| *b != 0) {
        let mut rem = 0u32;
        for byte in num.iter_mut() {
            let v = (rem << 8) | u32::from(*byte);
            *byte = (v / 32) as u8;
            rem = v % 32;
        }
        digits.push(ALPHABET[rem as usize]);
    }
    digits.extend(std::iter::repeat_n(b'0', zeros));
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// `c32ToB58`: an uppercase `S…` address that checks → the base58check address
/// (version 22→0, 20→5, 26→111, 21→196, others unchanged).
pub fn c32_to_b58(addr: &str) -> Option<String> {
    let b = addr.as_bytes();
    if b.len() < 3 || b[0] != b'S' {
        return None;
    }
    let version = digit(b[1])?;
    let payload = c32_decode(&b[2..])?;
    if payload.len() != 24 {
        return None;
    }
    let mut hash = [0u8; 20];
    hash.copy_from_slice(&payload[..20]);
    let mut pre = vec![version];
    pre.extend_from_slice(&hash);
    if dsha256(&pre)[..4] != payload[20..] {
        return None;
    }
    let v58 = match version {
        22 => 0,
        20 => 5,
        26 => 111,
        21 => 196,
        v => v,
    };
    Some(base58check_encode(v58, &hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        // read-side spec §16.2 check values.
        assert_eq!(
            c32_to_b58("SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7").as_deref(),
            Some("1FzTxL9Mxnm2fdmnQEArfhzJHevwbvcH6d")
        );
        assert_eq!(
            c32_to_b58("ST2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQYAC0RQ").as_deref(),
            Some("mvWRFPELmpCHSkFQ7o9EVdCd9eXeUTa9T8")
        );
        assert_eq!(
            c32_to_b58("SN2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKP6D2ZK9").as_deref(),
            Some("2N8EgwcZq89akxb6mCTTKiHLVeXRpxjuy98")
        );
        assert_eq!(c32_to_b58("SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ8"), None);
    }
}
