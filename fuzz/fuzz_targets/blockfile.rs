//! Fuzz target `blockfile`: arbitrary bytes as a `blk00000.dat` (optionally obfuscated
//! with an xor key taken from the input) must never panic the reader, the file reader
//! must find exactly the records the in-memory model of the record rules finds, and
//! every record's block must walk (or fail to walk) without panicking, with decoded
//! candidate transactions re-walkable; a mapped file gives the same bytes in place, and
//! the batch txids and merkle root equal the one-at-a-time ones, through every SHA-256
//! kernel the CPU has (avx512, avx2, shani, shani4, scalar); the walk fused with the
//! txids (`walk_block_with_txids`, the default mode's path) gives the same spans, txids
//! and errors as the walk then the txids.
#![no_main]

use bns_blockfile::{apply_xor, records_in_slice, BlkFile, ChainNetwork};
use bns_replay::sha256_batch::{merkle_root, sha256d_many, sha256d_stream, Backend, Kernel};
use bns_replay::txwalk::{decode_tx, txids, walk_block, walk_block_with_txids};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let (key, plain) = match input.split_first() {
        Some((&flag, rest)) if flag & 1 == 1 && rest.len() >= 8 => {
            let mut key = [0u8; 8];
            key.copy_from_slice(&rest[..8]);
            (Some(key), &rest[8..])
        }
        Some((_, rest)) => (None, rest),
        None => (None, input),
    };
    let mut on_disk = plain.to_vec();
    if let Some(k) = &key {
        apply_xor(&mut on_disk, 0, k);
    }
    let dir = std::env::temp_dir().join(format!("bns-fuzz-blockfile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir is writable");
    let path = dir.join("blk00000.dat");
    std::fs::write(&path, &on_disk).expect("temp file is writable");
    let mut file = BlkFile::open(0, &path, key.filter(|k| *k != [0u8; 8])).expect("file just written");
    file.map();
    let magic = ChainNetwork::Regtest.magic();
    let records = file.records(&magic).expect("reading a regular file succeeds");
    let found: Vec<(u64, u32)> = records.iter().map(|r| (r.offset, r.size)).collect();
    assert_eq!(found, records_in_slice(plain, &magic));
    for r in &records {
        let block = file.read_block(r.offset, r.size).expect("record lies inside the file");
        if let Some(in_place) =
            file.bytes_in_place(r.offset, r.size as usize).expect("nobody changes the file")
        {
            assert_eq!(in_place, &block[..], "mapped bytes equal read bytes");
        }
        let walked = walk_block(&block, b"id");
        match (&walked, walk_block_with_txids(&block, b"id", &|_: &[u8]| false)) {
            (Ok(spans), Ok((fused, ids))) => {
                assert_eq!(&fused, spans, "fused walk: same spans");
                assert_eq!(ids, txids(&block, spans), "fused walk: same txids");
            }
            (Err(e), Err(fused)) => assert_eq!(&fused, e, "fused walk: same error"),
            (a, b) => panic!("walk {a:?} but fused walk {b:?}"),
        }
        if let Ok(spans) = walked {
            let batch = txids(&block, &spans);
            let one_by_one: Vec<[u8; 32]> = spans.iter().map(|s| s.txid(&block)).collect();
            assert_eq!(batch, one_by_one, "batch txids equal one-at-a-time txids");
            let root = merkle_root(&batch, Backend::Scalar);
            assert_eq!(merkle_root(&batch, Backend::Detect), root);
            assert_eq!(bns_blockfile::merkle_root(&batch), root);
            // Every kernel this CPU has: the same txids and root as one at a time.
            let pieces: Vec<_> = spans.iter().map(|s| s.txid_pieces(&block)).collect();
            for kernel in Kernel::ALL.into_iter().filter(|k| k.available()) {
                let ids = sha256d_many(&pieces, Backend::Kernel(kernel));
                assert_eq!(ids, one_by_one, "{} txids", kernel.name());
                assert_eq!(merkle_root(&ids, Backend::Kernel(kernel)), root, "{} root", kernel.name());
                let mut each = pieces.iter().copied();
                let streamed = sha256d_stream(|| each.next(), Backend::Kernel(kernel));
                assert_eq!(streamed, one_by_one, "{} streamed txids", kernel.name());
            }
            for span in spans.iter().filter(|s| s.candidate) {
                assert!(decode_tx(&block, span).is_ok(), "a walked transaction decodes");
            }
        }
    }
});
