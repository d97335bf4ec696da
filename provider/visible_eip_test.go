package provider

import (
	"strings"
	"testing"

	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func baseVisibleArgs() VisibleEipArgs {
	return VisibleEipArgs{
		InstanceId:       pulumi.String("i-web"),
		VpcId:            pulumi.String("vpc-main"),
		ZoneId:           pulumi.String("cn-hangzhou-h"),
		SecurityGroupIds: pulumi.StringArray{pulumi.String("sg-web")},
		Bandwidth:        pulumi.String("5"),
	}
}

// withIpv6 is args with dual stack opened to the internet: the vSwitch's /64 at index mask and
// 10 Mbit/s bought on IPv6 gateway ipv6gw-main.
func withIpv6(args VisibleEipArgs, mask int) VisibleEipArgs {
	args.Ipv6, args.Ipv6CidrBlockMask = true, pulumi.Int(mask)
	args.Ipv6GatewayId, args.Ipv6Bandwidth = pulumi.String("ipv6gw-main"), pulumi.Int(10)
	return args
}

// runVisible runs one VisibleEip against a fresh mock and returns the mock and its outputs.
func runVisible(t *testing.T, preview bool, args VisibleEipArgs, opts ...pulumi.ResourceOption) (*mockCloud, *capture, error) {
	t.Helper()
	m := newMockCloud()
	m.preview = preview
	c := &capture{}
	err := m.run(func(ctx *pulumi.Context) error {
		v, err := NewVisibleEip(ctx, "ftp", args, opts...)
		if err != nil {
			return err
		}
		c.set("eipAddress", v.EipAddress)
		c.set("allocationId", v.AllocationId)
		c.set("secondaryCidrBlock", v.SecondaryCidrBlock)
		c.set("vswitchCidrBlock", v.VswitchCidrBlock)
		c.set("gateway", v.Gateway)
		c.set("macAddress", v.MacAddress)
		c.set("routeTable", v.RouteTable)
		c.set("cloudConfig", v.CloudConfig)
		c.set("script", v.Script)
		c.set("netplan", v.Netplan)
		c.set("verifyCommands", v.VerifyCommands)
		c.set("ipv6Address", v.Ipv6Address)
		c.set("ipv6GatewayId", v.Ipv6GatewayId)
		// As the provider does: the run waits for the outputs.
		return ctx.RegisterResourceOutputs(v, pulumi.Map{"eipAddress": v.EipAddress, "allocationId": v.AllocationId,
			"secondaryCidrBlock": v.SecondaryCidrBlock, "vswitchCidrBlock": v.VswitchCidrBlock, "gateway": v.Gateway,
			"macAddress": v.MacAddress, "routeTable": v.RouteTable, "cloudConfig": v.CloudConfig, "script": v.Script,
			"netplan": v.Netplan, "verifyCommands": v.VerifyCommands, "ipv6Address": v.Ipv6Address,
			"ipv6GatewayId": v.Ipv6GatewayId})
	})
	return m, c, err
}

func urnOf(r recordedResource) string {
	return "urn:pulumi:stack::project::alicloud-eip:index:VisibleEip$" + r.Token + "::" + r.Name
}

func TestVisibleEipSecondaryCidr(t *testing.T) {
	m, c, err := runVisible(t, false, baseVisibleArgs())
	require.NoError(t, err)

	var tokens []string
	for _, r := range m.recorded {
		tokens = append(tokens, r.Token)
	}
	assert.ElementsMatch(t, []string{"alicloud-eip:index:VisibleEip", alicloud.EipAddressToken, alicloud.Ipv4CidrBlockToken, alicloud.SwitchToken, alicloud.NetworkInterfaceToken,
		alicloud.EipAssociationToken, alicloud.NetworkInterfaceAttachmentToken}, tokens)

	eip := m.byName(t, "ftp-eip")
	assert.Equal(t, "5", eip.Inputs["bandwidth"].StringValue())
	address, _ := c.get("eipAddress")
	require.Equal(t, "118.31.106.227", address)

	cidr := m.byName(t, "ftp-cidr")
	assert.Equal(t, "118.31.106.224/28", cidr.Inputs["secondaryCidrBlock"].StringValue(), "a /29 vSwitch gets a /28 secondary block")
	assert.Equal(t, "vpc-main", cidr.Inputs["vpcId"].StringValue())
	sw := m.byName(t, "ftp-vsw")
	assert.Equal(t, "118.31.106.224/29", sw.Inputs["cidrBlock"].StringValue())
	assert.Equal(t, "cn-hangzhou-h", sw.Inputs["zoneId"].StringValue())
	assert.Contains(t, sw.Request.Dependencies, urnOf(cidr), "the vSwitch waits for the secondary block")

	eni := m.byName(t, "ftp-eni")
	assert.Equal(t, "118.31.106.227", eni.Inputs["primaryIpAddress"].StringValue(), "the ENI's primary IP is the EIP")
	assert.Equal(t, "vsw-ftp-vsw", eni.Inputs["vswitchId"].StringValue())

	assoc := m.byName(t, "ftp-assoc")
	assert.Equal(t, "NAT", assoc.Inputs["mode"].StringValue())
	assert.Equal(t, "NetworkInterface", assoc.Inputs["instanceType"].StringValue())
	assert.Equal(t, "eni-ftp-eni", assoc.Inputs["instanceId"].StringValue())
	assert.Equal(t, "eip-ftp-eip", assoc.Inputs["allocationId"].StringValue())
	attach := m.byName(t, "ftp-attach")
	assert.Equal(t, "i-web", attach.Inputs["instanceId"].StringValue())
	assert.Equal(t, "eni-ftp-eni", attach.Inputs["networkInterfaceId"].StringValue())
	assert.Contains(t, assoc.Request.Dependencies, urnOf(eni))
	assert.Contains(t, attach.Request.Dependencies, urnOf(eni))
	assert.NotContains(t, attach.Request.Dependencies, urnOf(assoc), "NAT mode attaches and associates in parallel")

	for _, name := range []string{"ftp-cidr", "ftp-vsw", "ftp-assoc", "ftp-attach"} {
		assert.True(t, m.byName(t, name).Request.DeleteBeforeReplace, "%s must be deleted before it is replaced", name)
	}
	assert.False(t, eip.Request.GetProtect())

	for key, want := range map[string]any{
		"allocationId": "eip-ftp-eip", "secondaryCidrBlock": "118.31.106.224/28", "vswitchCidrBlock": "118.31.106.224/29",
		"gateway": "118.31.106.229", "macAddress": "00:16:3e:00:9e:c6", "routeTable": 0,
	} {
		got, ok := c.get(key)
		assert.True(t, ok, key)
		assert.Equal(t, want, got, key)
	}
	cloudConfig, _ := c.get("cloudConfig")
	assert.Contains(t, cloudConfig, "#cloud-config")
	script, _ := c.get("script")
	assert.NotContains(t, script, "00:16:3e:00:9e:c6", "the metadata-mode program names no ENI: it serves every secondary ENI")
	verify, _ := c.get("verifyCommands")
	assert.NotEmpty(t, verify)
}

func TestVisibleEipStaticGuestCarriesTheAddresses(t *testing.T) {
	args := baseVisibleArgs()
	args.Guest = &GuestOptions{Mode: "static"}
	_, c, err := runVisible(t, false, args)
	require.NoError(t, err)
	script, _ := c.get("script")
	assert.Contains(t, script, "118.31.106.227")
	assert.Contains(t, script, "118.31.106.229", "the gateway of the vSwitch")
}

func TestVisibleEipAdoptsAnExistingEip(t *testing.T) {
	args := baseVisibleArgs()
	args.Bandwidth = nil
	args.AllocationId = pulumi.String("eip-kept")
	args.IpAddress = pulumi.String("47.96.10.100")
	m, c, err := runVisible(t, false, args)
	require.NoError(t, err)
	assert.Empty(t, m.byToken(alicloud.EipAddressToken), "an adopted EIP is not registered, so it is never deleted")
	assert.Equal(t, "47.96.10.100", m.byName(t, "ftp-eni").Inputs["primaryIpAddress"].StringValue())
	assert.Equal(t, "eip-kept", m.byName(t, "ftp-assoc").Inputs["allocationId"].StringValue())
	assert.Equal(t, "47.96.10.96/29", m.byName(t, "ftp-vsw").Inputs["cidrBlock"].StringValue())
	got, _ := c.get("allocationId")
	assert.Equal(t, "eip-kept", got)
}

func TestVisibleEipReusesAVswitch(t *testing.T) {
	args := baseVisibleArgs()
	args.AllocationId = pulumi.String("eip-kept")
	args.IpAddress = pulumi.String("47.96.10.100")
	args.VswitchId = pulumi.String("vsw-shared")
	args.VswitchCidrBlock = pulumi.String("47.96.10.96/28")
	m, c, err := runVisible(t, false, args)
	require.NoError(t, err)
	assert.Empty(t, m.byToken(alicloud.Ipv4CidrBlockToken))
	assert.Empty(t, m.byToken(alicloud.SwitchToken))
	assert.Equal(t, "vsw-shared", m.byName(t, "ftp-eni").Inputs["vswitchId"].StringValue())
	got, _ := c.get("gateway")
	assert.Equal(t, "47.96.10.109", got)
}

func TestVisibleEipCutThrough(t *testing.T) {
	args := baseVisibleArgs()
	args.Mode = ModeCutThrough
	args.VswitchId = pulumi.String("vsw-app")
	args.Region = pulumi.String("cn-hangzhou")
	m, _, err := runVisible(t, false, args)
	require.NoError(t, err)
	assert.Empty(t, m.byToken(alicloud.Ipv4CidrBlockToken))
	assert.Empty(t, m.byToken(alicloud.SwitchToken))
	eni := m.byName(t, "ftp-eni")
	assert.NotContains(t, eni.Inputs, resource.PropertyKey("primaryIpAddress"))
	assert.Equal(t, "vsw-app", eni.Inputs["vswitchId"].StringValue())
	assoc := m.byName(t, "ftp-assoc")
	assert.Equal(t, "BINDED", assoc.Inputs["mode"].StringValue())
	attach := m.byName(t, "ftp-attach")
	assert.Contains(t, attach.Request.Dependencies, urnOf(assoc), "cut-through associates before it attaches")
	assert.True(t, attach.Request.DeleteBeforeReplace)
}

func TestVisibleEipIpv6(t *testing.T) {
	m, c, err := runVisible(t, false, withIpv6(baseVisibleArgs(), 12))
	require.NoError(t, err)
	sw := m.byName(t, "ftp-vsw")
	assert.True(t, sw.Inputs["enableIpv6"].BoolValue())
	assert.Equal(t, 12.0, sw.Inputs["ipv6CidrBlockMask"].NumberValue())
	assert.Equal(t, 1.0, m.byName(t, "ftp-eni").Inputs["ipv6AddressCount"].NumberValue())
	bw := m.byName(t, "ftp-ipv6bw")
	assert.Equal(t, "ipv6-0001", bw.Inputs["ipv6AddressId"].StringValue())
	assert.Equal(t, "ipv6gw-main", bw.Inputs["ipv6GatewayId"].StringValue())
	got, _ := c.get("ipv6Address")
	assert.Equal(t, "2408:4000:1::9ec6", got)
}

func TestVisibleEipWithoutIpv6HasNoIpv6Resources(t *testing.T) {
	m, c, err := runVisible(t, false, baseVisibleArgs())
	require.NoError(t, err)
	assert.Empty(t, m.byToken(alicloud.Ipv6InternetBandwidthToken))
	assert.NotContains(t, m.byName(t, "ftp-vsw").Inputs, resource.PropertyKey("enableIpv6"))
	got, _ := c.get("ipv6Address")
	assert.Equal(t, "", got)
}

func TestVisibleEipPreviewWithUnknownEip(t *testing.T) {
	m, c, err := runVisible(t, true, withIpv6(baseVisibleArgs(), 3))
	require.NoError(t, err)
	for _, token := range []string{alicloud.EipAddressToken, alicloud.Ipv4CidrBlockToken, alicloud.SwitchToken, alicloud.NetworkInterfaceToken, alicloud.EipAssociationToken, alicloud.NetworkInterfaceAttachmentToken, alicloud.Ipv6InternetBandwidthToken} {
		assert.Len(t, m.byToken(token), 1, "preview registers %s", token)
	}
	primary, set := m.byName(t, "ftp-eni").Inputs["primaryIpAddress"]
	assert.False(t, set && primary.IsString(), "the ENI's primary IP is unknown until the EIP exists")
	_, known := c.get("vswitchCidrBlock")
	assert.False(t, known)
}

func TestVisibleEipLifecycleOptions(t *testing.T) {
	args := baseVisibleArgs()
	args.ProtectEip = true
	args.RetainEipOnDelete = true
	args.DeletionProtection = pulumi.Bool(true)
	m, _, err := runVisible(t, false, args)
	require.NoError(t, err)
	eip := m.byName(t, "ftp-eip")
	assert.True(t, eip.Request.GetProtect())
	assert.True(t, eip.Request.GetRetainOnDelete())
	assert.True(t, eip.Inputs["deletionProtection"].BoolValue())
}

func TestVisibleEipMovesOnlyTheAttachment(t *testing.T) {
	first, _, err := runVisible(t, false, baseVisibleArgs())
	require.NoError(t, err)
	args := baseVisibleArgs()
	args.InstanceId = pulumi.String("i-other")
	second, _, err := runVisible(t, false, args)
	require.NoError(t, err)
	for _, r := range first.recorded {
		if r.Token == alicloud.NetworkInterfaceAttachmentToken {
			assert.NotEqual(t, r.Inputs, second.byName(t, r.Name).Inputs)
			continue
		}
		if r.Token == "alicloud-eip:index:VisibleEip" {
			continue
		}
		assert.Equal(t, r.Inputs, second.byName(t, r.Name).Inputs, "%s must not change when the instance changes", r.Name)
	}
}

func TestVisibleEipExplicitProviderReachesEveryChild(t *testing.T) {
	m := newMockCloud()
	err := m.run(func(ctx *pulumi.Context) error {
		var prov pulumi.ProviderResourceState
		if err := ctx.RegisterResource("pulumi:providers:alicloud", "hangzhou", pulumi.Map{
			"region": pulumi.String("cn-hangzhou")}, &prov); err != nil {
			return err
		}
		_, err := NewVisibleEip(ctx, "ftp", withIpv6(baseVisibleArgs(), 1), pulumi.Providers(&prov))
		return err
	})
	require.NoError(t, err)
	children := 0
	for _, r := range m.recorded {
		if strings.HasPrefix(r.Token, "alicloud:") {
			children++
			assert.Contains(t, r.Provider, "pulumi:providers:alicloud::hangzhou", "%s uses the explicit provider", r.Name)
			assert.Equal(t, alicloud.Version, r.Request.GetVersion(), "%s pins the alicloud version", r.Name)
		}
	}
	assert.Equal(t, 7, children)
	for _, call := range m.invokes {
		assert.Contains(t, call.Provider, "pulumi:providers:alicloud::hangzhou", "invoke %s uses the explicit provider", call.Token)
	}
	assert.NotEmpty(t, m.invokes)
}

func TestVisibleEipChecks(t *testing.T) {
	tests := []struct {
		name string
		edit func(*VisibleEipArgs)
		want []string
	}{
		{"unknown mode", func(a *VisibleEipArgs) { a.Mode = "bridged" },
			[]string{"mode bridged is not a visible EIP mode"}},
		{"adopted without address", func(a *VisibleEipArgs) { a.AllocationId = pulumi.String("eip-1") },
			[]string{"ipAddress is missing while allocationId adopts an EIP"}},
		{"address without adoption", func(a *VisibleEipArgs) { a.IpAddress = pulumi.String("47.96.10.100") },
			[]string{"ipAddress is given without allocationId"}},
		{"cut-through without vSwitch", func(a *VisibleEipArgs) { a.Mode, a.Region = ModeCutThrough, pulumi.String("cn-hangzhou") },
			[]string{"vswitchId is missing in cutThrough mode"}},
		{"cut-through in an unsupported region", func(a *VisibleEipArgs) {
			a.Mode, a.VswitchId, a.Region = ModeCutThrough, pulumi.String("vsw-1"), pulumi.String("us-west-1")
		}, []string{"mode cutThrough is not available in region us-west-1", "use mode secondaryCidr"}},
		{"ipv6 without index", func(a *VisibleEipArgs) { a.Ipv6 = true },
			[]string{"ipv6CidrBlockMask is missing with ipv6"}},
		{"ipv6 inputs without ipv6", func(a *VisibleEipArgs) { a.Ipv6GatewayId = pulumi.String("gw") },
			[]string{"ipv6 is off while IPv6 inputs are given"}},
		{"EIP in an excluded range", func(a *VisibleEipArgs) {
			a.AllocationId, a.IpAddress = pulumi.String("eip-1"), pulumi.String("100.64.3.10")
		}, []string{"ipAddress 100.64.3.10 lies in the excluded range 100.64.0.0/10"}},
		{"EIP reserved in every block", func(a *VisibleEipArgs) {
			a.AllocationId, a.IpAddress = pulumi.String("eip-1"), pulumi.String("118.31.0.0")
		}, []string{"ipAddress 118.31.0.0 is reserved in every vSwitch block /29 to /16"}},
		{"explicit vSwitch without the EIP", func(a *VisibleEipArgs) {
			a.AllocationId, a.IpAddress = pulumi.String("eip-1"), pulumi.String("118.31.2.10")
			a.VswitchCidrBlock = pulumi.String("10.0.0.0/24")
		}, []string{"vswitchCidrBlock 10.0.0.0/24", "118.31.2.10"}},
		{"explicit vSwitch making the EIP reserved", func(a *VisibleEipArgs) {
			a.AllocationId, a.IpAddress = pulumi.String("eip-1"), pulumi.String("118.31.2.15")
			a.VswitchCidrBlock = pulumi.String("118.31.2.8/29")
		}, []string{"vswitchCidrBlock 118.31.2.8/29", "reserved"}},
		{"secondary mask too long", func(a *VisibleEipArgs) {
			a.AllocationId, a.IpAddress = pulumi.String("eip-1"), pulumi.String("118.31.2.10")
			a.SecondaryCidrBlock, a.VswitchCidrBlock = pulumi.String("118.31.2.8/29"), pulumi.String("118.31.2.8/29")
		}, []string{"secondaryCidrBlock 118.31.2.8/29 has mask 29", "8 to 28"}},
		{"vSwitch mask too short", func(a *VisibleEipArgs) {
			a.AllocationId, a.IpAddress = pulumi.String("eip-1"), pulumi.String("118.31.2.10")
			a.SecondaryCidrBlock, a.VswitchCidrBlock = pulumi.String("118.0.0.0/8"), pulumi.String("118.0.0.0/12")
		}, []string{"vswitchCidrBlock 118.0.0.0/12 has mask 12", "16 to 29"}},
		{"blocks not nested", func(a *VisibleEipArgs) {
			a.AllocationId, a.IpAddress = pulumi.String("eip-1"), pulumi.String("118.31.2.10")
			a.SecondaryCidrBlock, a.VswitchCidrBlock = pulumi.String("118.31.3.0/24"), pulumi.String("118.31.2.8/29")
		}, []string{"vswitchCidrBlock 118.31.2.8/29 is not inside secondaryCidrBlock 118.31.3.0/24"}},
		{"static cut-through without gateway", func(a *VisibleEipArgs) {
			a.Mode, a.VswitchId, a.Region = ModeCutThrough, pulumi.String("vsw-1"), pulumi.String("cn-hangzhou")
			a.Guest = &GuestOptions{Mode: "static"}
		}, []string{"eipGateway is missing in cutThrough mode with guest.mode static"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := baseVisibleArgs()
			tt.edit(&args)
			_, _, err := runVisible(t, false, args)
			require.Error(t, err)
			for _, want := range tt.want {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestVisibleEipWarnsAboutHotPlug(t *testing.T) {
	args := baseVisibleArgs()
	args.InstanceType = pulumi.String("ecs.t5-lc1m1.small")
	_, _, err := runVisible(t, false, args)
	require.NoError(t, err, "hot-plug is a warning: the component cannot know whether the instance is stopped")
}
