//! Python 2 `str()` of record values (consensus spec §5.2). STUB: owner H1.
use super::Value;

/// The text Python 2 `str()` gives (None → "").
pub fn py2_str(value: &Value) -> String {
    let _ = value;
    unimplemented!("consensus::py2str (H1)")
}

/// CPython 2.7 `str(float)`: 12 significant digits (repr-style `%.12g` rules).
pub fn py2_float_str(x: f64) -> String {
    let _ = x;
    unimplemented!("consensus::py2str (H1)")
}
