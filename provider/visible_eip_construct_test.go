package provider

import (
	"context"
	"testing"

	"github.com/blang/semver"
	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// constructVisible runs Construct of VisibleEip "ftp" through the provider's gRPC surface, the
// path the generated SDKs take.
func constructVisible(t *testing.T, m *mockCloud, inputs map[string]property.Value) (p.ConstructResponse, error) {
	t.Helper()
	prov, err := Provider()
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s, err := integration.NewServer(ctx, Name, semver.MustParse(Version), integration.WithProvider(prov),
		integration.WithMocks(m))
	require.NoError(t, err)
	return s.Construct(p.ConstructRequest{
		Urn:    presource.URN("urn:pulumi:stack::project::alicloud-eip:index:VisibleEip::ftp"),
		DryRun: m.preview,
		Inputs: property.NewMap(inputs),
	})
}

func visibleInputs(extra map[string]property.Value) map[string]property.Value {
	in := map[string]property.Value{
		"instanceId":       property.New("i-web"),
		"vpcId":            property.New("vpc-main"),
		"zoneId":           property.New("cn-hangzhou-h"),
		"securityGroupIds": property.New([]property.Value{property.New("sg-web")}),
	}
	for k, v := range extra {
		in[k] = v
	}
	return in
}

func TestVisibleEipConstructSecondaryCidr(t *testing.T) {
	m := newMockCloud()
	resp, err := constructVisible(t, m, visibleInputs(map[string]property.Value{
		"allocationId": property.New("eip-kept"),
		"ipAddress":    property.New("47.96.10.100"),
		"guest":        property.New(map[string]property.Value{"mode": property.New("static"), "mtu": property.New(8500.0)}),
		"protectEip":   property.New(true),
	}))
	require.NoError(t, err)
	assert.Equal(t, "47.96.10.100", m.byName(t, "ftp-eni").Inputs["primaryIpAddress"].StringValue())
	assert.Equal(t, "NAT", m.byName(t, "ftp-assoc").Inputs["mode"].StringValue())
	state := resp.State
	assert.Equal(t, "47.96.10.100", state.Get("eipAddress").AsString())
	assert.Equal(t, "47.96.10.96/29", state.Get("vswitchCidrBlock").AsString())
	assert.Equal(t, "47.96.10.96/28", state.Get("secondaryCidrBlock").AsString())
	assert.Equal(t, "47.96.10.101", state.Get("gateway").AsString())
	assert.Equal(t, 7101.0, state.Get("routeTable").AsNumber())
	assert.Contains(t, state.Get("script").AsString(), "MTU=8500")
	assert.Contains(t, state.Get("netplan").AsString(), "47.96.10.100/29")
}

func TestVisibleEipConstructCutThrough(t *testing.T) {
	m := newMockCloud()
	resp, err := constructVisible(t, m, visibleInputs(map[string]property.Value{
		"mode":      property.New("cutThrough"),
		"vswitchId": property.New("vsw-app"),
		"region":    property.New("cn-shanghai"),
	}))
	require.NoError(t, err)
	assert.Equal(t, "BINDED", m.byName(t, "ftp-assoc").Inputs["mode"].StringValue())
	assert.Empty(t, m.byToken(alicloud.SwitchToken))
	assert.Equal(t, "vsw-app", resp.State.Get("vswitchId").AsString())
	assert.Equal(t, "", resp.State.Get("secondaryCidrBlock").AsString())
}

func TestVisibleEipConstructPreview(t *testing.T) {
	m := newMockCloud()
	m.preview = true
	resp, err := constructVisible(t, m, visibleInputs(nil))
	require.NoError(t, err)
	assert.Len(t, m.byToken(alicloud.NetworkInterfaceToken), 1)
	assert.True(t, resp.State.Get("eipAddress").IsComputed())
}

func TestVisibleEipConstructRefusesBadInput(t *testing.T) {
	m := newMockCloud()
	_, err := constructVisible(t, m, visibleInputs(map[string]property.Value{
		"mode": property.New("cutThrough"), "vswitchId": property.New("vsw-app"), "region": property.New("eu-west-2"),
	}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "mode cutThrough is not available in region eu-west-2")
	for _, r := range m.recorded {
		assert.NotContains(t, r.Token, "alicloud:", "nothing is created for bad input")
	}

	m = newMockCloud()
	_, err = constructVisible(t, m, visibleInputs(map[string]property.Value{
		"guest": property.New(map[string]property.Value{"mode": property.New("dhcp")}),
	}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `guest.mode "dhcp" is unknown`)
	for _, r := range m.recorded {
		assert.NotContains(t, r.Token, "alicloud:", "nothing is created for bad guest options")
	}
}
