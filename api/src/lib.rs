//! # bns-api: Blockstack Core's REST API over a read model
//!
//! [`handle`] answers one request (method + raw request target) from a [`ReadModel`]:
//! the reference's `/v1` routes exactly as Blockstack Core 22.0.0.0 answers them
//! ([`reference`]), our own routes under `/x/v1` ([`ours`]) and the one-page explorer at
//! `/` ([`explorer`]). [`server::serve`] puts it on HTTP (axum on tokio) with request,
//! header, connection and time limits.

pub mod answers;
pub mod c32;
pub mod cache;
pub mod explorer;
pub mod json;
pub mod memory;
pub mod model;
pub mod ours;
pub mod reference;
pub mod reply;
pub mod request;
pub mod server;
pub mod store_model;
pub mod zonefile_check;

pub use memory::InMemoryModel;
pub use model::{AccountRow, BlockOps, Creation, HistoryRow, ModelError, ReadModel, Tip, TxFate, TxStatus};
pub use reply::Reply;
pub use server::{serve, ServeError, ServerLimits};
pub use store_model::StoreModel;

/// Answer one request. `target` is the raw request target (`/path?query`), as bytes.
pub fn handle(model: &dyn ReadModel, method: &str, target: &[u8]) -> Reply {
    match model.snapshot() {
        Ok(Some(snapshot)) => handle_in(snapshot.as_ref(), method, target),
        Ok(None) => handle_in(model, method, target),
        Err(e) => reference::internal(e),
    }
}

/// Answer one request from one consistent model.
fn handle_in(model: &dyn ReadModel, method: &str, target: &[u8]) -> Reply {
    let Ok(parsed) = request::parse_target(target) else {
        // A query key given twice: the reference answers 400 with an empty body.
        return Reply::empty(400, "text/plain");
    };
    if method == "GET" && parsed.path == "/" {
        return explorer::page(model, &parsed.query);
    }
    if parsed.path == "/x/v1" || parsed.path.starts_with("/x/v1/") {
        return ours::answer(model, method, &parsed);
    }
    reference::answer(model, method, &parsed)
}
