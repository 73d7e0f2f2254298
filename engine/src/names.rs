//! Name and namespace-ID syntax (bns spec §3), exactly as the reference's
//! `scripts.py is_name_valid` / `is_namespace_valid` decide it. Syntax only: existence,
//! ownership and expiry are `rules` questions.
//!
//! Quirk (`quirk_trailing_newline_is_valid`): the reference tests the base-40 character
//! set with Python's `re.match('^[a-z0-9\-_.+]*$', s)`, and `$` also matches just before
//! a final `"\n"`. So each part (the name, the namespace ID) may end with ONE newline:
//! `"abc.id\n"`, `"abc\n.id"` and the namespace ID `"\n"` are all valid to the reference.
//! The newline counts towards the length limits. (Such names can never be preordered or
//! revealed: `b40_to_bin` rejects `\n`, see `wire::namespace` for the reveal case.)
#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used)]

/// Maximum length of a fully-qualified name in bytes (`LENGTHS['blockchain_id_name']`).
pub const FQN_MAX_LEN: usize = 37;
/// Maximum length of a namespace ID (`LENGTHS['blockchain_id_namespace_id']`).
pub const NAMESPACE_ID_MAX_LEN: usize = 19;

/// `is_b40(s)`: every byte is in `[a-z0-9-_.+]`, except that the very last byte may be a
/// newline (Python `re.match` with `$`, see the module header).
fn is_b40_like_reference(s: &str) -> bool {
    let body = s.strip_suffix('\n').unwrap_or(s);
    body.bytes().all(is_b40_byte)
}

fn is_b40_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.' | b'+')
}

/// Namespace ID: 1–19 bytes of `[a-z0-9_-]` (b40 without `.` and `+`), plus the
/// trailing-newline quirk. Mirrors `scripts.py is_namespace_valid`.
pub fn is_valid_namespace_id(id: &str) -> bool {
    is_b40_like_reference(id)
        && !id.contains('+')
        && !id.contains('.')
        && !id.is_empty()
        && id.len() <= NAMESPACE_ID_MAX_LEN
}

/// `name.ns`: exactly one dot, a non-empty name part of `[a-z0-9_-]`, a valid namespace
/// ID, total ≤ 37 bytes (plus the trailing-newline quirk). Mirrors `is_name_valid`.
pub fn is_valid_fqn(fqn: &str) -> bool {
    let Some((name, namespace_id)) = fqn.split_once('.') else {
        return false;
    };
    if namespace_id.contains('.') {
        return false;
    }
    !name.is_empty()
        && !namespace_id.is_empty()
        && is_b40_like_reference(name)
        && !name.contains('+')
        && is_valid_namespace_id(namespace_id)
        && fqn.len() <= FQN_MAX_LEN
}

/// Split a valid fqn into (name part, namespace id); `None` if `fqn` is not valid.
pub fn split_fqn(fqn: &str) -> Option<(&str, &str)> {
    if is_valid_fqn(fqn) {
        fqn.split_once('.')
    } else {
        None
    }
}

/// The namespace ID of a valid fqn.
pub fn namespace_of(fqn: &str) -> Option<&str> {
    split_fqn(fqn).map(|(_, ns)| ns)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doctest cases of `scripts.py is_name_valid` (reference v22.0.0.0).
    #[test]
    fn reference_doctest_cases() {
        assert!(!is_valid_fqn("abcd"));
        assert!(!is_valid_fqn("abcd."));
        assert!(!is_valid_fqn(".abcd"));
        assert!(!is_valid_fqn("Abcd.abcd"));
        assert!(!is_valid_fqn("abcd.abc.d"));
        assert!(!is_valid_fqn("abcd.abc+d"));
        assert!(!is_valid_fqn("a.b.c"));
        assert!(!is_valid_fqn(""));
        assert!(is_valid_fqn("abcdabcdabcdabcdabcdabcdabcdabcda.bcd"));
        assert!(!is_valid_fqn("abcdabcdabcdabcdabcdabcdabcdabcdab.bcd"));
        assert!(is_valid_fqn("abcdabcdabcdabcdabcdabcdabcdabcdabc.d"));
        assert!(!is_valid_fqn("a+b.c"));
        assert!(is_valid_fqn("a_b.c"));
        assert!(is_valid_namespace_id("abcd"));
        assert!(!is_valid_namespace_id("+abcd"));
        assert!(!is_valid_namespace_id("abc.def"));
        assert!(!is_valid_namespace_id(".abcd"));
        assert!(!is_valid_namespace_id("abcdabcdabcdabcdabcd"));
        assert!(is_valid_namespace_id("abcdabcdabcdabcdabc"));
        assert!(!is_valid_namespace_id(""));
    }

    /// Values observed by running the installed reference:
    /// `/opt/bns-oracle/venv27/bin/python -c "from blockstack.lib.scripts import
    /// is_name_valid, is_namespace_valid; ..."` → True for the first five, False after.
    #[test]
    fn quirk_trailing_newline_is_valid() {
        assert!(is_valid_fqn("abc.id\n"));
        assert!(is_valid_fqn("abc\n.id"));
        assert!(is_valid_fqn("a\n.b\n"));
        assert!(is_valid_namespace_id("id\n"));
        assert!(is_valid_namespace_id("\n"));
        assert!(!is_valid_fqn("abc.id\n\n"));
        assert!(!is_valid_fqn("abc.id\r"));
        assert!(!is_valid_fqn("abc.id\0"));
        assert!(!is_valid_namespace_id("abc\n\n"));
        assert!(!is_valid_fqn("\n.id\n\n"));
    }

    #[test]
    fn length_limit_counts_bytes_including_newline() {
        let ns = "abcdabcdabcdabcdab\n"; // 19 bytes
        assert!(is_valid_namespace_id(ns));
        assert!(!is_valid_namespace_id("abcdabcdabcdabcdabc\n"));
        let name36 = format!("{}.{}", "a".repeat(35), "b"); // 37 bytes
        assert!(is_valid_fqn(&name36));
        assert!(!is_valid_fqn(&format!("{name36}\n")));
    }

    #[test]
    fn split_fqn_splits_valid_names_only() {
        assert_eq!(split_fqn("muneeb.id"), Some(("muneeb", "id")));
        assert_eq!(split_fqn("muneeb"), None);
        assert_eq!(split_fqn("a.b.c"), None);
        assert_eq!(namespace_of("x-y_z.test"), Some("test"));
    }
}
