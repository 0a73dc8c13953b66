#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Stand-ins for the Dahua P2P cloud (Easy4IP) and a Dahua camera, for the
client khoanguyen-3fc/dh-p2p (main.py), written for p2pfence from the
public description of the protocol (the project's README and Wireshark
dissector dh-p2p.lua; no client code in it).

Five roles, each on its own address (all UDP):
  MAIN   port 8800: the Easy4IP server. Answers DHGET /probe/p2psrv,
         /online/p2psrv/<sn> (names P2PSRV), /online/relay (names RELAY);
         DHPOST /device/<sn>/p2p-channel gets "100 Trying" then the
         device's addresses; DHPOST /device/<sn>/relay-channel makes the
         agent tell the client that the device joined the relay.
  P2PSRV port 8800: answers DHGET /probe/device/<sn>.
  RELAY  port 8800: answers DHGET /relay/agent with a token and the agent.
  AGENT  port 50123: answers DHPOST /relay/start/<token>, then speaks
         PTCP with the client (its relay session: SYN 00 03 01 00, the
         0x17 request answered with a 0x18 body carrying a signature).
  DEVICE port 40400: answers the client's inverted-STUN punch (FF FE ...)
         with an inverted Binding response, and its FE FE ... with five
         punches of its own; then PTCP: SYN, 0x19 -> 0x1A, 0x1B -> ack,
         a 0x13 heartbeat, 0x11 channel open -> 0x12, 0x10 payloads
         (answers an RTSP request with an RTSP response), 0x12 close.

PTCP: "PTCP", sent (4), received (4), packet id (4), local message id
(4), remote message id (4), then an optional body (bodies start with a
type byte; 0x10 payloads: (length | 0x10000000), realm, 0, data).

