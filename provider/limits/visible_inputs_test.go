package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckVisibleEipInputs(t *testing.T) {
	hz := func(in VisibleEipInputs) VisibleEipInputs { in.Region, in.RegionKnown = "cn-hangzhou", true; return in }
	tests := []struct {
		name     string
		in       VisibleEipInputs
		mode     string
		warnings []string
		err      []string
	}{
		{"nothing given: secondaryCidr", hz(VisibleEipInputs{}), InputSecondaryCidr, nil, nil},
		{"an adopted EIP with its address", hz(VisibleEipInputs{AllocationId: true, IpAddress: true}), InputSecondaryCidr, nil, nil},
		{"an unknown mode", hz(VisibleEipInputs{Mode: "nat"}), "nat", nil,
			[]string{"mode nat is not a visible EIP mode: mode is secondaryCidr or cutThrough; use secondaryCidr (the default) unless you need cutThrough"}},
		{"allocationId without ipAddress", hz(VisibleEipInputs{AllocationId: true}), InputSecondaryCidr, nil,
			[]string{"ipAddress is missing while allocationId adopts an EIP: an adopted EIP's address decides the ENI's primary IP"}},
		{"ipAddress without allocationId", hz(VisibleEipInputs{IpAddress: true}), InputSecondaryCidr, nil,
			[]string{"ipAddress is given without allocationId: ipAddress names an existing EIP to adopt; give allocationId too"}},
		{"cutThrough with its vSwitch", hz(VisibleEipInputs{Mode: InputCutThrough, VswitchId: true}), InputCutThrough, nil, nil},
		{"cutThrough without a vSwitch", hz(VisibleEipInputs{Mode: InputCutThrough}), InputCutThrough, nil,
			[]string{"vswitchId is missing in cutThrough mode: cut-through mode creates the ENI in an existing vSwitch"}},
		{"cutThrough static without the EIP's prefix length", hz(VisibleEipInputs{Mode: InputCutThrough, VswitchId: true, GuestStatic: true, EipGateway: true}),
			InputCutThrough, nil, []string{"eipGateway is missing in cutThrough mode with guest.mode static"}},
		{"cutThrough static with the EIP's network", hz(VisibleEipInputs{Mode: InputCutThrough, VswitchId: true, GuestStatic: true, EipGateway: true, EipPrefixLength: true}),
			InputCutThrough, nil, nil},
		{"cutThrough with a secondary block", hz(VisibleEipInputs{Mode: InputCutThrough, VswitchId: true, SecondaryCidrBlock: true}), InputCutThrough, nil,
			[]string{"secondaryCidrBlock is given in cutThrough mode: cut-through mode needs no secondary CIDR block; drop it, or use mode secondaryCidr"}},
		{"cutThrough in a region without it", VisibleEipInputs{Mode: InputCutThrough, VswitchId: true, Region: "us-west-1", RegionKnown: true}, InputCutThrough, nil,
			[]string{"mode cutThrough", "us-west-1", "; use mode secondaryCidr, which works in every region"}},
		{"cutThrough with no region: a warning", VisibleEipInputs{Mode: InputCutThrough, VswitchId: true, RegionKnown: true}, InputCutThrough,
			[]string{"mode cutThrough: no region (input region or config alicloud:region), so the regions that offer cut-through mode were not checked"}, nil},
		{"cutThrough with the region unknown at preview", VisibleEipInputs{Mode: InputCutThrough, VswitchId: true}, InputCutThrough, nil, nil},
		{"an instance type that does not hot-plug: a warning", hz(VisibleEipInputs{InstanceType: "ecs.t5-lc1m1.small"}), InputSecondaryCidr,
			[]string{"instanceType ecs.t5-lc1m1.small cannot hot-plug a secondary ENI"}, nil},
		{"IPv6 inputs with ipv6 off", hz(VisibleEipInputs{Ipv6Bandwidth: true}), InputSecondaryCidr, nil,
			[]string{"ipv6 is off while IPv6 inputs are given; set ipv6: true, or drop ipv6CidrBlockMask"}},
		{"createIpv6Gateway with ipv6 off", hz(VisibleEipInputs{CreateIpv6Gateway: true}), InputSecondaryCidr, nil, []string{"ipv6 is off while IPv6 inputs are given"}},
		{"ipv6 in a new vSwitch with its index", hz(VisibleEipInputs{Ipv6: true, Ipv6CidrBlockMask: true}), InputSecondaryCidr, nil, nil},
		{"ipv6 in a given vSwitch", hz(VisibleEipInputs{Ipv6: true, VswitchId: true}), InputSecondaryCidr, nil, nil},
		{"ipv6 in a new vSwitch without its index", hz(VisibleEipInputs{Ipv6: true}), InputSecondaryCidr, nil,
			[]string{"ipv6CidrBlockMask is missing with ipv6: a new vSwitch's IPv6 block is chosen by its index in the VPC's IPv6 block"}},
		{"both IPv6 gateways", hz(VisibleEipInputs{Ipv6: true, VswitchId: true, CreateIpv6Gateway: true, Ipv6GatewayId: true}), InputSecondaryCidr, nil,
			[]string{"createIpv6Gateway true is given together with ipv6GatewayId: a VPC takes one IPv6 gateway"}},
		{"IPv6 bandwidth without a gateway", hz(VisibleEipInputs{Ipv6: true, VswitchId: true, Ipv6Bandwidth: true}), InputSecondaryCidr, nil,
			[]string{"ipv6Bandwidth is given without an IPv6 gateway", "(step 'Enable public bandwidth for the IPv6 address' of Alibaba Cloud doc"}},
		{"IPv6 bandwidth on a created gateway", hz(VisibleEipInputs{Ipv6: true, VswitchId: true, Ipv6Bandwidth: true, CreateIpv6Gateway: true}), InputSecondaryCidr, nil, nil},
		{"an IPv6 charge type without bandwidth", hz(VisibleEipInputs{Ipv6: true, VswitchId: true, Ipv6InternetChargeType: true}), InputSecondaryCidr, nil,
			[]string{"ipv6InternetChargeType is given without ipv6Bandwidth: it meters the IPv6 internet bandwidth"}},
		{"ipv6 static without the IPv6 gateway address", hz(VisibleEipInputs{Ipv6: true, VswitchId: true, GuestStatic: true}), InputSecondaryCidr, nil,
			[]string{"ipv6GatewayAddress is missing with ipv6 and guest.mode static"}},
		{"every problem at once", hz(VisibleEipInputs{Mode: InputCutThrough, AllocationId: true, SecondaryCidrBlock: true, Ipv6: true, Ipv6Bandwidth: true}),
			InputCutThrough, nil, []string{"ipAddress is missing", "vswitchId is missing", "secondaryCidrBlock is given", "ipv6CidrBlockMask is missing", "ipv6Bandwidth is given"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckVisibleEipInputs(tt.in)
			assert.Equal(t, tt.mode, got.Mode)
			assert.Len(t, got.Warnings, len(tt.warnings))
			for i, want := range tt.warnings {
				if i < len(got.Warnings) {
					assert.Contains(t, got.Warnings[i], want)
				}
			}
			if tt.err == nil {
				assert.NoError(t, err)
			}
			for _, want := range tt.err {
				assert.ErrorContains(t, err, want)
			}
		})
	}
}
