//go:build root

package guestnet

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// benchCase is an instance with n secondary ENIs of k addresses each (the primary
// address and k-1 secondary ones), each ENI in its own vSwitch.
func benchCase(n, k int) routingCase {
	c := routingCase{name: fmt.Sprintf("%dx%d", n, k)}
	for i := 1; i <= n; i++ {
		e := testEni{dev: fmt.Sprintf("eth%d", i), mac: fmt.Sprintf("02:e0:00:00:01:%02x", i),
			cidr: fmt.Sprintf("10.1.%d.0/24", i), gateway: fmt.Sprintf("10.1.%d.253", i), primaryIP: fmt.Sprintf("10.1.%d.10", i)}
		for j := 1; j < k; j++ {
			e.secondaries = append(e.secondaries, fmt.Sprintf("10.1.%d.%d", i, 10+j))
		}
		c.enis = append(c.enis, e)
	}
	return c
}

// BenchmarkGuestProgram times whole runs of the guest program in a network
// namespace (including `ip netns exec`): in static mode the first run on a
// fresh instance and a run with nothing to change; in metadata mode a run
// with nothing to change against the fake metadata service.
func BenchmarkGuestProgram(b *testing.B) {
	if os.Geteuid() != 0 {
		b.Fatal("this benchmark needs root: it creates network namespaces")
	}
	for _, bc := range []struct {
		mode  string
		n, k  int
		first bool
	}{{ModeStatic, 4, 10, true}, {ModeStatic, 4, 10, false}, {ModeStatic, 1, 2, false}, {ModeMetadata, 1, 2, false}} {
		c := benchCase(bc.n, bc.k)
		res, err := Render(c.config(bc.mode, ""))
		if err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(b.TempDir(), "eipkit-guestnet")
		if err := os.WriteFile(path, []byte(res.Script), 0o755); err != nil {
			b.Fatal(err)
		}
		run := func(tp topology, stateDir string) {
			if out, err := nsRun(tp.guest, "env", "EIPKIT_STATE_DIR="+stateDir, "EIPKIT_LIB_DIR="+stateDir,
				"EIPKIT_METADATA_URL=http://"+metadataHost+"/latest/meta-data", "/bin/sh", path); err != nil {
				b.Fatalf("guest program failed: %v\n%s", err, out)
			}
		}
		name := bc.mode + "-" + c.name + "-noop"
		if bc.first {
			name = bc.mode + "-" + c.name + "-first"
		}
		build := func() topology {
			tp := c.build(b)
			if bc.mode == ModeMetadata {
				serveIn(b, tp.router, metadataHost, c.metadata())
			}
			return tp
		}
		b.Run(name, func(b *testing.B) {
			if bc.first {
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					tp := build()
					stateDir := b.TempDir()
					b.StartTimer()
					run(tp, stateDir)
				}
				return
			}
			tp := build()
			stateDir := b.TempDir()
			run(tp, stateDir)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				run(tp, stateDir)
			}
		})
	}
}
