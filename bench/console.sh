#!/usr/bin/env bash
# The staff console's department queue page (docs/console.md, "Speed"; target: 50 rows with
# filters rendered in < 20 ms p99 at 1,000,000 requests): p50/p99 of /staff/queue for a signed-in
# crew member of BENCH_STAFF_DEPARTMENT, one connection per run (the render, not queueing). Each
# page is checked to show 50 rows first. Loopback only; stops what it starts.
#   bench/console.sh                       (1,000,000 requests; BENCH_REQUESTS to change)
set -euo pipefail
BIN=${CIVIC311_BIN:-build/release/civic311}
REQUESTS=${BENCH_REQUESTS:-1000000}
DAYS=${BENCH_DAYS:-365}
DURATION=${BENCH_DURATION:-5s}
DEPT=${BENCH_STAFF_DEPARTMENT:-PWD}
OUT=${BENCH_OUT:-bench/results/console-latest.md}
die() { echo "bench: $*" >&2; exit 1; }
[[ -x "$BIN" ]] || die "no civic311 binary at $BIN"
command -v wrk >/dev/null || die "wrk is not installed"
BIN=$(realpath "$BIN")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/civic311-console-bench-XXXXXX")
SERVER_PID=""
cleanup() {
  set +e
  [[ -n "$SERVER_PID" ]] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID"
  rm -rf "$TMP"
}
trap cleanup EXIT
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.2f", n }'
}
DB="$TMP/bench.db"
"$BIN" init --db "$DB" --demo >/dev/null
echo "bench: seeding $REQUESTS requests over $DAYS days" >&2
"$BIN" seed --db "$DB" --count "$REQUESTS" --days "$DAYS" >/dev/null 2>"$TMP/seed.err" ||
  die "seed failed: $(tail -c 300 "$TMP/seed.err")"
printf 'a long enough bench password\n' >"$TMP/pw"
"$BIN" user create --db "$DB" --email crew@bench.example --role staff --name "Bench Crew" \
  --department "$DEPT" --password-file "$TMP/pw" >/dev/null
"$BIN" serve --db "$DB" --listen 127.0.0.1:0 --log-level warn >"$TMP/serve.out" 2>/dev/null &
SERVER_PID=$!
for _ in $(seq 1 600); do
  grep -q 'http://127.0.0.1:' "$TMP/serve.out" 2>/dev/null && break
  sleep 0.1
done
BASE=$(grep -o 'http://127.0.0.1:[0-9]*' "$TMP/serve.out" | head -n 1)
[[ -n "$BASE" ]] || die "civic311 serve printed no URL"
# Sign in through the console's own form: the anonymous CSRF cookie, then the session cookie.
CSRF=$(curl -s -D - -o /dev/null "$BASE/staff/signin" | tr -d '\r' |
  sed -n 's/^[Ss]et-[Cc]ookie: c311_csrf=\([^;]*\).*/\1/p' | head -n 1)
SESSION=$(curl -s -D - -o /dev/null -H "Cookie: c311_csrf=$CSRF" \
  --data-urlencode "email=crew@bench.example" --data-urlencode "password=a long enough bench password" \
  --data-urlencode "csrf_token=$CSRF" "$BASE/staff/signin" | tr -d '\r' |
  sed -n 's/^[Ss]et-[Cc]ookie: c311_session=\([^;]*\).*/\1/p' | head -n 1)
[[ -n "$SESSION" ]] || die "console sign-in failed"
COOKIE="Cookie: c311_session=$SESSION"
{
  echo "# Console queue render times ($REQUESTS requests stored, department $DEPT, $(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "| page (50 rows) | p50 ms | p99 ms | req/s |"
  echo "|---|---|---|---|"
} >"$OUT"
run() {
  local name=$1 url=$2 rows
  rows=$(curl -s -H "$COOKIE" "$url" | grep -c 'data-row ' || true)
  [[ "$rows" == 50 ]] || die "$name: the page shows $rows rows, not 50"
  wrk -t 1 -c 1 -d "$DURATION" --latency -H "$COOKIE" "$url" >"$TMP/w.txt" 2>&1 ||
    die "wrk $name failed"
  grep -q "Non-2xx" "$TMP/w.txt" && die "$name: non-2xx answers: $(cat "$TMP/w.txt")"
  local p50 p99 rps
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$TMP/w.txt")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$TMP/w.txt")")
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$TMP/w.txt")
  echo "| $name | $p50 | $p99 | $rps |" >>"$OUT"
  echo "bench: $name p50 $p50 ms p99 $p99 ms" >&2
}
Q="$BASE/staff/queue"
run "my queue (open, newest first, counts per state)" "$Q"
run "sorted by due date" "$Q?sort=due"
run "unassigned, channel web" "$Q?assignee=none&channel=web"
run "overdue" "$Q?overdue=1"
run "text search \"pothole\"" "$Q?q=pothole+"
run "received in a date range, page 3" "$Q?from=$(date -u -d '-200 days' +%F)&to=$(date -u -d '-20 days' +%F)&page=3"
run "all states" "$Q?state=all"
cat "$OUT"
