//! chaingen end to end: generate the example scenario with each layout option, read
//! the files back with the independent reader in `common`, and check that the blocks
//! are real (decode, merkle root, witness commitment, proof of work, BIP34, chain
//! linkage), that every input's signature verifies, and that each layout option
//! produces exactly what it claims.

mod common;

use bitcoin::blockdata::script::Instruction;
use bitcoin::consensus::deserialize;
use bitcoin::hashes::Hash;
use bitcoin::secp256k1::{ecdsa, schnorr, Message, XOnlyPublicKey, SECP256K1};
use bitcoin::sighash::{EcdsaSighashType, Prevouts, SighashCache, TapSighashType};
use bitcoin::{Block, BlockHash, OutPoint, PublicKey, Script, Transaction, TxOut};
use bns_blockfile::ChainNetwork;
use bns_blockfile::WriterOptions;
use bns_vectors::generator::GenOptions;
use bns_vectors::layout::LayoutOptions;
use bns_vectors::scenario::Scenario;
use bns_vectors::{run_scenario, ScenarioRun};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const PAD: u64 = 1 << 20;

fn example() -> (Scenario, PathBuf) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/examples");
    (Scenario::load(&dir.join("genesis_window_basics.json")).unwrap(), dir)
}

struct Opts {
    seed: u64,
    xor: Option<[u8; 8]>,
    window: Option<usize>,
    forks: u32,
    truncate: bool,
    padding: Option<u64>,
    max_file: u64,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            seed: 7,
            xor: None,
            window: None,
            forks: 0,
            truncate: false,
            padding: Some(PAD),
            max_file: 128 << 20,
        }
    }
}

fn generate(out: &Path, o: &Opts) -> bns_vectors::generator::GeneratedChain {
    let (s, dir) = example();
    let run = ScenarioRun {
        gen: GenOptions {
            seed: o.seed,
            network: ChainNetwork::Regtest,
            stale_forks: o.forks,
            truncate_tail: o.truncate,
        },
        writer: WriterOptions {
            magic: ChainNetwork::Regtest.magic(),
            max_file_size: o.max_file,
            xor_key: o.xor,
            padding_chunk: o.padding,
        },
        layout: LayoutOptions { out_of_order_window: o.window },
        use_engine: false,
    };
    run_scenario(&s, &dir, out, &run).unwrap()
}

fn decode_all(dir: &Path) -> Vec<Block> {
    common::read_records(dir, ChainNetwork::Regtest.magic())
        .into_iter()
        .filter(|r| r.bytes.len() == r.declared as usize)
        .map(|r| deserialize::<Block>(&r.bytes).expect("every complete record decodes"))
        .collect()
}

/// Best chain from the regtest genesis by height (all headers share one nBits, so most
/// work = longest; ties cannot occur here since forks are strictly shorter).
fn best_chain(blocks: &[Block]) -> Vec<Block> {
    let by_hash: HashMap<BlockHash, &Block> = blocks.iter().map(|b| (b.block_hash(), b)).collect();
    let genesis = bitcoin::blockdata::constants::genesis_block(bitcoin::Network::Regtest).block_hash();
    let mut best: Option<(usize, BlockHash)> = None;
    for b in blocks {
        let mut height = 0usize;
        let mut cur = b.block_hash();
        while cur != genesis {
            cur = by_hash.get(&cur).expect("every parent is present").header.prev_blockhash;
            height += 1;
        }
        if best.is_none_or(|(h, _)| height > h) {
            best = Some((height, b.block_hash()));
        }
    }
    let mut chain = Vec::new();
    let mut cur = best.unwrap().1;
    loop {
        let b = by_hash[&cur];
        chain.push(b.clone());
        if cur == genesis {
            break;
        }
        cur = b.header.prev_blockhash;
    }
    chain.reverse();
    chain
}

