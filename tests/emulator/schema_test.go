package emulator

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator/tsdecl"
)

// alicloudPackage is the published @pulumi/alicloud that `make deps` installs under the
// repository's .cache (scripts/npm-dir.sh), or ALICLOUD_NPM_PACKAGE.
func alicloudPackage(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ALICLOUD_NPM_PACKAGE")
	if dir == "" {
		out, err := exec.Command(filepath.Join("..", "..", "scripts", "npm-dir.sh")).Output()
		require.NoError(t, err)
		dir = filepath.Join(strings.TrimSpace(string(out)), "node_modules", "@pulumi", "alicloud")
	}
	_, err := os.Stat(filepath.Join(dir, "package.json"))
	require.NoError(t, err, "@pulumi/alicloud is not installed: run `make deps`")
	return dir
}

// loadSchema parses the emulator's embedded schema.
func loadSchema(t *testing.T) schema.PackageSpec {
	t.Helper()
	var spec schema.PackageSpec
	require.NoError(t, json.Unmarshal([]byte(schemaJSON), &spec))
	return spec
}

func TestSchemaIsTheDeclarationsOfThePublishedPackage(t *testing.T) {
	resources, functions := Tokens()
	want, err := tsdecl.Build(alicloudPackage(t), PluginVersion, resources, functions)
	require.NoError(t, err)
	assert.Equal(t, string(want), schemaJSON, "schema.json is stale: run `make emulator-schema`")
}

func TestSchemaBindsAndCoversEveryEmulatedToken(t *testing.T) {
	spec := loadSchema(t)
	assert.Equal(t, "alicloud", spec.Name)
	assert.Equal(t, PluginVersion, spec.Version)
	_, diags, err := schema.BindSpec(spec, schema.NewNullLoader(), schema.ValidationOptions{})
	require.NoError(t, err)
	assert.False(t, diags.HasErrors(), "schema binds: %v", diags)
	resources, functions := Tokens()
	assert.Len(t, spec.Resources, len(resources))
	for _, token := range resources {
		r, ok := spec.Resources[token]
		if !assert.True(t, ok, "resource %s is in the schema", token) {
			continue
		}
		// Every input the emulator checks, defaults or replaces on, and every output it
		// computes, is a property of the published resource.
		k := kinds[token]
		for _, name := range k.required {
			assert.Contains(t, r.InputProperties, name, "%s required input", token)
		}
		for name := range k.defaults {
			assert.Contains(t, r.InputProperties, name, "%s defaulted input", token)
		}
		for name := range k.forceNew {
			assert.Contains(t, r.InputProperties, name, "%s force-new input", token)
		}
		for _, name := range k.computed {
			assert.Contains(t, r.Properties, name, "%s computed output", token)
		}
	}
	assert.Len(t, spec.Functions, len(functions))
	for _, token := range functions {
		assert.Contains(t, spec.Functions, token)
	}
}

// TestSchemaInputsAreTheResourceInputsOfThePublishedJavaScript checks the declaration
// reader against a second source: the inputs each published resource class sends.
func TestSchemaInputsAreTheResourceInputsOfThePublishedJavaScript(t *testing.T) {
	pkg := alicloudPackage(t)
	spec := loadSchema(t)
	sent := regexp.MustCompile(`resourceInputs\["([A-Za-z0-9]+)"\] = args \? args\.|resourceInputs\["([A-Za-z0-9]+)"\] = args\?\.`)
	for token, r := range spec.Resources {
		parts := regexp.MustCompile(`^alicloud:([a-z0-9]+)/([A-Za-z0-9]+):`).FindStringSubmatch(token)
		require.NotNil(t, parts, token)
		js, err := os.ReadFile(filepath.Join(pkg, parts[1], parts[2]+".js"))
		require.NoError(t, err)
		want := map[string]bool{}
		for _, m := range sent.FindAllStringSubmatch(string(js), -1) {
			want[m[1]+m[2]] = true
		}
		require.NotEmpty(t, want, token)
		got := map[string]bool{}
		for name := range r.InputProperties {
			got[name] = true
		}
		assert.Equal(t, want, got, "%s: schema inputs are the inputs the published class sends", token)
	}
}

// TestFunctionResultsUseOnlyDeclaredProperties calls every function the examples use and
// checks each returned field against the function's declared result.
func TestFunctionResultsUseOnlyDeclaredProperties(t *testing.T) {
	spec := loadSchema(t)
	c := newTestCloud(t, "", nil)
	calls := map[string]obj{
		TokenGetZones:         obj{"availableResourceCreation": "VSwitch", "availableInstanceType": "ecs.c6.large"},
		TokenGetImages:        obj{"nameRegex": "^ubuntu_22_04_x64", "owners": "system", "mostRecent": true},
		TokenGetInstanceTypes: obj{"instanceType": "ecs.c6.large"},
	}
	for token, args := range calls {
		f := spec.Functions[token]
		require.NotNil(t, f.ReturnType, token)
		result := f.ReturnType.ObjectTypeSpec
		require.NotNil(t, result, token)
		res := c.invoke(token, args)
		for name, v := range res {
			prop, ok := result.Properties[name]
			if !assert.True(t, ok, "%s returns %s, which the published result does not declare", token, name) {
				continue
			}
			list, isList := v.([]any)
			if !isList || prop.Items == nil || prop.Items.Ref == "" || len(list) == 0 {
				continue
			}
			item := spec.Types[prop.Items.Ref[len("#/types/"):]]
			for field := range list[0].(obj) {
				assert.Contains(t, item.Properties, field, "%s %s[] field", token, name)
			}
			for _, field := range item.Required {
				assert.Contains(t, list[0].(obj), field, "%s %s[] lacks the required field", token, name)
			}
		}
	}
}
