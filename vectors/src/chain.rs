//! Block assembly: a BIP34 coinbase (with the BIP141 witness commitment when any
//! transaction has witness data), the merkle root, and a header whose proof of work
//! really meets its nBits (the nonce is ground until it does).

use bitcoin::blockdata::block::{Header, Version};
use bitcoin::blockdata::script::{Builder, PushBytesBuf};
use bitcoin::hashes::Hash;
use bitcoin::{
    absolute, transaction, Amount, Block, BlockHash, CompactTarget, OutPoint, ScriptBuf, Sequence,
    Transaction, TxIn, TxMerkleNode, TxOut, Witness,
};

/// What a new block is made of, apart from its header fields.
pub struct BlockTemplate<'a> {
    pub prev: BlockHash,
    pub height: u32,
    pub time: u32,
    pub bits: u32,
    /// Where the coinbase pays subsidy + fees.
    pub coinbase_to: &'a ScriptBuf,
    pub subsidy_sat: u64,
    pub fees_sat: u64,
    /// Extra coinbase bytes (pool tag / extranonce), so forks at one height differ.
    pub coinbase_tag: &'a [u8],
    pub txs: Vec<Transaction>,
}

/// The coinbase: input = null outpoint, scriptSig = `<height> <tag>` (BIP34), one
/// payout output, plus the witness commitment output when `witness_root` is given.
fn coinbase(template: &BlockTemplate<'_>, has_witness: bool) -> Transaction {
    let tag = PushBytesBuf::try_from(template.coinbase_tag.to_vec()).expect("coinbase tags are short");
    let script_sig = Builder::new().push_int(i64::from(template.height)).push_slice(tag).into_script();
    let mut witness = Witness::new();
    if has_witness {
        // BIP141: the coinbase witness is the 32-byte witness reserved value.
        witness.push([0u8; 32]);
    }
    Transaction {
        version: transaction::Version::ONE,
        lock_time: absolute::LockTime::ZERO,
        input: vec![TxIn { previous_output: OutPoint::null(), script_sig, sequence: Sequence::MAX, witness }],
        output: vec![TxOut {
            value: Amount::from_sat(template.subsidy_sat.saturating_add(template.fees_sat)),
            script_pubkey: template.coinbase_to.clone(),
        }],
    }
}

/// Build, commit and mine a block.
pub fn assemble(template: BlockTemplate<'_>) -> Block {
    let has_witness = template.txs.iter().any(|tx| tx.input.iter().any(|i| !i.witness.is_empty()));
    let mut txdata = Vec::with_capacity(template.txs.len() + 1);
    txdata.push(coinbase(&template, has_witness));
    txdata.extend(template.txs);
    let mut block = Block {
        header: Header {
            version: Version::from_consensus(0x2000_0000),
            prev_blockhash: template.prev,
            merkle_root: TxMerkleNode::all_zeros(),
            time: template.time,
            bits: CompactTarget::from_consensus(template.bits),
            nonce: 0,
        },
        txdata,
    };
    if has_witness {
        let witness_root = block.witness_root().expect("a block with transactions has a witness root");
        let commitment = Block::compute_witness_commitment(&witness_root, &[0u8; 32]);
        let mut script = vec![0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed];
        script.extend_from_slice(commitment.as_byte_array());
        block.txdata[0]
            .output
            .push(TxOut { value: Amount::ZERO, script_pubkey: ScriptBuf::from_bytes(script) });
    }
    block.header.merkle_root =
        block.compute_merkle_root().expect("a block with transactions has a merkle root");
    grind(&mut block.header);
    block
}

/// Increase the nonce (then the time) until the header hash meets its own target.
pub fn grind(header: &mut Header) {
    let target = header.target();
    loop {
        if target.is_met_by(header.block_hash()) {
            return;
        }
        match header.nonce.checked_add(1) {
            Some(n) => header.nonce = n,
            None => {
                header.nonce = 0;
                header.time = header.time.wrapping_add(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assembled_block_checks() {
        let to = ScriptBuf::new_p2pkh(&bitcoin::PubkeyHash::all_zeros());
        let block = assemble(BlockTemplate {
            prev: BlockHash::all_zeros(),
            height: 500,
            time: 1_296_688_602,
            bits: 0x207f_ffff,
            coinbase_to: &to,
            subsidy_sat: 50,
            fees_sat: 0,
            coinbase_tag: b"t",
            txs: vec![],
        });
        assert!(block.check_merkle_root());
        assert!(block.header.target().is_met_by(block.block_hash()));
        assert_eq!(block.bip34_block_height().unwrap(), 500);
    }
}
