//! Scenario op → transaction draft: the OP_RETURN payload and the output layout the
//! reference's client builds for each operation (blockstack.js transaction skeletons:
//! OP_RETURN first, dust outputs of 5500 sat, change back to the sender; bns spec §5
//! "Outputs", consensus spec §3.6). Inputs and signatures are added by the generator.

use super::Generator;
use crate::payload::{self, RegisterForm, RevealFields};
use crate::price;
use crate::scenario::{AmountSpec, OpName, OpSpec, OutputSpec};
use bitcoin::{Amount, ScriptBuf, TxOut};
use bns_engine::address::{address_to_script, burn_address};
use bns_engine::hashes::{
    hash160, name_consensus_hash, name_hash128, name_preorder_hash, namespace_preorder_hash,
};

/// The reference client's dust output value (blockstack.js `DUST_MINIMUM`; also
/// `DEFAULT_DUST_FEE` in the reference's config).
pub const DUST_SAT: u64 = 5500;

/// One output position of a draft.
pub enum Slot {
    Out(TxOut),
    /// The sender's change (value filled in once inputs are chosen).
    Change,
}

/// Outputs of an op transaction, in order.
pub struct Draft {
    pub slots: Vec<Slot>,
}

/// What the generator remembers of a namespace it revealed (for `"price"` fees and
/// pay-to-creator burns).
#[derive(Clone, Debug)]
pub struct NamespaceInfo {
    pub fields: RevealFields,
    /// The revealing sender's address: where pay-to-creator fees go (bns spec §6.4).
    pub creator_address: Option<String>,
    pub reveal_block: u32,
}

fn op_return(data: &[u8]) -> Slot {
    let push =
        bitcoin::script::PushBytesBuf::try_from(data.to_vec()).expect("BNS payloads are far below 520 bytes");
    let script = bitcoin::script::Builder::new()
        .push_opcode(bitcoin::opcodes::all::OP_RETURN)
        .push_slice(push)
        .into_script();
    Slot::Out(TxOut { value: Amount::ZERO, script_pubkey: script })
}

fn pay(script: ScriptBuf, value: u64) -> Slot {
    Slot::Out(TxOut { value: Amount::from_sat(value), script_pubkey: script })
}

fn hex20(text: &str, what: &str) -> Result<[u8; 20], String> {
    hex::decode(text)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| format!("{what} must be 40 hex characters"))
}

fn need<'s>(v: &'s Option<String>, what: &str) -> Result<&'s str, String> {
    v.as_deref().ok_or_else(|| format!("`{what}` is required"))
}

fn namespace_of(fqn: &str) -> Result<&str, String> {
    fqn.rsplit_once('.').map(|(_, ns)| ns).ok_or_else(|| format!("{fqn:?} is not a fully-qualified name"))
}

