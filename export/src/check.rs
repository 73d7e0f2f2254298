//! Row-by-row comparison of two exports (ours and a published one): which names are
//! missing on either side, which owners or zone-file hashes differ, which namespaces,
//! balances and vesting rows differ, and which zone files only one side carries.

use std::collections::BTreeMap;
use std::fmt;

/// A section of `chainstate.txt`, or `name_zonefiles.txt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Section {
    Namespaces,
    Names,
    Balances,
    Vesting,
    Zonefiles,
}

impl Section {
    /// The marker word of the section (`-----BEGIN <marker>-----`).
    pub fn marker(self) -> &'static str {
        match self {
            Section::Namespaces => "NAMESPACES",
            Section::Names => "NAMES",
            Section::Balances => "STX BALANCES",
            Section::Vesting => "STX VESTING",
            Section::Zonefiles => "NAME ZONEFILES",
        }
    }
    /// The column header the reference writes.
    pub fn header(self) -> &'static str {
        match self {
            Section::Namespaces => {
                "namespace_id,address,buckets,base,coeff,nonalpha_discount,no_vowel_discount,lifetime"
            }
            Section::Names => "name,address,zonefile_hash",
            Section::Balances => "address,balance",
            Section::Vesting => "address,value,blocks",
            Section::Zonefiles => "zonefile_hash,zonefile",
        }
    }
    fn key_columns(self) -> usize {
        match self {
            // A vesting row is identified by its address and its block.
            Section::Vesting => 2,
            _ => 1,
        }
    }
}

/// `chainstate.txt`'s four sections in order.
pub const CHAINSTATE_SECTIONS: [Section; 4] =
    [Section::Namespaces, Section::Names, Section::Balances, Section::Vesting];

/// One difference between the two sides.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RowDifference {
    pub section: Section,
    /// The row's key: namespace ID, name, address, `address@blocks` for vesting, or the
    /// zone-file hash.
    pub key: String,
    pub kind: DifferenceKind,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DifferenceKind {
    /// Only in ours (missing from theirs): our row.
    OnlyOurs { row: String },
    /// Only in theirs (missing from ours): their row.
    OnlyTheirs { row: String },
    /// In both, with these columns different.
    Differs { columns: Vec<ColumnDifference> },
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ColumnDifference {
    pub column: String,
    pub ours: String,
    pub theirs: String,
}

impl fmt::Display for RowDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let section = self.section.marker();
        match &self.kind {
            DifferenceKind::OnlyOurs { row } => write!(f, "{section} {}: only in ours: {row}", self.key),
            DifferenceKind::OnlyTheirs { row } => {
                write!(f, "{section} {}: missing from ours: {row}", self.key)
            }
            DifferenceKind::Differs { columns } => {
                write!(f, "{section} {}:", self.key)?;
                for c in columns {
                    write!(f, " {} {} (ours) vs {} (theirs);", c.column, c.ours, c.theirs)?;
                }
                Ok(())
            }
        }
    }
}

/// A `chainstate.txt` that does not have the export's shape.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{side} chainstate.txt line {line}: {problem}")]
pub struct MalformedExport {
    pub side: &'static str,
    pub line: usize,
    pub problem: String,
}

/// The rows of each section of a `chainstate.txt`, in file order (header removed).
pub fn parse_chainstate<'a>(
    text: &'a str,
    side: &'static str,
) -> Result<BTreeMap<Section, Vec<&'a str>>, MalformedExport> {
    let err = |line: usize, problem: String| MalformedExport { side, line, problem };
    let mut lines = text.split('\n').enumerate().map(|(i, l)| (i + 1, l));
    let mut out = BTreeMap::new();
    for section in CHAINSTATE_SECTIONS {
        let begin = format!("-----BEGIN {}-----", section.marker());
        let end = format!("-----END {}-----", section.marker());
        match lines.next() {
            Some((_, l)) if l == begin => {}
            Some((n, l)) => return Err(err(n, format!("expected {begin:?}, found {l:?}"))),
            None => return Err(err(0, format!("missing {begin:?}"))),
        }
        match lines.next() {
            Some((_, l)) if l == section.header() => {}
            Some((n, l)) => {
                return Err(err(n, format!("expected the header {:?}, found {l:?}", section.header())))
            }
            None => return Err(err(0, format!("missing the {} header", section.marker()))),
        }
        let mut rows = Vec::new();
        loop {
            match lines.next() {
                Some((_, l)) if l == end => break,
                Some((n, l)) if l.starts_with("-----") => {
                    return Err(err(n, format!("expected a row or {end:?}, found {l:?}")))
                }
                Some((_, l)) => rows.push(l),
                None => return Err(err(0, format!("missing {end:?}"))),
            }
        }
        out.insert(section, rows);
    }
    // The export ends with a newline; a file without one (stacks-core's hand-made
    // chainstate-test.txt) is read all the same.
    match lines.next() {
        None => Ok(out),
        Some((_, "")) if lines.next().is_none() => Ok(out),
        Some((n, l)) => Err(err(n, format!("unexpected text after the last section: {l:?}"))),
    }
}

