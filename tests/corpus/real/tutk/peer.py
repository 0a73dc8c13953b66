#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Stand-in peers for the TUTK/Kalay IOTC capture (python3 stdlib only).

Written for p2pfence's corpus: they play just enough of a camera ("device")
and of a TUTK lookup server ("server") for an unchanged open-source client to
run every phase it has. They are test fixtures, not an implementation of
Kalay: every reply carries only the fields the client reads.

Wire facts used (public: protocols.md, go2rtc's pkg/tutk as a readable
client, the public write-ups on the "Charlie" scramble):
  * every packet is scrambled with "Charlie is the designer of P2P!!":
    16-byte blocks: words rotated right 1/5/9/13, XOR key, fixed byte
    shuffle, words rotated right 3/7/11/15; a tail of n < 16 bytes is XORed
    with the key and, for n = 2/4/8, shuffled;
  * plain header: 04 02, version, stage (02 while connecting, 0a once
    connected), body length (LE16, packet - 16), channel sequence (LE16),
    command (LE16) + direction byte, then session bytes with the channel
    number at offset 14;
  * direct connect: 0601 (stage byte at 64: 1 = search, 2 = connect) answered
    by 0602; server lookup on UDP 10001: 0203 answered by 0301 carrying the
    device's address (port BE at 38, IPv4 at 40); punch: 0402 answered by
    0404 (52 bytes, SDK version LE at 48), then the client's 0404;
  * session: 0407 (client -> device) / 0408 (device -> client) carrying the
    AV-channel messages, 0428 ping answered by 0427.

Usage:
  peer.py server --bind IP --port 10001 --device IP:PORT
  peer.py device --bind IP --port PORT --version 0x12|0x19 [--seconds N]
  peer.py selftest
