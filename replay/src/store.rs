//! Where replay keeps its results: the `bns-store` crate (LMDB, row encodings, tip,
//! params, writer lock; store/STORE-FORMAT.md). Re-exported here so the pipeline and
//! its tests name one module.

pub use bns_store::lmdb::FORMAT_VERSION as STORE_FORMAT_VERSION;
pub use bns_store::{
    Batch, BlockRow, Identity, LmdbStore, MemStore, RowChange, RowVisitor, StateReader, StateTable,
    StateWrite, Store, StoreView, Tip,
};
