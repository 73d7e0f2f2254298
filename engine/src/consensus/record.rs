//! Record serialization `OPCHAR ':' len ':' value ',' …` (consensus spec §5.1;
//! virtualchain `indexer.py serialize_op`).

use super::py2str::py2_str;
use super::Value;

/// Serialize one record: `values` must be in the order of `fields_for(opchar)`.
/// Each item is `len(text) ':' text` with `text = py2_str(value)` (None → empty);
/// items are joined by `,`, with no trailing comma and no outer length.
pub fn serialize_record(opchar: u8, values: &[Value]) -> Vec<u8> {
    let mut out = vec![opchar, b':'];
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let text = py2_str(value);
        // Python's len() of an ASCII str; all record text is ASCII (spec §5.1), and for
        // non-ASCII input we count bytes, which is what a byte string would give.
        out.extend_from_slice(text.len().to_string().as_bytes());
        out.push(b':');
        out.extend_from_slice(text.as_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_value_list_is_opchar_and_colon() {
        assert_eq!(serialize_record(b'~', &[]), b"~:".to_vec());
    }

    #[test]
    fn none_serializes_as_zero_length_item() {
        let bytes = serialize_record(b'?', &[Value::Str("ab".into()), Value::None, Value::Int(7)]);
        assert_eq!(bytes, b"?:2:ab,0:,1:7".to_vec());
    }
}
