#!/usr/bin/env python3
"""How long a new request takes to appear in an open staff queue (docs/performance.md, "Live").

A signed-in client holds the console's Server-Sent Events stream (GET /staff/live) open, as an
open queue page does. For each sample one new request is POSTed through Open311
(requests.json with an API key); the clock starts just before the POST is sent. Two times:

  event:  until the stream delivers the request's "change" event;
  shown:  event, then one GET of the queue page holding the new row: what the page's script
          does on each event (web/static/console.js re-fetches location.href).

Samples run one after another. Prints a Markdown table row per figure (p50, p99, max) and exits
non-zero if a sample's event or row never arrives (within --timeout seconds).
Standard library only; loopback only.
"""
import argparse
import http.client
import json
import queue
import sys
import threading
import time
import urllib.parse
import urllib.request


def stream_events(host, port, path, cookie, events, ready):
    conn = http.client.HTTPConnection(host, port, timeout=600)
    conn.request("GET", path, headers={"Cookie": cookie, "Accept": "text/event-stream"})
    resp = conn.getresponse()
    if resp.status != 200:
        events.put(("error", resp.status, 0.0))
        ready.set()
        return
    ready.set()
    while True:
        line = resp.fp.readline()
        if not line:
            events.put(("closed", 0, 0.0))
            return
        line = line.decode("utf-8", "replace").rstrip("\r\n")
        if line.startswith("data:"):
            now = time.monotonic()
            try:
                data = json.loads(line[5:].strip())
            except ValueError:
                continue
            if isinstance(data, dict) and "request" in data:
                events.put(("change", int(data["request"]), now))


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)  # http://127.0.0.1:PORT
    ap.add_argument("--cookie", required=True)  # the staff session cookie header value
    ap.add_argument("--form", required=True)  # api_key=…&service_code=…&lat=…&long=…
    ap.add_argument("--live", default="/staff/live")
    ap.add_argument("--queue", default="/staff/queue")
    ap.add_argument("--samples", type=int, default=30)
    ap.add_argument("--timeout", type=float, default=10.0)
    args = ap.parse_args()

    url = urllib.parse.urlparse(args.base)
    events = queue.Queue()
    ready = threading.Event()
    threading.Thread(
        target=stream_events,
        args=(url.hostname, url.port, args.live, args.cookie, events, ready),
        daemon=True).start()
    if not ready.wait(args.timeout):
        sys.exit("live: the stream did not open")

    event_ms, shown_ms = [], []
    for i in range(args.samples):
        body = (args.form + "&description=" +
                urllib.parse.quote("live latency probe %d %d" % (i, time.time_ns()))).encode()
        start = time.monotonic()
        with urllib.request.urlopen(args.base + "/open311/v2/requests.json", data=body,
                                    timeout=args.timeout) as r:
            answer = json.loads(r.read())
        new_id = int(answer[0].get("service_request_id") or answer[0]["id"])
        arrived = None
        deadline = start + args.timeout
        while arrived is None:
            try:
                kind, rid, at = events.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                sys.exit("live: no event for request %d within %.0f s" % (new_id, args.timeout))
            if kind != "change":
                sys.exit("live: the stream ended (%s %s)" % (kind, rid))
            if rid == new_id:
                arrived = at
        req = urllib.request.Request(args.base + args.queue, headers={"Cookie": args.cookie})
        with urllib.request.urlopen(req, timeout=args.timeout) as r:
            page = r.read().decode("utf-8", "replace")
        done = time.monotonic()
        if ('data-id="%d"' % new_id) not in page:
            sys.exit("live: request %d is not in the re-fetched queue" % new_id)
        event_ms.append((arrived - start) * 1000.0)
        shown_ms.append((done - start) * 1000.0)

    for name, v in (("event", event_ms), ("shown", shown_ms)):
        print("%s %.1f %.1f %.1f %d" % (name, percentile(v, 50), percentile(v, 99), max(v), len(v)))


if __name__ == "__main__":
    main()
