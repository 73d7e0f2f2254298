//! A finished answer: status, content type, body, extra headers. The body is shared
//! bytes ([`Bytes`]): a kept answer (`crate::answers`) is sent to every connection from
//! one buffer.

use bytes::Bytes;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Bytes,
    /// Extra headers (CORS preflight).
    pub headers: Vec<(&'static str, &'static str)>,
}

impl Reply {
    /// A JSON body (serialization of these shapes cannot fail; if it ever did, the
    /// answer is a 500 with an empty body).
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Reply {
        match serde_json::to_vec(value) {
            Ok(body) => {
                Reply { status, content_type: "application/json", body: body.into(), headers: Vec::new() }
            }
            Err(_) => Reply::empty(500, "text/plain"),
        }
    }
    pub fn empty(status: u16, content_type: &'static str) -> Reply {
        Reply { status, content_type, body: Bytes::new(), headers: Vec::new() }
    }
    pub fn bytes(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply { status, content_type, body: body.into(), headers: Vec::new() }
    }
    pub fn html(body: String) -> Reply {
        Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: body.into_bytes().into(),
            headers: Vec::new(),
        }
    }
    /// OPTIONS on `/v1/…`, `/v2/…`: CORS preflight headers only.
    pub fn preflight() -> Reply {
        Reply {
            status: 200,
            content_type: "text/plain",
            body: Bytes::new(),
            headers: vec![
                ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"),
                ("Access-Control-Allow-Headers", "content-type, authorization, range"),
                ("Access-Control-Expose-Headers", "content-length, content-range"),
                ("Access-Control-Max-Age", "21600"),
            ],
        }
    }
}
