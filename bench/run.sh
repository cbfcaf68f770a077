#!/usr/bin/env bash
# civic311 benchmark: GET by id vs nginx, durable POST throughput, a 1000-result list's p99, and
# the server's memory, on a database seeded with BENCH_REQUESTS requests. Loopback only; every
# process it starts is stopped on exit. See bench/README.md.
#
# Run from the repository root after a Release build:
#   cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release
#   cmake --build build/release --target civic311
#   bench/run.sh
set -euo pipefail

BIN=${CIVIC311_BIN:-build/release/civic311}
REQUESTS=${BENCH_REQUESTS:-1000000}       # seeded requests
DAYS=${BENCH_DAYS:-365}                   # spread over the last DAYS days
DURATION=${BENCH_DURATION:-10s}           # each wrk run
THREADS=${BENCH_THREADS:-2}               # wrk threads
CONNECTIONS=${BENCH_CONNECTIONS:-64}      # wrk connections for the throughput runs
LIST_CONNECTIONS=${BENCH_LIST_CONNECTIONS:-1 8}  # one list latency run per connection count
LIST_DAYS=${BENCH_LIST_DAYS:-90}          # the list window
ACCESS_LOG=${BENCH_ACCESS_LOG:-1}         # 1: both servers write an access log file (fair)
OUT=${BENCH_OUT:-bench/results/latest.md}
KEEP=${BENCH_KEEP:-0}                     # 1: keep the temp dir (database, logs)
STAFF_CONNECTIONS=${BENCH_STAFF_CONNECTIONS:-1}  # wrk connections for the staff list runs
STAFF_DEPARTMENT=${BENCH_STAFF_DEPARTMENT:-PWD}  # the staff member's department (demo city)
STAFF_TEXT=${BENCH_STAFF_TEXT:-pothole}          # the staff list's text search
SIGNIN_CONNECTIONS=${BENCH_SIGNIN_CONNECTIONS:-64}  # clients signing in at once (memory storm)
PAGES=${BENCH_PAGES:-0}                   # 1: also the portal's and console's pages
LIVE_SAMPLES=${BENCH_LIVE_SAMPLES:-50}    # with PAGES: new requests timed into an open queue
DASH_RUNS=${BENCH_DASH_RUNS:-15}          # with PAGES: fetches of each dashboard page
WRK_HEADERS=()                                   # extra wrk arguments (-H …) for the next runs

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