impl Generator<'_> {
    fn wallet_script(&self, name: &str) -> Result<ScriptBuf, String> {
        Ok(self.wallets[self.wallet_index(name)?].script.clone())
    }

    fn wallet_address(&self, name: &str) -> Result<String, String> {
        self.wallets[self.wallet_index(name)?].address.clone().ok_or_else(|| {
            format!("wallet {name:?} has no base58 address (native segwit); use a raw op for that case")
        })
    }

    /// Script of an explicit output spec.
    fn output_script(&self, spec: &OutputSpec) -> Result<ScriptBuf, String> {
        let params = &self.bns.params;
        match (&spec.wallet, &spec.address, &spec.script_hex, spec.burn) {
            (Some(w), None, None, None) => self.wallet_script(w),
            (None, Some(a), None, None) => address_to_script(a, params)
                .map(ScriptBuf::from_bytes)
                .ok_or_else(|| format!("bad address {a:?}")),
            (None, None, Some(h), None) => {
                hex::decode(h).map(ScriptBuf::from_bytes).map_err(|_| format!("bad script_hex {h:?}"))
            }
            (None, None, None, Some(true)) => Ok(ScriptBuf::from_bytes(
                address_to_script(&burn_address(params), params).expect("the burn address is valid"),
            )),
            _ => Err("an output needs exactly one of wallet, address, script_hex, burn".into()),
        }
    }

    /// Where a fee goes: `burn_to` = "burn" | "creator" | "auto" | wallet | address.
    fn fee_destination(
        &self,
        burn_to: Option<&str>,
        namespace: Option<&str>,
        height: u32,
        paid_in_stx: bool,
    ) -> Result<ScriptBuf, String> {
        let params = &self.bns.params;
        let burn = || {
            address_to_script(&burn_address(params), params).map(ScriptBuf::from_bytes).expect("burn address")
        };
        let creator = |ns: &str| -> Result<ScriptBuf, String> {
            let info = self
                .namespaces
                .get(ns)
                .ok_or_else(|| format!("namespace {ns:?} was not revealed in this scenario"))?;
            let address = info.creator_address.as_deref().ok_or("namespace creator has no address")?;
            address_to_script(address, params)
                .map(ScriptBuf::from_bytes)
                .ok_or_else(|| "bad creator address".to_string())
        };
        match burn_to.unwrap_or("auto") {
            "burn" => Ok(burn()),
            "creator" => creator(namespace.ok_or("`creator` needs a namespace")?),
            "auto" => {
                // bns spec §6.4 version 2: inside the fee window the creator is paid.
                let Some(ns) = namespace else { return Ok(burn()) };
                match self.namespaces.get(ns) {
                    Some(info) if info.fields.version == 2 && !paid_in_stx => {
                        let window = params.epoch_at(height).receive_fees_period;
                        if info.reveal_block + window >= height {
                            creator(ns)
                        } else {
                            Ok(burn())
                        }
                    }
                    _ => Ok(burn()),
                }
            }
            other => match self.wallet_index(other) {
                Ok(_) => self.wallet_script(other),
                Err(_) => address_to_script(other, params)
                    .map(ScriptBuf::from_bytes)
                    .ok_or_else(|| format!("burn_to {other:?} is not a wallet or address")),
            },
        }
    }

    fn curve_of(&self, fqn: &str) -> Result<RevealFields, String> {
        let ns = namespace_of(fqn)?;
        self.namespaces
            .get(ns)
            .map(|i| i.fields)
            .ok_or_else(|| format!("\"price\" needs namespace {ns:?} revealed earlier in the scenario"))
    }

    /// Name fee in satoshis (`"price"` or explicit).
    fn name_fee(
        &self,
        spec: &Option<AmountSpec>,
        fqn: &str,
        height: u32,
        default: Option<u64>,
    ) -> Result<u64, String> {
        match (spec, default) {
            (Some(AmountSpec::Value(v)), _) => Ok(*v),
            (None, Some(d)) => Ok(d),
            _ => Ok(price::name_price(fqn, &self.curve_of(fqn)?, height, &self.bns.params)),
        }
    }

    fn name_stx(&self, spec: &Option<AmountSpec>, fqn: &str, height: u32) -> Result<Option<u64>, String> {
        match spec {
            None => Ok(None),
            Some(AmountSpec::Value(v)) => Ok(Some(*v)),
            Some(AmountSpec::Price) => {
                Ok(Some(price::name_price_stacks(fqn, &self.curve_of(fqn)?, height, &self.bns.params)))
            }
        }
    }

    fn value_hash(spec: &OpSpec) -> Result<Option<[u8; 20]>, String> {
        match (&spec.value_hash, &spec.zonefile) {
            (Some(h), None) => Ok(Some(hex20(h, "value_hash")?)),
            (None, Some(z)) => Ok(Some(hash160(z.as_bytes()))),
            (None, None) => Ok(None),
            _ => Err("give value_hash or zonefile, not both".into()),
        }
    }
}

