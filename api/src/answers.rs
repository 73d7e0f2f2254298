//! Rendered answers kept across requests, for answers that stop changing once their
//! block is buried. A block's `/v1/blockchains/bitcoin/operations/{h}` answer on a
//! 3,000-operation block is 1.8 MB and about 5 ms of CPU (BENCHMARKS.md "REST API"):
//! 64 connections asking for it rendered it 64 times and held 64 copies (RSS 1.0–1.3 GB
//! on the 100k store). [`AnswerCache`] keeps each answer once as shared bytes
//! ([`bytes::Bytes`]: every connection sends the same buffer), renders a missing one once
//! however many requests miss it together, and bounds what it keeps by bytes, dropping
//! the least recently used answer first.
//!
//! How long an answer may be kept is the route's decision ([`Validity`]): for any later
//! tip (`Final`: no later block can change it), only at the tip it was rendered at
//! (`AtTip`), or not at all (`NotKept`: errors). Answers are keyed by what they answer
//! ([`AnswerKey`]), not by the request's spelling.
//!
//! Not done here: deciding what is final (the routes, `crate::reference`), and any
//! answer that depends on something a tip does not version (zone files: imported
//! without a new block).

use crate::model::Tip;
use crate::reply::Reply;
use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};

/// Default bound of [`AnswerCache`]: 64 MiB of kept answers (about 35 of the largest
/// operations answers on the 100k store).
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Most answers rendered at once (the others wait for a turn). A rendering is CPU
/// work with about ten times its answer's size in rows and JSON values held meanwhile
/// (a 3,000-operation block: ~5 ms, ~15 MB): with 64 connections asking for blocks not
/// kept, 64 renderings at once held ~1.3 GB on 2 cores and ran no faster than a few.
pub const MAX_CONCURRENT_RENDERS: usize = 4;

/// Bytes counted per kept answer besides its body (key, headers, bookkeeping), so that
/// many small answers are bounded too.
pub const ENTRY_OVERHEAD_BYTES: usize = 256;

/// What an answer answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AnswerKey {
    /// `/v1/blockchains/bitcoin/operations/{h}`.
    Operations(u32),
}

/// The key of a request target in its plain spelling (no query, escapes, dot segments
/// or leading zeros), whose route is then certain without parsing: the server looks
/// such a target up before reading anything ([`AnswerCache::final_answer`]).
pub fn key_of_target(target: &str) -> Option<AnswerKey> {
    let h = target.strip_prefix("/v1/blockchains/bitcoin/operations/")?;
    let plain = (1..=8).contains(&h.len()) && !h.starts_with('0') && h.bytes().all(|b| b.is_ascii_digit());
    plain.then(|| h.parse().ok().map(AnswerKey::Operations)).flatten()
}

/// For which requests a rendered answer holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    /// Every request that sees a tip at or above this height (the height of the tip it
    /// was rendered at: a request reading an older snapshot may see another answer).
    Final { since_height: u32 },
    /// Only requests that see this tip.
    AtTip(Tip),
    /// Not kept (an error, an answer about a block above the tip).
    NotKept,
}

impl Validity {
    fn serves(self, tip: Tip) -> bool {
        match self {
            Validity::Final { since_height } => tip.height >= since_height,
            Validity::AtTip(at) => at == tip,
            Validity::NotKept => false,
        }
    }
}

/// A rendered answer and how long it holds.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub reply: Reply,
    pub validity: Validity,
}

/// One key's answer: rendered once (`OnceLock`: requests that miss together wait for
/// the first one's rendering instead of each rendering it).
#[derive(Default)]
struct Slot {
    answer: OnceLock<Rendered>,
}

struct Kept {
    slot: Arc<Slot>,
    /// Position in `Inner::recency`.
    used: u64,
    /// Bytes counted for it (0 while rendering).
    size_bytes: usize,
}

#[derive(Default)]
struct Inner {
    kept: BTreeMap<AnswerKey, Kept>,
    /// `used` stamp → key, oldest first.
    recency: BTreeMap<u64, AnswerKey>,
    clock: u64,
    kept_bytes: usize,
}

impl Inner {
    fn touch(&mut self, key: AnswerKey) {
        self.clock += 1;
        let now = self.clock;
        if let Some(kept) = self.kept.get_mut(&key) {
            self.recency.remove(&kept.used);
            kept.used = now;
            self.recency.insert(now, key);
        }
    }

    fn remove(&mut self, key: AnswerKey) {
        if let Some(kept) = self.kept.remove(&key) {
            self.recency.remove(&kept.used);
            self.kept_bytes -= kept.size_bytes;
        }
    }

