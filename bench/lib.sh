# Shell functions the bench scripts share (source it: `. "$(dirname "$0")/lib.sh"`): failing
# with one line, a temp dir and a server that are always cleaned up, seeding, starting
# `civic311 serve` on a free loopback port, and one wrk latency row. Loopback only; a script
# stops only what it started.

die() { echo "bench: $*" >&2; exit 1; }

# bench_setup NAME [DIR]: checks $BIN and makes it absolute; TMP is DIR, or a new temp dir;
# at exit the server (SERVER_PID) stops and TMP is removed (kept with BENCH_KEEP=1).
bench_setup() {
  [[ -x "$BIN" ]] || die "no civic311 binary at $BIN"
  BIN=$(realpath "$BIN")
  TMP=${2:-$(mktemp -d "${TMPDIR:-/tmp}/civic311-$1-bench-XXXXXX")}
  SERVER_PID=""
  trap bench_cleanup EXIT
}

bench_cleanup() {
  set +e
  [[ -n "$SERVER_PID" ]] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID"
  [[ "${BENCH_KEEP:-0}" == 1 ]] || rm -rf "$TMP"
}

# bench_seed DB COUNT DAYS: a new demo database with COUNT seeded requests over DAYS days.
bench_seed() {
  "$BIN" init --db "$1" --demo >/dev/null
  echo "bench: seeding $2 requests over $3 days" >&2
  "$BIN" seed --db "$1" --count "$2" --days "$3" >/dev/null 2>"$TMP/seed.err" ||
    die "seed failed: $(tail -c 300 "$TMP/seed.err")"
}

# bench_serve DB: serves it on a free port; sets SERVER_PID and BASE (http://127.0.0.1:PORT).
bench_serve() {
  "$BIN" serve --db "$1" --listen 127.0.0.1:0 --log-level warn >"$TMP/serve.out" 2>/dev/null &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    grep -q 'http://127.0.0.1:' "$TMP/serve.out" 2>/dev/null && break
    sleep 0.1
  done
  BASE=$(grep -o 'http://127.0.0.1:[0-9]*' "$TMP/serve.out" | head -n 1)
  [[ -n "$BASE" ]] || die "civic311 serve printed no URL"
}

# wrk's "1.23ms" / "850.00us" / "1.02s" -> milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.2f", n }'
}

# bench_wrk NAME URL [WRK OPTIONS…] [-- LUA SCRIPT ARGS…]: one connection for $DURATION (the
# render, not queueing); appends "| NAME | p50 | p99 | req/s |" to $OUT. Any non-2xx answer
# fails the bench.
bench_wrk() {
  local name=$1 url=$2 opts=()
  shift 2
  while [[ $# -gt 0 && "$1" != "--" ]]; do
    opts+=("$1")
    shift
  done
  wrk -t 1 -c 1 -d "$DURATION" --latency "${opts[@]}" "$url" "$@" >"$TMP/w.txt" 2>&1 ||
    die "wrk $name failed"
  grep -q "Non-2xx" "$TMP/w.txt" && die "$name: non-2xx answers: $(cat "$TMP/w.txt")"
  local p50 p99 rps
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$TMP/w.txt")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$TMP/w.txt")")
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$TMP/w.txt")
  echo "| $name | $p50 | $p99 | $rps |" >>"$OUT"
  echo "bench: $name p50 $p50 ms p99 $p99 ms" >&2
}
