package provider

import (
	"context"
	"maps"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
)

// constructMulti runs Construct of MultiEipInstance "svc" through the provider's gRPC surface.
func constructMulti(t testing.TB, m *mockCloud, inputs map[string]property.Value) (p.ConstructResponse, error) {
	t.Helper()
	prov, err := Provider()
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s, err := integration.NewServer(ctx, Name, semver.MustParse(Version), integration.WithProvider(prov), integration.WithMocks(m))
	require.NoError(t, err)
	return s.Construct(p.ConstructRequest{
		Urn:    presource.URN("urn:pulumi:stack::project::" + multiComponentToken + "::svc"),
		DryRun: m.preview,
		Inputs: property.NewMap(inputs),
	})
}

func entries(names ...string) property.Value {
	var out []property.Value
	for _, n := range names {
		out = append(out, property.New(map[string]property.Value{"name": property.New(n)}))
	}
	return property.New(out)
}

// onExistingInstance are inputs of a MultiEipInstance on existing instance i-web (ecs.c6.large, one
// secondary ENI of 6 private IPs) in vSwitch vsw-b, its private IPs from 192.168.0.0/24, with more.
func onExistingInstance(more map[string]property.Value) map[string]property.Value {
	in := map[string]property.Value{
		"instanceId":       property.New("i-web"),
		"instanceType":     property.New("ecs.c6.large"),
		"vswitchId":        property.New("vsw-b"),
		"securityGroupIds": property.New([]property.Value{property.New("sg-web")}),
		"privateIpRange":   property.New("192.168.0.0/24"),
	}
	maps.Copy(in, more)
	return in
}

func TestMultiEipInstanceConstructNat(t *testing.T) {
	m := newMockCloud()
	resp, err := constructMulti(t, m, onExistingInstance(map[string]property.Value{
		"eips":        entries("web", "mail"),
		"eipCount":    property.New(2.0),
		"protectEips": property.New(true),
	}))
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"svc-web", "svc-mail", "svc-eip-0", "svc-eip-1"}, m.names(alicloud.EipAddressToken))
	for _, r := range m.byToken(alicloud.EipAddressToken) {
		assert.True(t, r.Request.GetProtect(), r.Name)
	}
	for _, r := range m.byToken(alicloud.EipAssociationToken) {
		assert.True(t, r.Request.GetDeleteBeforeReplace(), r.Name)
		assert.Equal(t, "NAT", r.Inputs["mode"].StringValue())
	}
	assert.Equal(t, []string{"svc-eni-0-attach"}, m.names(alicloud.NetworkInterfaceAttachmentToken))
	assert.True(t, m.byName(t, "svc-eni-0-attach").Request.GetDeleteBeforeReplace())

	state := resp.State
	assert.Equal(t, "i-web", state.Get("instanceId").AsString())
	eips := state.Get("eips").AsArray()
	require.Equal(t, 4, eips.Len())
	assert.Equal(t, "web", eips.Get(0).AsMap().Get("name").AsString())
	assert.Equal(t, "eni-svc-eni-0", eips.Get(0).AsMap().Get("networkInterfaceId").AsString())
	nics := state.Get("networkInterfaces").AsArray()
	require.Equal(t, 1, nics.Len())
	assert.Equal(t, "192.168.0.1", nics.Get(0).AsMap().Get("primaryIp").AsString(), "the lowest usable address of the range")
	assert.Contains(t, state.Get("cloudConfig").AsString(), "#cloud-config")
}

func TestMultiEipInstanceConstructMultiEipToEni(t *testing.T) {
	m := newMockCloud()
	var eips []property.Value
	for _, n := range []string{"sip", "rtsp"} {
		eips = append(eips, property.New(map[string]property.Value{"name": property.New(n),
			"gateway": property.New("118.31.0.1"), "prefixLength": property.New(16.0)}))
	}
	resp, err := constructMulti(t, m, map[string]property.Value{
		"instance": property.New(map[string]property.Value{
			"instanceType":     property.New("ecs.g5.large"),
			"imageId":          property.New("aliyun_3_x64"),
			"vswitchId":        property.New("vsw-b"),
			"securityGroupIds": property.New([]property.Value{property.New("sg-web")}),
			"password":         property.New("S3cret-pass").WithSecret(true),
		}),
		"mode":   property.New(MultiModeMultiEipToEni),
		"region": property.New("cn-shanghai"),
		"eips":   property.New(eips),
	})
	require.NoError(t, err)
	for _, r := range m.byToken(alicloud.EipAssociationToken) {
		assert.Equal(t, "MULTI_BINDED", r.Inputs["mode"].StringValue())
	}
	inst := m.byName(t, "svc-instance")
	assert.True(t, inst.Inputs["password"].IsSecret() || inst.Inputs["password"].ContainsSecrets(), "the password stays secret")
	assert.NotEmpty(t, resp.State.Get("script").AsString())
	assert.Equal(t, "i-svc-instance", resp.State.Get("instanceId").AsString())
}

func TestMultiEipInstanceConstructPreview(t *testing.T) {
	m := newMockCloud()
	m.preview = true
	_, err := constructMulti(t, m, onExistingInstance(map[string]property.Value{
		"eips": entries("web", "mail", "api"),
	}))
	require.NoError(t, err)
	for _, r := range m.byToken(alicloud.EipAssociationToken) {
		assert.False(t, r.Inputs["privateIpAddress"].ContainsUnknowns(), "%s: the private IP is known at preview", r.Name)
	}
}

func TestMultiEipInstanceConstructRefuses(t *testing.T) {
	_, err := constructMulti(t, newMockCloud(), onExistingInstance(map[string]property.Value{
		"eipCount": property.New(7.0),
	}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exceeds the NAT capacity 6")
}

func TestMultiEipInstanceConstructRefusesBadGuestOptions(t *testing.T) {
	m := newMockCloud()
	_, err := constructMulti(t, m, onExistingInstance(map[string]property.Value{
		"eipCount": property.New(2.0),
		"guest":    property.New(map[string]property.Value{"tableBase": property.New(100.0)}),
	}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "guest.tableBase 100 is out of range")
	for _, r := range m.recorded {
		assert.NotContains(t, r.Token, "alicloud:", "nothing is created for bad guest options")
	}
}
