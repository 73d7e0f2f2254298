//! ANNOUNCE `#` payload (bns spec §5.11; reference `operations/announce.py parse`):
//! exactly a 20-byte message hash.

use super::WireError;

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Announce {
    pub message_hash: [u8; 20],
}

pub fn decode_announce(payload: &[u8]) -> Result<Announce, WireError> {
    let message_hash = payload.try_into().map_err(|_| WireError::BadLength { len: payload.len() })?;
    Ok(Announce { message_hash })
}

pub fn encode_announce(p: &Announce) -> Vec<u8> {
    p.message_hash.to_vec()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn exactly_twenty_bytes() {
        let p = decode_announce(&[0x11; 20]).unwrap();
        assert_eq!(encode_announce(&p), vec![0x11; 20]);
        assert_eq!(decode_announce(&[0x11; 19]), Err(WireError::BadLength { len: 19 }));
        assert_eq!(decode_announce(&[0x11; 21]), Err(WireError::BadLength { len: 21 }));
    }
}
