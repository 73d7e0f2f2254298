//! Name lists kept in memory per tip: the reference's `/v1/names?page=`,
//! `/v1/namespaces/{ns}/names?page=` and the name-count routes list names in name
//! order filtered by a predicate that depends on the tip (alive, or joined to a
//! namespace). Computing one visits every name row: about 150 ms for 100k names
//! (BENCHMARKS.md "REST API"). [`CachedModel`] wraps a read model and keeps each list
//! computed for the tip it was computed at, (height, consensus hash); a request that
//! sees another tip (a `replay` appended) computes afresh and replaces the lists. A page
//! is then a slice and a count a length.
//!
//! Not cached: anything else (single-row reads are already cheap), lists of a
//! namespace that does not exist (always empty, answered without a scan), and more
//! than [`MAX_CACHED_LISTS`] lists at one tip (then computed per request, as before).
//!
//! [`CachedModel`] also carries the server's [`AnswerCache`] (rendered answers of
//! buried blocks, `crate::answers`), so that a request's view offers both.

use crate::answers::AnswerCache;
use crate::model::{AccountRow, BlockOps, Creation, HistoryRow, ModelError, ReadModel, Tip, TxStatus};
use bns_engine::state::{NameRecord, NamespaceRecord};
use bns_engine::{ConsensusHash, Params};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Most lists kept for one tip (all names, all rows, one per namespace; mainnet has a
/// few dozen namespaces).
pub const MAX_CACHED_LISTS: usize = 256;

/// Which names a list holds: one namespace's or all, alive only or every row whose
/// namespace exists (`?all=true`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ListKey {
    pub namespace: Option<String>,
    pub all: bool,
}

/// The names of one list, in name order.
pub type NameList = Arc<Vec<String>>;

#[derive(Default)]
struct Lists {
    tip: Option<Tip>,
    lists: BTreeMap<ListKey, NameList>,
}

/// The lists of the last tip seen.
#[derive(Default)]
pub struct ListCache {
    inner: Mutex<Lists>,
    /// Held while a missing list is computed, so that the requests that miss at once
    /// (64 connections right after a start or a new tip) wait for one computation
    /// instead of each scanning every name row: measured, that stampede put p99 of the
    /// names pages at 2.7 s on the 100k store.
    computing: Mutex<()>,
}

