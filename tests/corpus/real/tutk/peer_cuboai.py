#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Stand-in CuboAI camera for the niruse/cuboai pure-Python TUTK client.

A test fixture for p2pfence's corpus (python3 stdlib only): it answers only
what that client reads, so the client's real packets can be captured:
  * its LAN search (scrambled 0601, 88 bytes, to UDP 32761) gets a scrambled
    0602 from the camera's session port, with the client's 2-byte random id
    echoed at offset 188 (where the client looks for it);
  * its AV connects (scrambled 0407, 598 bytes) get the 88-byte answer the
    client waits for (its "0x2041 grant": it looks at packets XORed with the
    repeating frame key 6e2e8d8c..., the scramble of a zero block, and an
    88-byte scrambled 0408 reads `20 41` that way);
  * an IO-control request (0407, sub-type 0x0c) gets a 0408 response with
    io_type | 1 at offset 64; before it, one 24-byte keepalive probe (frame
    key XOR, bytes 8..15 = 10 40 c0 21 80 0a 00 00; unscrambled, an IOTC
    0417) so the client answers it.
Usage: peer_cuboai.py --bind IP [--seconds N]
"""
import argparse
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer import scramble, unscramble, log  # noqa: E402

FRAME_KEY = scramble(bytes(16))
SESSION_PORT = 39099


def xor_key(b):
    return bytes(x ^ FRAME_KEY[i % 16] for i, x in enumerate(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--seconds", type=float, default=20)
    args = ap.parse_args()
    search = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    search.bind((args.bind, 32761))
    sess = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sess.bind((args.bind, SESSION_PORT))
    log("cuboai camera on", args.bind, "32761 /", SESSION_PORT)
    end = time.monotonic() + args.seconds
    granted = False
    seq = 0
    while time.monotonic() < end:
        r, _, _ = select.select([search, sess], [], [], 0.5)
        for s in r:
            wire, addr = s.recvfrom(4096)
            p = unscramble(wire)
            if p[:2] == b"\x04\x02":
                cmd = struct.unpack_from("<H", p, 8)[0]
                sub = p[28] if len(p) > 28 else None
                log("camera <- %s %d cmd %04x sub %s" % (addr, len(wire), cmd, sub))
            else:
                k = xor_key(wire)
                log("camera <- %s %d key-xor %s" % (addr, len(wire), k[:16].hex()))
                continue
            if cmd == 0x0601 and len(p) >= 88 and p[64] == 1:
                r_ = bytearray(200)
                r_[0:16] = bytes.fromhex("04021a02b80000000206120000000000")
                r_[16:36] = p[16:36]               # UID
                r_[188:196] = p[56:64]             # client random id + fingerprint
                sess.sendto(scramble(r_), addr)
                log("camera -> 0602")
            elif cmd == 0x0407 and len(p) == 598 and not granted:
                granted = True
                # A scrambled 88-byte 0408 (client-start answer 0021 on
                # channel 0). The client checks it in its frame-key XOR
                # view, where a 0408 of this length reads 20 41.
                g = bytearray(88)
                g[0:16] = bytes.fromhex("04021d0a480000000804120000000000")
                g[16:28] = p[16:28]
                g[28:32] = b"\x00\x21\x0b\x00"
                g[32:36] = b"\x00\x00\x00\x01"
                w = scramble(g)
                assert xor_key(w)[:2] == b"\x20\x41", xor_key(w)[:16].hex()
                sess.sendto(w, addr)
                log("camera -> 0408 client-start answer (the client's 0x2041 grant)")
            elif cmd == 0x0407 and sub == 0x0C and len(p) >= 68:
                io = struct.unpack_from("<I", p, 64)[0]
                probe = bytearray(24)
                probe[0:8] = bytes.fromhex("0142106000010000")
                probe[8:16] = bytes.fromhex("1040c021800a0000")
                probe[16:20] = bytes.fromhex("5fe243c9")
                probe[20:24] = os.urandom(4)
                sess.sendto(xor_key(probe), addr)
                body = b"\x00" * 8
                resp = bytearray(68) + body
                resp[0:4] = b"\x04\x02\x1d\x0a"
                struct.pack_into("<HH", resp, 4, len(resp) - 16, seq)
                seq += 1
                resp[8:12] = b"\x08\x04\x12\x00"
                resp[12:28] = p[12:28]
                resp[28] = 0x0C
                resp[30] = 0x0B
                resp[45] = 0x70
                resp[48] = 1
                struct.pack_into("<H", resp, 52, 4 + len(body))
                struct.pack_into("<I", resp, 64, io | 1)
                sess.sendto(scramble(resp), addr)
                log("camera -> keepalive probe, ioctl response %04x" % (io | 1))


if __name__ == "__main__":
    sys.exit(main())
