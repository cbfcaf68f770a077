#!/usr/bin/env bash
# The resident portal's server-side render times (docs/portal.md, "Speed"): p50 of `/`, the
# /report steps and /requests/{id}; p99 of the filtered /requests list (50 rows). One connection
# per run, so the latency is the render, not queueing. Loopback only; stops what it starts.
#   BENCH_REQUESTS=1000000 bench/portal.sh     (default 200000: say which scale you measured)
#   BENCH_BASE=http://127.0.0.1:PORT: measure that running server instead (bench/run.sh does,
#   with BENCH_PAGES=1); BENCH_REQUESTS must then be the number of requests it holds.
#   BENCH_DB=/path/seeded.db bench/portal.sh  (reuse a database seeded earlier — kept, not deleted;
#                                             BENCH_REQUESTS must say how many it holds)
set -euo pipefail
BIN=${CIVIC311_BIN:-build/release/civic311}
REQUESTS=${BENCH_REQUESTS:-200000}
DAYS=${BENCH_DAYS:-365}
DURATION=${BENCH_DURATION:-5s}
OUT=${BENCH_OUT:-bench/results/portal-latest.md}
. "$(dirname "$0")/lib.sh"
command -v wrk >/dev/null || die "wrk is not installed"
LUA=$(realpath bench/lua)
# BENCH_DB is kept: it is not in $TMP.
bench_setup portal
if [[ -n "${BENCH_BASE:-}" ]]; then
  # Called by bench/run.sh with its server (BENCH_REQUESTS seeded ids): measure that one.
  BASE=$BENCH_BASE
else
  DB="${BENCH_DB:-$TMP/bench.db}"
  if [[ -n "${BENCH_DB:-}" && -s "$DB" ]]; then
    echo "bench: reusing $DB" >&2
    "$BIN" init --db "$DB" >/dev/null  # migrate it to this binary's schema
  else
    bench_seed "$DB" "$REQUESTS" "$DAYS"
  fi
  bench_serve "$DB"
fi
[[ -n "$BASE" ]] || die "civic311 serve printed no URL"
rows=$(curl -s "$BASE/requests?service=POTHOLE&state=open&days=90" | grep -o 'class="request-row"' | wc -l)
echo "bench: the filtered list shows $rows rows" >&2
{
  echo "# Portal render times ($REQUESTS requests stored, $(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "| page | p50 ms | p99 ms | req/s |"
  echo "|---|---|---|---|"
} >"$OUT"
# run NAME URL [LUA_SCRIPT SCRIPT_ARGS…]
run() {
  local name=$1 url=$2
  shift 2
  if [[ $# -gt 0 ]]; then
    local script=$1
    shift
    bench_wrk "$name" "$url" -s "$LUA/$script" -- "$@"
  else
    bench_wrk "$name" "$url" --
  fi
}
run "/" "$BASE/"
run "/report (what)" "$BASE/report"
run "/report/where" "$BASE/report/where?service_code=POTHOLE"
run "/report/details" "$BASE/report/details?service_code=POTHOLE"
run "/report/review (duplicates)" "$BASE/report/review?service_code=POTHOLE&lat=42.35&long=-71.06&description=x&attribute%5BLOCATION%5D=STREET"
run "/requests/{id} (random)" "$BASE/requests/1" get_random.lua 1 "$REQUESTS" /requests/
run "/requests 50 rows, filtered" "$BASE/requests?service=POTHOLE&state=open&days=90"
run "/requests 50 rows, page 5" "$BASE/requests?state=closed&days=90&page=5"
run "/requests 50 rows, area (Ward 3) + open" "$BASE/requests?area=Ward+3&state=open&days=90"
run "/requests 50 rows, area (Ward 1) + service" "$BASE/requests?area=Ward+1&service=POTHOLE&days=90"
run "/requests 50 rows, area (Ward 2), 7 days" "$BASE/requests?area=Ward+2&days=7"
run "/requests 50 rows, no filter" "$BASE/requests"
run "/account/register" "$BASE/account/register"
cat "$OUT"
