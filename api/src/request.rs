//! Request-target handling as the reference's HTTP handler does it (read-side spec
//! §2.1–2.2): split off the query, drop fragments, percent-decode the path, POSIX-
//! normalise it, parse the query like Python 2 `parse_qs` with one value per key.

use std::collections::BTreeMap;

/// A parsed request target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Decoded, normalised path (may hold any bytes, lossily shown as UTF-8).
    pub path: String,
    /// Query values (empty values dropped).
    pub query: BTreeMap<String, String>,
}

/// The query string gave one key twice (the reference answers 400, empty body).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a query key was given more than once")]
pub struct DuplicateKey;

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Python 2 `urllib.unquote`: `%XX` with two hex digits becomes a byte; anything else
/// stays as it is.
pub fn percent_decode(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' && i + 2 < s.len() {
            if let (Some(h), Some(l)) = (hex_val(s[i + 1]), hex_val(s[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

/// Python `posixpath.normpath` over bytes.
pub fn normpath(path: &[u8]) -> Vec<u8> {
    if path.is_empty() {
        return b".".to_vec();
    }
    let mut initial = if path.starts_with(b"/") { 1 } else { 0 };
    if path.starts_with(b"//") && !path.starts_with(b"///") {
        initial = 2;
    }
    let mut comps: Vec<&[u8]> = Vec::new();
    for comp in path.split(|b| *b == b'/') {
        if comp.is_empty() || comp == b"." {
            continue;
        }
        if comp != b".." || (initial == 0 && comps.is_empty()) || comps.last().is_some_and(|c| *c == b"..") {
            comps.push(comp);
        } else if !comps.is_empty() {
            comps.pop();
        }
    }
    let mut out = vec![b'/'; initial];
    out.extend_from_slice(&comps.join(&b'/'));
    if out.is_empty() {
        return b".".to_vec();
    }
    out
}

/// Python 2 `parse_qs` (blank values dropped), refusing a key given twice.
pub fn parse_query(qs: &[u8]) -> Result<BTreeMap<String, String>, DuplicateKey> {
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pair in qs.split(|b| *b == b'&' || *b == b';') {
        if pair.is_empty() {
            continue;
        }
        let Some(eq) = pair.iter().position(|b| *b == b'=') else {
            continue;
        };
        let (k, v) = (&pair[..eq], &pair[eq + 1..]);
        if v.is_empty() {
            continue;
        }
        let plus = |s: &[u8]| -> Vec<u8> { s.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect() };
        let key = String::from_utf8_lossy(&percent_decode(&plus(k))).into_owned();
        let value = String::from_utf8_lossy(&percent_decode(&plus(v))).into_owned();
        seen.entry(key).or_default().push(value);
    }
    let mut out = BTreeMap::new();
    for (k, mut vs) in seen {
        if vs.len() > 1 {
            return Err(DuplicateKey);
        }
        if let Some(v) = vs.pop() {
            out.insert(k, v);
        }
    }
    Ok(out)
}

/// Parse a raw request target (`/path?query#frag`).
pub fn parse_target(raw: &[u8]) -> Result<Target, DuplicateKey> {
    let (path, qs) = match raw.iter().position(|b| *b == b'?') {
        Some(q) => {
            let rest = &raw[q + 1..];
            let qs = match rest.iter().position(|b| *b == b'#') {
                Some(h) => &rest[..h],
                None => rest,
            };
            (&raw[..q], qs)
        }
        None => (raw, &b""[..]),
    };
    let path = match path.iter().position(|b| *b == b'#') {
        Some(h) => &path[..h],
        None => path,
    };
    let path = normpath(&percent_decode(path));
    let query = parse_query(qs)?;
    Ok(Target { path: String::from_utf8_lossy(&path).into_owned(), query })
}

/// Python 2 `int(s)` for the strings a page argument can be: optional surrounding
/// whitespace, optional sign, decimal digits. `None` where Python raises.
pub fn py_int(s: &str) -> Option<i128> {
    let t = s.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c'));
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Saturate: callers only compare against small bounds.
    let mut v: i128 = 0;
    for b in digits.bytes() {
        v = v.saturating_mul(10).saturating_add(i128::from(b - b'0'));
    }
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normpath_like_python() {
        // Expected values: CPython 2.7 posixpath.normpath.
        assert_eq!(normpath(b"/v1//names/./a/../b/"), b"/v1/names/b");
        assert_eq!(normpath(b"//v1/ping"), b"//v1/ping");
        assert_eq!(normpath(b"///v1/ping"), b"/v1/ping");
        assert_eq!(normpath(b"/.."), b"/");
        assert_eq!(normpath(b""), b".");
        assert_eq!(normpath(b"a/../.."), b"..");
    }

    #[test]
    fn percent_decoding_keeps_bad_escapes() {
        assert_eq!(percent_decode(b"a%2Eid%0A%zz%4"), b"a.id\n%zz%4");
    }

    #[test]
    fn query_like_parse_qs() {
        let q = parse_query(b"page=1&all=true;x=&y&z=a+b%21").unwrap();
        assert_eq!(q.get("page").map(String::as_str), Some("1"));
        assert_eq!(q.get("z").map(String::as_str), Some("a b!"));
        assert!(!q.contains_key("x") && !q.contains_key("y"));
        assert_eq!(parse_query(b"page=1&page=2"), Err(DuplicateKey));
        // A blank duplicate is dropped before the check.
        assert!(parse_query(b"page=1&page=").is_ok());
    }

    #[test]
    fn python_int() {
        assert_eq!(py_int(" 12\n"), Some(12));
        assert_eq!(py_int("+3"), Some(3));
        assert_eq!(py_int("-1"), Some(-1));
        assert_eq!(py_int("1.0"), None);
        assert_eq!(py_int(""), None);
        assert_eq!(py_int("- 1"), None);
    }
}
