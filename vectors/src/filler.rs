//! Filler transactions for scenario chains: ordinary payments between keys the
//! generator owns, with a realistic mix of script kinds (p2pkh, p2sh multisig,
//! p2sh-p2wpkh, p2wpkh, p2wsh, p2tr), 1–3 inputs and 1–3 outputs, the occasional
//! non-BNS OP_RETURN, and real signatures.

use crate::keys::{Key, ScriptKind, Spender};
use crate::sign::{sign_all, SignError};
use crate::wallets::Utxo;
use bitcoin::{
    absolute, transaction, Amount, OutPoint, ScriptBuf, Sequence, Transaction, TxIn, TxOut, Witness,
};
use rand::Rng;
use rand_chacha::ChaCha20Rng;

/// Kinds in rough proportion to a 2020s mainnet block (most p2wpkh, then p2pkh, p2tr…).
const KIND_MIX: [ScriptKind; 10] = [
    ScriptKind::P2wpkh,
    ScriptKind::P2wpkh,
    ScriptKind::P2wpkh,
    ScriptKind::P2pkh,
    ScriptKind::P2pkh,
    ScriptKind::P2tr,
    ScriptKind::P2tr,
    ScriptKind::P2shP2wpkh,
    ScriptKind::P2shMultisig,
    ScriptKind::P2wshMultisig,
];

/// Keys and coins of the filler economy.
pub struct FillerPool {
    pub spenders: Vec<Spender>,
    scripts: Vec<ScriptBuf>,
    /// Spendable now: (spender index, coin).
    utxos: Vec<(usize, Utxo)>,
    /// Created in the block being built; spendable from the next block on.
    pending: Vec<(usize, Utxo)>,
}

impl FillerPool {
    /// `count` spenders derived from `seed`, kinds taken round-robin from the mix.
    pub fn new(seed: u64, count: usize) -> FillerPool {
        let spenders: Vec<Spender> = (0..count)
            .map(|i| {
                let kind = KIND_MIX[i % KIND_MIX.len()];
                let key = |j: usize| Key::from_seed(&format!("chaingen-filler-{seed}-{i}-{j}"), true);
                if kind.is_multisig() {
                    Spender::multisig(kind, 2, vec![key(0), key(1), key(2)])
                } else {
                    Spender::single(kind, key(0))
                }
            })
            .collect();
        let scripts = spenders.iter().map(Spender::script_pubkey).collect();
        FillerPool { spenders, scripts, utxos: Vec::new(), pending: Vec::new() }
    }

    pub fn script(&self, index: usize) -> &ScriptBuf {
        &self.scripts[index]
    }

    pub fn len(&self) -> usize {
        self.spenders.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spenders.is_empty()
    }

    /// Register an output paying spender `index` (spendable after `end_block`).
    pub fn add(&mut self, index: usize, utxo: Utxo) {
        self.pending.push((index, utxo));
    }

    /// Make pending coins spendable (call after each block).
    pub fn end_block(&mut self) {
        self.utxos.append(&mut self.pending);
    }

    pub fn spendable(&self) -> usize {
        self.utxos.len()
    }

    /// One signed filler transaction at `height`, or `None` if the pool is dry.
    /// Returns the transaction and its fee.
    pub fn make_tx(
        &mut self,
        rng: &mut ChaCha20Rng,
        height: u32,
    ) -> Result<Option<(Transaction, u64)>, SignError> {
        if self.utxos.is_empty() {
            return Ok(None);
        }
        let input_count = rng.gen_range(1..=3usize).min(self.utxos.len());
        let mut inputs = Vec::with_capacity(input_count);
        for _ in 0..input_count {
            let pick = rng.gen_range(0..self.utxos.len());
            inputs.push(self.utxos.swap_remove(pick));
        }
        let total: u64 = inputs.iter().map(|(_, u)| u.txout.value.to_sat()).sum();
        let fee = 1_000 + rng.gen_range(0..4_000u64) * input_count as u64;
        if total <= fee + 10_000 {
            return Ok(None);
        }
        let output_count = rng.gen_range(1..=3usize);
        let mut remaining = total - fee;
        let mut outputs = Vec::with_capacity(output_count + 1);
        let mut owners = Vec::with_capacity(output_count);
        for k in 0..output_count {
            let last = k + 1 == output_count || remaining < 20_000;
            let value = if last { remaining } else { remaining / 2 - rng.gen_range(0..remaining / 4) };
            remaining -= value;
            let owner = rng.gen_range(0..self.spenders.len());
            owners.push(owner);
            outputs
                .push(TxOut { value: Amount::from_sat(value), script_pubkey: self.scripts[owner].clone() });
            if last {
                break;
            }
        }
        if rng.gen_ratio(1, 12) {
            // A non-BNS OP_RETURN (e.g. a timestamping service): readers must skip it.
            let mut data = vec![0x6a, 0x14];
            data.extend((0..20).map(|_| rng.gen::<u8>()));
            outputs.push(TxOut { value: Amount::ZERO, script_pubkey: ScriptBuf::from_bytes(data) });
        }
        let mut tx = Transaction {
            version: transaction::Version::TWO,
            lock_time: absolute::LockTime::ZERO,
            input: inputs
                .iter()
                .map(|(_, u)| TxIn {
                    previous_output: u.outpoint,
                    script_sig: ScriptBuf::new(),
                    sequence: Sequence::MAX,
                    witness: Witness::new(),
                })
                .collect(),
            output: outputs,
        };
        let prevouts: Vec<TxOut> = inputs.iter().map(|(_, u)| u.txout.clone()).collect();
        let spenders: Vec<&Spender> = inputs.iter().map(|(i, _)| &self.spenders[*i]).collect();
        sign_all(&mut tx, &spenders, &prevouts, rng.gen())?;
        let txid = tx.compute_txid();
        for (vout, owner) in owners.into_iter().enumerate() {
            let txout = tx.output[vout].clone();
            self.add(owner, Utxo { outpoint: OutPoint { txid, vout: vout as u32 }, txout, height });
        }
        Ok(Some((tx, fee)))
    }
}
