//! `replay serve` while `replay` appends to the same store (issue 10 §4): every answer
//! comes from a committed tip (its consensus hash is the one stored for that height
//! once the run ends), the tip never goes back, and the server follows the new tip
//! without a restart. The sample chain (vectors/sample/blocks, regtest), in two steps.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_replay")
}

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors/sample/blocks")
}

fn replay(store: &Path, end: Option<u32>, batch: u32) -> Child {
    let mut cmd = Command::new(bin());
    cmd.arg("--from").arg(sample()).args(["--network", "regtest", "--confirmations", "0", "--quiet"]);
    cmd.arg("--store").arg(store).args(["--batch-blocks", &batch.to_string()]);
    if let Some(end) = end {
        cmd.args(["--end", &end.to_string()]);
    }
    cmd.stdout(Stdio::null()).spawn().expect("spawn replay")
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.get(9..12)?.parse().ok()?;
    let body = out.split("\r\n\r\n").nth(1)?.to_string();
    Some((status, body))
}

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serving_while_replay_appends_follows_committed_tips() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    assert!(replay(&store, Some(700), 1).wait().expect("replay").success());
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let _server = Server(
        Command::new(bin())
            .arg("--store")
            .arg(&store)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn serve"),
    );
    let start = Instant::now();
    while get(port, "/v1/ping").is_none() {
        assert!(start.elapsed() < Duration::from_secs(20), "server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    let info = |port| {
        let (status, body) = get(port, "/v1/info").expect("answer");
        assert_eq!(status, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).expect("json");
        (
            v["last_block_processed"].as_u64().expect("height"),
            v["consensus"].as_str().expect("ch").to_string(),
        )
    };
    assert_eq!(info(port).0, 700);
    // One block per commit, so the poller sees many tips.
    let mut writer = replay(&store, None, 1);
    let mut seen: Vec<(u64, String)> = Vec::new();
    loop {
        let done = writer.try_wait().expect("wait").is_some();
        let answer = info(port);
        if let Some(last) = seen.last() {
            assert!(answer.0 >= last.0, "tip went back: {last:?} then {answer:?}");
        }
        seen.push(answer);
        if done {
            break;
        }
    }
    assert!(writer.wait().expect("replay").success());
    let final_tip = info(port);
    assert_eq!(final_tip.0, 815, "the server follows the new tip without a restart");
    // Every tip seen is a committed one: its consensus hash is the stored one.
    let hashes = Command::new(bin()).arg("--store").arg(&store).arg("hashes").output().expect("hashes");
    let hashes = String::from_utf8(hashes.stdout).expect("utf8");
    let stored: std::collections::BTreeMap<u64, String> = hashes
        .lines()
        .filter_map(|l| {
            let mut p = l.split(' ');
            Some((p.next()?.parse().ok()?, p.nth(1)?.to_string()))
        })
        .collect();
    for (h, ch) in &seen {
        assert_eq!(stored.get(h), Some(ch), "tip {h} answered a consensus hash never committed");
    }
    let distinct: std::collections::BTreeSet<u64> = seen.iter().map(|s| s.0).collect();
    assert!(distinct.len() >= 2, "the poll saw only {distinct:?}");
    // A name registered after 700 is served now.
    let (status, _) = get(port, "/v1/names?page=0").expect("names");
    assert_eq!(status, 200);
}
