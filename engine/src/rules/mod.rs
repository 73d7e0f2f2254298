//! Check and commit, one file per op family (bns spec §5). STUB: owner H3.