fn keyed<'a>(section: Section, rows: &[&'a str]) -> BTreeMap<String, Vec<&'a str>> {
    let mut out: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for row in rows {
        let fields: Vec<&str> = row.split(',').collect();
        let key = match section.key_columns() {
            2 => format!("{}@{}", fields.first().unwrap_or(&""), fields.get(2).unwrap_or(&"")),
            _ => (*fields.first().unwrap_or(&"")).to_string(),
        };
        out.entry(key).or_default().push(row);
    }
    out
}

fn compare_section(section: Section, ours: &[&str], theirs: &[&str], out: &mut Vec<RowDifference>) {
    let columns: Vec<&str> = section.header().split(',').collect();
    let ours = keyed(section, ours);
    let theirs = keyed(section, theirs);
    let keys: std::collections::BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    for key in keys {
        let a = ours.get(key).map(Vec::as_slice).unwrap_or_default();
        let b = theirs.get(key).map(Vec::as_slice).unwrap_or_default();
        let n = a.len().max(b.len());
        for i in 0..n {
            let kind = match (a.get(i), b.get(i)) {
                (Some(x), Some(y)) if x == y => continue,
                (Some(x), Some(y)) => {
                    let xs: Vec<&str> = x.split(',').collect();
                    let ys: Vec<&str> = y.split(',').collect();
                    let width = xs.len().max(ys.len());
                    let columns = (0..width)
                        .filter(|&c| xs.get(c) != ys.get(c))
                        .map(|c| ColumnDifference {
                            column: columns
                                .get(c)
                                .map_or_else(|| format!("column {}", c + 1), |s| s.to_string()),
                            ours: xs.get(c).unwrap_or(&"").to_string(),
                            theirs: ys.get(c).unwrap_or(&"").to_string(),
                        })
                        .collect();
                    DifferenceKind::Differs { columns }
                }
                (Some(x), None) => DifferenceKind::OnlyOurs { row: x.to_string() },
                (None, Some(y)) => DifferenceKind::OnlyTheirs { row: y.to_string() },
                (None, None) => continue,
            };
            out.push(RowDifference { section, key: key.clone(), kind });
        }
    }
}

/// The per-row differences between our `chainstate.txt` and theirs, section by
/// section, keys in byte order. Rows that are equal but in a different order are not
/// differences (the hashes will still differ; compare them for that).
pub fn check_against(ours: &str, theirs: &str) -> Result<Vec<RowDifference>, MalformedExport> {
    let a = parse_chainstate(ours, "our")?;
    let b = parse_chainstate(theirs, "their")?;
    let mut out = Vec::new();
    for section in CHAINSTATE_SECTIONS {
        let none = Vec::new();
        compare_section(
            section,
            a.get(&section).unwrap_or(&none),
            b.get(&section).unwrap_or(&none),
            &mut out,
        );
    }
    Ok(out)
}

/// The zone-file pairs of a `name_zonefiles.txt` as `hash,escaped text` rows.
fn zonefile_rows(text: &[u8]) -> Vec<String> {
    let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    lines
        .chunks(2)
        .filter(|pair| pair.len() == 2 && !pair[0].is_empty())
        .map(|pair| format!("{},{}", String::from_utf8_lossy(pair[0]), String::from_utf8_lossy(pair[1])))
        .collect()
}

/// Zone files carried by only one `name_zonefiles.txt`, or with different text under
/// one hash (section [`Section::Zonefiles`], key = hash).
pub fn check_zonefiles_against(ours: &[u8], theirs: &[u8]) -> Vec<RowDifference> {
    let a = zonefile_rows(ours);
    let b = zonefile_rows(theirs);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    compare_section(Section::Zonefiles, &a, &b, &mut out);
    out
}
