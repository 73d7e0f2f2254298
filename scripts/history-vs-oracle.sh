#!/usr/bin/env bash
# history-vs-oracle.sh WORK [--scale S] [--seed N] [--end-height H] [--progress SECS]
#                           [--oracle-workdir DIR] [--attach-oracle]
#
# The mainnet dress rehearsal check (issue 12 §2): generate a mainnet-shaped history
# (`chaingen history`, from the real genesis block to 665760 unless --end-height), replay
# it with our `replay --network mainnet --confirmations 0`, run the reference oracle
# (`run.sh --network mainnet`, real STX genesis) over the same files, and compare every
# `HEIGHT BLOCK_HASH CONSENSUS_HASH` line and the final states. Slow (the oracle does
# 13–85 blocks/s on one core, see --oracle-workdir): not a test. Prints a progress line every --progress
# seconds (default 60) while the oracle runs.
#
# WORK (created) receives: blocks/, gen.lines and gen-state.json (the generator's engine),
# replay.txt and store/, replay-state.json (the replay store's own state rows, dumped by
# store/examples/state_json.rs: this is what the oracle's final state is compared with),
# tip.snap (snapshot of the replay store: its state digest must equal the generator's),
# oracle.txt/.err/-dump.json, result.txt.
# Steps whose results are already in WORK are reused (not the oracle run itself);
# --attach-oracle waits for an oracle already running on WORK (pid in WORK/oracle.pid)
# instead of starting one. --oracle-workdir puts the reference's databases elsewhere
# (default WORK/oracle-work): on tmpfs (/dev/shm/...) the oracle runs 2–3× faster, as
# the reference commits its SQLite databases every block.
# Exit 0 when everything is identical, 1 on a difference, 2 on bad usage or a failed step.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORACLE="${BNS_ORACLE:-$ROOT/../shared/oracle/run.sh}"
# A worktree: the shared folder sits beside the main checkout.
[ -x "$ORACLE" ] || ORACLE="$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir)/../../shared/oracle/run.sh"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2; }
[ $# -ge 1 ] && [ "$1" != -h ] && [ "$1" != --help ] || usage
WORK="$1"; shift
SCALE=1 SEED=1 END=665760 EVERY=60 ATTACH=0 OWORK=
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2;;
    --seed) SEED="$2"; shift 2;;
    --end-height) END="$2"; shift 2;;
    --progress) EVERY="$2"; shift 2;;
    --attach-oracle) ATTACH=1; shift;;
    --oracle-workdir) OWORK="$2"; shift 2;;
    -h|--help) usage;;
    *) echo "history-vs-oracle: error: unknown argument: $1" >&2; usage;;
  esac
done
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
OWORK="${OWORK:-$WORK/oracle-work}"
log() { echo "history-vs-oracle: $*" | tee -a "$WORK/result.txt"; }
fail() { log "error: $*"; exit 2; }

nice -n 5 cargo build --quiet --release --manifest-path "$ROOT/Cargo.toml" \
  -p bns-vectors -p bns-replay -p bns-snapshots || fail "build failed"
nice -n 5 cargo build --quiet --release --manifest-path "$ROOT/Cargo.toml" \
  -p bns-store --example state_json || fail "build failed"
BIN="$ROOT/target/release"
T0=$(date +%s)

# 1. The history (reused if present).
if [ ! -f "$WORK/blocks/history-summary.json" ]; then
  rm -rf "$WORK/blocks"
  "$BIN/chaingen" history --network mainnet --out "$WORK/blocks" --scale "$SCALE" --seed "$SEED" \
    --end-height "$END" --hashes-out "$WORK/gen.lines" --state-out "$WORK/gen-state.json" \
    > "$WORK/gen.out" || fail "chaingen failed"
fi
log "$(cat "$WORK/gen.out" 2>/dev/null || echo "history in $WORK/blocks")"
GEN_DIGEST=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["final_state_digest"])' \
  "$WORK/blocks/history-summary.json")

# 2. Our replay, and a snapshot of its store (state digest).
if [ ! -s "$WORK/replay.txt" ]; then
  rm -rf "$WORK/store"
  /usr/bin/time -f "%e s wall, %M KB peak RSS" -o "$WORK/replay.time" \
    "$BIN/replay" --from "$WORK/blocks" --network mainnet --store "$WORK/store" --confirmations 0 --quiet \
    > "$WORK/replay.txt" || fail "replay failed"
