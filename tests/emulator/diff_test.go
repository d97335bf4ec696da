package emulator

import (
	"context"
	"sort"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replaceFields are the fields the real provider forces new, per resource.
var replaceFields = map[string][]string{
	TokenEip:            {"allocationId", "highDefinitionMonitorLogStatus", "internetChargeType", "ipAddress", "isp", "netmode", "paymentType", "publicIpAddressPoolId", "securityProtectionTypes", "zone"},
	TokenEipAssociation: {"allocationId", "instanceId", "instanceType", "privateIpAddress", "vpcId"},
	TokenCidrBlock:      {"secondaryCidrBlock", "vpcId"},
	TokenSwitch:         {"cidrBlock", "isDefault", "vpcId", "zoneId"},
	TokenEni:            {"primaryIpAddress", "resourceGroupId", "vswitchId", "instanceType", "networkInterfaceTrafficMode"},
	TokenAttachment:     {"networkInterfaceId", "instanceId", "trunkNetworkInstanceId", "networkCardIndex"},
	TokenIpv6Gateway:    {"vpcId"},
	TokenIpv6Bandwidth:  {"internetChargeType", "ipv6GatewayId"},
	TokenCommand:        {"commandContent", "description", "enableParameter", "name", "timeout", "type", "workingDir"},
	TokenInvocation:     {"commandId", "instanceIds", "frequency", "parameters", "repeatMode", "timed", "username"},
}

// inPlaceFields update without replacement.
var inPlaceFields = map[string][]string{
	TokenEip:            {"bandwidth", "tags", "addressName", "description", "deletionProtection"},
	TokenEipAssociation: {"mode", "force"},
	TokenSwitch:         {"vswitchName", "description", "tags", "ipv6CidrBlockMask", "enableIpv6"},
	TokenEni:            {"privateIpAddresses", "privateIpsCount", "secondaryPrivateIpAddressCount", "securityGroupIds", "networkInterfaceName", "ipv6AddressCount", "ipv6Addresses", "description", "tags"},
	TokenAttachment:     {"waitForNetworkConfigurationReady"},
	TokenIpv6Bandwidth:  {"bandwidth"},
	TokenInstance:       {"userData", "status", "instanceType", "securityGroups", "secondaryPrivateIps", "tags"},
	TokenNetwork:        {"vpcName", "description", "enableIpv6"},
}

func sample(field string) (property.Value, property.Value) {
	return property.New("old-" + field), property.New("new-" + field)
}

func TestDiffReplacesExactlyTheForceNewFields(t *testing.T) {
	c := newTestCloud(t, "", nil)
	for _, k := range []struct {
		fields map[string][]string
		kind   p.DiffKind
	}{{replaceFields, p.UpdateReplace}, {inPlaceFields, p.Update}} {
		for token, fields := range k.fields {
			for _, field := range fields {
				t.Run(token+"/"+field, func(t *testing.T) {
					oldV, newV := sample(field)
					resp := c.diff(token, property.NewMap(map[string]property.Value{field: oldV}), property.NewMap(map[string]property.Value{field: newV}))
					require.True(t, resp.HasChanges)
					assert.Equal(t, k.kind, resp.DetailedDiff[field].Kind)
					assert.False(t, resp.DeleteBeforeReplace, "the real provider never asks for delete-before-replace")
				})
			}
		}
	}
}

func TestForceNewTablesMatchTheKinds(t *testing.T) {
	for token, fields := range replaceFields {
		var got []string
		for f := range kinds[token].forceNew {
			got = append(got, f)
		}
		want := append([]string(nil), fields...)
		switch token {
		case TokenSwitch:
			want = append(want, "availabilityZone") // deprecated alias of zoneId
		case TokenEni:
			want = append(want, "privateIp") // deprecated alias of primaryIpAddress
		case TokenInvocation:
			want = append(want, "windowsPasswordName")
		}
		sort.Strings(got)
		sort.Strings(want)
		assert.Equal(t, want, got, token)
	}
}

func TestDiffDetails(t *testing.T) {
	c := newTestCloud(t, "", nil)
	m := func(kv ...any) property.Map {
		vals := map[string]property.Value{}
		for i := 0; i < len(kv); i += 2 {
			vals[kv[i].(string)] = propValue(kv[i+1])
		}
		return property.NewMap(vals)
	}
	same := c.diff(TokenEni, m("vswitchId", "vsw-1", "privateIpAddresses", []any{"10.0.0.5"}), m("vswitchId", "vsw-1", "privateIpAddresses", []any{"10.0.0.5"}))
	assert.False(t, same.HasChanges)

	unknown := c.diff(TokenEni, m("vswitchId", "vsw-1"), property.NewMap(map[string]property.Value{"vswitchId": property.New(property.Computed)}))
	assert.Equal(t, p.UpdateReplace, unknown.DetailedDiff["vswitchId"].Kind, "an unknown value in a force-new field shows a replacement")

	added := c.diff(TokenEipAssociation, m("allocationId", "eip-1"), m("allocationId", "eip-1", "privateIpAddress", "10.0.0.5"))
	assert.Equal(t, p.AddReplace, added.DetailedDiff["privateIpAddress"].Kind)
	removed := c.diff(TokenEip, m("bandwidth", "5", "tags", map[string]any{"a": "b"}), m("bandwidth", "5"))
	assert.Equal(t, p.Delete, removed.DetailedDiff["tags"].Kind)

	resp, err := c.prov.Diff(context.Background(), p.DiffRequest{ID: "x", Urn: urn(TokenEip, "x"), State: m("bandwidth", "5", "status", "InUse"), OldInputs: m("bandwidth", "5"), Inputs: m("bandwidth", "5"), IgnoreChanges: nil})
	require.NoError(t, err)
	assert.False(t, resp.HasChanges, "outputs that are not inputs never show as changes")
}

func TestPreviewWithUnknowns(t *testing.T) {
	c := newTestCloud(t, "", nil)
	in := property.NewMap(map[string]property.Value{"vswitchId": property.New(property.Computed), "privateIpAddresses": property.New([]property.Value{property.New(property.Computed)})})
	checked, err := c.prov.Check(context.Background(), p.CheckRequest{Urn: urn(TokenEni, "e"), Inputs: in})
	require.NoError(t, err)
	assert.Empty(t, checked.Failures)
	resp, err := c.prov.Create(context.Background(), p.CreateRequest{Urn: urn(TokenEni, "e"), Properties: checked.Inputs, DryRun: true})
	require.NoError(t, err)
	assert.True(t, resp.Properties.Get("mac").IsComputed())
	assert.True(t, resp.Properties.Get("primaryIpAddress").IsComputed())
	assert.Empty(t, c.state().Resources, "preview creates nothing")

	missing, err := c.prov.Check(context.Background(), p.CheckRequest{Urn: urn(TokenEipAssociation, "a"), Inputs: property.NewMap(map[string]property.Value{"instanceId": property.New("eni-1")})})
	require.NoError(t, err)
	require.Len(t, missing.Failures, 1)
	assert.Equal(t, "allocationId", missing.Failures[0].Property)
}
