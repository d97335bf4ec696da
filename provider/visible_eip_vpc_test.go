package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// invoked lists the tokens of the functions a mock was asked.
func invoked(m *mockCloud) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, c := range m.invokes {
		out = append(out, c.Token)
	}
	return out
}

func adopted(a *VisibleEipArgs, address string) {
	a.Bandwidth, a.AllocationId, a.IpAddress = nil, pulumi.String("eip-kept"), pulumi.String(address)
}

var fiveBlocks = []string{"47.1.0.0/28", "47.2.0.0/28", "47.3.0.0/28", "47.4.0.0/28", "47.5.0.0/28"}

func TestVisibleEipRefusesASixthSecondaryBlockAtPreview(t *testing.T) {
	m := newMockCloud()
	m.preview, m.vpcSecondary = true, fiveBlocks
	err := m.run(func(ctx *pulumi.Context) error {
		_, err := NewVisibleEip(ctx, "ftp", baseVisibleArgs())
		return err
	})
	require.Error(t, err, "the allocated EIP's address is unknown at preview, the VPC's five blocks are not")
	assert.Contains(t, err.Error(), "secondaryCidrBlock would be secondary IPv4 CIDR block number 6 of VPC vpc-main, "+
		"which holds 47.1.0.0/28, 47.2.0.0/28, 47.3.0.0/28, 47.4.0.0/28, 47.5.0.0/28: a VPC holds at most 5")
	assert.Contains(t, err.Error(), "give vswitchId and vswitchCidrBlock")
	assert.Empty(t, m.byToken(alicloud.EipAddressToken), "nothing is registered: no EIP is allocated for a block that cannot be added")
	assert.Contains(t, invoked(m), alicloud.GetNetworksToken)
}

func TestVisibleEipRefusesAnOverlappingSecondaryBlock(t *testing.T) {
	args := baseVisibleArgs()
	adopted(&args, "118.31.2.10")
	m := newMockCloud()
	m.preview, m.vpcSecondary = true, []string{"118.31.0.0/16"}
	err := m.run(func(ctx *pulumi.Context) error {
		_, err := NewVisibleEip(ctx, "ftp", args)
		return err
	})
	require.Error(t, err, "a known address gives the block at preview")
	assert.Contains(t, err.Error(), "secondaryCidrBlock 118.31.2.0/28 overlaps 118.31.0.0/16, the secondary block of VPC vpc-main")
	assert.Empty(t, m.byToken(alicloud.Ipv4CidrBlockToken))

	m = newMockCloud()
	m.vpcSecondary = []string{"118.31.106.192/26"}
	err = m.run(func(ctx *pulumi.Context) error {
		_, err := NewVisibleEip(ctx, "ftp", baseVisibleArgs())
		return err
	})
	require.Error(t, err, "an allocated EIP's block is checked once the address is known, before the block is added")
	// The message itself is logged on the component (the mocks drop logs; tests/e2e reads it).
	assert.Contains(t, err.Error(), errSeeAbove.Error())
}

func TestVisibleEipKeepsItsOwnBlockFromAnEarlierRun(t *testing.T) {
	args := baseVisibleArgs()
	adopted(&args, "47.5.0.10")
	m := newMockCloud()
	m.vpcSecondary = fiveBlocks
	m.switches = []map[string]any{{"id": "vsw-old", "vpcId": "vpc-main", "cidrBlock": "47.5.0.8/29",
		"vswitchName": "ftp", "description": "visible EIP ftp"}}
	err := m.run(func(ctx *pulumi.Context) error {
		_, err := NewVisibleEip(ctx, "ftp", args)
		return err
	})
	require.NoError(t, err, "the fifth block holds this component's vSwitch: it is its own, not a sixth")
	assert.Equal(t, "47.5.0.0/28", m.byName(t, "ftp-cidr").Inputs["secondaryCidrBlock"].StringValue())

	args.IpAddress = pulumi.String("47.9.0.10")
	m.switches[0]["vswitchName"] = "other"
	err = m.run(func(ctx *pulumi.Context) error {
		_, err := NewVisibleEip(ctx, "ftp", args)
		return err
	})
	require.Error(t, err, "a vSwitch of another name does not make a block this component's")
	assert.Contains(t, err.Error(), "number 6 of VPC vpc-main")
}

