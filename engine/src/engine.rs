//! `Engine::apply_block` drives extraction results through the rules. STUB: owner H3.
