//! `replay --store DIR serve [--listen 127.0.0.1:6270]`: Blockstack Core's REST API
//! (bns-api) over the store, read-only. Each request reads one LMDB read transaction
//! (whole commits only), and follows the tip a running `replay` commits to the same
//! store, without a restart. The parameters are the store's own.

use crate::cli::Outcome;
use crate::error::{ReplayError, UsageError};
use bns_api::server::ServeError;
use bns_api::store_model::{StoreModel, StoreModelError};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

/// The default address: the reference's port, loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:6270";

pub(crate) fn model_error(e: StoreModelError) -> ReplayError {
    match e {
        StoreModelError::Open(e) => ReplayError::OpenStore(e),
        StoreModelError::Read(e) => ReplayError::Query(e),
        StoreModelError::NoParams(_) => UsageError::NoBnsState.into(),
    }
}

/// Serve the store in `dir` on `listen` until the process is stopped.
pub fn serve(dir: &Path, listen: SocketAddr) -> Result<Outcome, ReplayError> {
    let model = StoreModel::open(dir).map_err(model_error)?;
    let limits = bns_api::ServerLimits::default();
    // Each blocking thread that reads keeps an LMDB reader slot while it lives (126 in
    // all): the pool must stay below that, whatever the request mix (a pool of up to
    // 512 threads made requests fail under load with MDB_READERS_FULL).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(limits.max_concurrent_reads)
        .enable_all()
        .build()
        .map_err(ReplayError::ServeRuntime)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|source| ServeError::Bind { addr: listen, source })?;
        let addr = listener.local_addr().map_err(ServeError::Io)?;
        eprintln!("replay: serving {} on http://{addr}", dir.display());
        bns_api::server::serve_listener(Arc::new(model), listener, limits, std::future::pending())
            .await
            .map_err(ReplayError::from)
    })?;
    Ok(Outcome::Ok)
}
