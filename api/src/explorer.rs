//! The one-page explorer at `/`: search a name, see its record, zone file and history
//! as a timeline, and the namespaces. Server-rendered HTML, no scripts, no build step.

use crate::memory::opcode_of_op;
use crate::model::ReadModel;
use crate::reference::{check_name, name_did};
use crate::reply::Reply;
use std::collections::BTreeMap;
use std::fmt::Write;

/// HTML-escape text.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.4rem}table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}\
code,pre{font-family:ui-monospace,monospace;font-size:.85rem}ol.timeline{list-style:none;padding-left:0;border-left:3px solid #69c}\
ol.timeline li{margin:0 0 .8rem 1rem}.op{font-weight:600}.err{color:#a00}";

/// Render the page (`?name=` selects a name).
pub fn page(model: &dyn ReadModel, query: &BTreeMap<String, String>) -> Reply {
    let mut body = String::new();
    let tip = model.tip();
    let _ = write!(body, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>BNS explorer</title><style>{STYLE}</style></head><body>");
    body.push_str("<h1>BNS v1 explorer</h1>");
    match &tip {
        Ok(t) => {
            let _ = write!(
                body,
                "<p id=\"tip\">Tip: block {} &middot; consensus hash <code>{}</code></p>",
                t.height,
                t.consensus_hash.to_hex()
            );
        }
        Err(e) => {
            let _ = write!(body, "<p class=\"err\">{}</p>", esc(&e.to_string()));
        }
    }
    let name = query.get("name").map(|s| s.trim().to_string()).unwrap_or_default();
    let _ = write!(
        body,
        "<form method=\"get\" action=\"/\"><label>Name <input name=\"name\" value=\"{}\" placeholder=\"muneeb.id\"></label> <button type=\"submit\">Look up</button></form>",
        esc(&name)
    );
    if !name.is_empty() {
        name_section(model, &name, &mut body);
    }
    namespaces_section(model, &mut body);
    body.push_str("<p><small>JSON: <code>/v1/…</code> (Blockstack Core's REST API), <code>/x/v1/…</code> (ours).</small></p></body></html>");
    Reply::html(body)
}

fn name_section(model: &dyn ReadModel, name: &str, body: &mut String) {
    if !check_name(name) {
        let _ = write!(body, "<p class=\"err\" id=\"result\">Not a valid name: {}</p>", esc(name));
        return;
    }
    let rec = match model.name(name) {
        Ok(Some(r)) => r,
        Ok(None) => {
            let _ = write!(body, "<p id=\"result\">{} is not registered.</p>", esc(name));
            return;
        }
        Err(e) => {
            let _ = write!(body, "<p class=\"err\">{}</p>", esc(&e.to_string()));
            return;
        }
    };
    let _ = write!(body, "<section id=\"result\"><h2>{}</h2><table>", esc(name));
    let did = name_did(model, name).ok().flatten().unwrap_or_default();
    let rows: [(&str, String); 8] = [
        ("Owner", rec.address.clone()),
        ("Status", if rec.revoked { "revoked".into() } else { "registered".into() }),
        ("Zone file hash", rec.value_hash.clone().unwrap_or_else(|| "—".into())),
        ("Last op", format!("{} ({})", opcode_of_op(&rec.op), rec.op)),
        ("Last txid", rec.txid.clone()),
        ("Registered at", rec.first_registered.to_string()),
        ("Last renewed", rec.last_renewed.to_string()),
        ("DID", did),
    ];
    for (k, v) in rows {
        let _ = write!(body, "<tr><th>{}</th><td><code>{}</code></td></tr>", esc(k), esc(&v));
    }
    body.push_str("</table>");
    body.push_str("<h3>Zone file</h3>");
    let zf = rec.value_hash.as_deref().and_then(|h| model.zonefile(h).ok().flatten());
    match zf {
        Some(bytes) => {
            let _ = write!(body, "<pre id=\"zonefile\">{}</pre>", esc(&String::from_utf8_lossy(&bytes)));
        }
        None => body.push_str("<p id=\"zonefile\">No zone file stored.</p>"),
    }
    body.push_str("<h3>History</h3><ol class=\"timeline\" id=\"history\">");
    for row in model.history(name).unwrap_or_default().iter().rev() {
        let owner = row.data.get("address").and_then(|v| v.as_str()).unwrap_or("");
        let _ = write!(
            body,
            "<li><span class=\"op\">{}</span> at block {} (tx {}) &middot; owner <code>{}</code></li>",
            esc(opcode_of_op(&row.op)),
            row.block_id,
            esc(&row.txid),
            esc(owner)
        );
    }
    body.push_str("</ol></section>");
}

fn namespaces_section(model: &dyn ReadModel, body: &mut String) {
    body.push_str("<h2>Namespaces</h2><table id=\"namespaces\"><tr><th>ID</th><th>State</th><th>Revealed</th><th>Ready</th><th>Lifetime</th></tr>");
    for id in model.namespace_ids().unwrap_or_default() {
        if let Ok(Some(ns)) = model.namespace(&id) {
            let _ = write!(
                body,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&id),
                if ns.is_ready() { "ready" } else { "revealed" },
                ns.reveal_block,
                if ns.is_ready() { ns.ready_block.to_string() } else { "—".into() },
                if ns.lifetime == u32::MAX { "infinite".to_string() } else { ns.lifetime.to_string() }
            );
        }
    }
    body.push_str("</table>");
}