    /// Whether `key` is kept as exactly this slot (not a newer one).
    fn holds(&self, key: AnswerKey, slot: &Arc<Slot>) -> bool {
        self.kept.get(&key).is_some_and(|k| Arc::ptr_eq(&k.slot, slot))
    }
}

/// Rendered answers, bounded by bytes, least recently used dropped first.
pub struct AnswerCache {
    inner: Mutex<Inner>,
    max_bytes: usize,
    /// Renderings under way, at most [`MAX_CONCURRENT_RENDERS`].
    rendering: Mutex<usize>,
    render_done: Condvar,
}

impl Default for AnswerCache {
    fn default() -> Self {
        AnswerCache::new(DEFAULT_MAX_BYTES)
    }
}

impl AnswerCache {
    /// A cache keeping at most `max_bytes` (bodies plus [`ENTRY_OVERHEAD_BYTES`] each).
    pub fn new(max_bytes: usize) -> AnswerCache {
        AnswerCache {
            inner: Mutex::new(Inner::default()),
            max_bytes,
            rendering: Mutex::new(0),
            render_done: Condvar::new(),
        }
    }

    /// The answer to `key` for a request that sees `tip`: the kept one if it holds for
    /// that tip, else `render`'s (kept if its validity allows; requests missing `key`
    /// at the same time share one rendering).
    pub fn get_or_render(&self, key: AnswerKey, tip: Tip, render: impl FnOnce() -> Rendered) -> Reply {
        let mut render = Some(render);
        // Two tries: the second after dropping an answer kept for an older tip.
        for _ in 0..2 {
            let slot = self.slot(key);
            let mut rendered_here = false;
            let answer = slot.answer.get_or_init(|| {
                rendered_here = true;
                match render.take() {
                    Some(render) => self.bounded(render),
                    // Not reached: `render` is taken only by a rendering that sets
                    // `rendered_here`, and then the loop returns.
                    None => Rendered { reply: Reply::empty(500, "text/plain"), validity: Validity::NotKept },
                }
            });
            if rendered_here {
                self.publish(key, &slot, answer);
                return answer.reply.clone();
            }
            if answer.validity.serves(tip) {
                return answer.reply.clone();
            }
            if !self.drop_older(key, &slot, answer.validity, tip) {
                break;
            }
        }
        match render.take() {
            Some(render) => self.bounded(render).reply,
            None => Reply::empty(500, "text/plain"),
        }
    }

