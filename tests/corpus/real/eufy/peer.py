#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Stand-in peers for capturing eufy-security-client's P2P client (PPPP framing).

Roles (one per process):
  station  a HomeBase-like station on the LAN: answers the LAN search on UDP
           32108 (scenario lan) and the connection check, then runs the session.
  cloud    the P2P lookup servers the client learns from the station record
           (UDP 32100 on each of --cloud-ips).
  relay    the relay ("TURN") server the cloud hands out in scenario relay; it
           also plays the station at the far end of the relayed session.

Written from public protocol facts: CS2 PPPP framing (F1, type, big-endian
body length), the PPPP message types, and the field positions the client
reads (README.md lists them). Python 3 standard library only.
"""
import argparse
import select
import socket
import struct
import sys
import time

LAN_PORT = 32108
CLOUD_PORT = 32100

# PPPP message types used here
HELLO_ACK = 0x01
P2P_REQ_DSK = 0x26      # client -> lookup server (Eufy "LOOKUP_WITH_KEY")
P2P_REQ_ACK = 0x21
LAN_SEARCH = 0x30
PUNCH_TO = 0x40
PUNCH_PKT = 0x41
P2P_RDY = 0x42
LIST_REQ_DSK = 0x6a     # client -> lookup server (Eufy "LOOKUP_WITH_KEY2")
RLY_HELLO = 0x70
RLY_HELLO_ACK = 0x71
RLY_PORT = 0x72
RLY_PORT_ACK = 0x73
RLY_REQ = 0x80
RLY_REQ_ACK = 0x81
RLY_TO = 0x82
RLY_PKT = 0x83
RLY_RDY = 0x84
DRW = 0xd0
DRW_ACK = 0xd1
ALIVE = 0xe0
ALIVE_ACK = 0xe1
CLOSE = 0xf0

# Eufy command numbers the stand-in treats specially
CMD_GATEWAYINFO = 1100
CMD_PING = 1139
CMD_START_REALTIME_MEDIA = 1003
CMD_STOP_REALTIME_MEDIA = 1004
CMD_VIDEO_FRAME = 1300
VIDEO_FRAMES = 20           # a short stream: 2 s at 10 frames/s

T0 = time.monotonic()


def log(role, msg):
    print(f"[{role} +{time.monotonic() - T0:6.2f}s] {msg}", flush=True)


def pkt(ptype, body=b""):
    return struct.pack(">BBH", 0xF1, ptype, len(body)) + body


def did_bytes(did):
    prefix, serial, check = did.split("-")
    return (prefix.encode().ljust(8, b"\0") + struct.pack(">I", int(serial)) +
            check.encode().ljust(8, b"\0"))


def addr_le(ip, port):
    """The address layout the client reads: 2 bytes, port LE, IPv4 reversed."""
    return b"\x00\x02" + struct.pack("<H", port) + bytes(reversed(socket.inet_aton(ip)))


def parse(data):
    if len(data) < 4 or data[0] != 0xF1:
        return None, b""
    (blen,) = struct.unpack(">H", data[2:4])
    return data[1], data[4:4 + blen]


class Session:
    """The station end of a connected session (DRW data, acks, keepalive, close)."""

    def __init__(self, role, sock, peer, did):
        self.role, self.sock, self.peer, self.did = role, sock, peer, did
        self.out_seq = {0: 0, 1: 0, 2: 0, 3: 0}
        self.answered = set()
        self.next_ping = time.monotonic() + 2.0
        self.closed = False
        self.frames_left = 0
        self.next_frame = 0.0
        self.frame_no = 0

    def send(self, data):
        self.sock.sendto(data, self.peer)

    def video_frame(self):
        # metadata: length, key frame, stream type (1 = H.264), frame number,
        # fps, width, height, 6-byte timestamp (ms), 2 spare; then the frame,
        # sent in the clear (sign code 0). The frame is made-up H.264 NAL units.
        key = self.frame_no % 10 == 0
        nal = (b"\0\0\0\x01\x67\x42\x00\x1f" + b"\0\0\0\x01\x68\xce\x3c\x80" if key else b"")
        nal += b"\0\0\0\x01" + (b"\x65" if key else b"\x41") + bytes((self.frame_no * 7 + i) & 0xFF for i in range(900))
        ts = int((time.monotonic() - T0) * 1000)
        meta = (struct.pack("<IBBHHHH", len(nal), 1 if key else 0, 1, self.frame_no, 10, 640, 360) +
                ts.to_bytes(6, "little") + b"\0\0")
        self.drw(1, CMD_VIDEO_FRAME, meta + nal, False)
        self.frame_no += 1

    def drw(self, dtype, cmd, payload, result):
        seq = self.out_seq[dtype]
        self.out_seq[dtype] = (seq + 1) & 0xFFFF
        # 16-byte inner header: XZYH, command (LE), length (LE 32), 2 spare,
        # channel, sign code (0: plain), type (1: command result), 1 spare
        inner = (b"XZYH" + struct.pack("<HI", cmd, len(payload)) + b"\0\0" +
                 bytes([255, 0, 1 if result else 0, 0]) + payload)
        self.send(pkt(DRW, bytes([0xD1, dtype]) + struct.pack(">H", seq) + inner))

    def handle(self, ptype, body, src):
        if src != self.peer:
            return
        if ptype == DRW and len(body) >= 4 and body[0] == 0xD1:
            dtype = body[1]
            seq = struct.unpack(">H", body[2:4])[0]
            self.send(pkt(DRW_ACK, bytes([0xD1, dtype]) + struct.pack(">HH", 1, seq)))
            if (dtype, seq) in self.answered or body[4:8] != b"XZYH":
                return
            self.answered.add((dtype, seq))
            cmd = struct.unpack("<H", body[8:10])[0]
            log(self.role, f"DRW type {dtype} seq {seq} command {cmd}, acked")
            if cmd == CMD_GATEWAYINFO:
                # cipher id, 2 bytes, a made-up "encrypted key", NUL
                self.drw(2, CMD_GATEWAYINFO,
                         struct.pack("<HH", 7, 0) + bytes(range(64)) + b"\0", False)
            elif cmd != CMD_PING:
                self.drw(0, cmd, struct.pack("<i", 0), True)   # return code 0
            if cmd == CMD_START_REALTIME_MEDIA:
                self.frames_left, self.next_frame = VIDEO_FRAMES, time.monotonic() + 0.1
            elif cmd == CMD_STOP_REALTIME_MEDIA:
                self.frames_left = 0
        elif ptype == DRW_ACK:
            pass
        elif ptype == ALIVE:
            self.send(pkt(ALIVE_ACK))
        elif ptype == ALIVE_ACK:
            pass
        elif ptype == CLOSE:
            log(self.role, "CLOSE from client, session over")
            self.closed = True

    def tick(self):
        if self.frames_left and not self.closed and time.monotonic() >= self.next_frame:
            self.video_frame()
            self.frames_left -= 1
            self.next_frame += 0.1
        if not self.closed and time.monotonic() >= self.next_ping:
            self.send(pkt(ALIVE))
            self.next_ping = time.monotonic() + 5.0


def run(role, socks, on_packet, tick=None):
    while True:
        ready, _, _ = select.select(socks, [], [], 0.2)
        for s in ready:
            data, src = s.recvfrom(2048)
            ptype, body = parse(data)
            if ptype is None:
                log(role, f"non-PPPP {len(data)} bytes from {src}")
                continue
            on_packet(s, ptype, body, src)
        if tick:
            tick()


def udp(ip, port, broadcast=False):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if broadcast:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.bind((ip, port))
    return s


def station(a):
    lan = udp("0.0.0.0", LAN_PORT, broadcast=True)
    sess_sock = udp("0.0.0.0", a.station_port)
    state = {"sess": None}
    did = did_bytes(a.did)

    def on_packet(s, ptype, body, src):
        if s is lan:
            if ptype == LAN_SEARCH:
                if a.scenario == "lan":
                    log("station", f"LAN search from {src}, answering from port {a.station_port}")
                    sess_sock.sendto(pkt(PUNCH_PKT, did), src)
                else:
                    log("station", f"LAN search from {src}, ignored (scenario {a.scenario})")
            return
        if ptype == PUNCH_PKT and body[:20] == did:
            log("station", f"connection check from {src}, ready")
            sess_sock.sendto(pkt(P2P_RDY, did), src)
            if state["sess"] is None or state["sess"].peer != src:
                state["sess"] = Session("station", sess_sock, src, a.did)
            return
        if state["sess"]:
            state["sess"].handle(ptype, body, src)

    run("station", [lan, sess_sock], on_packet,
        lambda: state["sess"] and state["sess"].tick())


def cloud(a):
    socks = [udp(ip, CLOUD_PORT) for ip in a.cloud_ips.split(",")]
    token = bytes.fromhex("5a17c0de")

    def on_packet(s, ptype, body, src):
        me = s.getsockname()[0]
        if ptype == P2P_REQ_DSK:
            if a.scenario == "cloud":
                log("cloud", f"{me}: lookup from {src}, station at {a.station_ip}:{a.station_port}")
                s.sendto(pkt(P2P_REQ_ACK, struct.pack("<I", 0)), src)
                s.sendto(pkt(PUNCH_TO, addr_le(a.station_ip, a.station_port) + bytes(8)), src)
            else:
                log("cloud", f"{me}: lookup from {src}, no direct address (scenario {a.scenario})")
                s.sendto(pkt(P2P_REQ_ACK, struct.pack("<I", 1)), src)
        elif ptype == LIST_REQ_DSK:
            if a.scenario == "relay":
                log("cloud", f"{me}: lookup (2) from {src}, relay {a.relay_ip}:{a.relay_port}")
                s.sendto(pkt(RLY_TO, addr_le(a.relay_ip, a.relay_port) + bytes(8) + token), src)
        elif ptype == RLY_REQ:
            log("cloud", f"{me}: relay request from {src}")
            s.sendto(pkt(RLY_REQ_ACK, struct.pack("<I", 0)), src)
        else:
            log("cloud", f"{me}: type {ptype:#04x} from {src}, ignored")

    run("cloud", socks, on_packet)


def relay(a):
    s = udp(a.relay_ip, a.relay_port)
    did = did_bytes(a.did)
    state = {"ok": False, "sess": None}

    def on_packet(sock, ptype, body, src):
        if ptype == RLY_HELLO:
            log("relay", f"relay hello from {src}")
            s.sendto(pkt(RLY_HELLO_ACK, bytes(4)), src)
        elif ptype == RLY_PORT:
            log("relay", f"client ok from {src}, sending token")
            state["ok"] = True
            ip = bytes(reversed(socket.inet_aton(a.relay_ip)))
            s.sendto(pkt(RLY_PORT_ACK, ip + struct.pack(">H", a.relay_port) + bytes(2)), src)
        elif ptype == RLY_PKT:
            if state["ok"] and state["sess"] is None:
                log("relay", f"relayed connection check from {src}, station ready")
                s.sendto(pkt(RLY_RDY, did + bytes(4)), src)
                state["sess"] = Session("relay", s, src, a.did)
            elif not state["ok"]:
                log("relay", f"connection check from {src} before handshake, ignored")
        elif state["sess"]:
            state["sess"].handle(ptype, body, src)

    run("relay", [s], on_packet, lambda: state["sess"] and state["sess"].tick())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("role", choices=["station", "cloud", "relay"])
    p.add_argument("--scenario", choices=["lan", "cloud", "relay"], required=True)
    p.add_argument("--did", default="EUFYTST-012345-KLMNP")
    p.add_argument("--station-ip", default="10.88.0.20")
    p.add_argument("--station-port", type=int, default=21047)
    p.add_argument("--cloud-ips", default="10.89.0.1,10.89.0.2,10.89.0.3")
    p.add_argument("--relay-ip", default="10.89.0.9")
    p.add_argument("--relay-port", type=int, default=31047)
    a = p.parse_args()
    {"station": station, "cloud": cloud, "relay": relay}[a.role](a)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
