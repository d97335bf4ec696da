package harness

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pre builds a ResourcePreEvent.
func pre(op apitype.OpType, typ, name string, keys ...string) events.EngineEvent {
	urn := "urn:pulumi:test::p::alicloud-eip:index:VisibleEip$" + typ + "::" + name
	return events.EngineEvent{EngineEvent: apitype.EngineEvent{ResourcePreEvent: &apitype.ResourcePreEvent{
		Metadata: apitype.StepEventMetadata{Op: op, URN: urn, Type: typ, Keys: keys},
	}}}
}

func TestRunSteps(t *testing.T) {
	r := &Run{Events: []events.EngineEvent{
		pre(apitype.OpSame, emulator.TokenEip, "web-eip"),
		pre(apitype.OpUpdate, emulator.TokenEni, "web-eni"),
		pre(apitype.OpReplace, emulator.TokenAttachment, "web-attach", "instanceId"),
		pre(apitype.OpDeleteReplaced, emulator.TokenAttachment, "web-attach"),
		pre(apitype.OpCreateReplacement, emulator.TokenAttachment, "web-attach", "instanceId"),
		pre(apitype.OpDelete, emulator.TokenEipAssociation, "old-assoc"),
		{EngineEvent: apitype.EngineEvent{DiagnosticEvent: &apitype.DiagnosticEvent{Severity: "warning", Message: "careful"}}},
		{EngineEvent: apitype.EngineEvent{DiagnosticEvent: &apitype.DiagnosticEvent{Severity: "error", Message: "broken"}}},
	}}
	tests := []struct {
		name string
		got  []Step
		want []string
	}{
		{"steps", r.Steps(), []string{"web-eip", "web-eni", "web-attach", "web-attach", "web-attach", "old-assoc"}},
		{"changed", r.Changed(), []string{"web-eni", "web-attach", "web-attach", "web-attach", "old-assoc"}},
		{"replacements", r.Replacements(), []string{"web-attach", "web-attach", "web-attach"}},
		{"deletes", r.Where(apitype.OpDelete), []string{"old-assoc"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var names []string
			for _, s := range tc.got {
				names = append(names, s.Name)
			}
			assert.Equal(t, tc.want, names)
		})
	}
	require.Len(t, r.Replaced(), 1)
	assert.Contains(t, r.Replaced()[0], "web-attach")
	assert.Equal(t, "replace alicloud:ecs/ecsNetworkInterfaceAttachment:EcsNetworkInterfaceAttachment web-attach (replace keys instanceId)", r.Replacements()[0].String())
	assert.Equal(t, []string{"careful"}, r.Diagnostics("warning"))
	assert.Equal(t, []string{"careful", "broken"}, r.Diagnostics(""))
}

func TestRepoRoot(t *testing.T) {
	root, err := RepoRoot()
	require.NoError(t, err)
	assert.Equal(t, ModulePath, modulePath(filepath.Join(root, "go.mod")))
	_, err = os.Stat(filepath.Join(root, "tests", "harness", "run.go"))
	assert.NoError(t, err)

	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(t.TempDir()))
	defer os.Chdir(wd) //nolint:errcheck
	_, err = RepoRoot()
	require.Error(t, err, "outside the repository there is no root")
	assert.Contains(t, err.Error(), ModulePath)
}

func TestYAMLHostVersionIsTheMakefiles(t *testing.T) {
	root, err := RepoRoot()
	require.NoError(t, err)
	makefile, err := os.ReadFile(filepath.Join(root, "Makefile"))
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^YAML_VER\s+:= `+regexp.QuoteMeta(YAMLHostVersion)+`$`, string(makefile),
		"the harness and `make yaml-host` build the same YAML language host")
}

func TestPathCLIIsUsedOnlyWhenRecentEnough(t *testing.T) {
	fake := func(version string) string {
		bin := filepath.Join(t.TempDir(), "bin")
		require.NoError(t, os.MkdirAll(bin, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(bin, "pulumi"), []byte("#!/bin/sh\necho "+version+"\n"), 0o755))
		return bin
	}
	for version, want := range map[string]bool{"v" + PulumiVersion: true, "v3.280.0": true, "v3.248.0": false, "v2.25.2": false} {
		bin := fake(version)
		t.Setenv("PATH", bin+string(os.PathListSeparator)+"/usr/bin:/bin")
		got := PathCLI(context.Background())
		if want {
			assert.Equal(t, filepath.Join(bin, "pulumi"), got, "pulumi %s on PATH is used", version)
		} else {
			assert.Empty(t, got, "pulumi %s on PATH is too old", version)
		}
	}
	t.Setenv("PATH", t.TempDir())
	assert.Empty(t, PathCLI(context.Background()), "no pulumi on PATH")
}