func TestVisibleEipLooksUpOnlyKnownIds(t *testing.T) {
	m := newMockCloud()
	m.preview, m.vpcSecondary = true, fiveBlocks
	err := m.run(func(ctx *pulumi.Context) error {
		args := baseVisibleArgs()
		args.VpcId = pulumi.String("vpc-main").ToStringOutput().ApplyT(func(s string) string { return s }).(pulumi.StringOutput)
		_, err := NewVisibleEip(ctx, "ftp", args)
		return err
	})
	require.NoError(t, err, "a VPC id that is an output is not looked up: it is checked by the cloud")
	assert.NotContains(t, invoked(m), alicloud.GetNetworksToken)

	m = newMockCloud()
	m.vpcSecondary = fiveBlocks
	args := baseVisibleArgs()
	adopted(&args, "47.5.0.10")
	args.VswitchId, args.VswitchCidrBlock = pulumi.String("vsw-shared"), pulumi.String("47.5.0.0/28")
	err = m.run(func(ctx *pulumi.Context) error {
		_, err := NewVisibleEip(ctx, "ftp", args)
		return err
	})
	require.NoError(t, err, "a reused vSwitch adds no block, so the VPC's five blocks do not matter")
	assert.NotContains(t, invoked(m), alicloud.GetNetworksToken)
}

func ipv6Args() VisibleEipArgs {
	args := baseVisibleArgs()
	args.Ipv6, args.Ipv6CidrBlockMask = true, pulumi.Int(12)
	return args
}

