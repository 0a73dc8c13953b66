#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""A stand-in GWell/IoTVideo P2P server for the wyze-p2p client of
wlatic/hacky-wyze-gwell, written for p2pfence (python3 stdlib; no client
code in it).

GUTES frames: a 24-byte little-endian header (proto 0x7F plain / 0x7E
encrypted, sub-type, frame length, two session words, sequence number,
checksum, flags), then the payload; flag bit 22 appends an 80-byte
signature and bit 24 a 16-byte time, which stay outside the encrypted
and checksummed region.

This stand-in does not implement GWell's RC5 cryptography. It logs every
frame it gets and answers only the client's CertifyReq (sub-type 0x0C),
with a SessionResp (0x0D) that the client accepts through its documented
fallback parse (error code 0 at offset 26, a non-zero session ID at
offset 28): unencrypted (mode 0), flags announcing only the time and
signature trailers, so that the answer's fields lie outside the region
the client's mode-1 decryption touches. Everything after that (device
list, subscription, CALLING answer, relays) it leaves unanswered, so the
client goes on with the device list its caller gave it and times out
each step.

usage: peer.py IP PORT [SECONDS]
"""
import socket
import struct
import sys
import time

FLAG_SIG = 1 << 22
FLAG_NTP = 1 << 24


def session_resp(req):
    n = 24 + 16 + 80
    f = bytearray(n)
    f[0], f[1] = 0x7F, 0x0D
    struct.pack_into("<H", f, 2, n)
    f[4:12] = req[4:12]                 # the client's session words back
    struct.pack_into("<I", f, 20, FLAG_SIG | FLAG_NTP)
    struct.pack_into("<H", f, 26, 0)    # error code: none
    struct.pack_into("<Q", f, 28, 0x5032504645434531)   # session ID
    return bytes(f)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    ip, port = sys.argv[1], int(sys.argv[2])
    until = time.time() + (float(sys.argv[3]) if len(sys.argv) > 3 else 40)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((ip, port))
    s.settimeout(0.2)
    while time.time() < until:
        try:
            data, peer = s.recvfrom(65535)
        except socket.timeout:
            continue
        sub = data[1] if len(data) > 1 else -1
        print("server: %d bytes from %s:%d, proto 0x%02X sub 0x%02X"
              % (len(data), peer[0], peer[1], data[0], sub), file=sys.stderr, flush=True)
        if len(data) >= 24 and data[0] == 0x7F and sub == 0x0C:
            s.sendto(session_resp(data), peer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
