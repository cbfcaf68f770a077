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
. "$(dirname "$0")/lib.sh"
command -v wrk >/dev/null || die "wrk is not installed"
bench_setup console
DB="$TMP/bench.db"
bench_seed "$DB" "$REQUESTS" "$DAYS"
printf 'a long enough bench password\n' >"$TMP/pw"
"$BIN" user create --db "$DB" --email crew@bench.example --role staff --name "Bench Crew" \
  --department "$DEPT" --password-file "$TMP/pw" >/dev/null
bench_serve "$DB"
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
  bench_wrk "$name" "$url" -H "$COOKIE"
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