func TestVisibleEipRefusesIpv6OnAVpcWithoutIt(t *testing.T) {
	m := newMockCloud()
	m.preview, m.vpcWithoutIpv6 = true, true
	err := m.run(func(ctx *pulumi.Context) error {
		_, err := NewVisibleEip(ctx, "ftp", ipv6Args())
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ipv6 true needs IPv6 on VPC vpc-main, which has no IPv6 CIDR block")
	assert.Contains(t, err.Error(), "step 'Enable IPv6 for the VPC'")
	assert.Contains(t, err.Error(), "ModifyVpcAttribute")
	assert.Empty(t, m.byToken(alicloud.EipAddressToken))

	m = newMockCloud()
	m.preview = true
	m.switches = []map[string]any{{"id": "vsw-v4", "vpcId": "vpc-main", "cidrBlock": "47.96.10.96/28", "ipv6CidrBlock": ""}}
	args := ipv6Args()
	adopted(&args, "47.96.10.100")
	args.Ipv6CidrBlockMask, args.VswitchId, args.VswitchCidrBlock = nil, pulumi.String("vsw-v4"), pulumi.String("47.96.10.96/28")
	err = m.run(func(ctx *pulumi.Context) error {
		_, err := NewVisibleEip(ctx, "ftp", args)
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ipv6 true needs IPv6 on the reused vSwitch")
	assert.Contains(t, err.Error(), "ModifyVSwitchAttribute")
}

func TestVisibleEipCreatesTheIpv6Gateway(t *testing.T) {
	args := ipv6Args()
	args.CreateIpv6Gateway, args.Ipv6Bandwidth = true, pulumi.Int(10)
	args.Ipv6InternetChargeType = pulumi.String("PayByTraffic")
	m, c, err := runVisible(t, false, args)
	require.NoError(t, err)
	gws := m.byToken(alicloud.Ipv6GatewayToken)
	require.Len(t, gws, 1)
	assert.Equal(t, "vpc-main", gws[0].Inputs["vpcId"].StringValue())
	bw := m.byName(t, "ftp-ipv6bw")
	assert.Equal(t, "ftp-ipv6gw-id", bw.Inputs["ipv6GatewayId"].StringValue(), "the bandwidth is bought on the created gateway")
	assert.Contains(t, bw.Request.Dependencies, urnOf(gws[0]))
	assert.Equal(t, "PayByTraffic", bw.Inputs["internetChargeType"].StringValue())
	sw := m.byName(t, "ftp-vsw")
	assert.True(t, sw.Inputs["enableIpv6"].BoolValue(), "the vSwitch gets its IPv6 block")
	got, _ := c.get("ipv6GatewayId")
	assert.Equal(t, bw.Inputs["ipv6GatewayId"].StringValue(), got)
}

func TestVisibleEipIpv6Checks(t *testing.T) {
	tests := []struct {
		name string
		edit func(*VisibleEipArgs)
		want string
	}{
		{"bandwidth without a gateway", func(a *VisibleEipArgs) { a.Ipv6Bandwidth = pulumi.Int(10) },
			"ipv6Bandwidth is given without an IPv6 gateway: public IPv6 bandwidth is bought on the VPC's IPv6 gateway"},
		{"both gateways", func(a *VisibleEipArgs) { a.CreateIpv6Gateway, a.Ipv6GatewayId = true, pulumi.String("ipv6gw-1") },
			"createIpv6Gateway true is given together with ipv6GatewayId"},
		{"charge type without bandwidth", func(a *VisibleEipArgs) { a.Ipv6InternetChargeType = pulumi.String("PayByTraffic") },
			"ipv6InternetChargeType is given without ipv6Bandwidth"},
		{"static guest without the IPv6 gateway address", func(a *VisibleEipArgs) { a.Guest = &GuestOptions{Mode: "static"} },
			"ipv6GatewayAddress is missing with ipv6 and guest.mode static"},
		{"gateway creation without ipv6", func(a *VisibleEipArgs) { a.Ipv6, a.Ipv6CidrBlockMask, a.CreateIpv6Gateway = false, nil, true },
			"ipv6 is off while IPv6 inputs are given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := ipv6Args()
			tt.edit(&args)
			m, _, err := runVisible(t, true, args)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Empty(t, m.byToken(alicloud.EipAddressToken), "refused before anything is registered")
		})
	}
}

func TestVisibleEipStaticGuestCarriesIpv6(t *testing.T) {
	args := ipv6Args()
	args.Guest = &GuestOptions{Mode: "static"}
	args.Ipv6GatewayAddress = pulumi.String("fe80::1")
	_, c, err := runVisible(t, false, args)
	require.NoError(t, err)
	script, _ := c.get("script")
	assert.Contains(t, script, "2408:4000:1::9ec6", "the ENI's IPv6 address is rendered")
	assert.Contains(t, script, "2408:4000:1::/64", "with the vSwitch's IPv6 block")
	assert.Contains(t, script, "fe80::1", "and the IPv6 gateway")
	netplan, _ := c.get("netplan")
	assert.Contains(t, netplan, "2408:4000:1::9ec6/64")
}

func TestVisibleEipCutThroughStaticGuestPutsTheEipOnItsInterface(t *testing.T) {
	args := baseVisibleArgs()
	args.Mode, args.VswitchId, args.Region = ModeCutThrough, pulumi.String("vsw-app"), pulumi.String("cn-hangzhou")
	args.Guest = &GuestOptions{Mode: "static"}
	args.EipGateway, args.EipPrefixLength = pulumi.String("118.31.106.1"), pulumi.Int(24)
	_, c, err := runVisible(t, false, args)
	require.NoError(t, err, "the interface holds the EIP as its address, in the EIP's network")
	script, _ := c.get("script")
	mac, _ := c.get("macAddress")
	eip, _ := c.get("eipAddress")
	for _, want := range []string{mac.(string), "118.31.106.0/24", "118.31.106.1", eip.(string)} {
		assert.Contains(t, script, want, "the EIP is the ENI's address, in its network, with its gateway")
	}
	netplan, _ := c.get("netplan")
	assert.Contains(t, netplan, "- "+eip.(string)+"/24")
	assert.Contains(t, netplan, "via: 118.31.106.1")
	assert.Contains(t, netplan, "table: 7101")
}

// TestVisibleEipsOnOneInstanceShareOneProgram runs two VisibleEips of one instance: in
// metadata mode both render the same program, the one renderGuestNetwork renders without
// interfaces, so either's userData serves both ENIs; in static mode their guestInterface
// outputs make one renderGuestNetwork program for both.
func TestVisibleEipsOnOneInstanceShareOneProgram(t *testing.T) {
	run := func(guest *GuestOptions) *capture {
		m := newMockCloud()
		c := &capture{}
		require.NoError(t, m.run(func(ctx *pulumi.Context) error {
			for _, name := range []string{"ftp", "vpn"} {
				args := baseVisibleArgs()
				args.Guest = guest
				v, err := NewVisibleEip(ctx, name, args)
				if err != nil {
					return err
				}
				c.set(name+".userData", v.UserData)
				c.set(name+".script", v.Script)
				c.set(name+".eni", v.GuestInterface)
				c.set(name+".eip", v.EipAddress)
				if err := ctx.RegisterResourceOutputs(v, pulumi.Map{"userData": v.UserData, "script": v.Script,
					"guestInterface": v.GuestInterface, "eipAddress": v.EipAddress}); err != nil {
					return err
				}
			}
			return nil
		}))
		return c
	}
	c := run(nil)
	ftp, _ := c.get("ftp.userData")
	vpn, _ := c.get("vpn.userData")
	require.NotEmpty(t, ftp)
	assert.Equal(t, ftp, vpn, "one metadata-mode program serves every secondary ENI of the instance")
	want, err := (&RenderGuestNetwork{}).Invoke(context.Background(), infer.FunctionRequest[RenderGuestNetworkArgs]{})
	require.NoError(t, err)
	assert.Equal(t, want.Output.UserData, ftp, "it is renderGuestNetwork's program without interfaces")

	c = run(&GuestOptions{Mode: "static"})
	var ifaces []GuestInterface
	for _, name := range []string{"ftp", "vpn"} {
		v, ok := c.get(name + ".eni")
		require.True(t, ok)
		ifaces = append(ifaces, v.(GuestInterface))
	}
	assert.NotEqual(t, ifaces[0].Mac, ifaces[1].Mac)
	both, err := (&RenderGuestNetwork{}).Invoke(context.Background(), infer.FunctionRequest[RenderGuestNetworkArgs]{
		Input: RenderGuestNetworkArgs{Guest: &GuestOptions{Mode: "static"}, Interfaces: ifaces}})
	require.NoError(t, err, "the entries need no edit to be rendered together")
	for _, name := range []string{"ftp", "vpn"} {
		eip, _ := c.get(name + ".eip")
		assert.Contains(t, both.Output.Netplan, "- "+eip.(string)+"/", "the combined program holds the EIP of %s", name)
	}
	for i, iface := range ifaces {
		assert.Contains(t, both.Output.Netplan, "macaddress: "+iface.Mac)
		assert.Contains(t, both.Output.Netplan, fmt.Sprintf("table: %d", 7101+i), "each ENI gets its own table")
	}
}

// TestVisibleEipCutThroughMetadataGuestTakesTheEipFromDhcp: in metadata mode the program is
// told the ENI is cut-through (its EIP arrives by DHCP, the metadata still lists the replaced
// private IP), with the EIP's gateway when given, and still manages every other secondary ENI.
func TestVisibleEipCutThroughMetadataGuestTakesTheEipFromDhcp(t *testing.T) {
	args := baseVisibleArgs()
	args.Mode, args.VswitchId, args.Region = ModeCutThrough, pulumi.String("vsw-app"), pulumi.String("cn-hangzhou")
	args.EipGateway = pulumi.String("118.31.2.1")
	m := newMockCloud()
	c := &capture{}
	require.NoError(t, m.run(func(ctx *pulumi.Context) error {
		v, err := NewVisibleEip(ctx, "ftp", args)
		if err != nil {
			return err
		}
		c.set("script", v.Script)
		c.set("eni", v.GuestInterface)
		c.set("routeTable", v.RouteTable)
		c.set("mac", v.MacAddress)
		// As the provider does: the run waits for the outputs.
		return ctx.RegisterResourceOutputs(v, pulumi.Map{"script": v.Script, "guestInterface": v.GuestInterface,
			"routeTable": v.RouteTable, "macAddress": v.MacAddress})
	}))
	script, _ := c.get("script")
	mac, _ := c.get("mac")
	assert.Contains(t, script, "\nCUT_THROUGH='"+mac.(string)+" 7101 118.31.2.1'\n")
	assert.Contains(t, script, "\nLISTED=''\n", "the other secondary ENIs stay managed")
	eni, _ := c.get("eni")
	assert.Equal(t, GuestInterface{Mac: mac.(string), CutThrough: true, Gateway: "118.31.2.1"}, eni)
	table, _ := c.get("routeTable")
	assert.Equal(t, 7101, table)
}

// TestMultiEipToEniNetplanKeepsDhcp: the mode takes effect only with DHCP on, so the static
// netplan output of its ENIs enables dhcp4 (without DHCP's routes).
func TestMultiEipToEniNetplanKeepsDhcp(t *testing.T) {
	args := multiEipToEniArgs(2)
	args.Guest = &GuestOptions{Mode: "static"}
	args.VswitchCidrBlock = "192.168.0.0/24"
	m := newMockCloud()
	c, err := m.runMulti(args)
	require.NoError(t, err)
	netplan, ok := c.get("netplan")
	require.True(t, ok)
	assert.Contains(t, netplan, "dhcp4: true")
	assert.Contains(t, netplan, "use-routes: false")
}
