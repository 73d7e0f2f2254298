//! `snapshot`: create, sign, verify, restore and inspect fast-sync archives.
//! All logic is in the library (`bns_snapshots::cli`).

fn main() -> std::process::ExitCode {
    bns_snapshots::cli::main()
}