impl ListCache {
    /// The list `key` as of `tip`, computed by `compute` unless already kept for that tip.
    pub fn get_or_compute(
        &self,
        tip: Tip,
        key: &ListKey,
        compute: impl FnOnce() -> Result<Vec<String>, ModelError>,
    ) -> Result<NameList, ModelError> {
        {
            let lists = self.lock();
            if lists.tip == Some(tip) {
                if let Some(list) = lists.lists.get(key) {
                    return Ok(list.clone());
                }
            }
        }
        // One computation at a time; the lists lock stays free for hits meanwhile.
        let _computing = self.computing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        {
            let lists = self.lock();
            if lists.tip == Some(tip) {
                if let Some(list) = lists.lists.get(key) {
                    return Ok(list.clone());
                }
            }
        }
        let list = Arc::new(compute()?);
        let mut lists = self.lock();
        if lists.tip != Some(tip) {
            // A newer tip replaces the lists; an older one (a request that started before
            // a commit and finished after one that saw it) is not kept.
            if lists.tip.is_some_and(|t| t.height > tip.height) {
                return Ok(list);
            }
            lists.tip = Some(tip);
            lists.lists.clear();
        }
        if lists.lists.len() < MAX_CACHED_LISTS {
            lists.lists.insert(key.clone(), list.clone());
        }
        Ok(list)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lists> {
        // The lists are replaced whole under the lock, never left half-written: a
        // poisoned lock still holds a consistent value.
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A read model whose requests share one [`ListCache`]. The server wraps every model
/// in one (`server::router`).
pub struct CachedModel {
    inner: Arc<dyn ReadModel + Send + Sync>,
    cache: ListCache,
    answers: Arc<AnswerCache>,
}

impl CachedModel {
    /// With an [`AnswerCache`] of the default bound.
    pub fn new(inner: Arc<dyn ReadModel + Send + Sync>) -> CachedModel {
        CachedModel::with_answers(inner, Arc::default())
    }
    /// With these kept answers (tests: one cache across two openings of a store).
    pub fn with_answers(inner: Arc<dyn ReadModel + Send + Sync>, answers: Arc<AnswerCache>) -> CachedModel {
        CachedModel { inner, cache: ListCache::default(), answers }
    }
    /// The rendered answers kept.
    pub fn answer_cache(&self) -> &Arc<AnswerCache> {
        &self.answers
    }
}

/// One request's view: the inner model's snapshot (or the inner model itself, when it
/// is already consistent) plus the shared lists.
struct CachedView<'a> {
    snapshot: Option<Box<dyn ReadModel + 'a>>,
    model: &'a dyn ReadModel,
    cache: &'a ListCache,
    answers: &'a AnswerCache,
}

impl CachedView<'_> {
    fn target(&self) -> &dyn ReadModel {
        self.snapshot.as_deref().unwrap_or(self.model)
    }
}

/// Every read but `snapshot` and `name_lists` goes to `$target`.
macro_rules! delegate_reads {
    ($target:ident) => {
        fn params(&self) -> &Params {
            self.$target().params()
        }
        fn tip(&self) -> Result<Tip, ModelError> {
            self.$target().tip()
        }
        fn consensus_hash_at(&self, height: u32) -> Result<Option<ConsensusHash>, ModelError> {
            self.$target().consensus_hash_at(height)
        }
        fn height_of_consensus_hash(&self, hash: &ConsensusHash) -> Result<Option<u32>, ModelError> {
            self.$target().height_of_consensus_hash(hash)
        }
        fn name(&self, fqn: &str) -> Result<Option<NameRecord>, ModelError> {
            self.$target().name(fqn)
        }
        fn namespace(&self, id: &str) -> Result<Option<NamespaceRecord>, ModelError> {
            self.$target().namespace(id)
        }
        fn namespace_ids(&self) -> Result<Vec<String>, ModelError> {
            self.$target().namespace_ids()
        }
        fn visit_names(
            &self,
            namespace: Option<&str>,
            from: Option<&str>,
            visit: &mut dyn FnMut(&NameRecord) -> bool,
        ) -> Result<(), ModelError> {
            self.$target().visit_names(namespace, from, visit)
        }
        fn names_owned_by(&self, address: &str) -> Result<Vec<NameRecord>, ModelError> {
            self.$target().names_owned_by(address)
        }
        fn history(&self, id: &str) -> Result<Vec<HistoryRow>, ModelError> {
            self.$target().history(id)
        }
        fn block_ops(&self, height: u32) -> Result<BlockOps, ModelError> {
            self.$target().block_ops(height)
        }
        fn tx_status(&self, txid: &str) -> Result<TxStatus, ModelError> {
            self.$target().tx_status(txid)
        }
        fn account_rows(&self, address: &str) -> Result<Vec<AccountRow>, ModelError> {
            self.$target().account_rows(address)
        }
        fn creations_by(&self, creator: &str) -> Result<Vec<Creation>, ModelError> {
            self.$target().creations_by(creator)
        }
        fn zonefile(&self, hash: &str) -> Result<Option<Vec<u8>>, ModelError> {
            self.$target().zonefile(hash)
        }
        fn zonefile_count(&self) -> Result<u64, ModelError> {
            self.$target().zonefile_count()
        }
    };
}
pub(crate) use delegate_reads;

impl ReadModel for CachedView<'_> {
    delegate_reads!(target);
    fn name_lists(&self) -> Option<&ListCache> {
        Some(self.cache)
    }
    fn answers(&self) -> Option<&AnswerCache> {
        Some(self.answers)
    }
}

impl CachedModel {
    fn target(&self) -> &dyn ReadModel {
        self.inner.as_ref()
    }
}

