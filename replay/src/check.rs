//! `--check FILE`: someone else's `HEIGHT BLOCK_HASH CONSENSUS_HASH` list, and the
//! comparison that stops at the first height where it and ours differ.

use std::collections::BTreeMap;

/// The largest `--check` list read: 64 MiB, about 480,000 lines of
/// `HEIGHT BLOCK_HASH CONSENSUS_HASH` (~140 bytes each), several times mainnet's
/// BNS history; a larger file (or `/dev/zero`) is refused before it is read.
pub const MAX_CHECK_FILE_BYTES: u64 = 64 << 20;

/// An expected list, by height.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckList {
    pub lines: BTreeMap<u32, (String, String)>,
}

/// The first height where the lists differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub height: u32,
    /// `None` when the list has no line for this height.
    pub expected: Option<(String, String)>,
    pub got: (String, String),
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let expected = match &self.expected {
            Some((b, c)) => format!("{b} {c}"),
            None => "(no line)".to_string(),
        };
        write!(
            f,
            "first difference at height {}\n  expected: {}\n  got:      {} {}",
            self.height, expected, self.got.0, self.got.1
        )
    }
}

impl CheckList {
    /// Parse the line format; blank lines and `#` comment lines are ignored.
    pub fn parse(text: &str) -> Result<CheckList, String> {
        let mut lines = BTreeMap::new();
        for (number, line) in text.lines().enumerate() {
            if line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            match fields.as_slice() {
                [] => continue,
                [h, b, c] => {
                    let height: u32 =
                        h.parse().map_err(|_| format!("line {}: bad height {h:?}", number + 1))?;
                    lines.insert(height, (b.to_ascii_lowercase(), c.to_ascii_lowercase()));
                }
                _ => return Err(format!("line {}: expected HEIGHT BLOCK_HASH CONSENSUS_HASH", number + 1)),
            }
        }
        Ok(CheckList { lines })
    }

    /// Compare our line for `height`; heights outside the list's range are not judged.
    pub fn compare(&self, height: u32, block_hash: &str, consensus_hash: &str) -> Option<Mismatch> {
        let (lo, hi) = (*self.lines.keys().next()?, *self.lines.keys().next_back()?);
        if height < lo || height > hi {
            return None;
        }
        let got = (block_hash.to_string(), consensus_hash.to_string());
        match self.lines.get(&height) {
            Some(expected) if *expected == got => None,
            expected => Some(Mismatch { height, expected: expected.cloned(), got }),
        }
    }

    pub fn last_height(&self) -> Option<u32> {
        self.lines.keys().next_back().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_compares() {
        let list =
            CheckList::parse("# from the oracle\n10 AA bb\n\n12 cc dd\n# oracle-accepted 12 ab\n").unwrap();
        assert_eq!(list.compare(10, "aa", "bb"), None);
        assert_eq!(list.compare(9, "xx", "yy"), None, "below the list");
        let m = list.compare(11, "aa", "bb").unwrap();
        assert_eq!(m.expected, None, "gap inside the list is a difference");
        assert!(list.compare(12, "cc", "de").is_some());
        assert_eq!(list.compare(13, "x", "y"), None, "above the list");
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(CheckList::parse("10 aa").is_err());
        assert!(CheckList::parse("x aa bb").is_err());
    }
}
