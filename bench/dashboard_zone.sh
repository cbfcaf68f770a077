#!/usr/bin/env bash
# The city's days (docs/console.md, "The city's days"; docs/performance.md, "Session 8"): on a
# copy of an existing database (BENCH_DB, e.g. the 1,000,000-request one bench/run.sh seeds),
#  1. migration 0027: `civic311 init` on the copy (wall time; a copy at 0025 runs 0027 only);
#  2. the recount: the first `serve` on it recounts the day and month counts in the city's zone
#     (the demo city: America/New_York) and logs how long it took;
#  3. the triggers' write cost: BENCH_ROWS requests inserted in one transaction by the sqlite3
#     shell (every trigger fires; rolled back), counted in instructions by valgrind's callgrind,
#     with 0015's four day-key triggers (UTC days, as before 0027) and with 0027's (one seek in
#     dash_zone per key), in the same run on the same data.
# Needs sqlite3 and valgrind. Loopback only; stops what it starts; removes its temp dir unless
# BENCH_KEEP=1.   BENCH_DB=/path/bench1m.db bench/dashboard_zone.sh
set -euo pipefail
BIN=${CIVIC311_BIN:-build/ci/civic311}
ROWS=${BENCH_ROWS:-2000}
MIGRATION=src/adapters/storage/sqlite/migrations/0015_dashboard.sql
. "$(dirname "$0")/lib.sh"
for t in sqlite3 valgrind; do command -v $t >/dev/null || die "$t is not installed"; done
[[ -s "${BENCH_DB:-}" ]] || die "set BENCH_DB to an existing database (it is copied, not changed)"
bench_setup zone "${BENCH_DIR:-}"
mkdir -p "$TMP"
NEW=$TMP/new.db
OLD=$TMP/old.db
cp "$BENCH_DB" "$NEW"
mkdir -p "$NEW.media"

start=$(date +%s.%N)
"$BIN" init --db "$NEW" >/dev/null
echo "migration (civic311 init): $(echo "$(date +%s.%N) - $start" | bc) s wall"

"$BIN" serve --db "$NEW" --listen 127.0.0.1:0 >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER_PID=$!
for _ in $(seq 600); do grep -q "listening on" "$TMP/serve.out" 2>/dev/null && break; sleep 0.5; done
grep -q "listening on" "$TMP/serve.out" || die "serve did not start: $(tail -c 300 "$TMP/serve.err")"
grep "day counts recounted" "$TMP/serve.err" || echo "no recount (the zone was already stored)"
kill -TERM "$SERVER_PID" && wait "$SERVER_PID" || true
SERVER_PID=""

# The same database with 0015's day-key triggers back (UTC days).
cp "$NEW" "$OLD"
{
  for t in dash_facts_insert dash_facts_delete dash_facts_update dash_info_contact; do
    echo "DROP TRIGGER $t;"
    awk -v t="$t" '$0 ~ "^CREATE TRIGGER " t "( |$)" {on = 1} on {print} on && /^END;/ {exit}' \
      "$MIGRATION"
  done
} | sqlite3 "$OLD"

cat >"$TMP/insert.sql" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
INSERT INTO service_requests (token, service_code, service_name, state, description, lat, lon,
  address, address_id, zipcode, media_url, department_code, status_notes, channel, emergency,
  internal, requested_at, updated_at, expected_at)
SELECT 'zone-bench-' || i, 'POTHOLE', 'Pothole', 'submitted', 'a deep hole near the corner ' || i,
  42.30 + (i % 30) / 100.0, -71.10 + (i % 20) / 100.0, '1 Main St', '', '', '', 'PWD', '', 'web',
  0, 0, 1796600000 + i * 37, 1796600000 + i * 37, 1796600000 + i * 37 + 3 * 86400 FROM n;
ROLLBACK;
SQL
count() {
  valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.$1" sqlite3 "$2" <"$TMP/insert.sql" \
    2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
old=$(count old "$OLD")
new=$(count new "$NEW")
echo "zone rows: $(sqlite3 "$NEW" 'SELECT count(*) FROM dash_zone') ($(sqlite3 "$NEW" 'SELECT name FROM dash_zone_name'))"
echo "insert $ROWS requests, instructions: 0015 triggers $old, 0027 triggers $new," \
  "ratio $(echo "scale=4; $new / $old" | bc)"
