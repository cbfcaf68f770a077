#!/usr/bin/python3
"""A local HTTP receiver for the SMS, dispatch and webhook tests and the bench.

Usage: http_sink.py --dir DIR
Writes its port to DIR/port once listening; each POST to DIR/req-<n>.json as
{"path", "headers", "body", "at"} (at: time.time() on arrival). DIR/status (re-read per request)
is the status to answer (default 200).
"""
import argparse
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
count = [0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    args = ap.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            at = time.time()
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                count[0] += 1
                n = count[0]
            rec = {"path": self.path, "headers": dict(self.headers.items()),
                   "body": body.decode("utf-8", "replace"), "at": at}
            tmp = os.path.join(args.dir, ".req-%d" % n)
            with open(tmp, "w") as f:
                json.dump(rec, f)
            os.rename(tmp, os.path.join(args.dir, "req-%06d.json" % n))
            try:
                with open(os.path.join(args.dir, "status")) as f:
                    status = int(f.read().strip() or "200")
            except (FileNotFoundError, ValueError):
                status = 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tmp = os.path.join(args.dir, ".port")
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, os.path.join(args.dir, "port"))
    server.serve_forever()


if __name__ == "__main__":
    main()
