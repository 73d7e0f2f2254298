//! virtualchain's script tokenizer and classifier (consensus spec §3.2). STUB: owner H2.
