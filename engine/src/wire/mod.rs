//! Payload bytes ↔ typed ops, one file per op family (bns spec §5). STUB: owner H2.