usage: peer.py MAIN P2PSRV RELAY AGENT DEVICE [SECONDS]
"""
import os
import select
import socket
import struct
import sys
import time

SN = None
AGENT_PORT = 50123
DEVICE_PORT = 40400


def log(*a):
    print("peer:", *a, file=sys.stderr, flush=True)


def response(cseq, body="", code="200 OK"):
    hdr = "HTTP/1.1 %s\r\nCSeq: %s\r\n" % (code, cseq)
    if body:
        hdr += "Content-Type: \r\nContent-Length: %d\r\n" % len(body)
    return (hdr + "\r\n" + body).encode()


def parse_request(data):
    """(method, path, cseq) of a DHGET/DHPOST request, or None."""
    try:
        text = data.decode()
        head = text.split("\r\n\r\n", 1)[0].split("\r\n")
        method, path, _ = head[0].split(" ", 2)
        fields = dict(h.split(": ", 1) for h in head[1:] if ": " in h)
        return method, path, fields.get("CSeq", "0")
    except (UnicodeDecodeError, ValueError):
        return None


def invert(b):
    return bytes(0xFF - x for x in b)


class Ptcp:
    """Our end of one PTCP conversation."""

    def __init__(self, sock, peer):
        self.sock, self.peer = sock, peer
        self.sent = self.recv = self.mid = 0
        self.rmid = 0

    def note(self, data):
        body = data[24:]
        self.recv += len(body)
        self.rmid = struct.unpack("!I", data[16:20])[0]
        return body

    def send(self, body=b""):
        pkt = b"PTCP" + struct.pack("!IIIII", self.sent, self.recv,
                                    0x0000FFFF - self.mid, self.mid, self.rmid) + body
        self.sent += len(body)
        self.mid += 1
        self.sock.sendto(pkt, self.peer)


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    main_ip, p2psrv_ip, relay_ip, agent_ip, dev_ip = sys.argv[1:6]
    until = time.time() + (float(sys.argv[6]) if len(sys.argv) > 6 else 30)

    def udp(ip, port):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((ip, port))
        return s

    smain, sp2p, srelay = udp(main_ip, 8800), udp(p2psrv_ip, 8800), udp(relay_ip, 8800)
    sagent, sdev = udp(agent_ip, AGENT_PORT), udp(dev_ip, DEVICE_PORT)
    socks = [smain, sp2p, srelay, sagent, sdev]
    client_relay = None       # the client's socket that talks to the agent
    agent = dev = None        # PTCP state toward the client
    realm = None
    heartbeat_at = None
    token = "p2pfence0token01"

    while time.time() < until:
        if heartbeat_at and time.time() >= heartbeat_at:
            log("device: heartbeat 0x13")
            dev.send(b"\x13\x00\x00\x00" + bytes(8))
            heartbeat_at = None
        r, _, _ = select.select(socks, [], [], 0.1)
        for s in r:
            data, peer = s.recvfrom(65535)
            if s in (smain, sp2p, srelay) or (s is sagent and data[:2] == b"DH"):
                req = parse_request(data)
                if not req:
                    log("%d bytes not a request" % len(data))
                    continue
                method, path, cseq = req
                log("%s:%d %s %s" % (peer[0], peer[1], method, path))
                if s is smain and path == "/probe/p2psrv":
                    s.sendto(response(cseq), peer)
                elif s is smain and path.startswith("/online/p2psrv/"):
                    s.sendto(response(cseq, "<body><US>%s:8800</US></body>" % p2psrv_ip), peer)
                elif s is smain and path == "/online/relay":
                    s.sendto(response(cseq, "<body><Address>%s:8800</Address></body>" % relay_ip), peer)
                elif s is smain and path.endswith("/p2p-channel"):
                    # The server forwards the request to the device and
                    # answers once the device has answered.
                    s.sendto(response(cseq, code="100 Trying"), peer)
                    s.sendto(response(cseq, "<body><LocalAddr>%s:%d</LocalAddr>"
                                            "<PubAddr>%s:%d</PubAddr></body>"
                                      % (dev_ip, DEVICE_PORT, dev_ip, DEVICE_PORT)), peer)
                elif s is smain and path.endswith("/relay-channel"):
                    # The device joins the agent; the agent tells the client.
                    if client_relay:
                        sagent.sendto(response(cseq), client_relay)
                elif s is sp2p and path.startswith("/probe/device/"):
                    s.sendto(response(cseq), peer)
                elif s is srelay and path == "/relay/agent":
                    s.sendto(response(cseq, "<body><Token>%s</Token><Agent>%s:%d</Agent></body>"
                                      % (token, agent_ip, AGENT_PORT)), peer)
                elif s is sagent and path == "/relay/start/" + token:
                    client_relay = peer
                    agent = Ptcp(sagent, peer)
                    s.sendto(response(cseq), peer)
                else:
                    s.sendto(response(cseq, code="404 Not Found"), peer)
            elif s is sagent and data[:4] == b"PTCP" and agent:
                body = agent.note(data)
                log("agent: PTCP body %s" % body[:4].hex())
                if body == b"\x00\x03\x01\x00":
                    agent.send(body)
                elif body[:1] == b"\x17":
                    agent.send(b"\x18\x00\x00\x00" + bytes(8) + os.urandom(16))
            elif s is sdev and data[:4] == b"\xff\xfe\xff\xe7":
                # Inverted Binding response: type 0x0101, MAPPED-ADDRESS.
                log("device: punch from %s:%d" % peer)
                attr = struct.pack("!HHBBH", 0x0001, 8, 0, 1, peer[1]) + socket.inet_aton(peer[0])
                msg = struct.pack("!HH", 0x0101, len(attr)) + os.urandom(16) + attr
                sdev.sendto(invert(msg[:4]) + msg[4:20] + invert(attr), peer)
            elif s is sdev and data[:4] == b"\xfe\xfe\xff\xe7":
                log("device: punch answered by %s:%d, punching back" % peer)
                dev = Ptcp(sdev, peer)
                for _ in range(5):
                    attr = struct.pack("!HHBBH", 0x0001, 8, 0, 1, DEVICE_PORT) + socket.inet_aton(dev_ip)
                    msg = struct.pack("!HH", 0x0001, len(attr)) + os.urandom(16) + attr
                    sdev.sendto(invert(msg[:4]) + msg[4:20] + invert(attr), peer)
            elif s is sdev and data[:4] == b"PTCP" and dev:
                body = dev.note(data)
                log("device: PTCP body %s (%d bytes)" % (body[:4].hex(), len(body)))
                if body == b"\x00\x03\x01\x00":
                    dev.send(body)
                elif body[:1] == b"\x19":
                    dev.send(b"\x1a\x00\x00\x00" + bytes(8))
                elif body[:1] == b"\x1b":
                    dev.send()
                    heartbeat_at = time.time() + 1
                elif body[:1] == b"\x11":
                    realm = body[4:8]
                    dev.send(b"\x12\x00\x00\x00" + realm + bytes(4))
                elif body[:1] == b"\x10" and len(body) >= 12:
                    dev.send()
                    req = body[12:].decode(errors="replace")
                    cseq = "1"
                    for line in req.split("\r\n"):
                        if line.lower().startswith("cseq:"):
                            cseq = line.split(":", 1)[1].strip()
                    rtsp = ("RTSP/1.0 200 OK\r\nCSeq: %s\r\nPublic: OPTIONS, DESCRIBE, "
                            "SETUP, PLAY, TEARDOWN\r\n\r\n" % cseq).encode()
                    dev.send(struct.pack("!III", len(rtsp) | 0x10000000,
                                         struct.unpack("!I", body[4:8])[0], 0) + rtsp)
                elif body[:1] == b"\x12":
                    dev.send(b"\x12\x00\x00\x00" + body[4:8] + bytes(4))
    return 0


if __name__ == "__main__":
    sys.exit(main())
