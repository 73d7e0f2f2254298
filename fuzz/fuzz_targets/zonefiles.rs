//! The zone-file input parsers of `replay zonefiles import` (name_zonefiles.txt pairs,
//! Atlas file names) and the store's record scan for value hashes, on arbitrary bytes:
//! no panic, and every zone file kept from a `name_zonefiles.txt` hashes to its line.
//! Also the REST API's zone-file check (bns-api `zonefile_check`, the reference parser's
//! decision on stored zone files): no panic, and a zone file with URI records decodes.
#![no_main]

use bns_replay::zonefiles_cmd::{
    looks_like_name_zonefiles_txt, parse_dir_file, parse_name_zonefiles_txt, Parsed,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = looks_like_name_zonefiles_txt(data);
    let mut out = Parsed::default();
    parse_name_zonefiles_txt(data, &mut out);
    let text = String::from_utf8_lossy(data);
    let lower = text.to_ascii_lowercase();
    for z in &out.zonefiles {
        let h = hex::encode(bns_engine::hashes::hash160(z));
        assert!(lower.contains(&h));
    }
    let (name, rest) = data.split_at(data.len().min(48));
    parse_dir_file(&String::from_utf8_lossy(name), rest.to_vec(), &mut Parsed::default());
    let _ = bns_store::zonefiles::value_hash_of_record(&text);
    let parsed = bns_api::zonefile_check::parse_zonefile(data);
    if matches!(parsed, bns_api::zonefile_check::Parsed::Zonefile { .. }) {
        assert!(bns_api::zonefile_check::decodes(data));
    }
});
