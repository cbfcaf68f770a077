#!/usr/bin/env bash
# The staff console's department queue page (docs/console.md, "Queue"; target: 50 rows with
# filters rendered in < 20 ms p99 at 1,000,000 requests): p50/p99 of /staff/queue for a signed-in
# crew member of BENCH_STAFF_DEPARTMENT, one connection per run (the render, not queueing), with
# no filter and with each filter the queue offers (service, assigned to me, unassigned + channel,
# overdue, at risk, channel, a date range, text search, an area, sorted by due date), each
# judged against 20 ms p99. The rows each page shows are reported (a filter may match fewer
# than 50: "assigned to me" for a crew member with nothing assigned shows none, and still pays
# for its list and its counts). Loopback only; stops what it starts.
#   bench/console.sh                       (1,000,000 requests; BENCH_REQUESTS to change)
#   BENCH_DB=/path/seeded.db bench/console.sh   (reuse a database: migrated, kept; the crew
#                                               member is made unless it exists, with
#                                               BENCH_CREW_PASSWORD as its password)
#   BENCH_BASE=http://127.0.0.1:PORT BENCH_COOKIE='c311_session=…' bench/console.sh
#                                          (measure a running server with a staff session:
#                                           bench/run.sh with BENCH_PAGES=1)
set -euo pipefail
BIN=${CIVIC311_BIN:-build/release/civic311}
REQUESTS=${BENCH_REQUESTS:-1000000}
DAYS=${BENCH_DAYS:-365}
DURATION=${BENCH_DURATION:-5s}
DEPT=${BENCH_STAFF_DEPARTMENT:-PWD}
OUT=${BENCH_OUT:-bench/results/console-latest.md}
TARGET_MS=20
PASSWORD=${BENCH_CREW_PASSWORD:-a long enough bench password}  # crew@bench.example's
. "$(dirname "$0")/lib.sh"
command -v wrk >/dev/null || die "wrk is not installed"
bench_setup console
if [[ -n "${BENCH_BASE:-}" ]]; then
  BASE=$BENCH_BASE
  [[ -n "${BENCH_COOKIE:-}" ]] || die "BENCH_BASE needs BENCH_COOKIE (a staff session)"
  COOKIE="Cookie: $BENCH_COOKIE"
else
  DB=${BENCH_DB:-$TMP/bench.db}
  if [[ -n "${BENCH_DB:-}" && -s "$DB" ]]; then
    echo "bench: reusing $DB" >&2
    "$BIN" init --db "$DB" >/dev/null # migrate it to this binary's schema
  else
    bench_seed "$DB" "$REQUESTS" "$DAYS"
  fi
  printf '%s\n' "$PASSWORD" >"$TMP/pw"
  "$BIN" user create --db "$DB" --email crew@bench.example --role staff --name "Bench Crew" \
    --department "$DEPT" --password-file "$TMP/pw" >/dev/null 2>&1 || true # kept from a run before
  bench_serve "$DB"
  # Sign in through the console's own form: the anonymous CSRF cookie, then the session cookie.
  CSRF=$(curl -s -D - -o /dev/null "$BASE/staff/signin" | tr -d '\r' |
    sed -n 's/^[Ss]et-[Cc]ookie: c311_csrf=\([^;]*\).*/\1/p' | head -n 1)
  SESSION=$(curl -s -D - -o /dev/null -H "Cookie: c311_csrf=$CSRF" \
    --data-urlencode "email=crew@bench.example" --data-urlencode "password=$PASSWORD" \
    --data-urlencode "csrf_token=$CSRF" "$BASE/staff/signin" | tr -d '\r' |
    sed -n 's/^[Ss]et-[Cc]ookie: c311_session=\([^;]*\).*/\1/p' | head -n 1)
  [[ -n "$SESSION" ]] || die "console sign-in failed"
  COOKIE="Cookie: c311_session=$SESSION"
fi
{
  echo "# Console queue render times ($REQUESTS requests stored, department $DEPT, $(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "One connection, $DURATION per page; the counts on the state tabs stop at 1000 (\"1000+\")."
  echo
  echo "| page | rows | p50 ms | p99 ms | req/s | target p99 < $TARGET_MS ms |"
  echo "|---|---|---|---|---|---|"
} >"$OUT"
run() {
  local name=$1 url=$2 rows line
  rows=$(curl -s -H "$COOKIE" "$url" | grep -c 'data-row ' || true)
  [[ "$rows" == 0 && "$name" != *"assigned to me"* ]] && die "$name: the page shows no rows ($url)"
  # bench_wrk appends "| name | p50 | p99 | req/s |": add the rows and the verdict.
  bench_wrk "$name" "$url" -H "$COOKIE"
  line=$(tail -n 1 "$OUT")
  sed -i '$d' "$OUT"
  awk -F'|' -v rows="$rows" -v t="$TARGET_MS" '{
    p99 = $4 + 0
    printf "|%s| %s |%s|%s|%s| %s |\n", $2, rows, $3, $4, $5, (p99 < t ? "met" : "**missed**")
  }' <<<"$line" >>"$OUT"
}
Q="$BASE/staff/queue"
FROM=$(date -u -d '-200 days' +%F)
TO=$(date -u -d '-20 days' +%F)
run "my queue (open, newest first)" "$Q"
run "service (POTHOLE)" "$Q?service=POTHOLE"
run "assigned to me" "$Q?assignee=me"
run "unassigned, channel web" "$Q?assignee=none&channel=web"
run "channel phone" "$Q?channel=phone"
run "overdue" "$Q?overdue=1"
run "at risk" "$Q?at_risk=1"
run "received in a date range, page 3" "$Q?from=$FROM&to=$TO&page=3"
run "text search \"pothole\"" "$Q?q=pothole+"
run "text search \"street\" (prefix)" "$Q?q=stre"
run "area (Ward 3)" "$Q?area=Ward+3"
run "sorted by due date" "$Q?sort=due"
run "all states" "$Q?state=all"
cat "$OUT"
