// Package e2e runs eipkit's components through the real Pulumi engine, the
// provider binary and the Alibaba Cloud emulator, with Automation API inline
// programs that use the generated Go SDK.
package e2e

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// tools are the CLI and binaries every test uses, built once by TestMain.
var tools *harness.Tools

func TestMain(m *testing.M) {
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