[[ -x "$BIN" ]] || die "no civic311 binary at $BIN (build it, or set CIVIC311_BIN)"
for tool in wrk nginx curl jq; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
[[ -d bench/lua ]] || die "run me from the repository root"
BIN=$(realpath "$BIN")
LUA=$(realpath bench/lua)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/civic311-bench-XXXXXX")
SERVER_PID=""
NGINX_PID=""
cleanup() {
  local rc=$?
  set +e
  if [[ -n "$SERVER_PID" ]]; then kill -TERM "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID"; fi
  if [[ -n "$NGINX_PID" ]]; then kill -QUIT "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID"; fi
  if [[ "$KEEP" == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port, chosen by the kernel (bash has no bind(); ask Python if present, else
# probe upwards from a random port with bash's /dev/tcp).
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
    return
  fi
  local p=$((20000 + RANDOM % 20000))
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

# Milliseconds from wrk's latency notation (e.g. 812.00us, 3.21ms, 1.02s).
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.2f", n }'
}

# run_wrk NAME CONNECTIONS URL [LUA_SCRIPT [SCRIPT ARGS…]]: writes $TMP/NAME.txt and prints it.
run_wrk() {
  local name=$1 conns=$2 url=$3 script=()
  shift 3
  if [[ $# -gt 0 ]]; then
    script=(-s "$LUA/$1")
    shift
  fi
  log "wrk $name: $url ${script[*]} ($conns connections, $DURATION)"
  wrk -t "$((conns < THREADS ? conns : THREADS))" -c "$conns" -d "$DURATION" --latency --timeout 10s "${WRK_HEADERS[@]}" "${script[@]}" "$url" \
    -- "$@" >"$TMP/$name.txt" 2>&1 || die "wrk $name failed: $(cat "$TMP/$name.txt")"
  sed 's/^/    /' "$TMP/$name.txt" >&2
  if [[ "$url" == "$BASE"* ]]; then mem_snapshot "after $name"; fi
}
rps() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$TMP/$1.txt"; }
p50() { to_ms "$(awk '$1 == "50%" {print $2}' "$TMP/$1.txt")"; }
p99() { to_ms "$(awk '$1 == "99%" {print $2}' "$TMP/$1.txt")"; }
errors() {
  # Non-2xx/3xx answers plus socket errors (connect/read/write/timeout).
  awk '/Non-2xx or 3xx responses:/ {n += $NF}
       /Socket errors:/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10}
       END {print n + 0}' "$TMP/$1.txt"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# mem_snapshot PHASE: the server's memory now, appended to $TMP/memory.md as a table row.
# RssFile is the database file mapped by SQLite's readers (mmap: page cache, shared with the
# kernel and reclaimable); RssAnon is the process's own heap and stacks.
mem_kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$SERVER_PID/status"; }
mem_snapshot() {
  printf '| %s | %d | %d | %d | %d |\n' "$1" $(($(mem_kb VmRSS) / 1024)) \
    $(($(mem_kb RssAnon) / 1024)) $(($(mem_kb RssFile) / 1024)) $(($(mem_kb VmHWM) / 1024)) \
    >>"$TMP/memory.md"
}

# ---- 1. database ----------------------------------------------------------------------------
DB="$TMP/bench.db"
log "init --demo, then seed $REQUESTS requests over $DAYS days"
"$BIN" init --db "$DB" --demo >/dev/null
API_KEY=$("$BIN" api-key create --db "$DB" --name bench | tail -n 1)
STAFF_EMAIL=bench-staff@example.org
printf '%s' "bench-staff-$RANDOM$RANDOM-password" >"$TMP/staff.pw"
"$BIN" user create --db "$DB" --email "$STAFF_EMAIL" --role staff --department "$STAFF_DEPARTMENT" \
  --password-file "$TMP/staff.pw" >/dev/null || die "user create failed"
SEED_START=$(date +%s.%N)
"$BIN" seed --db "$DB" --count "$REQUESTS" --days "$DAYS" >/dev/null 2>"$TMP/seed.err" ||
  die "seed failed: $(tail -c 500 "$TMP/seed.err")"
SEED_SECONDS=$(awk -v a="$SEED_START" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
DB_MB=$(du -m "$DB" | cut -f1)
log "seeded in ${SEED_SECONDS}s; database ${DB_MB} MB"

# ---- 2. civic311 ----------------------------------------------------------------------------
SERVE_ARGS=(serve --db "$DB" --listen 127.0.0.1:0)
SERVE_LOG="$TMP/civic311-access.log"
[[ "$ACCESS_LOG" == 1 ]] || SERVE_LOG=/dev/null
"$BIN" "${SERVE_ARGS[@]}" >"$TMP/serve.out" 2>"$SERVE_LOG" &
SERVER_PID=$!
for _ in $(seq 1 600); do
  grep -q 'http://127.0.0.1:' "$TMP/serve.out" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "civic311 serve exited: $(tail -c 500 "$SERVE_LOG")"
  sleep 0.1
done
PORT=$(grep -o 'http://127.0.0.1:[0-9]*' "$TMP/serve.out" | head -n 1 | cut -d: -f3)
[[ -n "$PORT" ]] || die "civic311 serve printed no URL within 60 s"
BASE="http://127.0.0.1:$PORT"
log "civic311 serving at $BASE (pid $SERVER_PID)"
# The first escalation sweep records the misses of the past week (~5,000 on the seeded city, a few
# seconds of writes) right after start: a one-time job, not part of any measured path. Its
# counter moves once, when the sweep ends: wait for that (at most 30 s; a city without rules or
# misses never moves it), then two seconds of quiet.
escalations() {
  # (awk reads to the end: an early exit would fail curl, and so the pipeline, on a big page)
  curl -sf "$BASE/metrics" | awk '/^civic311_escalations_recorded_total/ && !n++ {print $2}'
}
prev=$(escalations) stable=0
for i in $(seq 1 60); do
  sleep 1
  now=$(escalations)
  if [[ "$now" == "$prev" ]]; then stable=$((stable + 1)); else stable=0; fi
  prev=$now
  [[ $stable -ge 2 && ( "$now" != 0 || $i -ge 30 ) ]] && break
done
log "start-up escalation sweep done (${prev:-0} recorded)"
mem_snapshot "started"

# Seeded ids: the store numbers requests from 1 in a fresh database; check both ends.
FIRST_ID=1
LAST_ID=$REQUESTS
for id in "$FIRST_ID" "$LAST_ID"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/open311/v2/requests/$id.json")
  [[ "$code" == 200 ]] || die "GET requests/$id.json answered $code: seeded ids are not 1..$REQUESTS"
done
SINGLE_ID=$(((FIRST_ID + LAST_ID) / 2))
SINGLE_PATH="/open311/v2/requests/$SINGLE_ID.json"

# ---- 3. nginx serving the same bytes --------------------------------------------------------
mkdir -p "$TMP/www" "$TMP/nginx"
curl -sf "$BASE$SINGLE_PATH" -o "$TMP/www/request.json" || die "cannot fetch $SINGLE_PATH"
BODY_BYTES=$(stat -c %s "$TMP/www/request.json")
NGINX_PORT=$(free_port)
NGINX_LOG="$TMP/nginx/access.log"
[[ "$ACCESS_LOG" == 1 ]] || NGINX_LOG=off
cat >"$TMP/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes auto;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
$( [[ $(id -u) == 0 ]] && echo "user root;" )
events { worker_connections 4096; }
http {
  access_log $NGINX_LOG;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 60s;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $TMP/www;
    default_type application/json;
    # Every request id answers with the same bytes: the file civic311 served for one id.
    location ~ ^/open311/v2/requests/[0-9]+\.json$ { try_files /request.json =404; }
  }
}
EOF
nginx -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log" &
NGINX_PID=$!
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT$SINGLE_PATH" && break
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited: $(cat "$TMP/nginx/error.log")"
  sleep 0.1
done
cmp -s "$TMP/www/request.json" <(curl -sf "http://127.0.0.1:$NGINX_PORT$SINGLE_PATH") ||
  die "nginx does not serve the same bytes"
NGINX="http://127.0.0.1:$NGINX_PORT"
log "nginx serving the same $BODY_BYTES bytes at $NGINX (pid $NGINX_PID)"

# ---- 4. measurements ------------------------------------------------------------------------
# (a) GET by id: random ids, and one id, against both servers.
run_wrk get_random "$CONNECTIONS" "$BASE" get_random.lua "$FIRST_ID" "$LAST_ID"
run_wrk nginx_random "$CONNECTIONS" "$NGINX" get_random.lua "$FIRST_ID" "$LAST_ID"
run_wrk get_single "$CONNECTIONS" "$BASE$SINGLE_PATH"
run_wrk nginx_single "$CONNECTIONS" "$NGINX$SINGLE_PATH"
kill -QUIT "$NGINX_PID" 2>/dev/null || true
wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=""

# (b) durable POST. The service: realtime, no attributes, not an emergency; the location: that
# of a seeded request (inside the city's bounds).
SERVICE=$(curl -sf "$BASE/open311/v2/services.json" | jq -r '
  [.[] | select(.type == "realtime" and (.metadata | not)
                and ((tostring | ascii_downcase | test("emergency|911")) | not))][0].service_code')
[[ -n "$SERVICE" && "$SERVICE" != null ]] || die "no plain realtime service in services.json"
LAT=$(jq -r '.[0].lat' "$TMP/www/request.json")
LON=$(jq -r '.[0].long' "$TMP/www/request.json")
FORM="api_key=$API_KEY&service_code=$(jq -rn --arg s "$SERVICE" '$s|@uri')&lat=$LAT&long=$LON"
probe=$(curl -s -w ' %{http_code}' --data "$FORM&description=probe" "$BASE/open311/v2/requests.json")
[[ "${probe##* }" =~ ^2 ]] || die "a probe POST failed: $probe"
run_wrk post "$CONNECTIONS" "$BASE" post_request.lua "$FORM"

# (c) a list of LIST_DAYS days that fills a whole page (1000 results).
END_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
START_DATE=$(date -u -d "-$LIST_DAYS days" +%Y-%m-%dT%H:%M:%SZ)
LIST_PATH="/open311/v2/requests.json?start_date=$START_DATE&end_date=$END_DATE"
curl -sf "$BASE$LIST_PATH" -o "$TMP/list.json" || die "GET $LIST_PATH failed"
LIST_COUNT=$(jq length "$TMP/list.json")
LIST_BYTES=$(stat -c %s "$TMP/list.json")
[[ "$LIST_COUNT" == 1000 ]] || log "warning: the list has $LIST_COUNT results, not 1000"
for c in $LIST_CONNECTIONS; do run_wrk "list_$c" "$c" "$BASE$LIST_PATH"; done

# (e) the staff request list (GET /api/v1/requests, 50 rows) as a signed-in staff member.
TOKEN=$(jq -n --arg e "$STAFF_EMAIL" --rawfile p "$TMP/staff.pw" '{email: $e, password: $p}' |
  curl -sf -X POST -H 'Content-Type: application/json' --data-binary @- "$BASE/api/v1/auth/token" |
  jq -r .token) || die "POST /api/v1/auth/token failed"
[[ -n "$TOKEN" && "$TOKEN" != null ]] || die "no bearer token for the staff user"
OPEN_STATES=""
for s in submitted acknowledged in_progress action_scheduled waiting_third_party waiting_resident reopened; do
  OPEN_STATES="$OPEN_STATES&state=$s"
done
STAFF_QUEUE="/api/v1/requests?department=$STAFF_DEPARTMENT$OPEN_STATES&limit=50"
STAFF_SEARCH="/api/v1/requests?q=$(jq -rn --arg s "$STAFF_TEXT" '$s|@uri')&limit=50"
# The same word finished (a space after it): whole-word search, no prefix expansion.
STAFF_WORD="/api/v1/requests?q=$(jq -rn --arg s "$STAFF_TEXT " '$s|@uri')&limit=50"
STAFF_OVERDUE="/api/v1/requests?department=$STAFF_DEPARTMENT&overdue=true&limit=50"
WRK_HEADERS=(-H "Authorization: Bearer $TOKEN")
for run in queue:"$STAFF_QUEUE" search:"$STAFF_SEARCH" word:"$STAFF_WORD" \
  overdue:"$STAFF_OVERDUE"; do
  name=${run%%:*} path=${run#*:}
  n=$(curl -sf -H "Authorization: Bearer $TOKEN" "$BASE$path" | jq '.requests | length') ||
    die "GET $path failed"
  [[ "$n" == 50 ]] || log "warning: staff $name answered $n requests, not 50"
  run_wrk "staff_$name" "$STAFF_CONNECTIONS" "$BASE$path"
done
WRK_HEADERS=()

# (f) a sign-in storm: SIGNIN_CONNECTIONS clients signing in over and over. Each sign-in runs
# Argon2id at 64 MiB; the hashing pool bounds how many run at once, so the peak must stay put.
run_wrk signin "$SIGNIN_CONNECTIONS" "$BASE" sign_in.lua "$STAFF_EMAIL" "$(cat "$TMP/staff.pw")"

# (g) optionally the portal's and the console's pages on the same server and data.
LIVE_ROWS=""
if [[ "$PAGES" == 1 ]]; then
  BENCH_BASE=$BASE BENCH_REQUESTS=$REQUESTS BENCH_OUT="$TMP/pages.md" BENCH_DURATION=$DURATION \
    bench/portal.sh >&2 || die "bench/portal.sh failed"
  # The console's queue needs a staff session: sign in through its form (cookie + CSRF token).
  JAR="$TMP/console.jar"
  CSRF=$(curl -sf -c "$JAR" "$BASE/staff/signin" | grep -o 'name="csrf_token" value="[^"]*"' |
    head -n 1 | sed 's/.*value="//; s/"$//') || CSRF=""
  curl -sf -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "csrf_token=$CSRF" \
    --data-urlencode "email=$STAFF_EMAIL" --data-urlencode "password@$TMP/staff.pw" \
    --data-urlencode "next=/staff/queue" "$BASE/staff/signin" || true
  # (curl writes HttpOnly cookies as "#HttpOnly_host …" lines)
  COOKIE=$(sed 's/^#HttpOnly_//' "$JAR" 2>/dev/null |
    awk '!/^#/ && NF >= 7 {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}')
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/staff/queue")
  if [[ "$code" == 200 ]]; then
    WRK_HEADERS=(-H "Cookie: $COOKIE")
    run_wrk console_queue 1 "$BASE/staff/queue"
    WRK_HEADERS=()
    echo "| /staff/queue (50 rows, signed in) | $(p50 console_queue) | $(p99 console_queue) \
| $(rps console_queue) |" >>"$TMP/pages.md"
    # The same queue with each of its filters (bench/console.sh on this server and session).
    BENCH_BASE=$BASE BENCH_COOKIE=$COOKIE BENCH_REQUESTS=$REQUESTS BENCH_DURATION=$DURATION \
      BENCH_STAFF_DEPARTMENT=$STAFF_DEPARTMENT BENCH_OUT="$TMP/console.md" CIVIC311_BIN="$BIN" \
      bench/console.sh >&2 || die "bench/console.sh failed"
    # A new request in an open queue (target: within 1 s): the staff member's stream open, new
    # requests POSTed one at a time with a service and place of their department
    # (bench/live_latency.py).
    LIVE_SERVICE=$(curl -sf "$BASE/open311/v2/services.json" | jq -r --slurpfile mine \
      <(curl -sf -H "Authorization: Bearer $TOKEN" "$BASE$STAFF_QUEUE" | jq '.requests') '
      [.[] | select(.type == "realtime" and (.metadata | not)) | .service_code] as $plain
      | [$mine[0][] | select(.service_code as $c | $plain | index($c))][0]
      | "\(.service_code) \(.lat) \(.long)"')
    read -r LIVE_CODE LIVE_LAT LIVE_LON <<<"$LIVE_SERVICE"
    if [[ -n "$LIVE_CODE" && "$LIVE_CODE" != null ]] &&
      python3 bench/live_latency.py --base "$BASE" --cookie "$COOKIE" --samples "$LIVE_SAMPLES" \
        --form "api_key=$API_KEY&service_code=$(jq -rn --arg s "$LIVE_CODE" '$s|@uri')&lat=$LIVE_LAT&long=$LIVE_LON" \
        >"$TMP/live.txt" 2>"$TMP/live.err"; then
      read -r _ EV50 EV99 EVMAX _ < <(grep '^event' "$TMP/live.txt")
      read -r _ SH50 SH99 SHMAX N < <(grep '^shown' "$TMP/live.txt")
      LIVE_ROWS="| new request in an open queue: its live event ($N samples, max $EVMAX ms) \
| $EV50 | $EV99 | target p99 < 1000 ms ($(awk -v v="$EV99" 'BEGIN {print (v < 1000) ? "met" : "**missed**"}')) |
| new request in an open queue: event + the queue re-fetched with its row (max $SHMAX ms) \
| $SH50 | $SH99 | target p99 < 1000 ms ($(awk -v v="$SH99" 'BEGIN {print (v < 1000) ? "met" : "**missed**"}')) |"
    else
      log "warning: live latency not measured: $(cat "$TMP/live.err" 2>/dev/null)"
      LIVE_ROWS="| new request in an open queue | not measured | | |"
    fi
  else
    log "warning: /staff/queue answered $code after signing in: not measured"
    echo "| /staff/queue | not measured (sign-in answered $code) | | |" >>"$TMP/pages.md"
  fi
fi

# (d) memory after all of that.
RSS_MB=$(($(mem_kb VmRSS) / 1024))
ANON_MB=$(($(mem_kb RssAnon) / 1024))
HWM_MB=$(($(mem_kb VmHWM) / 1024))

kill -TERM "$SERVER_PID"
STOP_RC=0
wait "$SERVER_PID" || STOP_RC=$?
SERVER_PID=""

# (h) with the pages, the managers' dashboard on this database once its server has stopped
# (bench/dashboard.sh writes the requests' history into it, then serves it itself).
if [[ "$PAGES" == 1 ]]; then
  CIVIC311_BIN="$BIN" BENCH_DB="$DB" BENCH_RUNS="$DASH_RUNS" BENCH_OUT="$TMP/dashboard.md" \
    bench/dashboard.sh >&2 || die "bench/dashboard.sh failed"
fi

# ---- 5. summary -----------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "n/a"}'; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {
  ok = (op == ">=") ? (v >= t) : (v < t); print (ok ? "met" : "**missed**") }'; }
R_RANDOM=$(ratio "$(rps get_random)" "$(rps nginx_random)")
R_SINGLE=$(ratio "$(rps get_single)" "$(rps nginx_single)")

REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z "$(git status --porcelain -- src 2>/dev/null)" ]] || REV="$REV+changes"
{
  echo "# civic311 benchmark: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), \
$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr); \
server, nginx and wrk share the cores; load average before the run $LOAD_BEFORE, after \
$(cut -d' ' -f1-3 /proc/loadavg) (anything well above 0 means other work competed). \
civic311 $REV; nginx $(nginx -v 2>&1 | cut -d/ -f2)."
  echo
  echo "Data: $REQUESTS seeded requests over $DAYS days (seeded in ${SEED_SECONDS} s; database \
$DB_MB MB). wrk: $THREADS threads, $DURATION per run, $CONNECTIONS connections \
(${LIST_CONNECTIONS// /, then } for the list). Access logs: $([[ $ACCESS_LOG == 1 ]] && echo "on, to a file, \
for both servers" || echo off)."
  echo
  echo "| measurement | result | p50 ms | p99 ms | errors | target |"
  echo "|---|---:|---:|---:|---:|---|"
  echo "| GET requests/{id}.json, random ids | $(rps get_random) req/s | $(p50 get_random) \
| $(p99 get_random) | $(errors get_random) | |"
  echo "| nginx, same bytes, random ids | $(rps nginx_random) req/s | $(p50 nginx_random) \
| $(p99 nginx_random) | $(errors nginx_random) | |"
  echo "| **ratio, random ids** | **$R_RANDOM × nginx** | | | | ≥ 0.7× ($(verdict "$R_RANDOM" 0.7 ">=")) |"
  echo "| GET requests/$SINGLE_ID.json, one id | $(rps get_single) req/s | $(p50 get_single) \
| $(p99 get_single) | $(errors get_single) | |"
  echo "| nginx, same bytes, one id | $(rps nginx_single) req/s | $(p50 nginx_single) \
| $(p99 nginx_single) | $(errors nginx_single) | |"
  echo "| **ratio, one id** | **$R_SINGLE × nginx** | | | | ≥ 0.7× ($(verdict "$R_SINGLE" 0.7 ">=")) |"
  echo "| POST requests.json (durable) | **$(rps post) req/s** | $(p50 post) | $(p99 post) \
| $(errors post) | ≥ 2000/s ($(verdict "$(rps post)" 2000 ">=")) |"
  for c in $LIST_CONNECTIONS; do
    echo "| GET requests.json, $LIST_DAYS days, $LIST_COUNT results ($((LIST_BYTES / 1024)) KB), \
$c connection(s) | $(rps "list_$c") req/s | $(p50 "list_$c") | **$(p99 "list_$c")** \
| $(errors "list_$c") | p99 < 50 ms ($(verdict "$(p99 "list_$c")" 50 "<")) |"
  done
  for run in "queue:department queue ($STAFF_DEPARTMENT), open, newest 50" \
    "search:text search \"$STAFF_TEXT\" (last word as a prefix), newest 50" \
    "word:text search \"$STAFF_TEXT \" (whole word), newest 50" \
    "overdue:overdue for a department ($STAFF_DEPARTMENT), 50"; do
    name=staff_${run%%:*}
    echo "| GET /api/v1/requests, ${run#*:}, $STAFF_CONNECTIONS connection(s) | $(rps "$name") req/s \
| $(p50 "$name") | **$(p99 "$name")** | $(errors "$name") | p99 < 20 ms ($(verdict "$(p99 "$name")" 20 "<")) |"
  done
  echo "| sign-in storm, POST /api/v1/auth/token, $SIGNIN_CONNECTIONS connections | $(rps signin) req/s \
| $(p50 signin) | $(p99 signin) | $(errors signin) | (memory below) |"
  echo "| **peak resident memory** (VmHWM, whole run) | **$HWM_MB MB** (after the runs: VmRSS \
$RSS_MB MB, anonymous $ANON_MB MB) | | | | < 200 MB ($(verdict "$HWM_MB" 200 "<")) |"
  echo
  echo "Server memory (MB) through the run; VmHWM is the peak so far:"
  echo
  echo "| phase | VmRSS | RssAnon | RssFile (mmap'd database) | VmHWM |"
  echo "|---|---:|---:|---:|---:|"
  cat "$TMP/memory.md"
  if [[ "$PAGES" == 1 ]]; then
    echo
    echo "Pages (bench/portal.sh on this server, one connection each):"
    echo
    cat "$TMP/pages.md"
    echo
    echo "The console's queue with each filter (bench/console.sh on this server):"
    echo
    tail -n +3 "$TMP/console.md"
    echo
    echo "The console's live queue (bench/live_latency.py): from the POST until the event / the row:"
    echo
    echo "| measurement | p50 ms | p99 ms | target |"
    echo "|---|---:|---:|---|"
    echo "$LIVE_ROWS"
    echo
    echo "The managers' dashboard (bench/dashboard.sh on this database, with its history written):"
    echo
    tail -n +3 "$TMP/dashboard.md"
  fi
  echo
  echo "Response body for one id: $BODY_BYTES bytes. Server exit status after SIGTERM: $STOP_RC."
} >"$TMP/summary.md"

mkdir -p "$(dirname "$OUT")"
cp "$TMP/summary.md" "$OUT"
echo
cat "$OUT"
echo
log "written to $OUT"
