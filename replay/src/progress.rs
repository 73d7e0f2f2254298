//! Progress on stderr: an indicatif bar on a terminal, a plain line every few seconds
//! otherwise, nothing with `--quiet`. Shows the scan height, blocks/s, MB/s and ETA.

use crate::replay::Reporter;
use crate::scan::ScanProgress;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const PLAIN_EVERY: Duration = Duration::from_secs(5);

/// How to show progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressMode {
    Bar,
    Plain,
    Quiet,
}

impl ProgressMode {
    /// Bar on a terminal, plain lines otherwise, unless quiet.
    pub fn detect(quiet: bool) -> ProgressMode {
        if quiet {
            ProgressMode::Quiet
        } else if std::io::stderr().is_terminal() {
            ProgressMode::Bar
        } else {
            ProgressMode::Plain
        }
    }
}

struct ScanState {
    started: Instant,
    last_line: Instant,
    top: u32,
    total: u64,
}

/// The stderr reporter.
pub struct StderrReporter {
    mode: ProgressMode,
    bar: Option<indicatif::ProgressBar>,
    state: Mutex<ScanState>,
}

impl StderrReporter {
    pub fn new(mode: ProgressMode) -> StderrReporter {
        let now = Instant::now();
        let bar = (mode == ProgressMode::Bar).then(|| {
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {msg}") {
                bar.set_style(style);
            }
            bar
        });
        StderrReporter {
            mode,
            bar,
            state: Mutex::new(ScanState { started: now, last_line: now, top: 0, total: 0 }),
        }
    }

    fn line(&self, blocks: u64, bytes: u64, state: &ScanState) -> String {
        let secs = state.started.elapsed().as_secs_f64().max(1e-3);
        let rate = blocks as f64 / secs;
        let eta = if rate > 0.0 { (state.total.saturating_sub(blocks)) as f64 / rate } else { 0.0 };
        let height = u64::from(state.top).saturating_sub(blocks.saturating_sub(1));
        format!(
            "scan height {height}: {blocks}/{} blocks, {rate:.0} blocks/s, {:.1} MB/s, ETA {eta:.0}s",
            state.total,
            bytes as f64 / 1e6 / secs
        )
    }
}

impl ScanProgress for StderrReporter {
    fn walked(&self, blocks: u64, bytes: u64) {
        let Ok(mut state) = self.state.lock() else { return };
        match self.mode {
            ProgressMode::Quiet => {}
            ProgressMode::Bar => {
                if let Some(bar) = &self.bar {
                    bar.set_position(blocks);
                    bar.set_message(self.line(blocks, bytes, &state));
                }
            }
            ProgressMode::Plain => {
                if state.last_line.elapsed() >= PLAIN_EVERY {
                    state.last_line = Instant::now();
                    eprintln!("{}", self.line(blocks, bytes, &state));
                }
            }
        }
    }
}

impl Reporter for StderrReporter {
    fn note(&self, line: &str) {
        if self.mode == ProgressMode::Quiet {
            return;
        }
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn scan_started(&self, to: u32, blocks: u64) {
        if let Ok(mut state) = self.state.lock() {
            *state = ScanState { started: Instant::now(), last_line: Instant::now(), top: to, total: blocks };
        }
        if let Some(bar) = &self.bar {
            bar.set_length(blocks);
            bar.set_position(0);
        }
    }

    fn applied(&self, height: u32, end: u32) {
        if height == end {
            match (&self.bar, self.mode) {
                (Some(bar), _) => bar.println(format!("replayed up to height {height}")),
                (None, ProgressMode::Plain) => eprintln!("replayed up to height {height}"),
                _ => {}
            }
        }
    }

    fn finished(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