fn all_files_bytes(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn same_scenario_and_seed_give_byte_identical_files() {
    let (a, b, c) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let messy = Opts {
        xor: Some(*b"\x01\x23\x45\x67\x89\xab\xcd\xef"),
        window: Some(5),
        forks: 2,
        truncate: true,
        ..Opts::default()
    };
    generate(a.path(), &messy);
    generate(b.path(), &messy);
    generate(c.path(), &Opts { seed: 8, ..messy });
    let (fa, fb, fc) = (all_files_bytes(a.path()), all_files_bytes(b.path()), all_files_bytes(c.path()));
    assert!(fa.contains_key("blk00000.dat") && fa.contains_key("xor.dat"));
    assert_eq!(fa, fb, "same scenario + seed must give identical files");
    assert_ne!(fa["blk00000.dat"], fc["blk00000.dat"], "another seed gives another chain");
}

#[test]
fn every_block_decodes_with_merkle_root_pow_and_bip34() {
    let out = tempfile::tempdir().unwrap();
    let chain = generate(out.path(), &Opts::default());
    let blocks = decode_all(out.path());
    assert_eq!(blocks.len(), chain.blocks.len());
    let genesis = bitcoin::blockdata::constants::genesis_block(bitcoin::Network::Regtest);
    assert_eq!(blocks[0].block_hash(), genesis.block_hash(), "genesis is the first record");
    for (height, block) in blocks.iter().enumerate() {
        assert!(block.check_merkle_root(), "merkle root of block {height}");
        assert!(block.check_witness_commitment(), "witness commitment of block {height}");
        assert!(block.header.target().is_met_by(block.block_hash()), "proof of work of block {height}");
        assert_eq!(block.header.bits.to_consensus(), 0x207f_ffff);
        if height > 0 {
            assert_eq!(block.header.prev_blockhash, blocks[height - 1].block_hash(), "linkage at {height}");
            if height > 16 {
                assert_eq!(block.bip34_block_height().unwrap(), height as u64, "BIP34 height");
            }
        }
    }
    // Segwit spends really occur (so witness commitments were really checked).
    assert!(blocks.iter().any(|b| b.txdata.iter().any(|t| t.input.iter().any(|i| !i.witness.is_empty()))));
}

/// Verify one input the way a node would check its signature: the script type comes
/// from the prevout, keys and signatures from scriptSig/witness, the sighash is
/// recomputed here.
fn verify_input(tx: &Transaction, index: usize, prevouts: &[TxOut]) -> Result<&'static str, String> {
    let spk = &prevouts[index].script_pubkey;
    let value = prevouts[index].value;
    let input = &tx.input[index];
    let pushes: Vec<Vec<u8>> = input
        .script_sig
        .instructions()
        .map(|i| match i.unwrap() {
            Instruction::PushBytes(b) => b.as_bytes().to_vec(),
            Instruction::Op(_) => Vec::new(),
        })
        .collect();
    let mut cache = SighashCache::new(tx);
    let check_ecdsa = |sig: &[u8], pk: &[u8], digest: [u8; 32]| -> Result<(), String> {
        let (der, ty) = sig.split_at(sig.len() - 1);
        if ty != [EcdsaSighashType::All as u8] {
            return Err("unexpected sighash type".into());
        }
        let sig = ecdsa::Signature::from_der(der).map_err(|e| e.to_string())?;
        let pk = PublicKey::from_slice(pk).map_err(|e| e.to_string())?;
        SECP256K1.verify_ecdsa(&Message::from_digest(digest), &sig, &pk.inner).map_err(|e| e.to_string())
    };
    let check_multisig = |sigs: &[Vec<u8>], script: &Script, digest: [u8; 32]| -> Result<(), String> {
        let keys: Vec<Vec<u8>> = script
            .instructions()
            .filter_map(|i| match i.unwrap() {
                Instruction::PushBytes(b) if b.len() == 33 || b.len() == 65 => Some(b.as_bytes().to_vec()),
                _ => None,
            })
            .collect();
        let mut k = 0;
        for sig in sigs {
            loop {
                let key = keys.get(k).ok_or("multisig signature matches no remaining key")?;
                k += 1;
                if check_ecdsa(sig, key, digest).is_ok() {
                    break;
                }
            }
        }
        Ok(())
    };
    if spk.is_p2pkh() {
        let [sig, pk] = pushes.as_slice() else {
            return Err("p2pkh scriptSig must be <sig> <pubkey>".into());
        };
        if bitcoin::PubkeyHash::hash(pk).as_byte_array() != &spk.as_bytes()[3..23] {
            return Err("pubkey does not match p2pkh hash".into());
        }
        let digest = cache.legacy_signature_hash(index, spk, 1).unwrap().to_byte_array();
        check_ecdsa(sig, pk, digest)?;
        return Ok("p2pkh");
    }
    let witness: Vec<Vec<u8>> = input.witness.iter().map(|w| w.to_vec()).collect();
    let (program, kind_label) = if spk.is_p2sh() {
        let redeem = pushes.last().ok_or("p2sh needs a redeem script")?;
        if bitcoin::ScriptHash::hash(redeem).as_byte_array() != &spk.as_bytes()[2..22] {
            return Err("redeem script does not match p2sh hash".into());
        }
        let redeem = Script::from_bytes(redeem).to_owned();
        if !(redeem.is_p2wpkh() || redeem.is_p2wsh()) {
            let digest = cache.legacy_signature_hash(index, &redeem, 1).unwrap().to_byte_array();
            check_multisig(&pushes[1..pushes.len() - 1], &redeem, digest)?;
            return Ok("p2sh-multisig");
        }
        (redeem, "p2sh-")
    } else {
        (spk.clone(), "")
    };
    if program.is_p2wpkh() {
        let [sig, pk] = witness.as_slice() else {
            return Err("p2wpkh witness must be <sig> <pubkey>".into());
        };
        if bitcoin::PubkeyHash::hash(pk).as_byte_array() != &program.as_bytes()[2..22] {
            return Err("pubkey does not match p2wpkh program".into());
        }
        let digest = cache
            .p2wpkh_signature_hash(index, &program, value, EcdsaSighashType::All)
            .unwrap()
            .to_byte_array();
        check_ecdsa(sig, pk, digest)?;
        return Ok(if kind_label.is_empty() { "p2wpkh" } else { "p2sh-p2wpkh" });
    }
    if program.is_p2wsh() {
        let script = Script::from_bytes(witness.last().ok_or("empty p2wsh witness")?);
        if bitcoin::hashes::sha256::Hash::hash(script.as_bytes()).as_byte_array()
            != &program.as_bytes()[2..34]
        {
            return Err("witness script does not match p2wsh program".into());
        }
        let digest =
            cache.p2wsh_signature_hash(index, script, value, EcdsaSighashType::All).unwrap().to_byte_array();
        check_multisig(&witness[1..witness.len() - 1], script, digest)?;
        return Ok(if kind_label.is_empty() { "p2wsh" } else { "p2sh-p2wsh" });
    }
    if program.is_p2tr() {
        let [sig] = witness.as_slice() else { return Err("key-path spend has one witness item".into()) };
        let key = XOnlyPublicKey::from_slice(&program.as_bytes()[2..34]).map_err(|e| e.to_string())?;
        let digest = cache
            .taproot_key_spend_signature_hash(index, &Prevouts::All(prevouts), TapSighashType::Default)
            .unwrap();
        let sig = schnorr::Signature::from_slice(sig).map_err(|e| e.to_string())?;
        SECP256K1
            .verify_schnorr(&sig, &Message::from_digest(digest.to_byte_array()), &key)
            .map_err(|e| e.to_string())?;
        return Ok("p2tr");
    }
    Err(format!("unexpected prevout script {spk}"))
}

