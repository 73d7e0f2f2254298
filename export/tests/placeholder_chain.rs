//! The genesis-placeholder test chain (tests/chains/export_genesis_placeholders.json:
//! mainnet-like genesis rows with the export's placeholder addresses, vesting before, at
//! T+1 and after the tip, a P2SH owner, the `btc` patch, a version-2 coefficient, a name
//! in its grace period, a revoked name, a never-readied namespace with an imported name)
//! is generated in memory with bns-vectors (seed 1, the engine supplying consensus hashes)
//! and exported.
//!
//! Golden hashes: our export was byte-identical to the reference's own v22.2.0.0 export
//! on the same chain (scripts/export-vs-oracle.sh with `--zonefiles` from the scenario,
//! 2026-12-06; export/README.md, "Checked against the reference's own export").

use bns_engine::state::State;
use bns_export::migration::{migration_status, MigrationStatus, NotExportedReason};
use bns_export::{export_stacks_v2, ZonefileMap};
use bns_vectors::consensus_source::EngineSource;
use bns_vectors::generator::GenOptions;
use bns_vectors::netparams::BtcNetwork;
use bns_vectors::scenario::Scenario;
use std::path::Path;

fn chain() -> (bns_engine::Params, State, ZonefileMap) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/chains");
    let path = dir.join("export_genesis_placeholders.json");
    let s = Scenario::load(&path).expect("scenario loads");
    let bns = bns_vectors::scenario_params(&s, &dir).expect("params resolve");
    let params = bns.params.clone();
    let mut source = EngineSource::new(params.clone());
    let opts = GenOptions { seed: 1, network: BtcNetwork::Regtest, stale_forks: 0, truncate_tail: false };
    bns_vectors::generate(&s, bns, opts, &mut source).expect("chain generates");
    let state = source.engine().state().clone();
    // The one zone file of the scenario (bar.btc's registration).
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let text = json["blocks"][4]["ops"][1]["zonefile"].as_str().expect("bar.btc's zone file");
    let mut zonefiles = ZonefileMap::default();
    zonefiles.insert(text.as_bytes().to_vec());
    (params, state, zonefiles)
}

#[test]
fn placeholder_chain_export_matches_the_reference() {
    let (params, state, zonefiles) = chain();
    assert_eq!(state.last_block, 697);
    let files = export_stacks_v2(&params, &state, 697, &zonefiles).unwrap();
    assert_eq!(files.chainstate_sha256, "ffad0831ebc4766a2a0ccb8da74dbaa88030c686895a57803949371a44efcf41");
    assert_eq!(
        files.name_zonefiles_sha256,
        "95ef514310ab14862bb755151a05834ace1a390b679b81dbd4e92754df550244"
    );
    let text = String::from_utf8(files.chainstate_txt).unwrap();
    // The rules this chain exercises, visible in the text.
    assert!(text.contains(
        "btc,ST239ND1ATKWAWHS16P5MFXYZ0B37M9EGGC7N21Q9,1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1,1000,200,1,1,52595\n"
    ));
    assert!(text.contains(",4,303,10,10,5000\n"), "ex (v2, coeff 7) → 303");
    assert!(text.contains("foo.ex,SN3M71DYW5CHSWPS8ZHW525ZM4VYJZE3V7WB3FYZ5,\n"), "P2SH owner, no zone file");
    assert!(text.contains("SM37EFPD9ZVR3YRJE7673MJ3W0T350JM1HVZVCDC3,50,1\n"), "vesting at T+1 is listed");
    assert!(text.contains("SM37EFPD9ZVR3YRJE7673MJ3W0T350JM1HVZVCDC3,150\n"), "and already in the balance");
    assert!(!text.contains("gr.short") && !text.contains("baz.ex"));

    // Below the tip: gr.short is not yet expired at 694 (identical to the oracle too).
    let files = export_stacks_v2(&params, &state, 694, &zonefiles).unwrap();
    assert_eq!(files.chainstate_sha256, "02075a5961e2b7dc1e9fa02dec078b39f312f682aebd4f34bb03a407dd5f9ca8");
    assert_eq!((files.counts.names, files.counts.vesting), (4, 11));
}

#[test]
fn placeholder_chain_migration_answers() {
    let (params, state, _) = chain();
    let status = |n: &str| migration_status(&params, &state, 697, n);
    assert_eq!(
        status("gr.short"),
        MigrationStatus::NotExported {
            name: "gr.short".to_string(),
            reason: NotExportedReason::GracePeriod { expire_block: 695, renewal_deadline: 5695 }
        }
    );
    assert!(matches!(
        status("baz.ex"),
        MigrationStatus::NotExported { reason: NotExportedReason::Revoked { .. }, .. }
    ));
    assert_eq!(
        status("foo.ex"),
        MigrationStatus::Exported {
            name: "foo.ex".to_string(),
            owner_c32: "SN3M71DYW5CHSWPS8ZHW525ZM4VYJZE3V7WB3FYZ5".to_string(),
            owner_base58: "2NESFnaypVhp4iEKC4eX1B3PDjpDywTMNzM".to_string(),
            zonefile_hash: None,
            namespace_exported: true,
        }
    );
    assert!(matches!(status("imp.pend"), MigrationStatus::Exported { namespace_exported: false, .. }));
}
