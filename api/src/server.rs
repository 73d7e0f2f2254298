//! HTTP serving: axum on tokio, one fallback handler that gives the raw request target
//! to [`crate::handle`], with bounded request size, header count, connections and time.

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

/// What every request handler shares: the model, the limits and the read permits.
#[derive(Clone)]
struct AppState {
    model: Shared,
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
    let method = req.method().as_str().to_string();
    // A bounded number of requests read at once (see `max_concurrent_reads`); the
    // semaphore is never closed, so `acquire_owned` cannot fail.
    let Ok(permit) = app.reads.clone().acquire_owned().await else {
        return to_response(crate::Reply::empty(503, "text/plain"));
    };
    let model = app.model.clone();
    // The read model may block (LMDB reads); keep it off the reactor threads.
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

/// The router with every limit applied.
pub fn router(model: Shared, limits: ServerLimits) -> Router {
    let timeout = limits.request_timeout;
    let body = limits.max_body_bytes;
    assert!(limits.max_concurrent_reads > 0, "a server that reads nothing answers nothing");
    let reads = Arc::new(Semaphore::new(limits.max_concurrent_reads));
    // Name lists are kept across requests, per tip (crate::cache).
    let model: Shared = Arc::new(crate::cache::CachedModel::new(model));
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
