package emulator

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
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// TestPluginBinaryOverGrpc builds the plugin, starts it as the engine would
// (without a host it runs in attach mode) and talks to it over gRPC.
func TestPluginBinaryOverGrpc(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "pulumi-resource-alicloud")
	build := exec.Command("go", "build", "-o", bin, "./cmd/pulumi-resource-alicloud")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	statePath := filepath.Join(dir, "cloud.json")
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), StateEnvVar+"="+statePath)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	port, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	client := pulumirpc.NewResourceProviderClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	info, err := client.GetPluginInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	assert.Equal(t, PluginVersion, info.GetVersion())

	args, err := structpb.NewStruct(map[string]any{"region": "cn-shanghai", "marker": "explicit-provider"})
	require.NoError(t, err)
	_, err = client.Configure(ctx, &pulumirpc.ConfigureRequest{Args: args, AcceptSecrets: true, AcceptResources: true})
	require.NoError(t, err)

	props, err := structpb.NewStruct(map[string]any{"cidrBlock": "10.0.0.0/16"})
	require.NoError(t, err)
	created, err := client.Create(ctx, &pulumirpc.CreateRequest{Urn: string(urn(TokenNetwork, "vpc")), Properties: props})
	require.NoError(t, err)
	assert.Regexp(t, `^vpc-uf6`, created.GetId())
	assert.Equal(t, "cn-shanghai", created.GetProperties().GetFields()["regionId"].GetStringValue())

	bad, err := structpb.NewStruct(map[string]any{"vpcId": created.GetId(), "secondaryCidrBlock": "100.64.0.0/16"})
	require.NoError(t, err)
	_, err = client.Create(ctx, &pulumirpc.CreateRequest{Urn: string(urn(TokenCidrBlock, "bad")), Properties: bad})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "InvalidCidrBlock.Reserved")

	state, err := LoadState(statePath)
	require.NoError(t, err)
	rec := state.Resources[created.GetId()]
	require.NotNil(t, rec)
	assert.Equal(t, "explicit-provider", rec.Provider["marker"])
}
