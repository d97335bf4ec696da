// Package e2e runs eipkit's components through the real Pulumi engine, the
// provider binary and the Alibaba Cloud emulator, with Automation API inline
// programs that use the generated Go SDK.
package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// tools are the CLI and binaries every test uses, built once by TestMain.
var tools *harness.Tools

// TestMain builds the binaries, then runs the tests. The tests spend most of
// their time waiting for the CLI and the plugins, so unless -parallel is
// given they run twice as many at a time as there are CPUs.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		_ = flag.Set("test.parallel", strconv.Itoa(2*runtime.GOMAXPROCS(0)))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	var err error
	tools, err = harness.EnsureTools(ctx, os.Stderr)
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
