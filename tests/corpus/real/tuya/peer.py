#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Three stand-in Tuya Wi-Fi devices (one per protocol version, each
on its own address) for the LAN discovery of tinytuya's
scanner (`python3 -m tinytuya scan`), written for p2pfence from the public
frame layouts (tinytuya's PROTOCOL.md; no client code in it).

What a device does on the LAN, and so what these do:
  - protocol 3.1: broadcasts its description as plain JSON in a 55AA frame,
    command 0x00, to UDP 6666;
  - protocol 3.3: the same JSON AES-128-ECB encrypted with the well-known
    UDP key md5("yGAdlopoPVldABfn"), command 0x13 (UDP_NEW), to UDP 6667;
  - protocol 3.5: answers the app's REQ_DEVINFO (6699 frame, command 0x25,
    broadcast to UDP 7000) with its description in a 6699 frame, AES-GCM
    with the same key, command 0x13, broadcast to UDP 6667.

55AA frame: 00 00 55 AA, seq, cmd, length (bytes after the 16-byte
header), retcode (4), payload, CRC-32 of all before it, 00 00 AA 55.
6699 frame: 00 00 66 99, 2 zero bytes, seq, cmd, length (bytes after the
18-byte header, suffix excluded), 12-byte IV, GCM ciphertext of
(retcode + payload), 16-byte tag, 00 00 99 66; the header after the
prefix is the GCM associated data.

usage: peer.py IP31 IP33 IP35 [SECONDS]   (one address per device)
"""
import binascii
import hashlib
import json
import os
import select
import socket
import struct
import sys
import time

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

UDPKEY = hashlib.md5(b"yGAdlopoPVldABfn").digest()
BCAST = "255.255.255.255"


def frame_55aa(seq, cmd, payload, retcode=0):
    payload = struct.pack(">I", retcode) + payload
    hdr = struct.pack(">IIII", 0x000055AA, seq, cmd, len(payload) + 8)
    body = hdr + payload
    return body + struct.pack(">II", binascii.crc32(body) & 0xFFFFFFFF, 0x0000AA55)


def ecb_encrypt(data):
    pad = 16 - len(data) % 16
    enc = Cipher(algorithms.AES(UDPKEY), modes.ECB()).encryptor()
    return enc.update(data + bytes([pad]) * pad) + enc.finalize()


def frame_6699(seq, cmd, payload, retcode=0):
    raw = struct.pack(">I", retcode) + payload
    hdr = struct.pack(">IHIII", 0x00006699, 0, seq, cmd, 12 + len(raw) + 16)
    iv = os.urandom(12)
    sealed = AESGCM(UDPKEY).encrypt(iv, raw, hdr[4:])   # ciphertext + tag
    return hdr + iv + sealed + struct.pack(">I", 0x00009966)


def parse_6699(data):
    """(cmd, plaintext) of a 6699 frame under the UDP key, or None."""
    if len(data) < 18 + 12 + 16 + 4 or data[:4] != b"\x00\x00\x66\x99":
        return None
    _, _, _, cmd, length = struct.unpack(">IHIII", data[:18])
    if 18 + length + 4 != len(data):
        return None
    iv, sealed = data[18:30], data[30:18 + length]
    try:
        return cmd, AESGCM(UDPKEY).decrypt(iv, sealed, data[4:18])
    except Exception:
        return None


def describe(ip, gwid, version):
    return json.dumps({"ip": ip, "gwId": gwid, "active": 2, "ability": 0,
                       "encrypt": version != "3.1", "productKey": "keyp2pfence0test",
                       "version": version}, separators=(",", ":")).encode()


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    ip31, ip33, ip35 = sys.argv[1:4]
    until = time.time() + (float(sys.argv[4]) if len(sys.argv) > 4 else 20)
    socks = {}
    for ip in (ip31, ip33, ip35):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        s.bind((ip, 0))
        socks[ip] = s
    app = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    app.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    app.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    app.bind(("", 7000))
    seq, next_bcast = 0, 0.0
    while time.time() < until:
        now = time.time()
        if now >= next_bcast:
            # The 3.1 and the 3.3 device announce themselves every few seconds.
            seq += 1
            socks[ip31].sendto(frame_55aa(seq, 0x00, describe(ip31, "bf3100p2pfence0000aa", "3.1")),
                               (BCAST, 6666))
            socks[ip33].sendto(frame_55aa(seq, 0x13, ecb_encrypt(describe(ip33, "bf3300p2pfence0000bb", "3.3"))),
                               (BCAST, 6667))
            print("peer: announced 3.1 and 3.3", file=sys.stderr)
            next_bcast = now + 4
        r, _, _ = select.select([app], [], [], 0.2)
        if not r:
            continue
        data, peer = app.recvfrom(4096)
        if peer[0] in socks:
            continue
        got = parse_6699(data)
        if not got or got[0] != 0x25:
            print("peer: %d bytes from %s not a REQ_DEVINFO" % (len(data), peer[0]), file=sys.stderr)
            continue
        print("peer: REQ_DEVINFO from %s: %s" % (peer[0], got[1].rstrip(b"\0").decode(errors="replace")),
              file=sys.stderr)
        # The 3.5 device answers it.
        seq += 1
        socks[ip35].sendto(frame_6699(seq, 0x13, describe(ip35, "bf3500p2pfence0000cc", "3.5")),
                           (BCAST, 6667))
    return 0


if __name__ == "__main__":
    sys.exit(main())
