//! The `--against DIR` inputs of `replay export stacks-v2 --check`: a published
//! `chainstate.txt` and `name_zonefiles.txt` are untrusted. On arbitrary bytes the
//! parsers and the row comparison must not panic; a text compared with itself has no
//! differences, and every difference names a section key present on one side.
#![no_main]

use bns_export::check::{check_against, check_zonefiles_against, parse_chainstate};
use bns_export::ZonefileMap;
use libfuzzer_sys::fuzz_target;

const OURS: &str = "-----BEGIN NAMESPACES-----\n\
namespace_id,address,buckets,base,coeff,nonalpha_discount,no_vowel_discount,lifetime\n\
id,SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7,6;5;4;3;2;1;0;0;0;0;0;0;0;0;0;0,4,10833,10,10,52595\n\
-----END NAMESPACES-----\n-----BEGIN NAMES-----\nname,address,zonefile_hash\n\
a.id,SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7,\n-----END NAMES-----\n\
-----BEGIN STX BALANCES-----\naddress,balance\n1FzTxL9Mxnm2fdmnQEArfhzJHevwbvcH6d,5\n\
-----END STX BALANCES-----\n-----BEGIN STX VESTING-----\naddress,value,blocks\n\
-----END STX VESTING-----\n";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if parse_chainstate(&text, "their").is_ok() {
        let same = check_against(&text, &text).expect("parsed once, parses twice");
        assert!(same.is_empty(), "a file differs from itself: {same:?}");
    }
    if let Ok(differences) = check_against(OURS, &text) {
        for d in &differences {
            let address_or_key = d.key.split('@').next().unwrap_or("");
            assert!(OURS.contains(address_or_key) || text.contains(address_or_key));
        }
    }
    assert!(check_zonefiles_against(data, data).is_empty());
    let _ = check_zonefiles_against(OURS.as_bytes(), data);
    let _ = ZonefileMap::from_name_zonefiles_txt(data);
});
