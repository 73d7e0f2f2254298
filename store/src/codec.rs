//! The explicit byte encodings of the state rows (STORE-FORMAT.md, "Value encodings"):
//! fixed-width little-endian integers, u32-length-prefixed UTF-8 strings, one tag byte
//! for options and enums, struct fields in a fixed written-down order. No serde, no
//! bincode: what is on disk is what this file writes, byte by byte.
//!
//! Every record value starts with a one-byte encoding tag (`TAG_*`) naming the record
//! type and its encoding version, so a value in the wrong table, or written by another
//! encoding, is refused instead of misread. Decoding checks every length against what
//! remains and rejects trailing bytes; it never panics on any input.

use bns_engine::state::{Account, NameRecord, NamespaceRecord, OpFee, PreorderRecord};

/// Encoding tag of a `NameRecord` value (version 1 of its layout).
pub const TAG_NAME: u8 = 0x01;
/// Encoding tag of a `NamespaceRecord` value.
pub const TAG_NAMESPACE: u8 = 0x02;
/// Encoding tag of a preorder row (the records sharing one hash).
pub const TAG_PREORDERS: u8 = 0x03;
/// Encoding tag of an `Account` value, layout v2 (store format 5): `metadata` is an
/// `opt<str>`, since the reference keeps SQL NULL apart from `''`. The v1 tag `0x04`
/// (metadata a plain `str`) is retired: stores of format 4 are refused at open, and a
/// `0x04` value is refused as a wrong tag, never read with a guessed `Some`. The
/// second layout of a `0x0N` record is `0x2N`, outside the ranges new record types
/// take (`0x06…` state, `0x14…` history), so the tag cannot clash with theirs.
pub const TAG_ACCOUNT: u8 = 0x24;
/// Encoding tag of an import keychain (importer addresses).
pub const TAG_KEYCHAIN: u8 = 0x05;

/// Why a value does not decode.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    #[error("value ends at byte {at}, {needed} more bytes needed")]
    Short { at: usize, needed: usize },
    #[error("encoding tag {found:#04x}, expected {expected:#04x}")]
    Tag { found: u8, expected: u8 },
    #[error("byte {at}: {value:#04x} is not a valid {what}")]
    BadByte { at: usize, value: u8, what: &'static str },
    #[error("byte {at}: a string that is not UTF-8")]
    Utf8 { at: usize },
    #[error("{count} bytes left over after the value")]
    Trailing { count: usize },
}

/// Appends encoded fields to a byte vector.
#[derive(Debug, Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }
    pub fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u128(&mut self, v: u128) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// A count or byte length: u32 LE. Rows never hold 4 GiB; saturating keeps the
    /// writer total, and the reader then refuses the value as short.
    pub fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    pub fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    pub fn opt_str(&mut self, v: &Option<String>) {
        match v {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }
    pub fn bytes(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }
}

/// Reads encoded fields from a byte slice, checking every length.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        let Some(out) = rest.get(..n) else {
            return Err(DecodeError::Short { at: self.at, needed: n - rest.len() });
        };
        self.at += n;
        Ok(out)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    pub fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }
    pub fn bool(&mut self) -> Result<bool, DecodeError> {
        let at = self.at;
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            value => Err(DecodeError::BadByte { at, value, what: "bool" }),
        }
    }
    pub fn u16(&mut self) -> Result<u16, DecodeError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    pub fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub fn u64(&mut self) -> Result<u64, DecodeError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub fn u128(&mut self) -> Result<u128, DecodeError> {
        Ok(u128::from_le_bytes(self.array()?))
    }
    /// A count: the number of items that follow (each at least one byte, so a count
    /// beyond the bytes left is refused before anything is allocated).
    pub fn count(&mut self) -> Result<usize, DecodeError> {
        let n = self.u32()? as usize;
        let left = self.bytes.len() - self.at.min(self.bytes.len());
        if n > left {
            return Err(DecodeError::Short { at: self.at, needed: n - left });
        }
        Ok(n)
    }
    pub fn str(&mut self) -> Result<String, DecodeError> {
        let n = self.u32()? as usize;
        let at = self.at;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| DecodeError::Utf8 { at })
    }
    pub fn opt_str(&mut self) -> Result<Option<String>, DecodeError> {
        let at = self.at;
        match self.u8()? {
            0 => Ok(None),
            1 => self.str().map(Some),
            value => Err(DecodeError::BadByte { at, value, what: "option tag" }),
        }
    }
    pub fn tag(&mut self, expected: u8) -> Result<(), DecodeError> {
        match self.u8()? {
            found if found == expected => Ok(()),
            found => Err(DecodeError::Tag { found, expected }),
        }
    }
    /// Refuse bytes after the value.
    pub fn finish(self) -> Result<(), DecodeError> {
        match self.bytes.len().saturating_sub(self.at) {
            0 => Ok(()),
            count => Err(DecodeError::Trailing { count }),
        }
    }
}

