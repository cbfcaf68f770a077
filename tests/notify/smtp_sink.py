#!/usr/bin/python3
"""A real SMTP server on loopback for the notification tests and the bench (aiosmtpd).

Usage: smtp_sink.py --dir DIR [--port 0]
Writes the port it listens on to DIR/port once ready, and every accepted message to
DIR/msg-<n>.eml (written to a temporary name, then renamed: a reader never sees half a file).
DIR/mode (re-read for every message) tells it how to answer DATA:
  ok (default)   250
  4xx            451 try again later
  5xx            550 mailbox unavailable
  drop           close the connection without answering
--count-only keeps a count in DIR/count instead of writing files (the bench's sink).
"""
import argparse
import asyncio
import email
import email.policy
import os
import sys

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, directory, count_only):
        self.dir = directory
        self.count_only = count_only
        self.n = 0

    def mode(self):
        try:
            with open(os.path.join(self.dir, "mode")) as f:
                return f.read().strip() or "ok"
        except FileNotFoundError:
            return "ok"

    async def handle_DATA(self, server, session, envelope):
        mode = self.mode()
        if mode == "4xx":
            return "451 4.3.0 try again later"
        if mode == "5xx":
            return "550 5.1.1 mailbox unavailable"
        if mode == "drop":
            server.transport.close()  # the SMTP protocol object owns the transport
            return "421 closing"
        self.n += 1
        if self.count_only:
            if self.n % 100 == 0:
                self._write("count", str(self.n))
        else:
            tmp = os.path.join(self.dir, ".tmp-%d" % self.n)
            with open(tmp, "wb") as f:
                f.write(("X-Rcpt: %s\r\n" % ",".join(envelope.rcpt_tos)).encode())
                f.write(envelope.original_content)
                # The decoded parts after the raw message, so tests can search the words.
                f.write(b"\r\n--- decoded ---\r\n")
                msg = email.message_from_bytes(envelope.original_content,
                                               policy=email.policy.default)
                f.write(("Subject: %s\r\n" % msg["Subject"]).encode())
                for part in msg.walk():
                    if part.get_content_maintype() == "text":
                        f.write(part.get_content().encode())
            os.rename(tmp, os.path.join(self.dir, "msg-%06d.eml" % self.n))
        return "250 2.0.0 OK"

    def _write(self, name, text):
        tmp = os.path.join(self.dir, "." + name)
        with open(tmp, "w") as f:
            f.write(text)
        os.rename(tmp, os.path.join(self.dir, name))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--count-only", action="store_true")
    args = ap.parse_args()
    handler = Handler(args.dir, args.count_only)
    port = args.port
    if port == 0:
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    controller = Controller(handler, hostname="127.0.0.1", port=port,
                            server_hostname="sink.test", data_size_limit=10 * 1024 * 1024)
    controller.start()
    handler._write("port", str(port))
    try:
        loop = asyncio.new_event_loop()
        loop.run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if args.count_only:
            handler._write("count", str(handler.n))
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
