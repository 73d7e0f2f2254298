//! Name and namespace-ID syntax (bns spec §3). STUB: owner H2.

/// 1–19 chars of `[a-z0-9_-]`.
pub fn is_valid_namespace_id(id: &str) -> bool {
    let _ = id;
    unimplemented!("names (H2)")
}

/// `name.ns`, exactly one dot, name `[a-z0-9_-]+`, ns valid, total ≤ 37 bytes.
pub fn is_valid_fqn(fqn: &str) -> bool {
    let _ = fqn;
    unimplemented!("names (H2)")
}

/// Split a valid fqn into (name part, namespace id).
pub fn split_fqn(fqn: &str) -> Option<(&str, &str)> {
    let _ = fqn;
    unimplemented!("names (H2)")
}
