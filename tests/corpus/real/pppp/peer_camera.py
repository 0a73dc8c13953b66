#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Stand-in CS2 PPPP / iLnkP2P camera for the real-client captures.

Written for p2pfence from public protocol facts (the PPPP framing and message
types in /work/shared/notes/protocols.md and classify/pppp.c, the DRW command
layouts described in the client projects' READMEs); python3 stdlib only.

One UDP socket on 0.0.0.0:32108 does everything, like a small camera:
  LAN_SEARCH 30 / LAN_SEARCH_EXT 32   -> PUNCH_PKT 41 carrying the DID
  PUNCH_PKT 41 or P2P_RDY 42 (client) -> P2P_RDY 42 carrying the DID
  ALIVE E0 -> ALIVE_ACK E1
  DRW D0   -> DRW_ACK D1 (inner marker D1, one index), then the command's
              answer as DRW on channel 0 and, for a video start, a short
              video burst as DRW on channel 1.
With --key, every datagram is run through the CS2 "proprietary encrypt"
stream cipher (key reduced to four bytes, 256-byte table, keystream byte
chosen by the previous ciphertext byte); plain datagrams are then ignored.

--client picks what a command answer must look like for that client:
  camrev    binary commands (11 0A), login answer carries a 4-byte ticket
  bin       binary commands, login answer is the token alone
  json      JSON commands (06 0A), {"cmd": N, "result": 0} answers
  search    LAN search only
After --alive-after seconds of a logged-in session the camera sends ALIVE and
keeps quiet for --quiet seconds (so the client's own keepalive shows), then
sends the video burst if one was requested; --close-after sends CLOSE F0.
"""
import argparse
import json
import select
import socket
import struct
import sys
import time

TABLE = bytes.fromhex(
    "7c9ce84a13dedcb22f2123e4307b3d8cbc0b270c3cf79ae7087196009785efc1"
    "1fc4dba1c2ebd901faba3b05b81587832872d18b5ad6da9358feaacc6e1bf0a3"
    "88ab43c00db545384f502266207f075b14981d9ba72ab9a8cbf1fc4947063eb1"
    "0e043a945eee541134dd4df9ecc7c9e3781a6f706ba4bda95dd5f8e5bb26af42"
    "37d8e1020aae5f1cc573094e6924906d12b319ad748a2940f52dbea559e0f479"
    "d24bce8982488425c6912ba2fb8fe9a6b09e3f65f603312eac0f952c5ced39b7"
    "336c567eb4a0fd7a815351868d9f77ff6a80dfe2bf10d775645776f355cdd0c8"
    "18e6364162cf99f2324c67606192cad3ea637d16b68ed46835c3529d46441e17")
assert len(TABLE) == 256


def key4_of(key):
    b = key.encode()
    s = sum(b)
    x = 0
    for c in b:
        x ^= c
    return bytes([s & 0xff, (-s) & 0xff, sum(c // 3 for c in b) & 0xff, x])


def crypt(data, k4, encrypt):
    out = bytearray(len(data))
    prev = 0
    for i, c in enumerate(data):
        o = c ^ TABLE[(k4[prev & 3] + prev) & 0xff]
        out[i] = o
        prev = o if encrypt else c
    return bytes(out)


def msg(mtype, body=b""):
    return struct.pack(">BBH", 0xF1, mtype, len(body)) + body


def did_body(did):
    prefix, serial, check = did.split("-")
    return struct.pack(">8sI8s", prefix.encode(), int(serial), check.encode())


def xq_enc(data, rot=4):
    flipped = bytes(b ^ 1 for b in data)
    return flipped[rot:] + flipped[:rot]


class Camera:
    def __init__(self, a):
        self.a = a
        self.k4 = key4_of(a.key) if a.key else None
        self.did = did_body(a.did)
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        self.s.bind(("0.0.0.0", 32108))
        self.peer = None
        self.idx = {0: 0, 1: 0}
        self.logged_in_at = None
        self.video_wanted = False
        self.video_sent = False
        self.alive_sent = False
        self.close_sent = False
        self.quiet_until = 0

    def log(self, *x):
        print("camera:", *x, file=sys.stderr, flush=True)

    def send(self, pkt, addr):
        self.s.sendto(crypt(pkt, self.k4, True) if self.k4 else pkt, addr)

    def drw(self, ch, payload):
        i = self.idx[ch]
        self.idx[ch] = (i + 1) & 0xffff
        return msg(0xD0, struct.pack(">BBH", 0xD1, ch, i) + payload)

    def answer_binary(self, body, addr):
        cmd = body[6:8]                      # two bytes as on the wire
        ack = bytes([cmd[0], cmd[1] + 1])
        extra = b""
        if self.a.client == "camrev" and cmd == b"\x20\x10":
            extra = b"\x00\x00\x00\x00" + b"\x5a\x17\x3c\x01"  # ticket
        payload = b"\x00\x00\x00\x00" + (xq_enc(extra) if extra else b"")
        hdr = b"\x11\x0a" + ack + struct.pack("<H", len(payload)) + b"\x55\xaa"
        self.send(self.drw(0, hdr + payload), addr)
        if cmd in (b"\x20\x10",):
            self.logged_in_at = time.time()
        if cmd == b"\x10\x30":               # live video start
            self.video_wanted = True

    def answer_json(self, body, addr):
        n = struct.unpack("<I", body[8:12])[0]
        req = json.loads(body[12:12 + n])
        cmd = req.get("cmd")
        rep = {"cmd": cmd, "result": 0}
        if cmd == 101:
            rep.update({"tz": 0, "icut": 0, "batValue": 90, "sysver": "standin"})
        if cmd == 100:
            self.logged_in_at = time.time()
        if cmd == 111 and req.get("video"):
            self.video_wanted = True
        j = json.dumps(rep).encode()
        time.sleep(0.05)    # like a real camera: aiopppp waits for the ACK first
        self.send(self.drw(0, b"\x06\x0a\xa0\x80" + struct.pack("<I", len(j)) + j),
                  addr)

    def video(self, addr):
        chunk = bytes(range(256)) * 2
        if self.a.client == "camrev":        # unframed JPEG pieces
            parts = [b"\xff\xd8\xff\xdb" + chunk, chunk, b"\xff\xd8\xff\xdb" + chunk]
        else:                                # 55 AA 15 A8 framed pieces
            head = b"\x55\xaa\x15\xa8\x03" + bytes(27)
            parts = [head + chunk, chunk, head + chunk, chunk, head + chunk]
        for p in parts:
            self.send(self.drw(1, p), addr)
            time.sleep(0.02)

    def handle(self, raw, addr):
        if self.k4:
            if raw[:1] == b"\xf1":
                return                       # plain probe: not our dialect
            data = crypt(raw, self.k4, False)
        else:
            data = raw
        if len(data) < 4 or data[0] != 0xF1:
            return
        t, n = data[1], struct.unpack(">H", data[2:4])[0]
        body = data[4:4 + n]
        self.log("<< %02x len %d from %s" % (t, n, addr))
        if t in (0x30, 0x32):
            if self.peer is None:            # busy once a session runs
                self.send(msg(0x41, self.did), addr)
        elif t in (0x41, 0x42):
            self.peer = addr
            self.send(msg(0x42, self.did), addr)
        elif t == 0xE0:
            self.send(msg(0xE1), addr)
        elif t == 0xD0 and len(body) >= 4:
            self.peer = addr
            self.send(msg(0xD1, struct.pack(">BBHH", 0xD1, body[1], 1,
                                            struct.unpack(">H", body[2:4])[0])), addr)
            if body[1] == 0 and body[4:6] == b"\x11\x0a":
                self.answer_binary(body, addr)
            elif body[1] == 0 and body[4:6] == b"\x06\x0a":
                self.answer_json(body, addr)

    def tick(self):
        now = time.time()
        if not self.peer or self.logged_in_at is None:
            return
        since = now - self.logged_in_at
        if not self.alive_sent and since >= self.a.alive_after:
            self.alive_sent = True
            self.send(msg(0xE0), self.peer)
            self.quiet_until = now + self.a.quiet
            self.log(">> ALIVE, quiet for %.1fs" % self.a.quiet)
        if (self.alive_sent and now >= self.quiet_until and self.video_wanted
                and not self.video_sent):
            self.video_sent = True
            self.log(">> video burst")
            self.video(self.peer)
        if (self.a.close_after and not self.close_sent
                and since >= self.a.close_after):
            self.close_sent = True
            self.log(">> CLOSE")
            self.send(msg(0xF0), self.peer)

    def run(self):
        end = time.time() + self.a.lifetime
        while time.time() < end:
            r, _, _ = select.select([self.s], [], [], 0.05)
            if r:
                raw, addr = self.s.recvfrom(65535)
                self.handle(raw, addr)
            self.tick()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--did", required=True, help="PREFIX-SERIAL-CHECK")
    p.add_argument("--client", choices=["camrev", "bin", "json", "search"],
                   default="search")
    p.add_argument("--key", help="CS2 key string: obfuscate every datagram")
    p.add_argument("--alive-after", type=float, default=0.3)
    p.add_argument("--quiet", type=float, default=1.5)
    p.add_argument("--close-after", type=float, default=0)
    p.add_argument("--lifetime", type=float, default=60)
    Camera(p.parse_args()).run()


if __name__ == "__main__":
    main()
