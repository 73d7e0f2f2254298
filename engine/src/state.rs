//! The BNS state: names, namespaces, preorders, accounts, keychains, consensus-hash
//! history, in ordered maps. STUB: owner H3.
