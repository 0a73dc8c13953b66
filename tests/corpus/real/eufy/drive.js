// SPDX-License-Identifier: GPL-2.0 OR MIT
// Drives eufy-security-client's own P2P class (P2PClientProtocol), unchanged,
// against our stand-in station, lookup servers and relay (peer.py).
//
// usage: node drive.js CLIENT_CHECKOUT SCENARIO   (SCENARIO: lan | cloud | relay)
//
// No Eufy account and no HTTP API: the class takes the station record the
// cloud API would return plus an HTTP API object; we hand it a made-up
// record and a three-method stand-in for the API (DSK key, cipher lookup).
"use strict";

const path = require("path");
const [, , checkout, scenario] = process.argv;
if (!checkout || !["lan", "cloud", "relay"].includes(scenario)) {
  console.error("usage: node drive.js CLIENT_CHECKOUT lan|cloud|relay");
  process.exit(2);
}
const lib = require(path.join(checkout, "build", "index.js"));
const logging = require(path.join(checkout, "build", "logging.js"));
const p2putils = require(path.join(checkout, "build", "p2p", "utils.js"));

// Made-up identities (no real device has them).
const STATION_SN = "T8010Q0000000E01";
const P2P_DID = "EUFYTST-012345-KLMNP";
const DSK_KEY = "0123456789abcdef0123456789abcdef";
const ADMIN_ID = "0000000000000000000000000000000000000e01";
// Our stand-in lookup servers (peer.py cloud, in the router namespace).
const CLOUD_IPS = "10.89.0.1,10.89.0.2,10.89.0.3";

// The station record carries the lookup server list encoded ("app_conn").
// Encode ours by asking the client's own decoder: each output byte depends
// only on the letter pair at its position and the bytes before it.
function encodeAppConn(plain) {
  const letters = (b) => String.fromCharCode(65 + (b >> 4), 65 + (b & 15));
  let enc = "";
  for (let i = 0; i < plain.length; i++) {
    let found = false;
    // (the decoder drops empty names, so a trailing comma decodes like none)
    for (let b = 0; b < 256 && !found; b++) {
      const tryEnc = enc + letters(b);
      const out = p2putils.decodeP2PCloudIPs(tryEnc).map((a) => a.host).join(",");
      const want = plain.slice(0, i + 1).split(",").filter((h) => h !== "").join(",");
      if (out === want) {
        enc = tryEnc;
        found = true;
      }
    }
    if (!found) throw new Error(`cannot encode position ${i}`);
  }
  return enc;
}

const appConn = encodeAppConn(CLOUD_IPS);
const decoded = p2putils.decodeP2PCloudIPs(appConn).map((a) => `${a.host}:${a.port}`);
console.log(`app_conn ${appConn} -> ${decoded.join(" ")}`);

const rawStation = {
  station_sn: STATION_SN,
  station_name: "stand-in",
  station_model: "T8010",
  device_type: lib.DeviceType.STATION,
  p2p_did: P2P_DID,
  app_conn: appConn,
  member: { admin_user_id: ADMIN_ID },
  devices: [],
};

const api = {
  isConnected: () => true,
  request: async () => ({
    status: 200,
    data: {
      code: 0,
      data: {
        dsk_keys: [
          { station_sn: STATION_SN, dsk_key: DSK_KEY, expiration: Math.floor(Date.now() / 1000) + 3600 },
        ],
      },
    },
  }),
  getCipher: async () => undefined, // no cipher: the client falls back to its level-1 key
};

logging.InternalLogger.logger = {
  trace: () => {},
  debug: (m, ...a) => console.log("DEBUG", m, a.length ? JSON.stringify(a) : ""),
  info: (m, ...a) => console.log("INFO", m, a.length ? JSON.stringify(a) : ""),
  warn: (m, ...a) => console.log("WARN", m, a.length ? JSON.stringify(a) : ""),
  error: (m, ...a) => console.log("ERROR", m, a.length ? JSON.stringify(a) : ""),
};
logging.setLoggingLevel("p2p", lib.LogLevel.Debug);

const p2p = new lib.P2PClientProtocol(rawStation, api);
const t0 = Date.now();
const log = (m) => console.log(`[drive +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const later = (ms, f) => setTimeout(f, ms);

p2p.on("connect", (address) => {
  log(`connected to ${address.host}:${address.port}`);
  later(1500, () => {
    log("command: CMD_SET_ARMING 1 (int)");
    p2p.sendCommandWithInt({ commandType: lib.CommandType.CMD_SET_ARMING, value: 1, channel: 255 });
    log("command: CMD_SET_PAYLOAD (string payload)");
    p2p.sendCommandWithStringPayload({
      commandType: lib.CommandType.CMD_SET_PAYLOAD,
      value: JSON.stringify({
        account_id: ADMIN_ID,
        cmd: lib.CommandType.CMD_DEVS_SWITCH,
        mValue3: 0,
        payload: { value: 1 },
      }),
      channel: 0,
    });
    log("command: CMD_GET_DEVICE_PING, CMD_PING");
    p2p.sendCommandDevicePing();
    p2p.sendCommandPing();
  });
  later(4000, () => {
    // what the library's Station.startLivestream sends to a HomeBase camera
    // on channel 0: the stream's RSA public modulus as the string value
    const rsa = p2p.getRSAPrivateKey();
    log("command: CMD_START_REALTIME_MEDIA (live stream, channel 0)");
    p2p.sendCommandWithInt({
      commandType: lib.CommandType.CMD_START_REALTIME_MEDIA,
      value: 0,
      strValue: rsa.exportKey("components-public").n.subarray(1).toString("hex"),
      channel: 0,
    });
  });
  later(8000, () => {
    log("command: CMD_STOP_REALTIME_MEDIA");
    p2p.sendCommandWithInt({ commandType: lib.CommandType.CMD_STOP_REALTIME_MEDIA, value: 0, channel: 0 });
  });
  later(12000, async () => {
    log("close");
    await p2p.close();
    later(800, () => process.exit(0));
  });
});
let videoBytes = 0;
p2p.on("livestream started", (channel, meta, video, audio) => {
  log(`livestream started on channel ${channel}: ${JSON.stringify(meta)}`);
  video.on("data", (d) => (videoBytes += d.length));
  audio.on("data", () => {});
});
p2p.on("livestream stopped", (channel) => log(`livestream stopped on channel ${channel}, ${videoBytes} video bytes`));
p2p.on("command", (r) => log(`command result ${JSON.stringify(r)}`));
p2p.on("close", () => log("closed"));
p2p.on("timeout", () => {
  log("timeout: no connection");
  process.exit(1);
});

log(`connect (scenario ${scenario})`);
p2p.connect();
later(60000, () => {
  log("overall deadline");
  process.exit(1);
});
