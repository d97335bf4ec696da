package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// TestYAMLExamplesThroughTheLanguageHost runs each Pulumi YAML example as a user does, with
// the pinned CLI, the real YAML language host and the emulator: stack init, config set,
// preview, up, an edit of Pulumi.yaml that adds an EIP, preview --diff, up, destroy. Every
// step is judged from the engine's events; kept resources are never replaced and kept EIPs
// keep their addresses.
func TestYAMLExamplesThroughTheLanguageHost(t *testing.T) {
	t.Parallel()
	host, err := harness.EnsureYAMLHost(context.Background(), tools, os.Stderr)
	require.NoError(t, err)

	tests := []struct {
		example string
		config  map[string]string
		// component is the type of the example's eipkit component.
		component string
		// addEip edits the program to add one EIP and returns the name of what it added.
		addEip func(t *testing.T, resources *yaml.Node) string
	}{
		{
			example: "yaml-visible-eip", component: "alicloud-eip:index:VisibleEip",
			// A second visible EIP needs a third ENI: ecs.g6.xlarge has three.
			config: map[string]string{"instanceType": "ecs.g6.xlarge"},
			addEip: func(t *testing.T, resources *yaml.Node) string {
				ftp := mapValue(t, resources, "ftp")
				var ssh yaml.Node
				data, err := yaml.Marshal(ftp)
				require.NoError(t, err)
				require.NoError(t, yaml.Unmarshal(data, &ssh))
				props := mapValue(t, ssh.Content[0], "properties")
				setScalar(t, mapValue(t, mapValue(t, props, "tags"), "service"), "ssh")
				// Cut-through: a second secondary block next to the first EIP's could overlap it.
				props.Content = append(props.Content,
					&yaml.Node{Kind: yaml.ScalarNode, Value: "mode"}, &yaml.Node{Kind: yaml.ScalarNode, Value: "cutThrough"},
					&yaml.Node{Kind: yaml.ScalarNode, Value: "vswitchId"}, &yaml.Node{Kind: yaml.ScalarNode, Value: "${vswitch.id}"})
				resources.Content = append(resources.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "ssh"}, ssh.Content[0])
				return "ssh"
			},
		},
		{
			example: "yaml-multi-eip", component: "alicloud-eip:index:MultiEipInstance",
			addEip: func(t *testing.T, resources *yaml.Node) string {
				eips := mapValue(t, mapValue(t, mapValue(t, resources, "host"), "properties"), "eips")
				// In the middle of the list: the others must not move.
				entry := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
					{Kind: yaml.ScalarNode, Value: "name"}, {Kind: yaml.ScalarNode, Value: "dns"}}}
				eips.Content = slices.Insert(eips.Content, 1, entry)
				return "dns"
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.example, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 4*opTimeout)
			defer cancel()
			p, err := harness.NewProject(tools, filepath.Join(tools.Root, "examples", tc.example), t.TempDir(), host)
			require.NoError(t, err)
			run := func(args ...string) string {
				t.Helper()
				out, err := p.Run(ctx, args...)
				require.NoError(t, err)
				return out
			}
			events := func(args ...string) *harness.Run {
				t.Helper()
				r, err := p.RunEvents(ctx, args...)
				require.NoError(t, err)
				assert.Empty(t, r.Diagnostics("error"), "pulumi %s reports no error", args[0])
				return r
			}

			run("stack", "init", "dev")
			run("config", "set", "alicloud:region", harness.DefaultRegion)
			for k, v := range tc.config {
				run("config", "set", k, v)
			}

			preview := events("preview")
			creates := preview.Where(apitype.OpCreate)
			assert.Equal(t, len(preview.Steps()), len(creates), "a first preview only creates: %v", preview.Steps())
			assert.True(t, hasType(creates, tc.component), "preview plans the component")
			assert.True(t, hasType(creates, emulator.TokenEip), "preview plans the component's EIP")
			cloud, err := p.Cloud()
			require.NoError(t, err)
			assert.Empty(t, cloud.Resources, "preview creates nothing")

			start := time.Now()
			up := events("up", "--yes", "--skip-preview")
			t.Logf("%s: pulumi up took %s", tc.example, time.Since(start).Round(time.Millisecond))
			assert.Equal(t, len(creates), len(up.Where(apitype.OpCreate)), "up creates what preview planned")
			outputs, err := p.Outputs(ctx)
			require.NoError(t, err)
			assert.NotEmpty(t, outputs["cloudConfig"], "the guest snippet is an output")
			before := eipAddresses(t, p)
			require.NotEmpty(t, before)

			program := filepath.Join(p.Dir, "Pulumi.yaml")
			doc := readYAML(t, program)
			added := tc.addEip(t, mapValue(t, doc.Content[0], "resources"))
			writeYAML(t, program, doc)

			diff := events("preview", "--diff")
			assert.Empty(t, diff.Replacements(), "adding an EIP replaces nothing")
			assert.Empty(t, diff.Where(apitype.OpDelete), "adding an EIP deletes nothing")
			newEips := 0
			for _, s := range diff.Where(apitype.OpCreate) {
				if s.Type == emulator.TokenEip {
					newEips++
					assert.Contains(t, s.Name, added, "the only new EIP is the added one")
				}
			}
			assert.Equal(t, 1, newEips, "preview --diff plans one new EIP: %v", diff.Changed())
			for _, s := range diff.Steps() {
				if s.Type == emulator.TokenEip && !strings.Contains(s.Name, added) {
					assert.Equal(t, apitype.OpSame, s.Op, "kept EIP %s is left alone", s.Name)
				}
			}
			assert.Contains(t, diff.StdOut, added, "the diff names the added EIP")
			t.Logf("%s: preview --diff after adding %s: %v", tc.example, added, diff.Changed())

			second := events("up", "--yes", "--skip-preview")
			assert.Empty(t, second.Replacements(), "up replaces nothing")
			assert.Empty(t, second.Where(apitype.OpDelete), "up deletes nothing")
			after := eipAddresses(t, p)
			assert.Len(t, after, len(before)+1, "one more EIP in the cloud")
			for id, ip := range before {
				assert.Equal(t, ip, after[id], "EIP %s keeps its address", id)
			}

			destroy := events("destroy", "--yes", "--skip-preview")
			assert.NotEmpty(t, destroy.Where(apitype.OpDelete))
			cloud, err = p.Cloud()
			require.NoError(t, err)
			assert.Empty(t, cloud.Resources, "destroy leaves the emulated cloud empty")
		})
	}
}

