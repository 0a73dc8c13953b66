// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// p2pfence capture driver: runs the GWell/IoTVideo P2P client of
// wlatic/hacky-wyze-gwell (wyze-p2p/pkg/gwell), unchanged, the way its
// README describes the bridge using it: a Session for one camera, given
// the P2P server's address, the camera's LAN address and the device list
// (the bridge gets these from the Wyze API, which we have no stand-in
// for), then Session.Run. It only adds a time limit: the repository's own
// main program (cmd/gwell-proxy) is not in the published tree.
//
//	driver SERVER:PORT CAMERA_IP ACCESS_ID ACCESS_TOKEN SECONDS
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/wlatic/wyze-gwell-bridge/wyze-p2p/pkg/gwell"
)

func main() {
	if len(os.Args) != 6 {
		fmt.Fprintln(os.Stderr, "usage: driver SERVER:PORT CAMERA_IP ACCESS_ID ACCESS_TOKEN SECONDS")
		os.Exit(2)
	}
	secs, err := strconv.ParseFloat(os.Args[5], 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "seconds:", err)
		os.Exit(2)
	}
	tok, err := gwell.ParseAccessToken(os.Args[3], os.Args[4])
	if err != nil {
		fmt.Fprintln(os.Stderr, "token:", err)
		os.Exit(2)
	}
	const name = "GW_P2PFENCE_CAM"
	s := gwell.NewSession(gwell.SessionConfig{
		Token:       tok,
		ServerAddr:  os.Args[1],
		CameraLanIP: os.Args[2],
		DeviceName:  name,
		Devices:     []gwell.DeviceInfo{{TID: 0x0102030405060708, Name: name}},
	})
	done := make(chan error, 1)
	go func() { done <- s.Run(name) }()
	select {
	case err := <-done:
		fmt.Println("run:", err)
	case <-time.After(time.Duration(secs * float64(time.Second))):
		s.Close()
		fmt.Println("time limit reached")
	}
}
