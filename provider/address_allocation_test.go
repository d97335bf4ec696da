package provider

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const allocationUrn = presource.URN("urn:pulumi:stack::project::" + multiComponentToken + "$alicloud-eip:index:AddressAllocation::svc-allocation")

// allocationServer serves the provider's gRPC surface for AddressAllocation tests.
func allocationServer(t *testing.T) integration.Server {
	t.Helper()
	prov, err := Provider()
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s, err := integration.NewServer(ctx, Name, semver.MustParse(Version), integration.WithProvider(prov))
	require.NoError(t, err)
	return s
}

// allocationInputs are the inputs of an ecs.c6.large's allocation in 192.168.1.128/26.
func allocationInputs(rng string, names ...string) property.Map {
	var es []property.Value
	for _, n := range names {
		es = append(es, property.New(map[string]property.Value{"name": property.New(n)}))
	}
	return property.NewMap(map[string]property.Value{
		"entries": property.New(es), "mode": property.New("nat"), "vswitchCidrBlock": property.New("192.168.1.0/24"),
		"privateIpRange": property.New(rng), "secondaryEnis": property.New(1.0), "privateIpsPerEni": property.New(6.0),
	})
}

// slotIP is the private IP of an entry in an allocation's state.
func slotIP(t *testing.T, state property.Map, name string) string {
	t.Helper()
	slot, ok := state.Get("slots").AsMap().GetOk(name)
	require.True(t, ok, "%q has a slot", name)
	return slot.AsMap().Get("privateIp").AsString()
}

func TestAddressAllocationOutputsKnownAtPreview(t *testing.T) {
	s := allocationServer(t)
	in := allocationInputs("192.168.1.128/26", "a", "b", "c")
	preview, err := s.Create(p.CreateRequest{Urn: allocationUrn, Properties: in, DryRun: true})
	require.NoError(t, err)
	assert.False(t, preview.Properties.Get("slots").IsComputed(), "a created allocation's slots are known at preview")
	assert.False(t, preview.Properties.Get("networkInterfaces").IsComputed())
	assert.Equal(t, "192.168.1.129", slotIP(t, preview.Properties, "b"))

	created, err := s.Create(p.CreateRequest{Urn: allocationUrn, Properties: in})
	require.NoError(t, err)
	assert.Equal(t, preview.Properties, created.Properties, "the update gives what the preview showed")

	// Insert in the middle: an update, whose preview shows the new entry's private IP.
	grown := allocationInputs("192.168.1.128/26", "a", "x", "b", "c")
	diff, err := s.Diff(p.DiffRequest{ID: created.ID, Urn: allocationUrn, State: created.Properties, Inputs: grown, OldInputs: in})
	require.NoError(t, err)
	assert.True(t, diff.HasChanges)
	assert.False(t, diff.DeleteBeforeReplace)
	for k, d := range diff.DetailedDiff {
		assert.Equal(t, p.Update, d.Kind, "%s is updated in place, never replaced", k)
	}
	up, err := s.Update(p.UpdateRequest{ID: created.ID, Urn: allocationUrn, State: created.Properties, Inputs: grown, OldInputs: in, DryRun: true})
	require.NoError(t, err)
	assert.False(t, up.Properties.Get("slots").IsComputed(), "an updated allocation's slots are known at preview")
	assert.Equal(t, "192.168.1.131", slotIP(t, up.Properties, "x"))
	for _, n := range []string{"a", "b", "c"} {
		assert.Equal(t, slotIP(t, created.Properties, n), slotIP(t, up.Properties, n), "%q keeps its private IP", n)
	}

	// A reorder, or a wider range, changes no slot: no update.
	for _, same := range []property.Map{allocationInputs("192.168.1.128/26", "c", "a", "b"), allocationInputs("192.168.1.128/25", "a", "b", "c")} {
		diff, err = s.Diff(p.DiffRequest{ID: created.ID, Urn: allocationUrn, State: created.Properties, Inputs: same, OldInputs: in})
		require.NoError(t, err)
		assert.False(t, diff.HasChanges, "inputs that leave every slot in place are no change")
	}

	// A range that no longer holds a kept slot fails the diff, naming the entries.
	_, err = s.Diff(p.DiffRequest{ID: created.ID, Urn: allocationUrn, State: created.Properties,
		Inputs: allocationInputs("192.168.1.192/26", "a", "b", "c"), OldInputs: in})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `privateIpRange 192.168.1.192/26 no longer holds 192.168.1.128, the primary IP of secondary ENI 0, which carries "a", "b", "c"`)
}

// AddressAllocation is served, but kept out of the schema: only MultiEipInstance registers it.
func TestAddressAllocationIsInternal(t *testing.T) {
	s := allocationServer(t)
	resp, err := s.GetSchema(p.GetSchemaRequest{})
	require.NoError(t, err)
	var spec struct {
		Resources map[string]json.RawMessage `json:"resources"`
		Types     map[string]json.RawMessage `json:"types"`
	}
	require.NoError(t, json.Unmarshal([]byte(resp.Schema), &spec))
	for _, token := range internalTypes {
		assert.NotContains(t, spec.Resources, token)
		assert.NotContains(t, spec.Types, token)
	}
	_, err = s.Create(p.CreateRequest{Urn: allocationUrn, Properties: allocationInputs("192.168.1.128/26", "a")})
	require.NoError(t, err)
}