"""
import argparse
import socket
import struct
import sys
import threading
import time

KEY = b"Charlie is the designer of P2P!!"[:16]
PERM16 = (11, 9, 8, 15, 13, 10, 12, 14, 2, 1, 5, 0, 6, 4, 7, 3)
PERM_TAIL = {2: (1, 0), 4: (2, 3, 0, 1), 8: (7, 4, 3, 2, 1, 6, 5, 0)}
M32 = 0xFFFFFFFF


def _ror(x, n):
    n %= 32
    return ((x >> n) | (x << (32 - n))) & M32


def _words_rot(block, base, right):
    w = struct.unpack("<4I", block)
    return struct.pack("<4I", *(_ror(w[i], 4 * i + base) if right
                                else _ror(w[i], 32 - (4 * i + base))
                                for i in range(4)))


def _xor(a, key=KEY):
    return bytes(x ^ key[i] for i, x in enumerate(a))


def _perm(b, p):
    return bytes(b[i] for i in p)


def scramble(plain):
    plain = bytes(plain)
    full = len(plain) // 16 * 16
    out = bytearray()
    for o in range(0, full, 16):
        b = _words_rot(plain[o:o + 16], 1, True)
        b = _perm(_xor(b), PERM16)
        out += _words_rot(b, 3, True)
    tail = _xor(plain[full:])
    out += _perm(tail, PERM_TAIL[len(tail)]) if len(tail) in PERM_TAIL else tail
    return bytes(out)


def unscramble(wire):
    wire = bytes(wire)
    full = len(wire) // 16 * 16
    out = bytearray()
    for o in range(0, full, 16):
        b = _perm(_words_rot(wire[o:o + 16], 3, False), PERM16)
        out += _words_rot(_xor(b), 1, False)
    tail = wire[full:]
    if len(tail) in PERM_TAIL:
        tail = _perm(tail, PERM_TAIL[len(tail)])
    out += _xor(tail)
    return bytes(out)


def selftest():
    v = scramble(bytes(16)).hex()
    assert v == "6e2e8d8c40d040ca2d6d280c40e4cad8", v
    for n in range(0, 80):
        p = bytes((i * 37 + n) & 0xFF for i in range(n))
        assert unscramble(scramble(p)) == p, n
    print("selftest ok")


def log(*a):
    print(f"{time.monotonic():10.3f}", *a, flush=True)


def header(ver, stage, cmd, body_len, seq=0):
    """16-byte plain header; cmd is the 4 bytes at offset 8."""
    return (b"\x04\x02" + bytes([ver, stage]) + struct.pack("<HH", body_len, seq)
            + cmd + bytes(4))


def packet(ver, stage, cmd, size, seq=0):
    b = bytearray(size)
    b[:16] = header(ver, stage, cmd, size - 16, seq)
    return b


# --------------------------------------------------------------- server
def run_server(args):
    dev_ip, dev_port = args.device.rsplit(":", 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((args.bind, args.port))
    s.settimeout(1.0)
    end = time.monotonic() + args.seconds
    log("server on", args.bind, args.port, "device at", args.device)
    while time.monotonic() < end:
        try:
            wire, addr = s.recvfrom(2048)
        except socket.timeout:
            continue
        p = unscramble(wire)
        if len(p) < 16 or p[:2] != b"\x04\x02":
            log("server: not IOTC from", addr, wire[:16].hex())
            continue
        cmd = struct.unpack_from("<H", p, 8)[0]
        log("server <-", addr, "cmd %04x len %d" % (cmd, len(p)))
        if cmd == 0x0203:
            # Where is this UID? Answer with the device's address.
            r = packet(p[2], 0x02, b"\x01\x03\x43\x00", 64)
            r[16:36] = p[16:36]                        # UID
            r[36:38] = struct.pack("<H", socket.AF_INET)
            r[38:40] = struct.pack(">H", int(dev_port))
            r[40:44] = socket.inet_aton(dev_ip)
            s.sendto(scramble(r), addr)
            log("server -> 0301 device", args.device)


# --------------------------------------------------------------- device
H264_SPS = bytes.fromhex("6742c01e95a0500479")
H264_PPS = bytes.fromhex("68ce3c80")
CODEC_H264, CODEC_PCMA = 0x4E, 0x8A


def video_frame(n, key):
    sc = b"\x00\x00\x00\x01"
    if key:
        body = bytes([0x65, 0x88, 0x84]) + bytes((i * 7 + n) & 0xFF for i in range(1400))
        return sc + H264_SPS + sc + H264_PPS + sc + body
    return sc + bytes([0x41, 0x9a, 0x02]) + bytes((i * 3 + n) & 0xFF for i in range(300))


def audio_frame(n):
    return bytes(((i + n) & 0x7F) | 0x55 for i in range(160))


def frame_info(codec, key, n):
    fi = bytearray(32)
    fi[0] = codec
    fi[2] = 1 if key else 0
    fi[4] = 1                                        # clients
    now = time.time()
    struct.pack_into("<IH", fi, 12, int(now), int(now * 1000) % 1000)
    struct.pack_into("<I", fi, 20, n)
    return bytes(fi)


class Device:
    CHUNK = 1000

    def __init__(self, args):
        self.ver = args.version
        self.s25 = self.ver >= 25
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((args.bind, args.port))
        self.sock.settimeout(0.5)
        self.seconds = args.seconds
        self.lock = threading.Lock()
        self.client = None
        self.sid16 = bytes(16)
        self.uid = bytes(20)
        self.started = False
        self.streaming = threading.Event()
        self.stopped = threading.Event()
        self.chseq = {0: 0, 1: 0, 5: 0}
        self.cmdseq = 0
        self.pktseq = 0          # Session25 reorder sequence
        self.frameseq = 0

    def send(self, plain):
        with self.lock:
            try:
                self.sock.sendto(scramble(plain), self.client)
            except ConnectionRefusedError:
                log("device: client gone")

    def msg(self, ch, cmd, size):
        """A session message toward the client: 0408 on channel ch."""
        b = packet(self.ver, 0x0a, b"\x08\x04\x12\x00", size, self.chseq[ch])
        self.chseq[ch] = (self.chseq[ch] + 1) & 0xFFFF
        b[12:28] = self.sid16
        b[14] = ch
        b[28:28 + len(cmd)] = cmd
        return b

    # ---- connection setup
    def on_0601(self, p):
        stage = p[64] if len(p) > 64 else 0
        if stage != 1:
            log("device: 0601 stage", stage, "(connect)")
            return
        r = packet(self.ver, 0x02, b"\x02\x06\x12\x00", 200)
        r[16:36] = p[16:36]
        r[56:64] = p[56:64]                        # client's session id
        r[200 - 16:200 - 12] = bytes([7, 10, 1, 3])  # SDK 3.1.10.7, LE
        self.send(r)
        log("device -> 0602")

    def on_0402(self, p):
        r = packet(self.ver, 0x02, b"\x04\x04\x33\x00", 52)
        r[16:36] = p[16:36]
        r[36:44] = p[36:44]
        r[48:52] = bytes([7, 10, 1, 3])
        self.send(r)
        log("device -> 0404")

    # ---- session
    def client_start_reply(self, cmd):
        if self.s25:
            data = bytearray(36)
            data[5] = data[7] = data[8] = 1
            data[12] = 4
            data[16:20] = b"\xfb\x07\x1f\x00"
            data[30] = 3
            data[32] = 1
            c = bytearray(28) + data
            c[0:4] = b"\x00\x21\x0b\x00"
        else:
            data = bytearray(32)
            data[0] = 1
            data[4] = 4
            data[8:12] = b"\xfb\x07\x1f\x00"
            data[22] = 3
            c = bytearray(24) + data
            c[0:4] = b"\x00\x14\x0b\x00"
        c[16] = len(data)
        c[20:24] = cmd[20:24]
        self.send(self.msg(0, c, 28 + len(c)))
        log("device -> client start reply")

    def ack_ioctrl(self, cmd):
        n = 28 if self.s25 else 24
        c = bytearray(n)
        c[0:2] = b"\x00\x71"
        c[2:6] = cmd[2:6]
        c[20:24] = cmd[20:24]
        self.send(self.msg(0, c, 28 + n))

    def on_0407(self, p):
        ch = p[14]
        cmd = p[28:]
        if len(cmd) < 4:
            log("device: short 0407")
            return
        tag = cmd[:2]
        if ch == 0 and tag in (b"\x00\x00", b"\x00\x20") and len(p) > 500:
            log("device <- client start", tag.hex())
            if not self.started:
                self.started = True
                self.sid16 = bytes(p[12:28])
                self.client_start_reply(cmd)
            return
        if ch == 0 and tag == b"\x00\x70":
            off = 28 if self.s25 else 24
            ctrl = struct.unpack_from("<I", cmd, off)[0]
            data = bytes(cmd[off + 4:])
            log("device <- ioctrl %04x %r" % (ctrl, data[:40]))
            self.ack_ioctrl(cmd)
            if ctrl == 0x01FF:
                self.streaming.set()
            elif ctrl == 0x02FF:
                self.stopped.set()
            return
        log("device <- 0407 ch %d %s len %d" % (ch, cmd[:4].hex(), len(p)))

    # ---- what a camera sends once streaming
    def ping(self):
        b = packet(self.ver, 0x0a, b"\x28\x04\x12\x00", 24)
        b[16:24] = struct.pack("<II", int(time.time()), 0x0100000A)
        self.send(b)

    def ch5(self):
        c = bytearray(20)
        c[0:4] = b"\x7e\xcc\x05\x00"
        c[4] = 0x0C
        c[16] = 1
        self.send(self.msg(5, c, 48))

    def extras16(self):
        # channel 1: client start, time sync without and with data
        tail = bytearray(32)
        tail[8] = 1
        tail[12] = 4
        tail[16:20] = b"\xfb\x07\x1f\x00"
        tail[30] = 3
        c = bytearray(24 + 64) + tail
        c[0:4] = b"\x00\x00\x08\x00"
        c[16] = 64 + 32
        c[20:24] = b"\x4f\x47\xc7\x14"
        self.send(self.msg(1, c, 28 + len(c)))
        c = bytearray(36)
        c[0:4] = b"\x00\x07\x08\x00"
        c[16] = 12
        c[20] = 1
        self.send(self.msg(1, c, 28 + len(c)))
        c = bytearray(32)
        c[0:4] = b"\x00\x08\x08\x00"
        c[20] = 1
        c[24] = 2
        self.send(self.msg(1, c, 28 + len(c)))
        # channel 0: an ioctrl from the camera, and the 0012 query
        c = bytearray(24) + struct.pack("<I", 0x0321) + b'{"result":0}'
        c[0:4] = b"\x00\x70\x08\x00"
        c[4] = 1
        c[16] = len(c) - 24
        c[20:24] = b"\x76\x25\xa0\x2f"
        self.send(self.msg(0, c, 28 + len(c)))
        c = bytearray(24) + struct.pack("<III", 2, 1, 0x100)
        c[0:4] = b"\x00\x12\x08\x00"
        c[16] = 12
        self.send(self.msg(0, c, 28 + len(c)))

    def extras25(self):
        c = bytearray(28 + 36)
        c[0:4] = b"\x00\x20\x08\x00"
        c[16] = 36
        c[20:24] = b"\x4f\x47\xc7\x14"
        self.send(self.msg(1, c, 28 + len(c)))
        c = bytearray(36)
        c[0:4] = b"\x00\x07\x08\x00"
        c[16] = 8
        c[20] = 1
        self.send(self.msg(1, c, 28 + len(c)))
        c = bytearray(16)
        c[0:4] = b"\x0a\x08\x0b\x00"
        c[4] = 3
        c[8:12] = b"\xe2\x04\x32\x00"
        c[12] = 1
        self.send(self.msg(0, c, 28 + len(c)))
        c = bytearray(28) + struct.pack("<I", 0x0321) + b'{"result":0}'
        c[0:4] = b"\x00\x70\x0b\x00"
        c[9] = 0x70
        c[12] = 1
        c[16] = len(c) - 28
        self.send(self.msg(0, c, 28 + len(c)))
        c = bytearray(24)
        c[0:4] = b"\x09\x00\x0b\x00"
        c[4] = 1
        self.send(self.msg(0, c, 28 + len(c)))

    def send_frame16(self, codec, key, payload):
        fi = frame_info(codec, key, self.frameseq)
        if len(payload) + 32 <= self.CHUNK:
            c = bytearray(24) + fi + payload
            c[0:4] = b"\x01\x04\x08\x00"
            c[4:6] = struct.pack("<H", self.frameseq)
            struct.pack_into("<I", c, 8, len(payload))
            c[14] = 32
            struct.pack_into("<H", c, 16, len(payload) + 32)
            c[20] = 1
            self.send(self.msg(0, c, 28 + len(c)))
        else:
            stream = payload + fi
            for i, o in enumerate(range(0, len(stream), self.CHUNK)):
                part = stream[o:o + self.CHUNK]
                c = bytearray(24) + part
                c[0:4] = b"\x01\x03\x08\x00"
                c[4:6] = struct.pack("<H", self.frameseq)
                struct.pack_into("<I", c, 8, len(payload))
                struct.pack_into("<H", c, 12, i)
                c[14] = 32
                struct.pack_into("<H", c, 16, len(part))
                c[20] = 1
                self.send(self.msg(0, c, 28 + len(c)))
        self.frameseq += 1

    def send_frame25(self, codec, key, payload):
        stream = payload + frame_info(codec, key, self.frameseq)
        parts = [stream[o:o + self.CHUNK] for o in range(0, len(stream), self.CHUNK)]
        kind = 0x07 if codec == CODEC_H264 else 0x03
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            c = bytearray(28) + part
            c[0] = kind
            c[1] = 1 if last else 0
            c[2:4] = b"\x0b\x00"
            struct.pack_into("<I", c, 4, self.pktseq)
            c[8] = kind
            struct.pack_into("<HHHH", c, 10, self.pktseq, len(parts),
                             0x20 if last and i else i, len(part))
            struct.pack_into("<II", c, 20, max(self.frameseq - 1, 0), self.frameseq)
            self.pktseq = (self.pktseq + 1) & 0xFFFF
            self.send(self.msg(0, c, 28 + len(c)))
        self.frameseq += 1

    def stream(self):
        if not self.streaming.wait(self.seconds):
            return
        log("device: streaming")
        (self.extras25 if self.s25 else self.extras16)()
        self.ch5()
        send = self.send_frame25 if self.s25 else self.send_frame16
        n = 0
        end = time.monotonic() + self.seconds
        while not self.stopped.is_set() and time.monotonic() < end:
            if n % 10 == 0:
                self.ping()
            key = n % 10 == 0
            send(CODEC_H264, key, video_frame(n, key))
            send(CODEC_PCMA, False, audio_frame(n))
            n += 1
            self.stopped.wait(0.1)
        log("device: stream ended after", n, "frames")

    def run(self):
        threading.Thread(target=self.stream, daemon=True).start()
        end = time.monotonic() + self.seconds
        log("device on", self.sock.getsockname(), "version", self.ver)
        while time.monotonic() < end:
            try:
                wire, addr = self.sock.recvfrom(2048)
            except socket.timeout:
                continue
            p = unscramble(wire)
            if len(p) < 16 or p[:2] != b"\x04\x02":
                log("device: not IOTC from", addr, wire[:16].hex())
                continue
            self.client = addr
            cmd = struct.unpack_from("<H", p, 8)[0]
            if cmd == 0x0601:
                self.on_0601(p)
            elif cmd == 0x0402:
                self.on_0402(p)
            elif cmd == 0x0407:
                self.on_0407(p)
            else:
                log("device <- cmd %04x len %d" % (cmd, len(p)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("role", choices=("server", "device", "selftest"))
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=32761)
    ap.add_argument("--device", default="127.0.0.1:32761")
    ap.add_argument("--version", type=lambda x: int(x, 0), default=0x12)
    ap.add_argument("--seconds", type=float, default=20)
    args = ap.parse_args()
    if args.role == "selftest":
        selftest()
    elif args.role == "server":
        run_server(args)
    else:
        Device(args).run()


if __name__ == "__main__":
    sys.exit(main())
