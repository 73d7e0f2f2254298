//! HTTP serving: axum on tokio, one fallback handler that gives the raw request target
//! to [`crate::handle`], with bounded request size, header count, connections and time.

use crate::cache::CachedModel;
use crate::model::ReadModel;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Default of [`ServerLimits::max_concurrent_reads`]: half of LMDB's default 126 reader
/// slots, leaving the rest to a `replay` appending to the same store and other readers.
pub const MAX_CONCURRENT_READS: usize = 64;

/// Limits on what a client may ask of the server.
#[derive(Clone, Debug)]
pub struct ServerLimits {
    /// Largest request body accepted (GET routes take none).
    pub max_body_bytes: usize,
    /// Longest request target (path + query) answered; longer → 414.
    pub max_target_bytes: usize,
    /// Most request headers accepted; more → 431.
    pub max_headers: usize,
    /// Most connections served at once; further ones wait in the accept queue.
    pub max_connections: usize,
    /// Time to answer one request (including reading it); slower → 408.
    pub request_timeout: Duration,
    /// Most requests reading the model at once; further ones wait for a turn. Each
    /// runs on a blocking thread with its own LMDB read transaction, and LMDB has 126
    /// reader slots (its default; the store keeps it): without this bound, 64
    /// connections of slow requests grew tokio's blocking pool past 126 threads and
    /// requests failed with 500 "store read failed" (MDB_READERS_FULL).
    pub max_concurrent_reads: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            max_body_bytes: 16 * 1024,
            max_target_bytes: 8 * 1024,
            max_headers: 64,
            max_connections: 512,
            request_timeout: Duration::from_secs(10),
            max_concurrent_reads: MAX_CONCURRENT_READS,
        }
    }
}

/// The server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("server failed")]
    Io(#[source] std::io::Error),
}

type Shared = Arc<dyn ReadModel + Send + Sync>;

/// What every request handler shares: the model (with its name lists and kept
/// answers), the limits and the read permits.
#[derive(Clone)]
struct AppState {
    model: Arc<CachedModel>,
    limits: Arc<ServerLimits>,
    reads: Arc<Semaphore>,
}

fn to_response(reply: crate::Reply) -> Response {
    let mut resp = Response::new(Body::from(reply.body));
    *resp.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(reply.content_type));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    for (k, v) in reply.headers {
        h.insert(k, HeaderValue::from_static(v));
    }
    resp
}

async fn dispatch(State(app): State<AppState>, req: Request) -> Response {
    let limits = &app.limits;
    if req.headers().len() > limits.max_headers {
        return to_response(crate::Reply::empty(431, "text/plain"));
    }
    let target = req.uri().path_and_query().map(|pq| pq.as_str().to_string()).unwrap_or_else(|| "/".into());
    if target.len() > limits.max_target_bytes {
        return to_response(crate::Reply::empty(414, "text/plain"));
    }
    let get = req.method() == axum::http::Method::GET;
    let mut short = get && short_read(&target);
    if let Some(key) = get.then(|| crate::answers::key_of_target(&target)).flatten() {
        let answers = app.model.answer_cache();
        // A final answer already rendered needs no read at all; one kept for a tip
        // needs the tip only.
        if let Some(reply) = answers.final_answer(key) {
            return to_response(reply);
        }
        short = answers.has_answer(key);
    }
    let method = req.method().as_str().to_string();
    // A bounded number of requests read at once (see `max_concurrent_reads`); the
    // semaphore is never closed, so `acquire_owned` cannot fail.
    let Ok(permit) = app.reads.clone().acquire_owned().await else {
        return to_response(crate::Reply::empty(503, "text/plain"));
    };
    let model = app.model.clone();
    if short {
        // A few rows read and a small body: answered here, on the reactor thread. The
        // hand-off to a blocking thread cost more than the read (two context switches
        // and futex wake-ups: 60% of the server's CPU on /v1/blockchains/bitcoin/consensus
        // under 64 connections; BENCHMARKS.md "REST API", session 5). Answers on the
        // blocking pool also waited long for a reactor thread to pick them up when the
        // reactor threads were busy with short reads (operations p90 135 ms at load 12
        // while most of its answers were sent from the reactor).
        let reply = crate::handle(model.as_ref(), &method, target.as_bytes());
        drop(permit);
        return to_response(reply);
    }
    // Other reads may be long (lists, histories, block operations); keep them off the
    // reactor threads.
    let answer = tokio::task::spawn_blocking(move || {
        let reply = crate::handle(model.as_ref(), &method, target.as_bytes());
        drop(permit);
        reply
    })
    .await;
    match answer {
        Ok(reply) => to_response(reply),
        Err(_) => to_response(crate::Reply::empty(500, "text/plain")),
    }
}

