//! `cargo run --release -p bns-store --example db_stats -- STORE`
//!
//! One line per LMDB database of a store: entries, depth, branch / leaf / overflow
//! pages (LMDB's `mdb_stat`), and a SHA-256 over every (key, value) pair in key order
//! (each as u32 LE length then bytes), so two stores built by different binaries or
//! batch sizes can be compared database by database (`diff` of two outputs). Opens the
//! environment read-only, without the store's own checks (`replay --store S verify`
//! does those).

use sha2::{Digest as _, Sha256};
use std::path::PathBuf;

type Db = heed::Database<heed::types::Bytes, heed::types::Bytes>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir: PathBuf = std::env::args_os().nth(1).map(PathBuf::from).ok_or("usage: db_stats STORE")?;
    let mut options = heed::EnvOpenOptions::new();
    options.map_size(1 << 40).max_dbs(64);
    // SAFETY (heed's contract): opened read-only, once in this process; the store's
    // files are written only through LMDB.
    #[allow(unsafe_code)]
    let env = unsafe {
        options.flags(heed::EnvFlags::READ_ONLY);
        options.open(&dir)?
    };
    let rtxn = env.read_txn()?;
    // The named databases are the keys of the unnamed (main) database.
    let main: Db = env.open_database(&rtxn, None)?.ok_or("no main database")?;
    let mut names = Vec::new();
    for item in main.iter(&rtxn)? {
        let (k, _) = item?;
        names.push(String::from_utf8_lossy(k).into_owned());
    }
    let (mut total_pages, mut total_entries) = (0u64, 0u64);
    for name in &names {
        let db: Db = env.open_database(&rtxn, Some(name))?.ok_or("database vanished")?;
        let s = db.stat(&rtxn)?;
        let mut h = Sha256::new();
        for item in db.iter(&rtxn)? {
            let (k, v) = item?;
            for part in [k, v] {
                h.update(u32::try_from(part.len())?.to_le_bytes());
                h.update(part);
            }
        }
        let pages = s.branch_pages + s.leaf_pages + s.overflow_pages;
        total_pages += pages as u64;
        total_entries += s.entries as u64;
        println!(
            "{name:<22} entries {:>9} depth {} branch {:>6} leaf {:>7} overflow {:>6} sha256 {}",
            s.entries,
            s.depth,
            s.branch_pages,
            s.leaf_pages,
            s.overflow_pages,
            hex::encode(h.finalize())
        );
    }
    println!("total entries {total_entries} pages {total_pages}");
    Ok(())
}
