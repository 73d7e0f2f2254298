//! Record serialization `OPCHAR ':' len ':' value ',' …` (consensus spec §5.1). STUB: H1.
use super::Value;

/// Serialize one record: `values` must be in the order of `fields_for(opchar)`.
pub fn serialize_record(opchar: u8, values: &[Value]) -> Vec<u8> {
    let _ = (opchar, values);
    unimplemented!("consensus::record (H1)")
}