impl ReadModel for CachedModel {
    fn snapshot(&self) -> Result<Option<Box<dyn ReadModel + '_>>, ModelError> {
        let snapshot = self.inner.snapshot()?;
        Ok(Some(Box::new(CachedView {
            snapshot,
            model: self.inner.as_ref(),
            cache: &self.cache,
            answers: &self.answers,
        })))
    }
    delegate_reads!(target);
    // Direct calls (outside a snapshot) are not cached: they may see a different tip
    // from call to call.
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn tip(height: u32, byte: u8) -> Tip {
        Tip { height, consensus_hash: ConsensusHash([byte; 16]) }
    }

    fn key(namespace: Option<&str>) -> ListKey {
        ListKey { namespace: namespace.map(str::to_string), all: false }
    }

    #[test]
    fn a_list_is_computed_once_per_tip_and_replaced_at_a_new_tip() {
        let cache = ListCache::default();
        let computed = Cell::new(0);
        let list = |names: &[&str]| {
            computed.set(computed.get() + 1);
            Ok(names.iter().map(|s| s.to_string()).collect())
        };
        let a = cache.get_or_compute(tip(10, 1), &key(None), || list(&["a.id"])).expect("a");
        let again = cache.get_or_compute(tip(10, 1), &key(None), || list(&["never"])).expect("again");
        assert_eq!(
            (a.as_slice(), again.as_slice(), computed.get()),
            (&["a.id".to_string()][..], &["a.id".to_string()][..], 1)
        );
        // Another key at the same tip: its own list, the first one kept.
        let ns = cache.get_or_compute(tip(10, 1), &key(Some("id")), || list(&["b.id"])).expect("ns");
        assert_eq!(ns.as_slice(), &["b.id".to_string()]);
        // A new tip (same height, other consensus hash: not the same state) recomputes.
        let b = cache.get_or_compute(tip(10, 2), &key(None), || list(&["c.id"])).expect("b");
        assert_eq!((b.as_slice(), computed.get()), (&["c.id".to_string()][..], 3));
        let c = cache.get_or_compute(tip(11, 3), &key(None), || list(&["d.id"])).expect("c");
        assert_eq!(c.as_slice(), &["d.id".to_string()]);
        // A request still reading an older tip gets its own answer, and the newer lists stay.
        let old = cache.get_or_compute(tip(10, 2), &key(None), || list(&["old.id"])).expect("old");
        assert_eq!(old.as_slice(), &["old.id".to_string()]);
        let newest = cache.get_or_compute(tip(11, 3), &key(None), || list(&["never"])).expect("newest");
        assert_eq!((newest.as_slice(), computed.get()), (&["d.id".to_string()][..], 5));
    }

    #[test]
    fn requests_that_miss_together_compute_once() {
        let cache = ListCache::default();
        let computed = std::sync::atomic::AtomicUsize::new(0);
        let start = std::sync::Barrier::new(8);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    start.wait();
                    let list = cache
                        .get_or_compute(tip(7, 1), &key(None), || {
                            computed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(20));
                            Ok(vec!["a.id".into()])
                        })
                        .expect("list");
                    assert_eq!(list.as_slice(), &["a.id".to_string()]);
                });
            }
        });
        assert_eq!(computed.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[test]
    fn a_failed_computation_is_not_kept_and_the_count_is_bounded() {
        let cache = ListCache::default();
        let failed = cache.get_or_compute(tip(5, 1), &key(None), || Err(ModelError::Unavailable("x".into())));
        assert!(failed.is_err());
        let ok = cache.get_or_compute(tip(5, 1), &key(None), || Ok(vec!["a.id".into()])).expect("ok");
        assert_eq!(ok.len(), 1);
        for i in 0..MAX_CACHED_LISTS + 10 {
            let ns = format!("n{i}");
            cache.get_or_compute(tip(5, 1), &key(Some(&ns)), || Ok(Vec::new())).expect("list");
        }
        assert_eq!(cache.lock().lists.len(), MAX_CACHED_LISTS);
    }
}
