//! Transaction + prevouts → candidate op or drop reason (consensus spec §3). STUB: H2.

use crate::params::Params;
use crate::types::Candidate;

/// Why a transaction is not a candidate (consensus spec §3.7). STUB: H2 fills variants.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum DropReason {
    NoPayload,
}

/// Extract the candidate BNS operation of `tx` at position `vtxindex` of block `height`.
/// `prevouts[i]` is the output spent by input `i`.
pub fn extract(
    tx: &bitcoin::Transaction,
    prevouts: &[bitcoin::TxOut],
    vtxindex: u32,
    height: u32,
    params: &Params,
) -> Result<Candidate, DropReason> {
    let _ = (tx, prevouts, vtxindex, height, params);
    unimplemented!("extract (H2)")
}
