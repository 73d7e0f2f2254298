//! The params-file shape of `../shared/oracle/params/*.json` and its translation into
//! `Params` (the reference's env-var names). The caller reads and JSON-parses the file;
//! this module only maps values. STUB: owner H1.
