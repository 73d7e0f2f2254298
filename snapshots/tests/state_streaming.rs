//! Issue 13 item 5: `verify` of our own format buffered the whole state section (up to
//! 4 GiB) before decoding it. The section is now decoded from the stream, so decoding
//! needs the decoded value plus small buffers, not a second copy of the section.
//!
//! Measured with a counting global allocator; this file holds one test so that no
//! other test allocates concurrently.

use bns_engine::{BlockHash, ConsensusHash, Network};
use bns_snapshots::format::{self, Body, Header, HistoryEntry};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; the counters
// only observe sizes.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn state_section_is_decoded_without_a_copy_of_the_section() {
    let header = Header {
        network: Network::Regtest,
        params_fingerprint: [1; 32],
        height: 700,
        block_hash: BlockHash([2; 32]),
        consensus_hash: ConsensusHash([3; 16]),
        state_digest: [4; 32],
    };
    let history = vec![HistoryEntry {
        height: 700,
        block_hash: BlockHash([2; 32]),
        consensus_hash: ConsensusHash([3; 16]),
    }];
    // 200,000 names of 100 bytes: a 21.6 MB section (8-byte length + text each).
    let state: Vec<String> = (0..200_000).map(|i| format!("{i:0>100}")).collect();
    let body = format::encode(&header, &history, &state, Vec::new()).expect("in-memory encode");
    drop(state);
    let section = 8 + 200_000 * (8 + 100);

    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let decoded: Body<Vec<String>> = format::decode(&body[..]).expect("decodes");
    let peak = PEAK.load(Ordering::SeqCst) - before;
    assert_eq!(decoded.state.len(), 200_000);
    // The decoded value alone is ~25 MB (100-byte heaps + 24-byte String headers).
    // Before: the whole section was read into a buffer (21.6 MB, capacity 32 MiB once
    // grown) and held while the value was built: a peak above 55 MB. Now: the value,
    // its vector's growth and 64 KiB buffers.
    assert!(peak < section * 3 / 2, "peak {peak} bytes for a {section}-byte section");
    drop(decoded);
}
