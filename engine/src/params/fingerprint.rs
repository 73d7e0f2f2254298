//! `Params::fingerprint`: sha256 over a hand-written canonical byte encoding of every
//! field, so stores and snapshots can refuse data made under foreign parameters.
//!
//! Encoding (version 1), all integers big-endian:
//! * prefix `b"bns-params-v1\0"`;
//! * `str`: u32 byte length, then UTF-8 bytes; `bool`: one byte 0/1;
//! * `Option<T>`: byte 0 (None) or byte 1 then `T`; `Vec<T>`: u32 count then items;
//! * `f64`: its IEEE-754 bits as u64; maps: u32 count then (key, value) in key order;
//! * `Network`: byte 0 mainnet, 1 testnet, 2 regtest;
//! * `NamePriceScale`: byte 0 + multiplier (f64), or byte 1 + btc_divisor + stx_divisor (u64);
//! * structs: their fields in declaration order (the destructuring below lists them
//!   all, so adding a field breaks the build until it is encoded here).

use super::{BulkGrant, Epoch, EpochFeatures, GenesisPatch, GenesisRow, NamePriceScale, Network, Params};
use crate::hashes::sha256;

struct Encoder(Vec<u8>);

impl Encoder {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn len(&mut self, n: usize) {
        // Lengths beyond u32 cannot occur for params; saturate rather than panic.
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt_u32(&mut self, v: Option<u32>) {
        match v {
            None => self.u8(0),
            Some(x) => {
                self.u8(1);
                self.u32(x);
            }
        }
    }
    fn opt_table(&mut self, v: Option<[u64; 4]>) {
        match v {
            None => self.u8(0),
            Some(t) => {
                self.u8(1);
                t.iter().for_each(|x| self.u64(*x));
            }
        }
    }

    fn features(&mut self, f: &EpochFeatures) {
        let EpochFeatures {
            multisig,
            segwit,
            op_register_update,
            op_renew_transfer_update,
            namespace_burn_to_creator,
            namespace_pay_with_stacks,
            stacks_buy_namespaces,
            fix_preorder_expire,
            nameops_cost_tokens,
            token_transfer,
            int_division,
            token_transfer_consensus_hash_optional,
        } = *f;
        for flag in [
            multisig,
            segwit,
            op_register_update,
            op_renew_transfer_update,
            namespace_burn_to_creator,
            namespace_pay_with_stacks,
            stacks_buy_namespaces,
            fix_preorder_expire,
            nameops_cost_tokens,
            token_transfer,
            int_division,
            token_transfer_consensus_hash_optional,
        ] {
            self.bool(flag);
        }
    }

    fn epoch(&mut self, e: &Epoch) {
        let Epoch {
            end_block,
            features,
            lifetime_multiplier,
            grace_period,
            receive_fees_period,
            name_price,
            namespace_price_btc_sat,
            namespace_price_stx,
        } = e;
        self.opt_u32(*end_block);
        self.features(features);
        self.u32(*lifetime_multiplier);
        self.u32(*grace_period);
        self.u32(*receive_fees_period);
        match *name_price {
            NamePriceScale::Float { multiplier } => {
                self.u8(0);
                self.u64(multiplier.to_bits());
            }
            NamePriceScale::IntDivision { btc_divisor, stx_divisor } => {
                self.u8(1);
                self.u64(btc_divisor);
                self.u64(stx_divisor);
            }
        }
        self.opt_table(*namespace_price_btc_sat);
        self.opt_table(*namespace_price_stx);
    }

    fn row(&mut self, r: &GenesisRow) {
        let GenesisRow {
            address,
            token_type,
            value,
            lock_send,
            metadata,
            receive_whitelisted,
            vesting,
            vesting_total,
        } = r;
        self.str(address);
        self.str(token_type);
        self.u64(*value);
        self.u32(*lock_send);
        self.str(metadata);
        self.bool(*receive_whitelisted);
        self.len(vesting.len());
        for (height, amount) in vesting {
            self.u32(*height);
            self.u64(*amount);
        }
        self.u64(*vesting_total);
    }

    fn patch(&mut self, p: &GenesisPatch) {
        let GenesisPatch { height, add, del, bulk, history_hash } = p;
        self.u32(*height);
        self.len(add.len());
        add.iter().for_each(|r| self.row(r));
        self.len(del.len());
        del.iter().for_each(|d| self.str(d));
        match bulk {
            None => self.u8(0),
            Some(BulkGrant { path, sha256, line_start, line_end, template }) => {
                self.u8(1);
                self.str(path);
                self.str(sha256);
                self.u32(*line_start);
                self.u32(*line_end);
                self.row(template);
            }
        }
        self.str(history_hash);
    }
}

impl Params {
    /// sha256 of the canonical encoding described in this module's header.
    pub fn fingerprint(&self) -> [u8; 32] {
        let Params {
            network,
            name,
            magic,
            first_block,
            freeze_height,
            p2pkh_version,
            p2sh_version,
            test_mode,
            epochs,
            namespace_reveal_expire,
            name_preorder_expire,
            namespace_preorder_expire,
            import_keyring_size,
            genesis_rows,
            genesis_patches,
        } = self;
        let mut e = Encoder(b"bns-params-v1\0".to_vec());
        e.u8(match network {
            Network::Mainnet => 0,
            Network::Testnet => 1,
            Network::Regtest => 2,
        });
        e.str(name);
        e.u8(magic[0]);
        e.u8(magic[1]);
        e.u32(*first_block);
        e.opt_u32(*freeze_height);
        e.u8(*p2pkh_version);
        e.u8(*p2sh_version);
        e.bool(*test_mode);
        e.len(epochs.len());
        epochs.iter().for_each(|ep| e.epoch(ep));
        e.u32(*namespace_reveal_expire);
        e.u32(*name_preorder_expire);
        e.u32(*namespace_preorder_expire);
        e.u32(*import_keyring_size);
        e.len(genesis_rows.len());
        genesis_rows.iter().for_each(|r| e.row(r));
        e.len(genesis_patches.len());
        genesis_patches.iter().for_each(|p| e.patch(p));
        sha256(&e.0)
    }
}
