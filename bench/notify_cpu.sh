#!/usr/bin/env bash
# CPU per request and per e-mail (bench/README.md, "Notifications"): figures that do not depend on
# what else runs on the machine. Wall-clock rates swing with the neighbours; CPU seconds spent by
# civic311 for a known amount of work barely do.
#   1. `serve` without --smtp (the e-mails wait in the outbox): N reports with an e-mail address
#      POSTed → the server's CPU per accepted request (user + system, /proc/PID/stat);
#   2. `civic311 worker --smtp` alone on that database, to a counting aiosmtpd sink →
#      the worker's CPU per delivered e-mail (claim, render, MIME, libcurl SMTP, recording), from
#      its start to the sink's N-th message. The sink keeps the normal priority here: a starved sink
#      stretches the run, and the worker's idle polling meanwhile would count as cost per e-mail.
# BENCH_NOTIFY_PERF=1 also records the worker with `perf record -e cpu-clock -g` and prints its
# top symbols (self, then including callees) on stderr. Prints one JSON object.
set -euo pipefail
BIN=${CIVIC311_BIN:-build/release/civic311}
N=${BENCH_NOTIFY_N:-3000}
source "$(dirname "$0")/notify_common.sh"
# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)

"$BIN" init --db "$TMP/c.db" --demo >/dev/null
KEY=$("$BIN" api-key create --db "$TMP/c.db" --name bench | tail -1)
"$BIN" serve --db "$TMP/c.db" --listen 127.0.0.1:0 --log-level warn \
  --public-url https://demo.example >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVE=$!
PIDS+=($SERVE)
wait_file "$TMP/serve.out"
PORT=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\).*|\1|p' "$TMP/serve.out" | head -1)
SERVICE=$(curl -sf "http://127.0.0.1:$PORT/open311/v2/services.json" |
  jq -r '[.[] | select(.metadata == false and .type == "realtime")][0].service_code')
sleep 1  # start-up work (first alert fan-out, gauges) is not the requests' cost
C0=$(cpu_ticks $SERVE)
/usr/bin/python3 - "$PORT" "$KEY" "$SERVICE" "$N" <<'EOF'
import http.client, sys, threading, urllib.parse
port, key, service, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
def run(i, count):
    c = http.client.HTTPConnection("127.0.0.1", port)
    for k in range(count):
        body = urllib.parse.urlencode({"api_key": key, "service_code": service, "lat": "42.3601",
                                       "long": "-71.0589", "email": "resident%d@example.org" % k,
                                       "description": "cpu %d %d" % (i, k)})
        c.request("POST", "/open311/v2/requests.json", body,
                  {"Content-Type": "application/x-www-form-urlencoded"})
        r = c.getresponse(); r.read()
        assert r.status == 200, r.status
ts = [threading.Thread(target=run, args=(i, n // 4)) for i in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
EOF
C1=$(cpu_ticks $SERVE)
kill -TERM $SERVE; wait $SERVE || true
EMAILS=$(sqlite3 "$TMP/c.db" "SELECT count(*) FROM outbox WHERE kind = 'email' AND delivered_at IS NULL")

mkdir -p "$TMP/smtp"
/usr/bin/python3 tests/notify/smtp_sink.py --dir "$TMP/smtp" --count-only &
PIDS+=($!)
wait_file "$TMP/smtp/port"
# BENCH_NOTIFY_WRAP: a command to run the worker under, e.g. "valgrind --tool=callgrind
# --callgrind-out-file=/tmp/w.out" to count instructions (machine-independent; slow, use a small N).
read -r -a WRAP <<<"${BENCH_NOTIFY_WRAP:-}"
WORKER_CMD=("${WRAP[@]}" "$BIN" worker --db "$TMP/c.db" --smtp "smtp://127.0.0.1:$(cat "$TMP/smtp/port")"
  --mail-from "Demo <noreply@demo.example>" --public-url https://demo.example)
if [[ "${BENCH_NOTIFY_PERF:-0}" == 1 ]]; then
  perf record -q -e cpu-clock -g -o "$TMP/perf.data" -- "${WORKER_CMD[@]}" \
    >"$TMP/worker.out" 2>"$TMP/worker.err" &
else
  "${WORKER_CMD[@]}" >"$TMP/worker.out" 2>"$TMP/worker.err" &
fi
LAUNCHED=$!
PIDS+=($LAUNCHED)
wait_file "$TMP/worker.out"
WORKER=$(pgrep -n -f "worker --db $TMP/c.db")
T0=$(date +%s.%N)
count() { cat "$TMP/smtp/count" 2>/dev/null || echo 0; }
# The sink writes its count every 100 messages.
while (($(count) < EMAILS / 100 * 100)); do sleep 0.05; done
T1=$(date +%s.%N)
W=$(cpu_ticks "$WORKER")
kill -TERM "$WORKER"
wait "$LAUNCHED" || true
DELIVERED=$(count)
if [[ "${BENCH_NOTIFY_PERF:-0}" == 1 ]]; then
  # Self time by symbol, then (children) the time under each function, to stderr.
  { perf report -i "$TMP/perf.data" --no-children --sort symbol --stdio 2>/dev/null |
    grep -E '^ +[0-9]' | cut -c1-150 | head -30
    echo "--- including callees"
    perf report -i "$TMP/perf.data" --children --sort symbol --stdio -g none 2>/dev/null |
    grep -E '^ +[0-9]' | cut -c1-170 | head -60; } >&2 || true
fi
jq -n --argjson n "$N" --argjson emails "$EMAILS" --argjson delivered "$DELIVERED" \
  --argjson intake_ticks "$((C1 - C0))" --argjson worker_ticks "$W" --argjson tick "$TICK" \
  --argjson t0 "$T0" --argjson t1 "$T1" '{
    requests: $n,
    server_cpu_ms_per_request: ($intake_ticks / $tick * 1000 / $n * 1000 | round / 1000),
    emails: $emails, delivered: $delivered,
    worker_cpu_ms_per_email: ($worker_ticks / $tick * 1000 / $delivered * 1000 | round / 1000),
    worker_wall_emails_per_s: ($delivered / ($t1 - $t0) | round)
  }'
