package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGetSchemaMatchesSchemaJson asks the pinned CLI for the provider
// binary's schema and compares it with the committed schema.json.
func TestGetSchemaMatchesSchemaJson(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, tools.CLI, "package", "get-schema", "./bin/pulumi-resource-alicloud-eip")
	cmd.Dir = tools.Root
	cmd.Env = os.Environ()
	for k, v := range tools.Env() {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Env = append(cmd.Env, "PULUMI_HOME="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "pulumi package get-schema: %s", stderr.String())

	committed, err := os.ReadFile(filepath.Join(tools.Root, "schema.json"))
	require.NoError(t, err)
	var got, want any
	require.NoError(t, json.Unmarshal(out, &got), "get-schema prints JSON")
	require.NoError(t, json.Unmarshal(committed, &want))
	assert.Equal(t, want, got, "the provider's schema is schema.json (run `make generate` when it changed)")
}
