//! Ordered consensus field lists per opcode byte (consensus spec §4.2). STUB: owner H1.

/// The field names serialized for a record of this opcode byte, in order; `None` for
/// an unknown byte; `Some(&[])` for ANNOUNCE (never serialized).
pub fn fields_for(opcode_byte: u8) -> Option<&'static [&'static str]> {
    let _ = opcode_byte;
    unimplemented!("consensus::fields (H1)")
}