#[test]
fn every_input_signature_verifies() {
    let out = tempfile::tempdir().unwrap();
    generate(out.path(), &Opts::default());
    let blocks = decode_all(out.path());
    let mut outputs: HashMap<OutPoint, TxOut> = HashMap::new();
    let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    for block in &blocks {
        for tx in &block.txdata {
            if !tx.is_coinbase() {
                let prevouts: Vec<TxOut> = tx
                    .input
                    .iter()
                    .map(|i| {
                        outputs
                            .get(&i.previous_output)
                            .cloned()
                            .expect("every input spends an earlier output")
                    })
                    .collect();
                for index in 0..tx.input.len() {
                    let kind = verify_input(tx, index, &prevouts)
                        .unwrap_or_else(|e| panic!("tx {} input {index}: {e}", tx.compute_txid()));
                    *kinds.entry(kind).or_default() += 1;
                }
                for i in &tx.input {
                    outputs.remove(&i.previous_output).expect("no double spend");
                }
            }
            let txid = tx.compute_txid();
            for (vout, o) in tx.output.iter().enumerate() {
                outputs.insert(OutPoint { txid, vout: vout as u32 }, o.clone());
            }
        }
    }
    for kind in ["p2pkh", "p2sh-multisig", "p2sh-p2wpkh", "p2wpkh", "p2wsh", "p2tr"] {
        assert!(kinds.get(kind).copied().unwrap_or(0) > 0, "no {kind} spend was verified: {kinds:?}");
    }
}