    /// Run `render` once fewer than [`MAX_CONCURRENT_RENDERS`] others run.
    fn bounded(&self, render: impl FnOnce() -> Rendered) -> Rendered {
        {
            let mut running = self.rendering.lock().unwrap_or_else(PoisonError::into_inner);
            while *running >= MAX_CONCURRENT_RENDERS {
                running = self.render_done.wait(running).unwrap_or_else(PoisonError::into_inner);
            }
            *running += 1;
        }
        /// Gives the turn back even if `render` panics.
        struct Turn<'a>(&'a AnswerCache);
        impl Drop for Turn<'_> {
            fn drop(&mut self) {
                let mut running = self.0.rendering.lock().unwrap_or_else(PoisonError::into_inner);
                *running -= 1;
                self.0.render_done.notify_one();
            }
        }
        let _turn = Turn(self);
        render()
    }

    /// The answer kept for `key` if it is final. Any request may have it without
    /// reading its tip: a final answer was rendered at a committed tip, and the tip only
    /// grows.
    pub fn final_answer(&self, key: AnswerKey) -> Option<Reply> {
        let mut inner = self.lock();
        let answer = inner.kept.get(&key)?.slot.answer.get()?;
        if !matches!(answer.validity, Validity::Final { .. }) {
            return None;
        }
        let reply = answer.reply.clone();
        inner.touch(key);
        Some(reply)
    }

    /// Whether an answer to `key` is kept, for whatever tip (the request that asks for
    /// it then reads one tip and a few bytes: a short read).
    pub fn has_answer(&self, key: AnswerKey) -> bool {
        self.lock().kept.get(&key).is_some_and(|k| k.slot.answer.get().is_some())
    }

    /// The slot kept for `key` (marked as just used), or a new empty one.
    fn slot(&self, key: AnswerKey) -> Arc<Slot> {
        let mut inner = self.lock();
        if inner.kept.contains_key(&key) {
            inner.touch(key);
        } else {
            inner.clock += 1;
            let used = inner.clock;
            inner.kept.insert(key, Kept { slot: Arc::default(), used, size_bytes: 0 });
            inner.recency.insert(used, key);
        }
        inner.kept.get(&key).map(|k| k.slot.clone()).unwrap_or_default()
    }

    /// Count a freshly rendered answer, or forget it if it is not to be kept; then drop
    /// the least recently used answers until the bound holds.
    fn publish(&self, key: AnswerKey, slot: &Arc<Slot>, answer: &Rendered) {
        let mut inner = self.lock();
        if !inner.holds(key, slot) {
            return;
        }
        if answer.validity == Validity::NotKept {
            inner.remove(key);
            return;
        }
        let size_bytes = answer.reply.body.len() + ENTRY_OVERHEAD_BYTES;
        if let Some(kept) = inner.kept.get_mut(&key) {
            kept.size_bytes = size_bytes;
        }
        inner.kept_bytes += size_bytes;
        while inner.kept_bytes > self.max_bytes {
            let Some((_, oldest)) = inner.recency.pop_first() else { break };
            if let Some(kept) = inner.kept.remove(&oldest) {
                inner.kept_bytes -= kept.size_bytes;
            }
        }
    }

    /// Forget `slot`'s answer if it was kept for a tip below `tip` (a request at the new
    /// tip renders afresh); true if the caller should try again.
    fn drop_older(&self, key: AnswerKey, slot: &Arc<Slot>, validity: Validity, tip: Tip) -> bool {
        let older = match validity {
            Validity::AtTip(at) => at.height <= tip.height,
            // A final answer stays; a request reading an older snapshot renders its own.
            Validity::Final { .. } => false,
            // Being forgotten by the request that rendered it.
            Validity::NotKept => true,
        };
        if older {
            let mut inner = self.lock();
            if inner.holds(key, slot) {
                inner.remove(key);
            }
        }
        older
    }

    /// Bytes counted for the kept answers.
    pub fn kept_bytes(&self) -> usize {
        self.lock().kept_bytes
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // Every change under the lock leaves `kept`, `recency` and `kept_bytes`
        // consistent before anything that could panic: a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bns_engine::ConsensusHash;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn tip(height: u32, byte: u8) -> Tip {
        Tip { height, consensus_hash: ConsensusHash([byte; 16]) }
    }

    fn rendered(body: &str, validity: Validity) -> Rendered {
        Rendered { reply: Reply::bytes(200, "application/json", body.as_bytes().to_vec()), validity }
    }

    fn body(reply: &Reply) -> String {
        String::from_utf8_lossy(&reply.body).into_owned()
    }

    #[test]
    fn final_answers_serve_later_tips_and_tip_answers_only_their_tip() {
        let cache = AnswerCache::default();
        let renders = AtomicUsize::new(0);
        let render = |text: &'static str, validity| {
            renders.fetch_add(1, Ordering::SeqCst);
            rendered(text, validity)
        };
        let (t10, t11) = (tip(10, 1), tip(11, 2));
        let key = AnswerKey::Operations(5);
        let a = cache.get_or_render(key, t10, || render("a", Validity::Final { since_height: 10 }));
        let b = cache.get_or_render(key, t11, || render("never", Validity::NotKept));
        // A request on an older snapshot renders its own answer, the final one stays.
        let c = cache.get_or_render(key, tip(9, 3), || render("old", Validity::NotKept));
        let d = cache.get_or_render(key, t11, || render("never", Validity::NotKept));
        assert_eq!(
            (body(&a), body(&b), body(&c), body(&d)),
            ("a".into(), "a".into(), "old".into(), "a".into())
        );
        assert_eq!(renders.load(Ordering::SeqCst), 2);

        let key = AnswerKey::Operations(10);
        let e = cache.get_or_render(key, t10, || render("tip10", Validity::AtTip(t10)));
        let f = cache.get_or_render(key, t10, || render("never", Validity::NotKept));
        let g = cache.get_or_render(key, t11, || render("tip11", Validity::AtTip(t11)));
        let h = cache.get_or_render(key, t11, || render("never", Validity::NotKept));
        assert_eq!(
            (body(&e), body(&f), body(&g), body(&h)),
            ("tip10".into(), "tip10".into(), "tip11".into(), "tip11".into())
        );
        // Same height, another consensus hash: another state.
        let i = cache.get_or_render(key, tip(11, 9), || render("other", Validity::AtTip(tip(11, 9))));
        assert_eq!(body(&i), "other");
        assert_eq!(renders.load(Ordering::SeqCst), 5);
    }

    #[test]
    fn plain_targets_have_keys_and_final_answers_need_no_tip() {
        assert_eq!(key_of_target("/v1/blockchains/bitcoin/operations/700"), Some(AnswerKey::Operations(700)));
        for other in [
            "/v1/blockchains/bitcoin/operations/0700",
            "/v1/blockchains/bitcoin/operations/700?x=1",
            "/v1/blockchains/bitcoin/operations/7%300",
            "/v1/blockchains/bitcoin/operations/",
            "/v1/blockchains/bitcoin/operations/123456789",
            "/v1/blockchains/bitcoin/operations/700/",
            "/v1/blockchains/bitcoin/consensus/700",
        ] {
            assert_eq!(key_of_target(other), None, "{other}");
        }
        let cache = AnswerCache::default();
        let key = AnswerKey::Operations(3);
        assert!(cache.final_answer(key).is_none());
        cache.get_or_render(key, tip(9, 1), || rendered("tip", Validity::AtTip(tip(9, 1))));
        assert!(cache.final_answer(key).is_none(), "a tip's answer needs the tip");
        assert!(cache.has_answer(key) && !cache.has_answer(AnswerKey::Operations(4)));
        cache.get_or_render(key, tip(10, 2), || rendered("final", Validity::Final { since_height: 10 }));
        assert_eq!(cache.final_answer(key).map(|r| body(&r)), Some("final".to_string()));
    }

    #[test]
    fn answers_not_kept_are_rendered_each_time() {
        let cache = AnswerCache::default();
        let renders = AtomicUsize::new(0);
        for _ in 0..3 {
            let r = cache.get_or_render(AnswerKey::Operations(7), tip(5, 1), || {
                renders.fetch_add(1, Ordering::SeqCst);
                rendered("err", Validity::NotKept)
            });
            assert_eq!(body(&r), "err");
        }
        assert_eq!((renders.load(Ordering::SeqCst), cache.kept_bytes()), (3, 0));
        assert!(cache.lock().kept.is_empty());
    }

    #[test]
    fn requests_that_miss_together_render_once_and_share_the_bytes() {
        let cache = AnswerCache::default();
        let renders = AtomicUsize::new(0);
        let start = std::sync::Barrier::new(8);
        let bodies: Vec<Reply> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        start.wait();
                        cache.get_or_render(AnswerKey::Operations(3), tip(9, 1), || {
                            renders.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(20));
                            rendered("[1, 2]", Validity::Final { since_height: 9 })
                        })
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("thread")).collect()
        });
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        for b in &bodies {
            assert_eq!(b.body.as_ptr(), bodies[0].body.as_ptr(), "one shared buffer");
        }
    }

    #[test]
    fn at_most_a_few_renderings_run_at_once() {
        let cache = AnswerCache::default();
        let (running, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|scope| {
            for h in 0..3 * MAX_CONCURRENT_RENDERS as u32 {
                let (cache, running, most) = (&cache, &running, &most);
                scope.spawn(move || {
                    cache.get_or_render(AnswerKey::Operations(h), tip(50, 1), || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(10));
                        running.fetch_sub(1, Ordering::SeqCst);
                        rendered("[]", Validity::Final { since_height: 50 })
                    });
                });
            }
        });
        let most = most.load(Ordering::SeqCst);
        assert!((1..=MAX_CONCURRENT_RENDERS).contains(&most), "{most} at once");
    }

    #[test]
    fn the_bound_drops_the_least_recently_used_first() {
        let each = 1000;
        let cache = AnswerCache::new(3 * (each + ENTRY_OVERHEAD_BYTES));
        let t = tip(100, 1);
        let text: &'static str = Box::leak("x".repeat(each).into_boxed_str());
        let fill =
            |h: u32| cache.get_or_render(AnswerKey::Operations(h), t, || rendered(text, Validity::AtTip(t)));
        for h in 1..=3 {
            fill(h);
        }
        fill(1); // 1 is now the most recent; 2 the least.
        fill(4);
        let kept: Vec<AnswerKey> = cache.lock().kept.keys().copied().collect();
        assert_eq!(kept, [1, 3, 4].map(AnswerKey::Operations));
        assert_eq!(cache.kept_bytes(), 3 * (each + ENTRY_OVERHEAD_BYTES));
        // An answer larger than the whole bound is served, not kept.
        let big: &'static str = Box::leak("y".repeat(4 * each).into_boxed_str());
        let r = cache.get_or_render(AnswerKey::Operations(9), t, || rendered(big, Validity::AtTip(t)));
        assert_eq!(r.body.len(), 4 * each);
        assert!(cache.kept_bytes() <= 3 * (each + ENTRY_OVERHEAD_BYTES));
    }
}