/// Build the draft of `spec` for a block at `height`.
pub fn draft(generator: &mut Generator<'_>, spec: &OpSpec, height: u32) -> Result<Draft, String> {
    let g = &*generator;
    let params = &g.bns.params;
    let magic = params.magic;
    let from_name = need(&spec.from, "from")?;
    let from = g.wallet_index(from_name)?;
    let sender_script = g.wallets[from].script.clone();
    let recipient_name = spec.recipient.as_deref().unwrap_or(from_name);
    let features = params.features_at(height);
    let mut new_namespace: Option<(String, NamespaceInfo)> = None;

    let (payload, mut slots): (Option<Vec<u8>>, Vec<Slot>) = match spec.op {
        OpName::NamespacePreorder => {
            let ns = need(&spec.namespace_id, "namespace_id")?;
            let reveal = need(&spec.reveal, "reveal")?;
            let hash = namespace_preorder_hash(ns, sender_script.as_bytes(), &g.wallet_address(reveal)?)
                .ok_or("namespace id outside the base-40 alphabet")?;
            let ch = g.consensus_hash_for(spec.consensus_hash.as_ref(), height)?;
            let stx = match &spec.stx {
                Some(AmountSpec::Value(v)) => Some(*v),
                Some(AmountSpec::Price) => Some(
                    price::namespace_price_stx(ns, height, params)
                        .ok_or("no STX namespace price in this epoch")?,
                ),
                // Epoch ≥ 4 makes the STX field mandatory (bns spec §5.8): default to the price.
                None if features.stacks_buy_namespaces => price::namespace_price_stx(ns, height, params),
                None => None,
            };
            let fee = match &spec.fee {
                Some(AmountSpec::Value(v)) => *v,
                _ if stx.is_some() => DUST_SAT,
                _ => price::namespace_price_sat(ns, height, params)
                    .ok_or("no BTC namespace price in this epoch; give `fee`")?,
            };
            let dest = g.fee_destination(
                Some(spec.burn_to.as_deref().unwrap_or("burn")),
                None,
                height,
                stx.is_some(),
            )?;
            (Some(payload::namespace_preorder(magic, &hash, &ch, stx)), vec![Slot::Change, pay(dest, fee)])
        }
        OpName::NamespaceReveal => {
            let ns = need(&spec.namespace_id, "namespace_id")?;
            let reveal = need(&spec.reveal, "reveal")?;
            let buckets: [u8; 16] = spec
                .buckets
                .clone()
                .ok_or("`buckets` is required")?
                .try_into()
                .map_err(|_| "`buckets` must have 16 entries".to_string())?;
            let fields = RevealFields {
                lifetime: spec.lifetime.ok_or("`lifetime` is required")?,
                coeff: spec.coeff.ok_or("`coeff` is required")?,
                base: spec.base.ok_or("`base` is required")?,
                buckets,
                nonalpha_discount: spec.nonalpha_discount.ok_or("`nonalpha_discount` is required")?,
                no_vowel_discount: spec.no_vowel_discount.ok_or("`no_vowel_discount` is required")?,
                version: spec.version.unwrap_or(1),
            };
            new_namespace = Some((
                ns.to_string(),
                NamespaceInfo {
                    fields,
                    creator_address: g.wallets[from].address.clone(),
                    reveal_block: height,
                },
            ));
            (
                Some(payload::namespace_reveal(magic, ns, &fields)),
                vec![pay(g.wallet_script(reveal)?, DUST_SAT), Slot::Change],
            )
        }
        OpName::NamespaceReady => {
            let ns = need(&spec.namespace_id, "namespace_id")?;
            (Some(payload::namespace_ready(magic, ns)), vec![Slot::Change])
        }
        OpName::NamePreorder => {
            let fqn = need(&spec.name, "name")?;
            let hash = name_preorder_hash(fqn, sender_script.as_bytes(), &g.wallet_address(recipient_name)?)
                .ok_or("name outside the base-40 alphabet")?;
            let ch = g.consensus_hash_for(spec.consensus_hash.as_ref(), height)?;
            let stx = g.name_stx(&spec.stx, fqn, height)?;
            let fee = g.name_fee(&spec.fee, fqn, height, stx.map(|_| DUST_SAT))?;
            let dest =
                g.fee_destination(spec.burn_to.as_deref(), Some(namespace_of(fqn)?), height, stx.is_some())?;
            (Some(payload::name_preorder(magic, &hash, &ch, stx)), vec![Slot::Change, pay(dest, fee)])
        }
        OpName::NameRegister | OpName::NameRenew => {
            let fqn = need(&spec.name, "name")?;
            let value_hash = Generator::value_hash(spec)?;
            let stx = g.name_stx(&spec.stx, fqn, height)?;
            let form = match spec.form.as_deref().unwrap_or("auto") {
                "fqn" => RegisterForm::Fqn,
                "padded" => RegisterForm::Padded,
                "padded+amount" => RegisterForm::PaddedAmount,
                // As the client does: the value-hash forms exist from OP_REGISTER_UPDATE
                // (epoch 3) and the amount form from NAMEOPS_COST_TOKENS (epoch 4) on;
                // before that the value hash is simply not sent (bns spec §5.2).
                "auto" if stx.is_some() && features.nameops_cost_tokens => RegisterForm::PaddedAmount,
                "auto" if value_hash.is_some() && features.op_register_update => RegisterForm::Padded,
                "auto" => RegisterForm::Fqn,
                other => return Err(format!("unknown form {other:?}")),
            };
            let data = payload::name_registration(magic, fqn, form, value_hash.as_ref(), stx.unwrap_or(0));
            let mut slots = vec![pay(g.wallet_script(recipient_name)?, DUST_SAT), Slot::Change];
            if spec.op == OpName::NameRenew {
                let fee = g.name_fee(&spec.fee, fqn, height, stx.map(|_| DUST_SAT))?;
                let dest = g.fee_destination(
                    spec.burn_to.as_deref(),
                    Some(namespace_of(fqn)?),
                    height,
                    stx.is_some(),
                )?;
                slots.push(pay(dest, fee));
            }
            (Some(data), slots)
        }
        OpName::NameUpdate => {
            let fqn = need(&spec.name, "name")?;
            let value_hash = Generator::value_hash(spec)?.ok_or("`value_hash` or `zonefile` is required")?;
            let ch = g.consensus_hash_for(spec.consensus_hash.as_ref(), height)?;
            (
                Some(payload::name_update(magic, &name_consensus_hash(fqn, &ch), &value_hash)),
                vec![Slot::Change],
            )
        }
        OpName::NameTransfer => {
            let fqn = need(&spec.name, "name")?;
            let ch = g.consensus_hash_for(spec.consensus_hash.as_ref(), height)?;
            let recipient = need(&spec.recipient, "recipient")?;
            let data = payload::name_transfer(magic, spec.keep_data.unwrap_or(true), &name_hash128(fqn), &ch);
            (Some(data), vec![pay(g.wallet_script(recipient)?, DUST_SAT), Slot::Change])
        }
        OpName::NameRevoke => {
            let fqn = need(&spec.name, "name")?;
            (Some(payload::name_revoke(magic, fqn)), vec![Slot::Change])
        }
        OpName::NameImport => {
            let fqn = need(&spec.name, "name")?;
            let recipient = need(&spec.recipient, "recipient")?;
            let value_hash = hex20(need(&spec.value_hash, "value_hash")?, "value_hash")?;
            let value_script = ScriptBuf::new_p2pkh(
                &<bitcoin::PubkeyHash as bitcoin::hashes::Hash>::from_byte_array(value_hash),
            );
            (
                Some(payload::name_import(magic, fqn)),
                vec![pay(g.wallet_script(recipient)?, DUST_SAT), pay(value_script, DUST_SAT), Slot::Change],
            )
        }
        OpName::Announce => {
            let hash = match (&spec.message_hash, &spec.message) {
                (Some(h), None) => hex20(h, "message_hash")?,
                (None, Some(m)) => hash160(m.as_bytes()),
                _ => return Err("give message_hash or message".into()),
            };
            (Some(payload::announce(magic, &hash)), vec![Slot::Change])
        }
        OpName::TokenTransfer => {
            let recipient = need(&spec.recipient, "recipient")?;
            let ch = g.consensus_hash_for(spec.consensus_hash.as_ref(), height)?;
            let amount = spec.amount.ok_or("`amount` is required")?;
            let scratch = match (&spec.scratch, &spec.scratch_hex) {
                (Some(s), None) => s.as_bytes().to_vec(),
                (None, Some(h)) => hex::decode(h).map_err(|_| "bad scratch_hex")?,
                (None, None) => Vec::new(),
                _ => return Err("give scratch or scratch_hex, not both".into()),
            };
            let token_type = spec.token_type.as_deref().unwrap_or("STACKS");
            let data = payload::token_transfer(magic, &ch, token_type, amount, &scratch);
            (Some(data), vec![pay(g.wallet_script(recipient)?, DUST_SAT), Slot::Change])
        }
        OpName::Fund => {
            let to = need(&spec.to, "to")?;
            let amount = spec.amount.ok_or("`amount` is required")?;
            let count = u64::from(spec.utxos.unwrap_or(1).max(1));
            let script = g.wallet_script(to)?;
            let mut slots: Vec<Slot> = (0..count)
                .map(|k| {
                    pay(
                        script.clone(),
                        if k + 1 == count { amount - amount / count * (count - 1) } else { amount / count },
                    )
                })
                .collect();
            slots.push(Slot::Change);
            (None, slots)
        }
        OpName::Raw => {
            let data =
                spec.payload_hex.as_deref().map(hex::decode).transpose().map_err(|_| "bad payload_hex")?;
            let mut slots = Vec::new();
            for out in spec.outputs.as_deref().ok_or("raw ops need `outputs`")? {
                if out.op_return == Some(true) {
                    slots.push(op_return(data.as_deref().ok_or("`op_return` output needs payload_hex")?));
                } else {
                    slots.push(pay(g.output_script(out)?, out.value.unwrap_or(DUST_SAT)));
                }
            }
            if spec.change != Some(false) {
                slots.push(Slot::Change);
            }
            return finish(generator, spec, slots, None);
        }
    };
    // The payload override keeps the layout but replaces the bytes.
    let payload = match &spec.payload_hex {
        Some(h) => Some(hex::decode(h).map_err(|_| "bad payload_hex")?),
        None => payload,
    };
    if let Some(data) = payload {
        slots.insert(0, op_return(&data));
    }
    finish(generator, spec, slots, new_namespace)
}

fn finish(
    generator: &mut Generator<'_>,
    spec: &OpSpec,
    mut slots: Vec<Slot>,
    new_namespace: Option<(String, NamespaceInfo)>,
) -> Result<Draft, String> {
    for out in &spec.extra_outputs {
        slots.push(pay(generator.output_script(out)?, out.value.unwrap_or(DUST_SAT)));
    }
    if let Some((id, info)) = new_namespace {
        generator.namespaces.insert(id, info);
    }
    Ok(Draft { slots })
}
