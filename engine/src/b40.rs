//! Base-40 encoding, used only inside preorder hashes (bns spec §1.1).
//!
//! Quirk (bns spec §12.15, "b40 leading-zero collapse"): the text is read as one big
//! base-40 number, so leading `0` characters carry no information.

const ALPHABET: &[u8; 40] = b"0123456789abcdefghijklmnopqrstuvwxyz-_.+";

fn digit(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Interpret `text` as a base-40 number (most significant character first) and render
/// it as big-endian bytes the way the reference does: lowercase hex without leading
/// zeros (0 → "0"), left-padded to even length, hex-decoded. `None` if a character is
/// outside the alphabet.
pub fn b40_to_bin(text: &str) -> Option<Vec<u8>> {
    // Little-endian base-256 limbs of the big number.
    let mut limbs: Vec<u8> = Vec::new();
    for c in text.bytes() {
        let mut carry = digit(c)?;
        for limb in limbs.iter_mut() {
            let v = u32::from(*limb) * 40 + carry;
            *limb = (v & 0xff) as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            limbs.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    while limbs.last() == Some(&0) {
        limbs.pop();
    }
    if limbs.is_empty() {
        // hex "0" padded to "00"
        return Some(vec![0]);
    }
    limbs.reverse();
    Some(limbs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn muneeb_id_check_value() {
        assert_eq!(hex::encode(b40_to_bin("muneeb.id").unwrap()), "87b0059d8e5d");
    }

    #[test]
    fn quirk_b40_leading_zero_collapse() {
        assert_eq!(b40_to_bin("0abc"), b40_to_bin("abc"));
        assert_eq!(b40_to_bin("").unwrap(), vec![0]);
        assert_eq!(b40_to_bin("0").unwrap(), vec![0]);
        assert_eq!(b40_to_bin("000").unwrap(), vec![0]);
    }

    #[test]
    fn odd_hex_length_is_left_padded() {
        // 'f' = 15 -> hex "f" -> "0f"
        assert_eq!(b40_to_bin("f").unwrap(), vec![0x0f]);
        // "10" = 40 -> 0x28
        assert_eq!(b40_to_bin("10").unwrap(), vec![0x28]);
        // "+" = 39; "++" = 39*40+39 = 1599 = 0x063f
        assert_eq!(b40_to_bin("++").unwrap(), vec![0x06, 0x3f]);
    }

    #[test]
    fn rejects_characters_outside_the_alphabet() {
        assert_eq!(b40_to_bin("Abc"), None);
        assert_eq!(b40_to_bin("a b"), None);
    }
}
