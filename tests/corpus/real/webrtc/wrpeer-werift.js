// Driver for one WebRTC peer built on the unchanged npm package werift (a WebRTC
// stack written in TypeScript: its own ICE/TURN client, DTLS and SCTP).
// Same scenario and file signalling as wrpeer.py: the app (offerer) writes
// offer.json after ICE gathering, the camera (answerer) writes answer.json; the
// app opens a data channel, both exchange a few messages, stay idle for --hold
// seconds, then the app closes the channel and the connection; the camera
// closes when it sees the channel closed.
// usage: node wrpeer-werift.js camera|app --dir D [--stun H:P] [--turn H:P]
//        [--user U] [--password P] [--policy all|relay] [--hold S]
"use strict";
const fs = require("fs");
const path = require("path");
const { RTCPeerConnection } = require("werift");

const args = { role: process.argv[2], user: "camera", password: "secret",
	policy: "all", hold: 12, count: 4, timeout: 60 };
for (let i = 3; i < process.argv.length; i += 2)
	args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
const log = (...a) => console.log(new Date().toISOString().slice(11, 19), args.role, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFile(p) {
	for (let i = 0; i < 600 && !fs.existsSync(p); i++) await sleep(100);
	await sleep(100);
	return JSON.parse(fs.readFileSync(p, "utf8"));
}
function writeFile(p, obj) {
	fs.writeFileSync(p + ".tmp", JSON.stringify(obj));
	fs.renameSync(p + ".tmp", p);
}
async function gathered(pc) {
	while (pc.iceGatheringState !== "complete") await sleep(100);
}

async function main() {
	const iceServers = [];
	if (args.stun) iceServers.push({ urls: "stun:" + args.stun });
	if (args.turn) iceServers.push({ urls: "turn:" + args.turn,
		username: args.user, credential: args.password });
	const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: args.policy,
		iceUseIpv6: false });
	let finish;
	const done = new Promise((r) => (finish = r));
	pc.iceConnectionStateChange.subscribe((s) => log("ice", s));
	pc.connectionStateChange.subscribe((s) => {
		log("connection", s);
		if (s === "failed" || s === "closed") finish();
	});
	const offerPath = path.join(args.dir, "offer.json");
	const answerPath = path.join(args.dir, "answer.json");

	if (args.role === "app") {
		const ch = pc.createDataChannel("control");
		ch.stateChanged.subscribe(async (s) => {
			if (s !== "open") return;
			log("channel open");
			for (let i = 0; i < Number(args.count); i++) {
				ch.send(`app-msg ${i}: stream please`);
				await sleep(500);
			}
			await sleep(Number(args.hold) * 1000);
			ch.send("app: bye");
			await sleep(500);
			ch.close();
			await sleep(1000);
			finish();
		});
		ch.onMessage.subscribe((m) => log("got", m.toString()));
		await pc.setLocalDescription(await pc.createOffer());
		await gathered(pc);
		writeFile(offerPath, { type: "offer", sdp: pc.localDescription.sdp });
		log("offer written");
		await pc.setRemoteDescription(await waitFile(answerPath));
	} else {
		pc.onDataChannel.subscribe((ch) => {
			log("channel", ch.label);
			ch.onMessage.subscribe((m) => {
				log("got", m.toString());
				ch.send("camera-ack: " + m.toString());
			});
			ch.stateChanged.subscribe((s) => {
				if (s === "closed") { log("channel closed by the app"); finish(); }
			});
		});
		await pc.setRemoteDescription(await waitFile(offerPath));
		await pc.setLocalDescription(await pc.createAnswer());
		await gathered(pc);
		writeFile(answerPath, { type: "answer", sdp: pc.localDescription.sdp });
		log("answer written");
	}
	log("local candidates:", pc.localDescription.sdp.split(/\r?\n/)
		.filter((l) => l.includes("candidate")));
	await Promise.race([done, sleep(Number(args.timeout) * 1000)]);
	log("closing");
	await pc.close();
	await sleep(1000);
	log("closed");
	process.exit(0);
}
main().catch((e) => { console.error(e); process.exit(1); });