#[test]
fn xor_option_obfuscates_every_byte_by_its_offset() {
    let (plain, xored) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let key = *b"\x5a\x00\xff\x10\x20\x30\x40\x77";
    generate(plain.path(), &Opts::default());
    let chain = generate(xored.path(), &Opts { xor: Some(key), ..Opts::default() });
    assert_eq!(std::fs::read(xored.path().join("xor.dat")).unwrap(), key);
    assert!(!plain.path().join("xor.dat").exists());
    let p = std::fs::read(plain.path().join("blk00000.dat")).unwrap();
    let x = std::fs::read(xored.path().join("blk00000.dat")).unwrap();
    assert_eq!(p.len(), x.len());
    let last = chain.manifest.blocks.last().unwrap();
    let data_end = (last.offset.unwrap() + 8 + last.size as u64) as usize;
    for i in 0..data_end {
        assert_eq!(x[i], p[i] ^ key[i % 8], "byte {i}");
    }
    // Preallocated padding is raw zeros on disk, not obfuscated (as in Bitcoin Core).
    assert!(x[data_end..].iter().all(|&b| b == 0));
    assert_eq!(decode_all(xored.path()).len(), chain.blocks.len());
}

#[test]
fn out_of_order_stores_children_before_parents_within_windows() {
    let out = tempfile::tempdir().unwrap();
    let chain = generate(out.path(), &Opts { window: Some(4), ..Opts::default() });
    let stored = decode_all(out.path());
    assert_eq!(stored.len(), chain.blocks.len());
    let height: HashMap<BlockHash, usize> =
        chain.blocks.iter().enumerate().map(|(h, b)| (b.block_hash(), h)).collect();
    let heights: Vec<usize> = stored.iter().map(|b| height[&b.block_hash()]).collect();
    assert_eq!(heights[0], 0, "genesis stays first");
    let inversions = heights.windows(2).filter(|w| w[1] < w[0]).count();
    assert!(inversions >= chain.blocks.len() / 8, "only {inversions} inversions");
    // Displacement is bounded by the window.
    for (pos, &h) in heights.iter().enumerate() {
        assert!(pos.abs_diff(h) < 4, "block {h} stored at {pos}");
    }
    assert_eq!(best_chain(&stored).len(), chain.blocks.len());
}

