package provider

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The schema marks the inputs that decide the layout as plain and keeps the password secret.
func TestMultiEipInstanceSchema(t *testing.T) {
	var spec struct {
		Resources map[string]struct {
			IsComponent     bool                       `json:"isComponent"`
			InputProperties map[string]json.RawMessage `json:"inputProperties"`
			Properties      map[string]json.RawMessage `json:"properties"`
		} `json:"resources"`
		Types map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"types"`
	}
	require.NoError(t, json.Unmarshal([]byte(providerSchema(t)), &spec))
	r, ok := spec.Resources[multiComponentToken]
	require.True(t, ok)
	assert.True(t, r.IsComponent)
	plain := func(raw json.RawMessage) bool {
		var v struct {
			Plain bool `json:"plain"`
		}
		require.NoError(t, json.Unmarshal(raw, &v))
		return v.Plain
	}
	// infer marks only primitive properties plain; eips and instance (a list and an object of
	// objects) are decoded into plain Go values at Construct and say so in their descriptions.
	for _, k := range []string{"eipCount", "mode", "usePrimaryEni", "privateIpRange", "vswitchCidrBlock",
		"instanceType", "maxEnis", "privateIpsPerEni", "protectEips", "retainEipsOnDelete", "deliverWithCloudAssistant"} {
		require.Contains(t, r.InputProperties, k)
		assert.True(t, plain(r.InputProperties[k]), "%s is plain", k)
	}
	for _, k := range []string{"instanceId", "vpcId", "zoneId", "vswitchId", "securityGroupIds", "bandwidth", "tags"} {
		require.Contains(t, r.InputProperties, k)
		assert.False(t, plain(r.InputProperties[k]), "%s is an input", k)
	}
	for _, k := range []string{"instanceId", "networkInterfaces", "eips", "script", "cloudConfig", "userData", "verifyCommands"} {
		assert.Contains(t, r.Properties, k)
	}
	assert.Contains(t, string(r.InputProperties["eips"]), "Plain (must be known at preview")
	assert.Contains(t, string(r.InputProperties["instance"]), "Plain (must be known at preview")
	assert.Contains(t, spec.Types, "alicloud-eip:index:MultiEipEntry")
	inst := spec.Types["alicloud-eip:index:MultiEipNewInstance"]
	assert.Contains(t, string(inst.Properties["password"]), `"secret":true`)
	assert.Contains(t, spec.Types, "alicloud-eip:index:MultiEipNetworkInterface")
}
