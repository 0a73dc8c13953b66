// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// p2pfence capture driver: runs go2rtc's own Xiaomi "legacy" TUTK source
// (pkg/xiaomi/legacy, on pkg/tutk), unchanged, the way go2rtc's streams
// module does: Dial (connect + start media + probe), Start (read media),
// Stop (stop media, close). It only adds a time limit.
//
//	driver 'tutk://HOST[:PORT]?uid=UID&model=chuangmi.camera.v2&password=P' SECONDS
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/AlexxIT/go2rtc/pkg/xiaomi/legacy"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: driver URL SECONDS")
		os.Exit(2)
	}
	secs, _ := strconv.ParseFloat(os.Args[2], 64)

	p, err := legacy.Dial(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "dial:", err)
		os.Exit(1)
	}
	fmt.Println("connected:", p.UserAgent, "remote", p.RemoteAddr)
	for _, m := range p.Medias {
		fmt.Println("media:", m.String())
	}

	done := make(chan error, 1)
	go func() { done <- p.Start() }()

	select {
	case err = <-done:
		fmt.Println("start ended early:", err)
	case <-time.After(time.Duration(secs * float64(time.Second))):
		fmt.Println("received bytes:", p.Recv)
		err = p.Stop()
		fmt.Println("stop:", err)
		select {
		case err = <-done:
			fmt.Println("start ended:", err)
		case <-time.After(3 * time.Second):
			fmt.Println("start still running after stop")
		}
	}
}
