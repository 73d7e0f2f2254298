//! Name ops on existing names: NAME_UPDATE `+`, NAME_TRANSFER `>`, NAME_REVOKE `~`,
//! NAME_IMPORT `;` (bns spec §5.4–§5.7; reference `operations/{update,transfer,revoke,
//! nameimport}.py parse`).

use super::{valid_fqn, Reader, WireError, CONSENSUS_HASH_LEN, NAME_HASH_LEN, VALUE_HASH_LEN};

const UPDATE_LEN: usize = NAME_HASH_LEN + VALUE_HASH_LEN;
const TRANSFER_LEN: usize = 1 + NAME_HASH_LEN + CONSENSUS_HASH_LEN;
/// Disposition bytes of NAME_TRANSFER (`TRANSFER_KEEP_DATA`, `TRANSFER_REMOVE_DATA`).
pub const TRANSFER_KEEP_DATA: u8 = b'>';
pub const TRANSFER_REMOVE_DATA: u8 = b'~';

/// `+`: exactly 36 bytes.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NameUpdate {
    /// `H128(fqn ‖ hex(consensus_hash))`.
    pub name_consensus_hash: [u8; 16],
    pub value_hash: [u8; 20],
}

/// `>`: exactly 33 bytes.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NameTransfer {
    /// `>` keeps the value hash, `~` clears it.
    pub keep_data: bool,
    pub name_hash128: [u8; 16],
    pub consensus_hash: [u8; 16],
}

/// `~`: the fqn as raw ASCII.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NameRevoke {
    pub name: String,
}

/// `;`: the fqn as raw ASCII.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NameImport {
    pub name: String,
}

pub fn decode_name_update(payload: &[u8]) -> Result<NameUpdate, WireError> {
    if payload.len() != UPDATE_LEN {
        return Err(WireError::BadLength { len: payload.len() });
    }
    let mut reader = Reader::new(payload, UPDATE_LEN);
    Ok(NameUpdate { name_consensus_hash: reader.array()?, value_hash: reader.array()? })
}

pub fn encode_name_update(p: &NameUpdate) -> Vec<u8> {
    [p.name_consensus_hash.as_slice(), &p.value_hash].concat()
}

pub fn decode_name_transfer(payload: &[u8]) -> Result<NameTransfer, WireError> {
    if payload.len() != TRANSFER_LEN {
        return Err(WireError::BadLength { len: payload.len() });
    }
    let mut reader = Reader::new(payload, TRANSFER_LEN);
    let keep_data = match reader.u8()? {
        TRANSFER_KEEP_DATA => true,
        TRANSFER_REMOVE_DATA => false,
        other => return Err(WireError::BadDisposition(other)),
    };
    Ok(NameTransfer { keep_data, name_hash128: reader.array()?, consensus_hash: reader.array()? })
}

pub fn encode_name_transfer(p: &NameTransfer) -> Vec<u8> {
    let disposition = if p.keep_data { TRANSFER_KEEP_DATA } else { TRANSFER_REMOVE_DATA };
    [[disposition].as_slice(), &p.name_hash128, &p.consensus_hash].concat()
}

pub fn decode_name_revoke(payload: &[u8]) -> Result<NameRevoke, WireError> {
    Ok(NameRevoke { name: valid_fqn(payload)? })
}

pub fn encode_name_revoke(p: &NameRevoke) -> Vec<u8> {
    p.name.as_bytes().to_vec()
}

pub fn decode_name_import(payload: &[u8]) -> Result<NameImport, WireError> {
    Ok(NameImport { name: valid_fqn(payload)? })
}

pub fn encode_name_import(p: &NameImport) -> Vec<u8> {
    p.name.as_bytes().to_vec()
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn update_is_exactly_36_bytes() {
        let bytes = [[0x11u8; 16].as_slice(), &[0x22; 20]].concat();
        let p = decode_name_update(&bytes).unwrap();
        assert_eq!((p.name_consensus_hash, p.value_hash), ([0x11; 16], [0x22; 20]));
        assert_eq!(encode_name_update(&p), bytes);
        assert_eq!(decode_name_update(&bytes[..35]), Err(WireError::BadLength { len: 35 }));
        assert_eq!(
            decode_name_update(&[bytes.as_slice(), &[0]].concat()),
            Err(WireError::BadLength { len: 37 })
        );
    }

    #[test]
    fn transfer_disposition() {
        let body = [[0x11u8; 16].as_slice(), &[0x22; 16]].concat();
        let keep = decode_name_transfer(&[[b'>'].as_slice(), &body].concat()).unwrap();
        assert!(keep.keep_data);
        let clear = decode_name_transfer(&[[b'~'].as_slice(), &body].concat()).unwrap();
        assert!(!clear.keep_data);
        assert_eq!(encode_name_transfer(&clear)[0], b'~');
        assert_eq!(
            decode_name_transfer(&[[b'!'].as_slice(), &body].concat()),
            Err(WireError::BadDisposition(b'!'))
        );
        assert_eq!(decode_name_transfer(&body), Err(WireError::BadLength { len: 32 }));
    }

    #[test]
    fn revoke_and_import_carry_a_valid_fqn() {
        assert_eq!(decode_name_revoke(b"hello.test").unwrap().name, "hello.test");
        assert_eq!(decode_name_import(b"hello.test").unwrap().name, "hello.test");
        assert_eq!(decode_name_revoke(b""), Err(WireError::InvalidName));
        assert_eq!(decode_name_import(b"hello"), Err(WireError::InvalidName));
        assert_eq!(decode_name_import(&[0xff, b'.', b'a']), Err(WireError::InvalidName));
    }
}
