//! Where the export finds zone files: anything that maps a zone-file hash (40 lowercase
//! hex) to the zone file's bytes. The store's zone-file table will implement
//! [`ZonefileLookup`]; [`ZonefileMap`] is an in-memory one, readable from a
//! `name_zonefiles.txt` (the published file, or one written by this crate).

use bns_engine::hashes::hash160;
use std::collections::BTreeMap;

/// Zone files by hash.
pub trait ZonefileLookup {
    /// The zone file whose hash is `hash_hex`, if known. An empty file counts as absent.
    fn zonefile(&self, hash_hex: &str) -> Option<Vec<u8>>;
}

/// No zone files at all (a node with Atlas off): `name_zonefiles.txt` is empty.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoZonefiles;

impl ZonefileLookup for NoZonefiles {
    fn zonefile(&self, _hash_hex: &str) -> Option<Vec<u8>> {
        None
    }
}

/// Zone files held in memory, by hash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ZonefileMap(pub BTreeMap<String, Vec<u8>>);

impl ZonefileLookup for ZonefileMap {
    fn zonefile(&self, hash_hex: &str) -> Option<Vec<u8>> {
        self.0.get(hash_hex).cloned()
    }
}

/// A `name_zonefiles.txt` entry whose text does not hash to its hash line.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("zone file {index} (line {line}) does not hash to {hash} (it hashes to {actual})")]
pub struct ZonefileParseError {
    pub index: usize,
    pub line: usize,
    pub hash: String,
    pub actual: String,
}

/// Undo the export's escaping: every two-character `\n` becomes LF.
pub fn unescape_zonefile(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'\\' && text.get(i + 1) == Some(&b'n') {
            out.push(b'\n');
            i += 2;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

impl ZonefileMap {
    /// Read a `name_zonefiles.txt`: pairs of lines, a hash then the escaped zone file
    /// (the reading the oracle's `--zonefiles` does). Every zone file must hash to its
    /// hash line; pairs with an empty hash line are skipped.
    pub fn from_name_zonefiles_txt(bytes: &[u8]) -> Result<ZonefileMap, ZonefileParseError> {
        let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        let mut map = BTreeMap::new();
        let mut i = 0;
        while i + 1 < lines.len() {
            let hash = String::from_utf8_lossy(lines[i]).trim().to_string();
            if !hash.is_empty() {
                let text = unescape_zonefile(lines[i + 1]);
                let actual = hex::encode(hash160(&text));
                if actual != hash {
                    return Err(ZonefileParseError { index: i / 2, line: i + 1, hash, actual });
                }
                map.insert(hash, text);
            }
            i += 2;
        }
        Ok(ZonefileMap(map))
    }

    /// Add one zone file under its own hash; returns the hash.
    pub fn insert(&mut self, bytes: Vec<u8>) -> String {
        let hash = hex::encode(hash160(&bytes));
        self.0.insert(hash.clone(), bytes);
        hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_and_unescape_round_trip() {
        let zf = b"$ORIGIN a.id\n$TTL 3600\n_http._tcp\tIN\tURI\t10\t1\t\"https://x\"\n\n".to_vec();
        let escaped = crate::escape_zonefile(&zf);
        assert!(!escaped.contains(&b'\n'));
        assert_eq!(unescape_zonefile(&escaped), zf);
        // CR and backslashes other than before `n` stay as they are.
        assert_eq!(crate::escape_zonefile(b"a\r\n\\b"), b"a\r\\n\\b".to_vec());
    }

    #[test]
    fn reads_a_name_zonefiles_txt_and_refuses_a_wrong_hash() {
        let mut map = ZonefileMap::default();
        let h = map.insert(b"line one\nline two\n".to_vec());
        let text = format!("{h}\nline one\\nline two\\n\n");
        assert_eq!(ZonefileMap::from_name_zonefiles_txt(text.as_bytes()).unwrap(), map);
        let bad = format!("{h}\nline one\\nline 2\\n\n");
        let err = ZonefileMap::from_name_zonefiles_txt(bad.as_bytes()).unwrap_err();
        assert_eq!(err.index, 0);
        assert_eq!(ZonefileMap::from_name_zonefiles_txt(b"").unwrap(), ZonefileMap::default());
    }
}
