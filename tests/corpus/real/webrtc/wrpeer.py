#!/usr/bin/python3
"""Driver for one WebRTC peer built on Debian's unchanged python3-aiortc 1.4.

Two copies run in two network namespaces: "camera" (the tagged device, the
answerer) and "app" (the viewer, the offerer).  Signalling is two files in a
shared directory: the app writes offer.json, the camera answers with
answer.json.  No signalling server.

The app opens a data channel; both sides exchange a few text messages, stay
idle for --hold seconds (ICE consent freshness checks, RFC 7675, every ~5 s in
aioice; a hold over 500 s also shows aioice's TURN allocation Refresh and
ChannelBind refresh, both due at 5/6 of coturn's 600 s lifetime), then the app
closes the channel and its peer connection, and the camera, seeing the
channel closed, closes its own.

--policy relay: aiortc 1.4's RTCConfiguration has no iceTransportPolicy, but
the aioice 0.8 Connection under it takes transport_policy; this driver passes
TransportPolicy.RELAY through aiortc's own connection_kwargs() (a wrapper in
this file, the library files are not touched), so only relay candidates are
offered, like iceTransportPolicy "relay" in a browser.
"""
import argparse
import asyncio
import json
import logging
import os
import sys
import time

import aioice
import aiortc.rtcicetransport as rit
from aiortc import (RTCConfiguration, RTCIceServer, RTCPeerConnection,
                    RTCSessionDescription)


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


async def wait_file(path, timeout=60):
    end = time.time() + timeout
    while not os.path.exists(path):
        if time.time() > end:
            raise TimeoutError(path)
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.1)
    with open(path) as f:
        return json.load(f)


def write_file(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f)
    os.rename(tmp, path)


async def run(args):
    servers = []
    if args.stun:
        servers.append(RTCIceServer(urls="stun:" + args.stun))
    if args.turn:
        servers.append(RTCIceServer(urls="turn:" + args.turn,
                                    username=args.user, credential=args.password))
    if args.policy == "relay":
        orig = rit.connection_kwargs

        def relay_kwargs(ice_servers):
            kw = orig(ice_servers)
            kw["transport_policy"] = aioice.TransportPolicy.RELAY
            return kw
        rit.connection_kwargs = relay_kwargs

    pc = RTCPeerConnection(RTCConfiguration(iceServers=servers))
    done = asyncio.Event()
    offer_path = os.path.join(args.dir, "offer.json")
    answer_path = os.path.join(args.dir, "answer.json")

    @pc.on("iceconnectionstatechange")
    def _ice():
        log(args.role, "ice", pc.iceConnectionState)

    @pc.on("connectionstatechange")
    async def _conn():
        log(args.role, "connection", pc.connectionState)
        if pc.connectionState in ("failed", "closed"):
            done.set()

    if args.role == "app":
        ch = pc.createDataChannel("control")

        @ch.on("open")
        def _open():
            log("app channel open")

            async def talk():
                for i in range(args.count):
                    ch.send("app-msg %d: stream please" % i)
                    await asyncio.sleep(0.5)
                # idle: ICE consent freshness checks, TURN refresh
                await asyncio.sleep(args.hold)
                ch.send("app: bye")
                await asyncio.sleep(0.5)
                ch.close()          # SCTP stream reset; the camera hangs up on it
                await asyncio.sleep(1)
                done.set()
            asyncio.ensure_future(talk())

        @ch.on("message")
        def _msg(m):
            log("app got", m)

        await pc.setLocalDescription(await pc.createOffer())
        write_file(offer_path, {"sdp": pc.localDescription.sdp,
                                "type": pc.localDescription.type})
        log("app offer written")
        ans = await wait_file(answer_path)
        await pc.setRemoteDescription(RTCSessionDescription(**ans))
    else:
        @pc.on("datachannel")
        def _dc(ch):
            log("camera channel", ch.label)

            @ch.on("message")
            def _msg(m):
                log("camera got", m)
                ch.send("camera-ack: " + m)

            @ch.on("close")
            def _close():
                log("camera channel closed by the app")
                done.set()

        offer = await wait_file(offer_path)
        await pc.setRemoteDescription(RTCSessionDescription(**offer))
        await pc.setLocalDescription(await pc.createAnswer())
        write_file(answer_path, {"sdp": pc.localDescription.sdp,
                                 "type": pc.localDescription.type})
        log("camera answer written")

    log(args.role, "local sdp candidates:",
        [l for l in pc.localDescription.sdp.splitlines() if "candidate" in l])
    try:
        await asyncio.wait_for(done.wait(), args.timeout)
    except asyncio.TimeoutError:
        log(args.role, "timeout")
    log(args.role, "closing")
    await pc.close()
    await asyncio.sleep(1)
    log(args.role, "closed")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["camera", "app"])
    p.add_argument("--dir", required=True)
    p.add_argument("--stun")
    p.add_argument("--turn")
    p.add_argument("--user", default="camera")
    p.add_argument("--password", default="secret")
    p.add_argument("--policy", choices=["all", "relay"], default="all")
    p.add_argument("--count", type=int, default=4)
    p.add_argument("--hold", type=float, default=12)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("-v", action="store_true")
    args = p.parse_args()
    if args.v:
        logging.basicConfig(level=logging.INFO)
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