// hasType reports whether a step of the given type is among steps.
func hasType(steps []harness.Step, typ string) bool {
	return slices.ContainsFunc(steps, func(s harness.Step) bool { return s.Type == typ })
}

// eipAddresses maps the allocation id of every EIP in the project's cloud to its address.
func eipAddresses(t *testing.T, p *harness.Project) map[string]string {
	t.Helper()
	cloud, err := p.Cloud()
	require.NoError(t, err)
	out := map[string]string{}
	for _, r := range harness.OfType(cloud, emulator.TokenEip) {
		out[r.ID] = harness.Attr(r, "ipAddress")
	}
	return out
}

func readYAML(t *testing.T, path string) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal(data, &doc))
	return &doc
}

func writeYAML(t *testing.T, path string, doc *yaml.Node) {
	t.Helper()
	data, err := yaml.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o644))
}

// mapValue returns the value of key in a YAML mapping.
func mapValue(t *testing.T, m *yaml.Node, key string) *yaml.Node {
	t.Helper()
	require.Equal(t, yaml.MappingNode, m.Kind, "looking up %s in a YAML mapping", key)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	require.Fail(t, fmt.Sprintf("no %s in the YAML mapping", key))
	return nil
}

func setScalar(t *testing.T, n *yaml.Node, value string) {
	t.Helper()
	require.Equal(t, yaml.ScalarNode, n.Kind)
	n.Value = value
}

// TestYAMLRefusesAValueOutsideAnEnum checks that Pulumi YAML refuses a mode the schema's enum
// does not list before any resource is registered, naming the line and the allowed values.
func TestYAMLRefusesAValueOutsideAnEnum(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	host, err := harness.EnsureYAMLHost(ctx, tools, os.Stderr)
	require.NoError(t, err)
	p, err := harness.NewProject(tools, filepath.Join(tools.Root, "examples", "yaml-visible-eip"), t.TempDir(), host)
	require.NoError(t, err)
	program := filepath.Join(p.Dir, "Pulumi.yaml")
	doc := readYAML(t, program)
	props := mapValue(t, mapValue(t, mapValue(t, doc.Content[0], "resources"), "ftp"), "properties")
	props.Content = append(props.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "mode"}, &yaml.Node{Kind: yaml.ScalarNode, Value: "visible"})
	writeYAML(t, program, doc)
	for _, args := range [][]string{{"stack", "init", "dev"}, {"config", "set", "alicloud:region", harness.DefaultRegion}} {
		_, err := p.Run(ctx, args...)
		require.NoError(t, err)
	}
	r, err := p.RunEvents(ctx, "preview")
	require.Error(t, err, "preview fails")
	assert.Contains(t, err.Error(), `mode: Cannot assign type 'string' to type 'alicloud-eip:index:VisibleEipMode'`)
	assert.Contains(t, err.Error(), `Allowed values are SecondaryCidr ("secondaryCidr"), CutThrough ("cutThrough")`)
	for _, s := range r.Steps() {
		assert.Equal(t, "pulumi:pulumi:Stack", s.Type, "nothing but the stack is planned")
	}
	cloud, err := p.Cloud()
	require.NoError(t, err)
	assert.Empty(t, cloud.Resources)
}