#[test]
fn stale_forks_lose_by_cumulative_work() {
    let out = tempfile::tempdir().unwrap();
    let chain = generate(out.path(), &Opts { forks: 3, ..Opts::default() });
    assert!(!chain.forks.is_empty());
    let stored = decode_all(out.path());
    assert_eq!(stored.len(), chain.blocks.len() + chain.forks.len());
    let best = best_chain(&stored);
    let expected: Vec<BlockHash> = chain.blocks.iter().map(Block::block_hash).collect();
    assert_eq!(best.iter().map(Block::block_hash).collect::<Vec<_>>(), expected);
    let main: std::collections::HashSet<BlockHash> = expected.iter().copied().collect();
    // Fork blocks after FIRST carry a BNS preorder that the best chain does not have.
    assert!(chain.forks.iter().any(|(h, b)| *h >= 688
        && b.txdata.len() == 2
        && b.txdata[1].output[0].script_pubkey.as_bytes()[2..4] == *b"id"));
    for (h, fork) in &chain.forks {
        assert!(!main.contains(&fork.block_hash()));
        assert!((*h as usize) < chain.blocks.len() - 1, "fork block at {h} does not reach the tip");
        assert!(fork.header.target().is_met_by(fork.block_hash()) && fork.check_merkle_root());
    }
}

#[test]
fn padding_and_truncated_tail() {
    let (padded, bare, cut) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let chain = generate(padded.path(), &Opts::default());
    generate(bare.path(), &Opts { padding: None, ..Opts::default() });
    let with_tail = generate(cut.path(), &Opts { truncate: true, ..Opts::default() });
    let last = chain.manifest.blocks.last().unwrap();
    let data_end = last.offset.unwrap() + 8 + last.size as u64;
    let p = std::fs::read(padded.path().join("blk00000.dat")).unwrap();
    assert_eq!(p.len() as u64 % PAD, 0, "padded to the chunk size");
    assert!(p.len() as u64 > data_end && p[data_end as usize..].iter().all(|&b| b == 0));
    let b = std::fs::read(bare.path().join("blk00000.dat")).unwrap();
    assert_eq!(b.len() as u64, data_end, "--no-padding ends at the last record");
    // Truncated tail: the last record claims more bytes than were written before the
    // zero padding, so it does not decode; the chain is unchanged.
    let records = common::read_records(cut.path(), ChainNetwork::Regtest.magic());
    let tail = records.last().unwrap();
    let tail_entry = with_tail.manifest.tail.as_ref().unwrap();
    assert_eq!(tail.offset, tail_entry.offset.unwrap());
    assert_eq!(tail.declared as usize, tail_entry.size);
    let valid = |bytes: &[u8]| deserialize::<Block>(bytes).is_ok_and(|b| b.check_merkle_root());
    assert!(!valid(&tail.bytes), "a half-written record (tail + zeros) must not be a valid block");
    assert!(records[..records.len() - 1].iter().all(|r| valid(&r.bytes)));
    let stored: Vec<Block> =
        records[..records.len() - 1].iter().map(|r| deserialize::<Block>(&r.bytes).unwrap()).collect();
    assert_eq!(best_chain(&stored).len(), with_tail.blocks.len());
}

#[test]
fn files_split_at_max_size() {
    let out = tempfile::tempdir().unwrap();
    let max = 64 * 1024;
    let chain = generate(out.path(), &Opts { max_file: max, padding: None, ..Opts::default() });
    let files = common::blk_files(out.path());
    assert!(files.len() > 1 && files.len() == chain.manifest.files.len());
    for f in &files {
        assert!(std::fs::metadata(f).unwrap().len() < max, "{} too big", f.display());
    }
    assert_eq!(decode_all(out.path()).len(), chain.blocks.len());
    let names: Vec<String> =
        files.iter().map(|f| f.file_name().unwrap().to_string_lossy().to_string()).collect();
    assert_eq!(names[0], "blk00000.dat");
    assert_eq!(names[1], "blk00001.dat");
}

