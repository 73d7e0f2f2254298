//! `snapshot completions SHELL` and `snapshot man` print non-empty scripts/pages.

#[test]
fn completions_and_man_page_are_generated() {
    for args in [&["completions", "bash"][..], &["completions", "fish"], &["man"]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_snapshot")).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.len() > 500, "{args:?}: {} bytes", out.stdout.len());
    }
}
