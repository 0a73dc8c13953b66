#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""A stand-in Naxclow "V720" camera (the A9 mini cameras) for the fake
cloud server of intx82/a9-v720 (`a9_naxclow.py -s`), written for p2pfence
from the public description of the protocol (the project's fake_server.md
and readme; no code of the project in it).

Every message, on TCP and UDP alike, is a 20-byte little-endian header
(payload length 4, cmd 2, msg flag 1, deal flag 1, forward id 8, package
id 4) and the payload: JSON (cmd 0, with a "code"), JPEG (cmd 1, split in
head 250 / body 251 / end 252 fragments, the end one with a 5-byte trailer
ending in the frame size), heartbeat (cmd 100), retransmission confirm
(cmd 605).

What the camera does, as the write-up describes it:
  TCP  -> server:6123  code 100 register (uid, token, domain); <- 101
  TCP  <- code 11 NAT request (the app wants video)     -> code 12 answer
  UDP  -> server:6123  code 20 UDP request;             <- code 21
  UDP  -> code 51 probe answer (devTarget) until the server stops probing
          (<- code 50 each time), then
  TCP  <- 53 status, 301 forwards (retransmission, base info 4) -> 301/4
  TCP  <- 301 forward 3 (open audio and video)
  UDP  -> heartbeat (cmd 100, answered), one JPEG frame in three
          fragments, <- retransmission confirms (cmd 605)
  TCP  <- 301 forward 0 (close audio and video) when the app is done.

usage: peer.py SERVER_IP UID [SECONDS]
"""
import json
import select
import socket
import struct
import sys
import time

PORT = 6123
HDR = "<IHBB8sI"
FWD_ID = b"00000000"


def msg(cmd, payload=b"", flag=0, pkg=0):
    return struct.pack(HDR, len(payload), cmd, flag, 0, FWD_ID, pkg) + payload


def jmsg(obj):
    return msg(0, json.dumps(obj).encode())


def split(buf):
    """Whole messages at the front of buf: ([(cmd, payload)], rest)."""
    out = []
    while len(buf) >= 20:
        n, cmd = struct.unpack("<IH", buf[:6])
        if len(buf) < 20 + n:
            break
        out.append((cmd, buf[20:20 + n]))
        buf = buf[20 + n:]
    return out, buf


def log(*a):
    print("camera:", *a, file=sys.stderr, flush=True)


def code_of(cmd, payload):
    if cmd != 0:
        return None
    try:
        return json.loads(payload.decode())
    except ValueError:
        return None


def jpeg():
    """A small but well-formed baseline JPEG (8x8 grey)."""
    return bytes.fromhex(
        "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707"
        "070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c"
        "1c2837292c30313434341f27393d38323c2e333432ffc0000b080008000801011100"
        "ffc4001f0000010501010101010100000000000000000102030405060708090a0bff"
        "c400b5100002010303020403050504040000017d0102030004110512213141061351"
        "6107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728"
        "292a3435363738393a434445464748494a535455565758595a636465666768696a73"
        "7475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2"
        "b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8"
        "e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    server, uid = sys.argv[1], sys.argv[2]
    until = time.time() + (float(sys.argv[3]) if len(sys.argv) > 3 else 30)
    tcp = socket.create_connection((server, PORT), timeout=5)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("", 0))
    tcp.sendall(jmsg({"code": 100, "uid": uid, "token": "5e1f0c2a",
                      "domain": "v720.naxclow.com"}))
    log("registered as", uid)
    buf = b""
    probing = False
    pkg = 0
    while time.time() < until:
        r, _, _ = select.select([tcp, udp], [], [], 0.2)
        if tcp in r:
            data = tcp.recv(4096)
            if not data:
                log("server closed TCP")
                break
            msgs, buf = split(buf + data)
            for cmd, payload in msgs:
                j = code_of(cmd, payload)
                code = j.get("code") if j else None
                log("TCP <- cmd %d code %s" % (cmd, code))
                if code == 11:
                    tcp.sendall(jmsg({"code": 12, "status": 200}))
                    udp.sendto(jmsg({"code": 20, "devTarget": uid}), (server, PORT))
                elif code == 301:
                    fwd = j.get("content", {}).get("code")
                    if fwd == 4:
                        tcp.sendall(jmsg({"code": 301, "target": j.get("target"),
                                          "content": {"code": 4, "devName": "A9",
                                                      "version": "202212011602"}}))
                    elif fwd == 3:
                        # Video on: a heartbeat, then one frame.
                        udp.sendto(msg(100), (server, PORT))
                        img = jpeg()
                        parts = [img[:128], img[128:256], img[256:]]
                        for flag, part in zip((250, 251, 252), parts):
                            if flag == 252:
                                part += b"\x00" + struct.pack("<I", len(img))
                            pkg += 1
                            udp.sendto(msg(1, part, flag, pkg), (server, PORT))
                            time.sleep(0.02)
                        log("sent one frame")
        if udp in r:
            data, peer = udp.recvfrom(4096)
            for cmd, payload in split(data)[0]:
                j = code_of(cmd, payload)
                code = j.get("code") if j else None
                log("UDP <- cmd %d code %s" % (cmd, code))
                if code in (21, 50):
                    # Answer every probe; the server stops probing when
                    # it is satisfied and goes on over TCP.
                    probing = True
                    udp.sendto(jmsg({"code": 51, "devTarget": uid}), (server, PORT))
    log("done, probing seen:", probing)
    return 0


if __name__ == "__main__":
    sys.exit(main())
