//! A field value of a consensus record, as the reference holds it in Python before
//! `str()` turns it into text (consensus spec §4.3, §5.2).

use serde::{Deserialize, Serialize};

#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub enum Value {
    /// Python `None`: serialized as the empty string.
    None,
    /// Python int/long.
    Int(i128),
    /// Python float (only `op_fee` of import-created names, bns spec §11).
    Float(f64),
    Bool(bool),
    /// Python str (hex strings, addresses, op strings, decimal `token_fee`).
    Str(String),
    /// Python list of ints (`buckets`), rendered `[a, b, c]`.
    IntList(Vec<i64>),
}
