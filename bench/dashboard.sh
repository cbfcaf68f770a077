#!/usr/bin/env bash
# The managers' dashboard's render times (docs/performance.md, "Dashboard"): GET /staff/dashboard
# for one department over 90 days (target < 300 ms) and city-wide over a year (target < 1 s), on
# a database of BENCH_REQUESTS seeded requests with a history (bench/sql/dashboard_history.sql:
# closes, first actions, reopens, work orders, survey answers, desk answers). Each page is
# fetched BENCH_RUNS times, one at a time, after one warm-up; p50 and max are reported.
# Loopback only; stops what it starts; removes its temp dir unless BENCH_KEEP=1.
#   BENCH_REQUESTS=1000000 bench/dashboard.sh        (default 1000000; needs sqlite3, curl, jq)
# BENCH_DB=FILE measures an existing database instead of seeding one (bench/run.sh with
# BENCH_PAGES=1 passes its own once its server has stopped): the history is written into it and
# the two users made, unless it has them already. It must not be in use by a server.
set -euo pipefail
BIN=${CIVIC311_BIN:-build/ci/civic311}
REQUESTS=${BENCH_REQUESTS:-1000000}
DAYS=${BENCH_DAYS:-730}  # two years: the city-wide year has a previous year beside it
RUNS=${BENCH_RUNS:-15}
DEPT=${BENCH_STAFF_DEPARTMENT:-PWD}
OUT=${BENCH_OUT:-bench/results/dashboard-latest.md}
. "$(dirname "$0")/lib.sh"
for t in sqlite3 curl jq; do command -v $t >/dev/null || die "$t is not installed"; done
SQL=$(realpath bench/sql/dashboard_history.sql)
bench_setup dash "${BENCH_DIR:-}"
DB=${BENCH_DB:-$TMP/bench.db}
printf '%s\n' 'a long enough password' >"$TMP/pw"
make_users() {
  "$BIN" user create --db "$DB" --email boss@bench.example --role manager --department "$DEPT" \
    --password-file "$TMP/pw" >/dev/null
  "$BIN" user create --db "$DB" --email admin@bench.example --role admin \
    --password-file "$TMP/pw" >/dev/null
}
if [[ -n "${BENCH_DB:-}" ]]; then
  [[ -s "$DB" ]] || die "no database at $DB"
  if [[ "$(sqlite3 "$DB" "SELECT count(*) FROM users WHERE email = 'boss@bench.example'")" == 0 ]]; then
    echo "bench: writing the history into $DB" >&2
    sqlite3 "$DB" <"$SQL" || die "history failed"
    make_users
  fi
elif [[ ! -s "$DB" ]]; then
  start=$(date +%s)
  bench_seed "$DB" "$REQUESTS" "$DAYS"
  seeded=$(date +%s)
  echo "bench: writing their history (closes, first actions, work orders, answers)" >&2
  sqlite3 "$DB" <"$SQL" || die "history failed"
  echo "bench: seeded in $((seeded - start)) s, history in $(($(date +%s) - seeded)) s" >&2
  make_users
fi
DB_MB=$(( $(stat -c %s "$DB") / 1048576 ))
bench_serve "$DB"
token() {
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"a long enough password\"}" "$BASE/api/v1/auth/token" |
    jq -r .token
}
BOSS=$(token boss@bench.example)
ADMIN=$(token admin@bench.example)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# measure NAME TOKEN PATH [TARGET_MS] -> "| name | path | p50 | min | max | target |"; the target
# is judged on the slowest fetch (with 15 fetches, about the p95).
# The periods: the last 90 / 365 days, or (BENCH_TO=YYYY-MM-DD) the 90 / 365 days ending then —
# for a database whose seeding was stopped early, so its newest request is older than today.
period() {
  if [[ -n "${BENCH_TO:-}" ]]; then
    echo "from=$(date -u -d "$BENCH_TO - $(($1 - 1)) days" +%F)&to=$BENCH_TO"
  else
    echo "days=$1"
  fi
}
measure() {
  local name=$1 tok=$2 path=$3 target=${4:-} times=()
  code=$(curl -s -o "$TMP/page.html" -w '%{http_code}' -H "Cookie: c311_session=$tok" "$BASE$path")
  [[ "$code" == 200 ]] || die "$name: $path answered $code"
  [[ "$path" == *.csv* ]] || grep -q "data-figure=" "$TMP/page.html" || die "$name: no figures on the page"
  for _ in $(seq 1 "$RUNS"); do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: c311_session=$tok" "$BASE$path")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" -v path="$path" -v target="$target" '
    { t[NR] = $1 * 1000 }
    END {
      verdict = target == "" ? "" : sprintf("max < %d ms (%s)", target, t[NR] < target ? "met" : "**missed**")
      printf "| %s | `%s` | %.0f | %.0f | %.0f | %s |\n", name, path, t[int((NR + 1) / 2)], t[1], t[NR], verdict
    }'
}
{
  echo "# Dashboard render times ($(sqlite3 "$DB" 'SELECT count(*) FROM service_requests') requests stored, $(date -u +%F))"
  echo
  echo "Database $DB_MB MB. Each page fetched $RUNS times one after another after a warm-up;"
  echo "time = curl's time_total on loopback (the whole page: every query and the render)."
  echo "Load average before: $LOAD_BEFORE; after: LOAD_AFTER."
  echo
  echo "| page | path | p50 ms | min ms | max ms | target |"
  echo "|---|---|---|---|---|---|"
  measure "one department, 90 days" "$BOSS" "/staff/dashboard?department=$DEPT&$(period 90)" 300
  measure "city-wide, a year" "$ADMIN" "/staff/dashboard?department=*&$(period 365)" 1000
  measure "one department, a year" "$ADMIN" "/staff/dashboard?department=$DEPT&$(period 365)"
  measure "city-wide, 30 days" "$ADMIN" "/staff/dashboard?department=*&$(period 30)"
  measure "CSV by service, city-wide, a year" "$ADMIN" "/staff/dashboard.csv?table=by_service&department=*&$(period 365)"
} >"$OUT.tmp"
sed "s|LOAD_AFTER|$(cut -d' ' -f1-3 /proc/loadavg)|" "$OUT.tmp" >"$OUT"
rm -f "$OUT.tmp"
cat "$OUT"
