# Sourced by bench/notify.sh and bench/notify_cpu.sh: the binary check, a scratch directory,
# processes stopped on exit, and waiting for a file. Expects BIN; sets TMP and PIDS.
[[ -x "$BIN" ]] || { echo "bench: no civic311 at $BIN" >&2; exit 1; }
BIN=$(realpath "$BIN")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/civic311-notify-XXXXXX")
PIDS=()
cleanup() {
  set +e
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT
wait_file() { for _ in $(seq 1 600); do [[ -s "$1" ]] && return 0; sleep 0.1; done; return 1; }
