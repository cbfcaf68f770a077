#!/usr/bin/python3
"""The SMTP sink alone: N small messages over one connection (smtplib), messages/s. Shows the
sink is not what limits civic311's e-mail rate (bench/notify.sh)."""
import smtplib
import sys
import time

port, n = int(sys.argv[1]), int(sys.argv[2])
msg = ("From: a@example.org\r\nTo: b@example.org\r\nSubject: blast\r\n\r\n" + ("x" * 76 + "\r\n") * 26)
s = smtplib.SMTP("127.0.0.1", port)
t0 = time.time()
for _ in range(n):
    s.sendmail("a@example.org", ["b@example.org"], msg)
dt = time.time() - t0
s.quit()
print('{"sink_alone_per_s": %.1f}' % (n / dt))