#[test]
fn manifest_ops_are_in_the_blocks_where_it_says() {
    let out = tempfile::tempdir().unwrap();
    let chain = generate(out.path(), &Opts::default());
    assert!(!chain.manifest.ops.is_empty());
    for op in &chain.manifest.ops {
        let tx = &chain.blocks[op.height as usize].txdata[op.vtxindex as usize];
        assert_eq!(tx.compute_txid().to_string(), op.txid);
        let payload = op.payload_hex.as_deref().unwrap();
        assert!(payload.starts_with("6964"), "BNS magic `id`");
        assert_eq!(tx.output[0].script_pubkey.as_bytes()[0], 0x6a, "OP_RETURN is output 0");
    }
}

#[test]
fn bulk_mode_writes_valid_blocks() {
    let out = tempfile::tempdir().unwrap();
    let opts = bns_vectors::bulk::BulkOptions {
        size_bytes: 6 << 20,
        seed: 3,
        network: ChainNetwork::Regtest,
        out_of_order_window: None,
        truncate_tail: false,
    };
    let writer = WriterOptions {
        magic: ChainNetwork::Regtest.magic(),
        max_file_size: 4 << 20,
        xor_key: None,
        padding_chunk: None,
    };
    let report = bns_vectors::bulk::write_bulk(out.path(), writer, &opts).unwrap();
    assert!(report.bytes >= 6 << 20);
    let blocks = decode_all(out.path());
    assert_eq!(blocks.len() as u64, report.blocks);
    let mut full = 0;
    for (h, b) in blocks.iter().enumerate() {
        assert!(b.check_merkle_root(), "merkle {h}");
        assert!(b.check_witness_commitment(), "witness commitment {h}");
        assert!(b.header.target().is_met_by(b.block_hash()));
        if h > 0 {
            assert_eq!(b.header.prev_blockhash, blocks[h - 1].block_hash());
        }
        if b.total_size() > 400_000 {
            full += 1;
            assert!(
                (2000..=4000).contains(&b.txdata.len()) || b.total_size() >= 1_000_000,
                "block {h}: {} txs, {} bytes",
                b.txdata.len(),
                b.total_size()
            );
        }
    }
    assert!(full >= 2);
}

/// Every example scenario, generated with the engine inline: each op's verdict must be
/// what the scenario expects (`accepted` / `rejected` / `dropped`). The same chains were
/// checked against the reference oracle with `vectors/oracle-check.sh` (engine lines ==
/// oracle lines for every block).
#[test]
fn example_scenarios_engine_verdicts_match_expectations() {
    use bns_vectors::consensus_source::EngineVerdict;
    use bns_vectors::scenario::Expectation;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 3);
    for file in files {
        let s = Scenario::load(&file).unwrap();
        let out = tempfile::tempdir().unwrap();
        let run = ScenarioRun {
            gen: GenOptions { seed: 7, network: ChainNetwork::Regtest, stale_forks: 0, truncate_tail: false },
            writer: WriterOptions {
                magic: ChainNetwork::Regtest.magic(),
                max_file_size: 128 << 20,
                xor_key: None,
                padding_chunk: None,
            },
            layout: LayoutOptions { out_of_order_window: None },
            use_engine: true,
        };
        let chain = run_scenario(&s, &dir, out.path(), &run).unwrap();
        for op in &chain.manifest.ops {
            let verdict = op.engine.as_ref().unwrap();
            let ok = matches!(
                (op.expect, verdict),
                (Expectation::Accepted, EngineVerdict::Accepted)
                    | (Expectation::Rejected, EngineVerdict::Rejected { .. })
                    | (Expectation::Dropped, EngineVerdict::Dropped { .. })
            );
            assert!(
                ok,
                "{}: {} at {} ({:?}): expected {:?}, engine {:?}",
                s.name, op.op, op.height, op.name, op.expect, verdict
            );
        }
    }
}
