package provider

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
)

// providerSchema asks the provider for its schema, as the engine does.
func providerSchema(t *testing.T) string {
	t.Helper()
	prov, err := Provider()
	require.NoError(t, err)
	s, err := integration.NewServer(context.Background(), Name, semver.MustParse(Version), integration.WithProvider(prov))
	require.NoError(t, err)
	resp, err := s.GetSchema(p.GetSchemaRequest{})
	require.NoError(t, err)
	return resp.Schema
}

// packageSpec is the provider's schema, parsed.
func packageSpec(t *testing.T) schema.PackageSpec {
	t.Helper()
	var spec schema.PackageSpec
	require.NoError(t, json.Unmarshal([]byte(providerSchema(t)), &spec))
	return spec
}

func TestSchemaBinds(t *testing.T) {
	_, diags, err := schema.BindSpec(packageSpec(t), schema.NewNullLoader(), schema.ValidationOptions{})
	require.NoError(t, err)
	assert.False(t, diags.HasErrors(), "%v", diags)
}

// Every closed set of values is an enum type, so SDK type checkers and Pulumi YAML refuse
// other values; a plain input stays plain.
func TestSchemaEnumsTypeEveryClosedSet(t *testing.T) {
	spec := packageSpec(t)
	tests := []struct {
		owner, property, enum string
		values                []string
		plain                 bool
	}{
		{tokenVisibleEip, "mode", "VisibleEipMode", []string{"secondaryCidr", "cutThrough"}, true},
		{tokenMultiEipInstance, "mode", "MultiEipMode", []string{"nat", "multiEipToEni"}, true},
		{tokenGuestOptions, "mode", "GuestMode", []string{guestnet.ModeMetadata, guestnet.ModeStatic}, false},
		{tokenVisibleEip, "internetChargeType", "InternetChargeType", []string{"PayByTraffic", "PayByBandwidth"}, false},
		{tokenVisibleEip, "ipv6InternetChargeType", "InternetChargeType", []string{"PayByTraffic", "PayByBandwidth"}, false},
		{tokenMultiEipInstance, "internetChargeType", "InternetChargeType", []string{"PayByTraffic", "PayByBandwidth"}, false},
		{tokenVisibleEip, "paymentType", "PaymentType", []string{"PayAsYouGo", "Subscription"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.owner+"."+tc.property, func(t *testing.T) {
			var prop schema.PropertySpec
			if r, ok := spec.Resources[tc.owner]; ok {
				prop = r.InputProperties[tc.property]
			} else {
				prop = spec.Types[tc.owner].Properties[tc.property]
			}
			token := Name + ":index:" + tc.enum
			assert.Equal(t, "#/types/"+token, prop.Ref, "%s is typed by the enum", tc.property)
			assert.Empty(t, prop.Type)
			assert.Equal(t, tc.plain, prop.Plain, "plainness is kept")
			assert.NotEmpty(t, prop.Description)
			enum, ok := spec.Types[token]
			require.True(t, ok, "enum type %s", token)
			assert.Equal(t, "string", enum.Type)
			var values []string
			for _, v := range enum.Enum {
				values = append(values, v.Value.(string))
				assert.NotEmpty(t, v.Name)
				assert.NotEmpty(t, v.Description)
			}
			assert.Equal(t, tc.values, values)
		})
	}
}

func TestSchemaPackageMetadata(t *testing.T) {
	spec := packageSpec(t)
	assert.Equal(t, "alicloud-eip", spec.Name)
	assert.Equal(t, Version, spec.Version)
	assert.NotEmpty(t, spec.DisplayName)
	assert.NotEmpty(t, spec.Description)
	assert.Subset(t, spec.Keywords, []string{"alicloud", "eip", "kind/component", "category/network"})
	assert.Equal(t, "https://github.com/eipkit/pulumi-alicloud-eip", spec.Homepage)
	assert.Equal(t, "https://github.com/eipkit/pulumi-alicloud-eip", spec.Repository)
	assert.Equal(t, "Apache-2.0", spec.License)
	assert.Equal(t, "eipkit", spec.Publisher)
	assert.Equal(t, "github://api.github.com/eipkit/pulumi-alicloud-eip", spec.PluginDownloadURL)
}

// Every resource's and function's description carries an example in each language the
// package generates, and in YAML.
func TestSchemaDescriptionsCarryAnExampleInEachLanguage(t *testing.T) {
	spec := packageSpec(t)
	descriptions := map[string]string{}
	for token, r := range spec.Resources {
		descriptions[token] = r.Description
	}
	for token, f := range spec.Functions {
		descriptions[token] = f.Description
	}
	require.Len(t, descriptions, 3)
	for token, d := range descriptions {
		assert.Regexp(t, `(?s)^[^{]+\n\n\{\{% examples %\}\}\n## Example Usage\n\{\{% example %\}\}\n### .+\{\{% /example %\}\}\n\{\{% /examples %\}\}\n$`, d, token)
		for _, lang := range []string{"typescript", "python", "go", "yaml"} {
			assert.Len(t, regexp.MustCompile("(?m)^```"+lang+"$").FindAllString(d, -1), 1, "%s: one %s example", token, lang)
		}
	}
}

// The guest files the stack's state leaves out say so in their descriptions, the components'
// and the function's alike; the outputs the state keeps do not.
func TestSchemaDescribesTheGuestFilesAsNotInState(t *testing.T) {
	spec := packageSpec(t)
	for _, token := range []string{tokenVisibleEip, tokenMultiEipInstance} {
		props := spec.Resources[token].Properties
		for k := range guestFileOutputs {
			assert.True(t, strings.HasSuffix(props[k].Description, notInState), "%s.%s: %q", token, k, props[k].Description)
		}
		for _, k := range []string{"netplan", "verifyCommands"} {
			require.Contains(t, props, k)
			assert.NotContains(t, props[k].Description, "stack's state", "%s.%s is kept", token, k)
		}
	}
	fn := spec.Functions[Name+":index:renderGuestNetwork"]
	require.NotNil(t, fn.ReturnType)
	require.NotNil(t, fn.ReturnType.ObjectTypeSpec)
	for k := range guestFileOutputs {
		d := fn.ReturnType.ObjectTypeSpec.Properties[k].Description
		assert.True(t, strings.HasSuffix(d, notInStateResult), "renderGuestNetwork.%s: %q", k, d)
	}
}
