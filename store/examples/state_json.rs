//! `cargo run --release -p bns-store --example state_json -- STORE OUT.json`
//!
//! Writes the state a store holds (every state row, loaded as `load_state_rows` does)
//! as the JSON `chaingen history --state-out` writes: `last_block`, and the lists
//! `names`, `namespaces`, `preorders`, `accounts` of the engine records as serde shows
//! them (so a NULL account `metadata` is `null`, an empty one `""`), and
//! `consensus_hashes` as height → hex. `scripts/history_state_compare.py ORACLE_DUMP
//! OUT.json` then compares a replay store with the reference's final state directly,
//! without going through the generator's state and the state digest.

use std::io::Write as _;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [store_dir, out_path] = args.as_slice() else {
        return Err("usage: state_json STORE OUT.json".into());
    };
    let store = bns_store::LmdbStore::open_reader(store_dir)?;
    let state = bns_store::load_state_rows(&store)?;
    let list = |values: Vec<serde_json::Value>| serde_json::Value::Array(values);
    let to = |v: &dyn erased::Ser| v.value();
    let json = serde_json::json!({
        "last_block": state.last_block,
        "names": list(state.names.values().map(|r| to(r)).collect()),
        "namespaces": list(state.namespaces.values().map(|r| to(r)).collect()),
        "preorders": list(state.preorders.values().flatten().map(|r| to(r)).collect()),
        "accounts": list(state.accounts.values().map(|r| to(r)).collect()),
        "consensus_hashes": state
            .consensus_hashes
            .iter()
            .map(|(h, c)| (h.to_string(), serde_json::Value::String(c.to_hex())))
            .collect::<serde_json::Map<String, serde_json::Value>>(),
    });
    let mut out = std::io::BufWriter::new(std::fs::File::create(out_path)?);
    serde_json::to_writer(&mut out, &json)?;
    out.flush()?;
    eprintln!(
        "state_json: {} names, {} namespaces, {} accounts, last block {}",
        state.names.len(),
        state.namespaces.len(),
        state.accounts.len(),
        state.last_block
    );
    Ok(())
}

mod erased {
    /// A record that serializes to JSON.
    pub trait Ser {
        fn value(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn value(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}