/// Decode a whole value with `read`, refusing trailing bytes.
fn decode_all<T>(
    bytes: &[u8],
    read: impl FnOnce(&mut Reader<'_>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    let mut r = Reader::new(bytes);
    let value = read(&mut r)?;
    r.finish()?;
    Ok(value)
}

pub fn encode_name(rec: &NameRecord) -> Vec<u8> {
    let NameRecord {
        name,
        preorder_hash,
        name_hash128,
        namespace_id,
        namespace_block_number,
        value_hash,
        sender,
        sender_pubkey,
        address,
        block_number,
        preorder_block_number,
        first_registered,
        last_renewed,
        revoked,
        op,
        txid,
        vtxindex,
        op_fee,
        importer,
        importer_address,
        consensus_hash,
        token_fee,
        last_creation_op,
        last_update_consensus_hash,
    } = rec;
    let mut w = Writer::default();
    w.u8(TAG_NAME);
    w.str(name);
    w.str(preorder_hash);
    w.str(name_hash128);
    w.str(namespace_id);
    w.u32(*namespace_block_number);
    w.opt_str(value_hash);
    w.str(sender);
    w.opt_str(sender_pubkey);
    w.str(address);
    w.u32(*block_number);
    w.u32(*preorder_block_number);
    w.u32(*first_registered);
    w.u32(*last_renewed);
    w.bool(*revoked);
    w.str(op);
    w.str(txid);
    w.u32(*vtxindex);
    match op_fee {
        OpFee::Int(v) => {
            w.u8(0);
            w.u64(*v);
        }
        OpFee::Float(v) => {
            w.u8(1);
            w.u64(v.to_bits());
        }
    }
    w.opt_str(importer);
    w.opt_str(importer_address);
    w.opt_str(consensus_hash);
    w.str(token_fee);
    w.str(last_creation_op);
    w.opt_str(last_update_consensus_hash);
    w.0
}

pub fn decode_name(bytes: &[u8]) -> Result<NameRecord, DecodeError> {
    decode_all(bytes, |r| {
        r.tag(TAG_NAME)?;
        Ok(NameRecord {
            name: r.str()?,
            preorder_hash: r.str()?,
            name_hash128: r.str()?,
            namespace_id: r.str()?,
            namespace_block_number: r.u32()?,
            value_hash: r.opt_str()?,
            sender: r.str()?,
            sender_pubkey: r.opt_str()?,
            address: r.str()?,
            block_number: r.u32()?,
            preorder_block_number: r.u32()?,
            first_registered: r.u32()?,
            last_renewed: r.u32()?,
            revoked: r.bool()?,
            op: r.str()?,
            txid: r.str()?,
            vtxindex: r.u32()?,
            op_fee: {
                let at = r.at;
                match r.u8()? {
                    0 => OpFee::Int(r.u64()?),
                    1 => OpFee::Float(f64::from_bits(r.u64()?)),
                    value => return Err(DecodeError::BadByte { at, value, what: "op_fee tag" }),
                }
            },
            importer: r.opt_str()?,
            importer_address: r.opt_str()?,
            consensus_hash: r.opt_str()?,
            token_fee: r.str()?,
            last_creation_op: r.str()?,
            last_update_consensus_hash: r.opt_str()?,
        })
    })
}

pub fn encode_namespace(rec: &NamespaceRecord) -> Vec<u8> {
    let NamespaceRecord {
        namespace_id,
        preorder_hash,
        version,
        sender,
        sender_pubkey,
        address,
        recipient,
        recipient_address,
        block_number,
        reveal_block,
        op,
        op_fee,
        txid,
        vtxindex,
        lifetime,
        coeff,
        base,
        buckets,
        nonalpha_discount,
        no_vowel_discount,
        ready_block,
        token_fee,
    } = rec;
    let mut w = Writer::default();
    w.u8(TAG_NAMESPACE);
    w.str(namespace_id);
    w.str(preorder_hash);
    w.u16(*version);
    w.str(sender);
    w.opt_str(sender_pubkey);
    w.str(address);
    w.str(recipient);
    w.str(recipient_address);
    w.u32(*block_number);
    w.u32(*reveal_block);
    w.str(op);
    w.u64(*op_fee);
    w.str(txid);
    w.u32(*vtxindex);
    w.u32(*lifetime);
    w.u8(*coeff);
    w.u8(*base);
    w.bytes(buckets);
    w.u8(*nonalpha_discount);
    w.u8(*no_vowel_discount);
    w.u32(*ready_block);
    w.str(token_fee);
    w.0
}

pub fn decode_namespace(bytes: &[u8]) -> Result<NamespaceRecord, DecodeError> {
    decode_all(bytes, |r| {
        r.tag(TAG_NAMESPACE)?;
        Ok(NamespaceRecord {
            namespace_id: r.str()?,
            preorder_hash: r.str()?,
            version: r.u16()?,
            sender: r.str()?,
            sender_pubkey: r.opt_str()?,
            address: r.str()?,
            recipient: r.str()?,
            recipient_address: r.str()?,
            block_number: r.u32()?,
            reveal_block: r.u32()?,
            op: r.str()?,
            op_fee: r.u64()?,
            txid: r.str()?,
            vtxindex: r.u32()?,
            lifetime: r.u32()?,
            coeff: r.u8()?,
            base: r.u8()?,
            buckets: r.array()?,
            nonalpha_discount: r.u8()?,
            no_vowel_discount: r.u8()?,
            ready_block: r.u32()?,
            token_fee: r.str()?,
        })
    })
}

fn write_preorder(w: &mut Writer, rec: &PreorderRecord) {
    let PreorderRecord {
        preorder_hash,
        consensus_hash,
        sender,
        sender_pubkey,
        address,
        block_number,
        op,
        op_fee,
        txid,
        vtxindex,
        burn_address,
        token_fee,
        token_units,
    } = rec;
    w.str(preorder_hash);
    w.str(consensus_hash);
    w.str(sender);
    w.opt_str(sender_pubkey);
    w.str(address);
    w.u32(*block_number);
    w.str(op);
    w.u64(*op_fee);
    w.str(txid);
    w.u32(*vtxindex);
    w.str(burn_address);
    w.str(token_fee);
    w.str(token_units);
}

fn read_preorder(r: &mut Reader<'_>) -> Result<PreorderRecord, DecodeError> {
    Ok(PreorderRecord {
        preorder_hash: r.str()?,
        consensus_hash: r.str()?,
        sender: r.str()?,
        sender_pubkey: r.opt_str()?,
        address: r.str()?,
        block_number: r.u32()?,
        op: r.str()?,
        op_fee: r.u64()?,
        txid: r.str()?,
        vtxindex: r.u32()?,
        burn_address: r.str()?,
        token_fee: r.str()?,
        token_units: r.str()?,
    })
}

pub fn encode_preorders(rows: &[PreorderRecord]) -> Vec<u8> {
    let mut w = Writer::default();
    w.u8(TAG_PREORDERS);
    w.len(rows.len());
    rows.iter().for_each(|rec| write_preorder(&mut w, rec));
    w.0
}

pub fn decode_preorders(bytes: &[u8]) -> Result<Vec<PreorderRecord>, DecodeError> {
    decode_all(bytes, |r| {
        r.tag(TAG_PREORDERS)?;
        let n = r.count()?;
        (0..n).map(|_| read_preorder(r)).collect()
    })
}

pub fn encode_account(rec: &Account) -> Vec<u8> {
    let Account {
        address,
        token_type,
        credit_value,
        debit_value,
        lock_transfer_block_id,
        receive_whitelisted,
        metadata,
        block_id,
        txid,
        vtxindex,
    } = rec;
    let mut w = Writer::default();
    w.u8(TAG_ACCOUNT);
    w.str(address);
    w.str(token_type);
    w.u128(*credit_value);
    w.u128(*debit_value);
    w.u32(*lock_transfer_block_id);
    w.bool(*receive_whitelisted);
    w.opt_str(metadata);
    w.u32(*block_id);
    w.str(txid);
    w.u32(*vtxindex);
    w.0
}

pub fn decode_account(bytes: &[u8]) -> Result<Account, DecodeError> {
    decode_all(bytes, |r| {
        r.tag(TAG_ACCOUNT)?;
        Ok(Account {
            address: r.str()?,
            token_type: r.str()?,
            credit_value: r.u128()?,
            debit_value: r.u128()?,
            lock_transfer_block_id: r.u32()?,
            receive_whitelisted: r.bool()?,
            metadata: r.opt_str()?,
            block_id: r.u32()?,
            txid: r.str()?,
            vtxindex: r.u32()?,
        })
    })
}

pub fn encode_keychain(addresses: &[String]) -> Vec<u8> {
    let mut w = Writer::default();
    w.u8(TAG_KEYCHAIN);
    w.len(addresses.len());
    addresses.iter().for_each(|a| w.str(a));
    w.0
}

pub fn decode_keychain(bytes: &[u8]) -> Result<Vec<String>, DecodeError> {
    decode_all(bytes, |r| {
        r.tag(TAG_KEYCHAIN)?;
        let n = r.count()?;
        (0..n).map(|_| r.str()).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_refuses_short_trailing_and_bad_tags() {
        assert_eq!(Reader::new(&[1, 2]).u32(), Err(DecodeError::Short { at: 0, needed: 2 }));
        assert!(matches!(
            decode_keychain(&[TAG_KEYCHAIN, 0, 0, 0, 0, 9]),
            Err(DecodeError::Trailing { count: 1 })
        ));
        assert!(matches!(decode_keychain(&[TAG_ACCOUNT, 0, 0, 0, 0]), Err(DecodeError::Tag { .. })));
        // A count far beyond the bytes left is refused before allocating.
        assert!(matches!(
            decode_keychain(&[TAG_KEYCHAIN, 0xff, 0xff, 0xff, 0xff]),
            Err(DecodeError::Short { .. })
        ));
        assert!(matches!(Reader::new(&[2]).bool(), Err(DecodeError::BadByte { .. })));
        assert!(matches!(Reader::new(&[1, 0, 0, 0, 0xff]).str(), Err(DecodeError::Utf8 { at: 4 })));
    }

    /// The documented layout of a keychain value, byte by byte (STORE-FORMAT.md).
    #[test]
    fn keychain_layout_is_the_documented_one() {
        let bytes = encode_keychain(&["ab".to_string()]);
        assert_eq!(bytes, vec![0x05, 1, 0, 0, 0, 2, 0, 0, 0, b'a', b'b']);
    }

    /// Quirk (issue 12, s005 rehearsal): the reference's `accounts.metadata` is NULL for
    /// an account a credit created and `''` for a genesis row without metadata; format 4
    /// wrote both as an empty `str`, so 115 of 328,465 accounts read back as `''` where
    /// the reference has NULL. The v2 value keeps them apart and a v1 value is refused.
    #[test]
    fn account_metadata_null_and_empty_stay_apart() {
        let row = |metadata: Option<&str>| Account {
            address: "1A".to_string(),
            token_type: "STACKS".to_string(),
            credit_value: 5,
            debit_value: 0,
            lock_transfer_block_id: 0,
            receive_whitelisted: true,
            metadata: metadata.map(str::to_string),
            block_id: 700,
            txid: "ab".to_string(),
            vtxindex: 1,
        };
        let null = encode_account(&row(None));
        let empty = encode_account(&row(Some("")));
        assert_ne!(null, empty);
        assert_eq!(null.first(), Some(&0x24));
        // metadata sits after address, type, two u128, lock u32 and whitelist bool.
        let at = 1 + (4 + 2) + (4 + 6) + 16 + 16 + 4 + 1;
        assert_eq!(null.get(at), Some(&0));
        assert_eq!(empty.get(at..at + 5), Some(&[1, 0, 0, 0, 0][..]));
        assert_eq!(decode_account(&null), Ok(row(None)));
        assert_eq!(decode_account(&empty), Ok(row(Some(""))));
        let mut v1 = empty.clone();
        v1[0] = 0x04;
        assert_eq!(decode_account(&v1), Err(DecodeError::Tag { found: 0x04, expected: TAG_ACCOUNT }));
    }
}
