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

/// Why a `--check` list is refused (bad input).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CheckListError {
    #[error("line {line}: bad height {text:?}")]
    BadHeight { line: usize, text: String },
    #[error("line {line}: expected HEIGHT BLOCK_HASH CONSENSUS_HASH")]
    BadLine { line: usize },
    #[error("line {line}: height {height} again (first on line {first}); a list has one line per height")]
    Duplicate { line: usize, height: u32, first: usize },
    #[error("the list has no HEIGHT BLOCK_HASH CONSENSUS_HASH lines")]
    Empty,
}

/// The outcome of comparing a whole list with the stored rows of its range.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Lines compared (and equal, up to `mismatch`).
    pub compared: usize,
    /// Lowest and highest height compared.
    pub range: Option<(u32, u32)>,
    /// The first difference, if any.
    pub mismatch: Option<Mismatch>,
    /// Heights of the list with no stored row (never compared).
    pub not_compared: Vec<u32>,
}

impl CheckList {
    /// Parse the line format; blank lines and `#` comment lines are ignored. An empty
    /// list and a height given twice are refused.
    pub fn parse(text: &str) -> Result<CheckList, CheckListError> {
        let mut lines = BTreeMap::new();
        let mut line_of = BTreeMap::new();
        for (number, line) in text.lines().enumerate() {
            let number = number + 1;
            if line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split_whitespace().collect();
            match fields.as_slice() {
                [] => continue,
                [h, b, c] => {
                    let height: u32 = h
                        .parse()
                        .map_err(|_| CheckListError::BadHeight { line: number, text: (*h).to_string() })?;
                    if let Some(first) = line_of.insert(height, number) {
                        return Err(CheckListError::Duplicate { line: number, height, first });
                    }
                    lines.insert(height, (b.to_ascii_lowercase(), c.to_ascii_lowercase()));
                }
                _ => return Err(CheckListError::BadLine { line: number }),
            }
        }
        if lines.is_empty() {
            return Err(CheckListError::Empty);
        }
        Ok(CheckList { lines })
    }

    /// Compare our line for `height`; heights outside the list's range are not judged.
    pub fn compare(&self, height: u32, block_hash: &str, consensus_hash: &str) -> Option<Mismatch> {
        let (lo, hi) = self.range()?;
        if height < lo || height > hi {
            return None;
        }
        let got = (block_hash.to_string(), consensus_hash.to_string());
        match self.lines.get(&height) {
            Some(expected) if *expected == got => None,
            expected => Some(Mismatch { height, expected: expected.cloned(), got }),
        }
    }

    /// The lowest and highest height of the list.
    pub fn range(&self) -> Option<(u32, u32)> {
        Some((*self.lines.keys().next()?, *self.lines.keys().next_back()?))
    }

    pub fn last_height(&self) -> Option<u32> {
        self.lines.keys().next_back().copied()
    }

    /// Compare every line with `rows` (height, block hash hex, consensus hash hex; the
    /// stored rows of the list's range, in height order): stops at the first
    /// difference; lines with no row are named in `not_compared`.
    pub fn compare_all(&self, rows: impl IntoIterator<Item = (u32, String, String)>) -> CheckReport {
        let mut report = CheckReport::default();
        let mut seen = std::collections::BTreeSet::new();
        for (height, block, consensus) in rows {
            if let Some(m) = self.compare(height, &block, &consensus) {
                report.mismatch = Some(m);
                return report;
            }
            if self.lines.contains_key(&height) {
                seen.insert(height);
                report.compared += 1;
                report.range = Some(report.range.map_or((height, height), |(lo, _)| (lo, height)));
            }
        }
        report.not_compared = self.lines.keys().filter(|h| !seen.contains(h)).copied().collect();
        report
    }
}

/// Heights as ranges, `688..=700, 812` (at most `max` ranges, then a count of the rest).
pub fn describe_heights(heights: &[u32], max: usize) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &h in heights {
        match ranges.last_mut() {
            Some((_, hi)) if hi.checked_add(1) == Some(h) => *hi = h,
            _ => ranges.push((h, h)),
        }
    }
    let mut parts: Vec<String> = ranges
        .iter()
        .take(max)
        .map(|(lo, hi)| if lo == hi { lo.to_string() } else { format!("{lo}..={hi}") })
        .collect();
    if ranges.len() > max {
        parts.push(format!("and {} more ranges", ranges.len() - max));
    }
    parts.join(", ")
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
        assert_eq!(CheckList::parse("10 aa"), Err(CheckListError::BadLine { line: 1 }));
        assert!(matches!(CheckList::parse("x aa bb"), Err(CheckListError::BadHeight { line: 1, .. })));
        assert_eq!(CheckList::parse("# nothing\n\n"), Err(CheckListError::Empty));
        assert_eq!(
            CheckList::parse("10 a b\n11 c d\n10 a b\n"),
            Err(CheckListError::Duplicate { line: 3, height: 10, first: 1 })
        );
    }

    #[test]
    fn compare_all_names_lines_without_rows() {
        let list = CheckList::parse("10 a b\n11 c d\n12 e f\n13 g h\n").unwrap();
        let rows = vec![(10, "a".to_string(), "b".to_string()), (11, "c".to_string(), "d".to_string())];
        let report = list.compare_all(rows);
        assert_eq!(report.compared, 2);
        assert_eq!(report.range, Some((10, 11)));
        assert_eq!(report.not_compared, vec![12, 13]);
        assert_eq!(describe_heights(&[1, 2, 3, 5, 7, 8], 2), "1..=3, 5, and 1 more ranges");
    }
}