/// Whether a GET of `target` reads a bounded handful of rows and answers a small body,
/// so that it may run on a reactor thread: ping and info; the tip's or a block's
/// consensus hash and a consensus hash's block; a transaction; prices; a name's or
/// namespace's record; the namespace IDs; an address's names (at most the names an
/// address may own); an account's rows; a DID. Not short: name lists and counts
/// (computed once per tip from every name row), histories, block operations, `/x/v1`
/// and the explorer. A target with percent-escapes or dot segments is never short (after
/// decoding and normalising it may be any route).
pub fn short_read(target: &str) -> bool {
    let path = target.split_once('?').map_or(target, |(p, _)| p);
    if path.contains('%') || path.contains("/.") || path.contains('\n') {
        return false;
    }
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    matches!(
        segs.as_slice(),
        ["v1", "ping"]
            | ["v1", "node", "ping"]
            | ["v1", "info"]
            | ["v1", "namespaces"]
            | ["v1", "blockchains", _, "consensus"]
            | ["v1", "blockchains", _, "consensus" | "consensus-block" | "transactions", _]
            | ["v1" | "v2", "prices", "names" | "namespaces", _]
            | ["v1", "names", _]
            | ["v1", "namespaces", _]
            | ["v1", "dids", _]
            | ["v1", "addresses", _, _]
            | ["v1", "accounts", _, "tokens"]
            | ["v1", "accounts", _, _, "balance" | "status"]
            | ["v1", "accounts", _, "history"]
            | ["v1", "accounts", _, "history", _]
    )
}

/// The router with every limit applied.
pub fn router(model: Shared, limits: ServerLimits) -> Router {
    let timeout = limits.request_timeout;
    let body = limits.max_body_bytes;
    assert!(limits.max_concurrent_reads > 0, "a server that reads nothing answers nothing");
    let reads = Arc::new(Semaphore::new(limits.max_concurrent_reads));
    // Name lists per tip (crate::cache) and rendered answers (crate::answers) are kept
    // across requests.
    let model = Arc::new(CachedModel::new(model));
    Router::new()
        .fallback(dispatch)
        .with_state(AppState { model, limits: Arc::new(limits), reads })
        .layer(tower_http::limit::RequestBodyLimitLayer::new(body))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
}

/// Serve `model` on `listen` (use 127.0.0.1 unless told otherwise) until the future
/// `shutdown` completes.
pub async fn serve_until(
    model: Shared,
    listen: SocketAddr,
    limits: ServerLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|source| ServeError::Bind { addr: listen, source })?;
    serve_listener(model, listener, limits, shutdown).await
}

/// Serve on an already bound listener (tests bind port 0).
pub async fn serve_listener(
    model: Shared,
    listener: tokio::net::TcpListener,
    limits: ServerLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let app = router(model, limits);
    let listener = LimitedListener { inner: listener, permits };
    axum::serve(listener, app.into_make_service())
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServeError::Io)
}

/// `serve(read_model, listen_addr)`: serve until the process ends.
pub async fn serve(model: Shared, listen: SocketAddr) -> Result<(), ServeError> {
    serve_until(model, listen, ServerLimits::default(), std::future::pending()).await
}

/// A listener that holds a semaphore permit per open connection.
struct LimitedListener {
    inner: tokio::net::TcpListener,
    permits: Arc<Semaphore>,
}

/// A connection and its permit (released on drop).
pub struct LimitedStream {
    stream: tokio::net::TcpStream,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl tokio::io::AsyncRead for LimitedStream {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for LimitedStream {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.stream).poll_write(cx, buf)
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

impl axum::serve::Listener for LimitedListener {
    type Io = LimitedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok(permit) = self.permits.clone().acquire_owned().await else {
                // The semaphore is never closed; wait forever rather than spin.
                std::future::pending::<()>().await;
                continue;
            };
            match self.inner.accept().await {
                Ok((stream, addr)) => {
                    let _ = stream.set_nodelay(true);
                    return (LimitedStream { stream, _permit: permit }, addr);
                }
                Err(_) => {
                    // Out of file descriptors and the like: back off briefly.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

#[cfg(test)]
mod tests {
    use super::short_read;

    #[test]
    fn short_reads_are_the_routes_of_a_few_rows() {
        for t in [
            "/v1/ping",
            "/v1/info",
            "/v1/blockchains/bitcoin/consensus",
            "/v1/blockchains/bitcoin/consensus/700",
            "/v1/blockchains/bitcoin/consensus-block/bfb75145f3c95f884a5b62ee296eaf01",
            "/v2/prices/names/hello.sample",
            "/v1/names/hello.sample",
            "/v1/accounts/mv2SqHpVWpVwJsGPLqBHJnLj9HSSuTysg6/STACKS/balance",
            "/v1/accounts/mv2SqHpVWpVwJsGPLqBHJnLj9HSSuTysg6/history?page=0",
            "/v1/addresses/bitcoin/mv2SqHpVWpVwJsGPLqBHJnLj9HSSuTysg6",
        ] {
            assert!(short_read(t), "{t}");
        }
        for t in [
            "/v1/names?page=0",
            "/v1/names/hello.sample/history",
            "/v1/names/hello.sample%2Fhistory",
            "/v1/accounts/../names",
            "/v1/namespaces/sample/names?page=0",
            "/v1/namespaces/sample/name_count",
            "/v1/blockchains/bitcoin/operations/700",
            "/v1/blockchains/bitcoin/name_count",
            "/x/v1/status",
            "/",
        ] {
            assert!(!short_read(t), "{t}");
        }
    }
}
