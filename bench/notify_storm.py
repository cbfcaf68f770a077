#!/usr/bin/python3
"""The notification storm (bench/notify.sh drives it; see bench/README.md).

Against a running civic311 (--smtp to a counting SMTP sink, --dispatch-url to an HTTP sink):
  1. intake: POST requests.json with THREADS keep-alive clients for SECONDS -> requests/s;
  2. storm: POST N requests (each with an e-mail address) in a burst, then wait until the sink
     counted N more e-mails -> e-mails/s through the one worker, measured from the first
     e-mail to the last; meanwhile intake is measured again (same clients, same SECONDS) and an
     emergency report is posted every 250 ms, each timed from its POST answer to its arrival at
     the dispatch sink -> p50/p99 (by an observer process, apart from the intake clients).
Prints one JSON object.
"""
import argparse
import glob
import http.client
import json
import multiprocessing as mp
import os
import threading
import time
import urllib.parse


def post(conn, form):
    body = urllib.parse.urlencode(form)
    conn.request("POST", "/open311/v2/requests.json", body,
                 {"Content-Type": "application/x-www-form-urlencoded"})
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        raise RuntimeError("POST answered %d: %s" % (r.status, data[:200]))
    return json.loads(data)[0]["service_request_id"]


def intake(port, form, threads, seconds, until=None):
    """POSTs for `seconds` (or until `until` is set, if sooner) -> (requests/s, seconds run)."""
    done = [0] * threads
    stop = time.time() + seconds

    def run(i):
        c = http.client.HTTPConnection("127.0.0.1", port)
        n = 0
        while time.time() < stop and not (until is not None and until.is_set()):
            f = dict(form)
            f["description"] = "intake %d %d" % (i, n)
            f.pop("email", None)  # intake alone: no e-mail to add to the storm
            post(c, f)
            n += 1
        done[i] = n

    ts = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    t0 = time.time()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    took = time.time() - t0
    return sum(done) / took, took


def sink_count(d):
    try:
        with open(os.path.join(d, "count")) as f:
            return int(f.read().strip() or 0)
    except FileNotFoundError:
        return 0


def observe(a, base, n, burst_done, delivered_all, results):
    """The observer process: first and last e-mail of the storm (sink count), and, from the end
    of the burst until the last e-mail, an emergency every 250 ms timed from its POST answer to
    its arrival at the dispatch sink. Sends (first, last, latencies) through `results`."""
    marks = {}
    latencies = []
    stop = threading.Event()

    def monitor():
        while True:
            c = sink_count(a.smtp_dir) - base
            if c > 0 and "first" not in marks:
                marks["first"] = (time.time(), c)
            if c >= n:
                marks["last"] = time.time()
                delivered_all.set()
                return
            time.sleep(0.02)

    def emergencies():
        burst_done.wait()
        c = http.client.HTTPConnection("127.0.0.1", a.port)
        k = 0
        seen = {}
        while not stop.is_set():
            f = {"api_key": a.api_key, "service_code": a.emergency_service, "lat": a.lat,
                 "long": a.lon, "description": "emergency %d" % k, "phone": "+15550100"}
            rid = post(c, f)
            answered = time.time()
            deadline = answered + 30
            found = None
            while found is None and time.time() < deadline:
                for p in glob.glob(os.path.join(a.dispatch_dir, "req-*.json")):
                    if p not in seen:
                        with open(p) as fh:
                            rec = json.load(fh)
                        seen[p] = (json.loads(rec["body"]).get("service_request_id"), rec["at"])
                    if seen[p][0] == rid:
                        found = seen[p][1]
                        break
                time.sleep(0.02)
            latencies.append((found - answered) if found else 30.0)
            k += 1
            time.sleep(0.25)

    mt = threading.Thread(target=monitor)
    et = threading.Thread(target=emergencies)
    mt.start()
    et.start()
    mt.join()
    stop.set()
    burst_done.set()  # (if the storm ended before the burst did, which it cannot)
    et.join()
    results.put((marks["first"], marks["last"], latencies))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--api-key", required=True)
    ap.add_argument("--service", required=True)
    ap.add_argument("--emergency-service", required=True)
    ap.add_argument("--lat", required=True)
    ap.add_argument("--lon", required=True)
    ap.add_argument("--smtp-dir", required=True)
    ap.add_argument("--dispatch-dir", required=True)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10)
    a = ap.parse_args()
    form = {"api_key": a.api_key, "service_code": a.service, "lat": a.lat, "long": a.lon,
            "email": "resident@example.org"}
    out = {"n": a.n}
    idle_before, _ = intake(a.port, form, a.threads, a.seconds)
    out["intake_idle_before_per_s"] = round(idle_before, 1)

    # The burst: N reports with e-mail addresses, as fast as the clients go. An observer
    # process notes when the sink counted its first and its last e-mail of the storm and, once
    # the burst is posted, times emergencies. It is a process of its own so that its polling
    # never takes the interpreter lock from the intake clients measured meanwhile (in one
    # process it did: the storm's intake figure then measured the bench, not the server).
    base = sink_count(a.smtp_dir)
    t0 = time.time()
    per = a.n // a.threads
    n = per * a.threads
    burst_done = mp.Event()
    delivered_all = mp.Event()
    results = mp.Queue()
    observer = mp.Process(target=observe, args=(a, base, n, burst_done, delivered_all, results))
    observer.start()

    def burst(i):
        c = http.client.HTTPConnection("127.0.0.1", a.port)
        for k in range(per):
            f = dict(form)
            f["description"] = "storm %d %d" % (i, k)
            post(c, f)

    ts = [threading.Thread(target=burst, args=(i,)) for i in range(a.threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out["burst_posted"] = n
    out["burst_seconds"] = round(time.time() - t0, 2)
    burst_done.set()

    # Intake while the storm is being delivered: stops early if the last e-mail arrives, so the
    # figure is never diluted by idle time (storm_intake_seconds says how long it overlapped).
    storm, took = intake(a.port, form, a.threads, a.seconds, until=delivered_all)
    out["intake_storm_per_s"] = round(storm, 1)
    out["storm_intake_seconds"] = round(took, 2)
    first, end, latencies = results.get()
    observer.join()
    out["emails_per_s"] = round((n - first[1]) / max(end - first[0], 1e-6), 1)
    out["emails_total_seconds"] = round(end - t0, 2)
    latencies.sort()
    if latencies:
        out["dispatch_count"] = len(latencies)
        out["dispatch_p50_s"] = round(latencies[len(latencies) // 2], 3)
        out["dispatch_p99_s"] = round(latencies[min(len(latencies) - 1,
                                                    int(len(latencies) * 0.99))], 3)
    # Idle again, after the storm: the machine's load drifts (it is shared), so the storm is
    # compared with the mean of an idle run just before and one just after it.
    idle_after, _ = intake(a.port, form, a.threads, a.seconds)
    out["intake_idle_after_per_s"] = round(idle_after, 1)
    idle = (idle_before + idle_after) / 2
    out["intake_idle_per_s"] = round(idle, 1)
    out["intake_ratio"] = round(storm / idle, 3)
    out["intake_within_10_percent"] = storm >= 0.9 * idle
    print(json.dumps(out))


if __name__ == "__main__":
    main()
