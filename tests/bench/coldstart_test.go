// Package bench measures what the package costs its users: provider start-up, and previews and
// updates through the engine (see the Makefile's bench target).
package bench

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// providerBinary is the built provider; `make build` puts it in bin/.
func providerBinary(b *testing.B) string {
	b.Helper()
	path, err := filepath.Abs(filepath.Join("..", "..", "bin", "pulumi-resource-alicloud-eip"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		b.Fatalf("%s is missing: run `make build` first", path)
	}
	return path
}

// BenchmarkColdStartGetSchema starts the provider binary, as the engine does, and measures the
// time until it has served GetSchema.
func BenchmarkColdStartGetSchema(b *testing.B) {
	binary := providerBinary(b)
	for b.Loop() {
		coldStart(b, binary)
	}
}

func coldStart(b *testing.B, binary string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	port, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatal(err)
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	resp, err := pulumirpc.NewResourceProviderClient(conn).GetSchema(ctx, &pulumirpc.GetSchemaRequest{},
		grpc.WaitForReady(true))
	if err != nil {
		b.Fatal(err)
	}
	if !strings.Contains(resp.GetSchema(), "alicloud-eip:index:VisibleEip") {
		b.Fatal("the schema does not describe VisibleEip")
	}
}