fi
log "replay: $(wc -l < "$WORK/replay.txt") lines, $(cat "$WORK/replay.time" 2>/dev/null)"
if [ ! -f "$WORK/tip.snap" ]; then
  "$BIN/snapshot" create --store "$WORK/store" --out "$WORK/tip.snap" --network mainnet > /dev/null \
    || fail "snapshot create failed"
fi
SNAP_DIGEST=$("$BIN/snapshot" inspect "$WORK/tip.snap" | sed -n 's/.*state digest \([0-9a-f]*\).*/\1/p')
STATE_OK=1
if [ "$SNAP_DIGEST" = "$GEN_DIGEST" ]; then
  log "replay store state digest $SNAP_DIGEST = the generator's (so gen-state.json is the store's state)"
else
  log "DIFFERENT: replay store state digest $SNAP_DIGEST, generator $GEN_DIGEST"; STATE_OK=0
fi
if [ ! -s "$WORK/replay-state.json" ]; then
  "$BIN/examples/state_json" "$WORK/store" "$WORK/replay-state.json" || fail "state dump of the replay store failed"
fi
if cmp -s "$WORK/gen.lines" "$WORK/replay.txt"; then
  log "replay lines = generator lines"
else
  log "DIFFERENT: replay lines differ from the generator's engine lines"
fi

# 3. The oracle, with a progress line.
TOTAL=$(wc -l < "$WORK/replay.txt")
if [ ! -s "$WORK/oracle-dump.json" ]; then
  if [ "$ATTACH" = 0 ]; then
    setsid nice -n 10 "$ORACLE" --blocks "$WORK/blocks" --network mainnet --dump "$WORK/oracle-dump.json" \
      --workdir "$OWORK" > "$WORK/oracle.txt" 2> "$WORK/oracle.err" &
    echo $! > "$WORK/oracle.pid"
    trap 'kill -- "-$(cat "$WORK/oracle.pid")" 2>/dev/null; exit 130' INT TERM
  fi
  PID=$(cat "$WORK/oracle.pid")
  START=$(date +%s)
  START_LINES=$(wc -l < "$WORK/oracle.txt" 2>/dev/null || echo 0)
  while kill -0 "$PID" 2>/dev/null; do
    sleep "$EVERY"
    N=$(wc -l < "$WORK/oracle.txt")
    SAME=$(cmp -s <(head -n "$N" "$WORK/oracle.txt") <(head -n "$N" "$WORK/replay.txt") && echo "identical so far" || echo "DIFFERENT")
    EL=$(( $(date +%s) - START ))
    RATE=$(python3 -c "print('%.1f' % (($N - $START_LINES) / max($EL, 1)))")
    ETA=$(python3 -c "r=($N-$START_LINES)/max($EL,1); print('%.0f min' % (($TOTAL-$N)/r/60) if r > 0 else '?')")
    echo "history-vs-oracle: oracle at $(tail -n 1 "$WORK/oracle.txt" | cut -d' ' -f1) ($N/$TOTAL lines, $RATE blocks/s, ETA $ETA): $SAME" \
      | tee -a "$WORK/progress.txt"
  done
  [ "$ATTACH" = 1 ] || wait "$PID" || fail "oracle failed: $(tail -n 3 "$WORK/oracle.err")"
  [ -s "$WORK/oracle-dump.json" ] || fail "oracle ended without a state dump: $(tail -n 3 "$WORK/oracle.err")"
fi

# 4. Compare.
RC=0
if cmp -s "$WORK/oracle.txt" "$WORK/replay.txt"; then
  log "lines: identical, $(wc -l < "$WORK/oracle.txt") lines ($(head -n1 "$WORK/oracle.txt" | cut -d' ' -f1)..$(tail -n1 "$WORK/oracle.txt" | cut -d' ' -f1))"
else
  log "lines: DIFFERENT (--- oracle, +++ replay):"
  diff -u "$WORK/oracle.txt" "$WORK/replay.txt" | head -n 20 | tee -a "$WORK/result.txt"
  RC=1
fi
log "final state: the oracle's against the replay store's (replay-state.json)"
python3 "$ROOT/scripts/history_state_compare.py" "$WORK/oracle-dump.json" "$WORK/replay-state.json" \
  | tee -a "$WORK/result.txt" || RC=1
[ "$STATE_OK" = 1 ] || RC=1
log "done in $(( $(date +%s) - T0 )) s: $([ $RC = 0 ] && echo IDENTICAL || echo DIFFERENT)"
exit $RC
