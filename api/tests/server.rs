//! The HTTP server over TCP: answers, limits (414, 431), bound address.

mod common;
use bns_api::{InMemoryModel, ServerLimits};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn raw(addr: std::net::SocketAddr, request: &str) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_with_limits() {
    let model: Arc<dyn bns_api::ReadModel + Send + Sync> =
        Arc::new(InMemoryModel::new(bns_engine::Params::regtest()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server =
        tokio::spawn(bns_api::server::serve_listener(model, listener, ServerLimits::default(), async {
            let _ = rx.await;
        }));

    let r = raw(addr, "GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    assert!(r.contains("{\"status\":\"alive\",\"version\":\"22.0.0.0\"}"));
    assert!(r.to_ascii_lowercase().contains("access-control-allow-origin: *"));

    let r = raw(addr, "GET /v1/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert!(r.starts_with("HTTP/1.1 404"), "{r}");

    let long = format!("GET /v1/names/{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "a".repeat(9000));
    let r = raw(addr, &long).await;
    assert!(r.starts_with("HTTP/1.1 414"), "{r}");

    let mut many = String::from("GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    for i in 0..80 {
        many.push_str(&format!("X-H{i}: v\r\n"));
    }
    many.push_str("\r\n");
    let r = raw(addr, &many).await;
    assert!(r.starts_with("HTTP/1.1 431"), "{r}");

    // Garbage is refused without taking the server down.
    let r = raw(addr, "\x00\x01garbage\r\n\r\n").await;
    assert!(!r.starts_with("HTTP/1.1 200"));
    let r = raw(addr, "GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");

    let _ = tx.send(());
    server.await.unwrap().unwrap();
}
