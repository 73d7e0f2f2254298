//! NAME_IMPORT keychain derivation (bns spec §9). STUB: owner H3.
