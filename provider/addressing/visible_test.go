package addressing

import (
	"errors"
	"fmt"
	"net/netip"
	"testing"

	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// expectedVSwitchBits computes, with plain integers, the longest mask from
// 29 to 16 whose aligned block holds a without reserving it; 0 if none.
func expectedVSwitchBits(a uint32) int {
	for bits := 29; bits >= 16; bits-- {
		size := uint32(1) << (32 - bits)
		off := a & (size - 1)
		if off != 0 && off < size-3 {
			return bits
		}
	}
	return 0
}

func TestChooseBlocksEveryOffsetOfA24(t *testing.T) {
	for _, base := range []string{"118.31.2.0", "47.100.0.0", "8.8.255.0"} {
		b := u32(netip.MustParseAddr(base))
		perMask := map[int]int{}
		for off := uint32(0); off < 256; off++ {
			eip := fromU32(b + off)
			vsw, sec, err := ChooseBlocks(eip)
			bits := expectedVSwitchBits(b + off)
			if bits == 0 {
				require.Error(t, err, eip.String())
				assert.Contains(t, err.Error(), "is reserved in every vSwitch block /29 to /16 that contains it")
				continue
			}
			require.NoError(t, err, eip.String())
			perMask[bits]++
			assert.Equal(t, bits, vsw.Bits(), eip.String())
			assert.True(t, vsw.Contains(eip))
			assert.Equal(t, vsw, vsw.Masked())
			assert.False(t, IsReserved(vsw, eip), eip.String())
			wantSec := min(bits, 28)
			assert.Equal(t, wantSec, sec.Bits(), eip.String())
			assert.True(t, Contains(sec, vsw))
			assert.NoError(t, CheckBlocks(eip, sec, vsw), eip.String())
			// no narrower block would do
			for nb := bits + 1; nb <= 29; nb++ {
				assert.True(t, IsReserved(netip.PrefixFrom(eip, nb).Masked(), eip), "%s /%d", eip, nb)
			}
		}
		// offsets 1-4 of every /29 fit a /29: half of the /24
		assert.Equal(t, 128, perMask[29], base)
	}
}

func TestChooseBlocksExamples(t *testing.T) {
	tests := []struct {
		eip       string
		vswitch   string
		secondary string
		wantErr   string
	}{
		{"118.31.2.230", "118.31.2.224/28", "118.31.2.224/28", ""},
		{"118.31.2.225", "118.31.2.224/29", "118.31.2.224/28", ""},
		{"118.31.2.228", "118.31.2.224/29", "118.31.2.224/28", ""},
		{"118.31.2.232", "118.31.2.224/28", "118.31.2.224/28", ""},
		{"118.31.2.0", "118.31.0.0/22", "118.31.0.0/22", ""},
		{"118.31.2.255", "118.31.2.0/23", "118.31.2.0/23", ""},
		{"118.31.0.1", "118.31.0.0/29", "118.31.0.0/28", ""},
		{"118.31.255.252", "118.31.255.248/29", "118.31.255.240/28", ""},
		{"118.31.128.0", "118.31.0.0/16", "118.31.0.0/16", ""},
		{"118.31.0.0", "", "", "eipAddress 118.31.0.0 is reserved in every vSwitch block /29 to /16 that contains it: a vSwitch reserves its first and its last three addresses, and the EIP must not be one of them (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC'); allocate another EIP, or make this one visible in another mode"},
		{"118.31.255.253", "", "", "eipAddress 118.31.255.253 is reserved in every vSwitch block"},
		{"118.31.255.255", "", "", "eipAddress 118.31.255.255 is reserved in every vSwitch block"},
		{"100.64.1.10", "", "", "eipAddress 100.64.1.10 lies in the excluded range 100.64.0.0/10: the secondary CIDR block holding a visible EIP must not overlap 100.64.0.0/10, 224.0.0.0/4, 127.0.0.0/8, 169.254.0.0/16 (AssociateVpcCidrBlock API reference); allocate an EIP outside these ranges"},
		{"169.254.3.3", "", "", "excluded range 169.254.0.0/16"},
		{"127.0.0.1", "", "", "excluded range 127.0.0.0/8"},
		{"230.1.1.1", "", "", "excluded range 224.0.0.0/4"},
		{"2001:db8::1", "", "", "eipAddress 2001:db8::1 is not IPv4: EIPs and their private IPs are IPv4 addresses; use an IPv4 address"},
	}
	for _, tt := range tests {
		t.Run(tt.eip, func(t *testing.T) {
			vsw, sec, err := ChooseBlocks(netip.MustParseAddr(tt.eip))
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				var v *limits.Violation
				assert.True(t, errors.As(err, &v))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.vswitch, vsw.String())
			assert.Equal(t, tt.secondary, sec.String())
		})
	}
	_, _, err := ChooseBlocks(netip.Addr{})
	require.Error(t, err)
	assert.Equal(t, "eipAddress is missing or not an IP address: the input is an IPv4 address such as 10.0.0.5; set eipAddress to an IPv4 address", err.Error())
	_, _, err = BlockFields{Eip: "eips[1].address"}.ChooseBlocks(netip.MustParseAddr("118.31.0.0"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "eips[1].address 118.31.0.0 is reserved")
}

func TestCheckBlocks(t *testing.T) {
	tests := []struct {
		name      string
		eip       string
		secondary string
		vswitch   string
		wantErr   []string
	}{
		{"documented example", "118.31.2.230", "118.31.2.0/24", "118.31.2.128/25", nil},
		{"same block", "118.31.2.230", "118.31.2.224/28", "118.31.2.224/28", nil},
		{"/29 in /28", "118.31.2.225", "118.31.2.224/28", "118.31.2.224/29", nil},
		{"vswitch misses the EIP", "118.31.2.230", "118.31.2.0/24", "118.31.2.0/25", []string{
			"vswitchCidr 118.31.2.0/25 does not contain eipAddress 118.31.2.230: the vSwitch CIDR block must include the EIP address, which becomes the ENI's primary private IP (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC'); use vswitchCidr 118.31.2.224/28 and secondaryCidrBlock 118.31.2.224/28, or leave both unset to get them"}},
		{"EIP reserved (last)", "118.31.2.255", "118.31.2.0/24", "118.31.2.0/24", []string{
			"eipAddress 118.31.2.255 is a reserved address of vswitchCidr 118.31.2.0/24 (reserved: 118.31.2.0, 118.31.2.253, 118.31.2.254, 118.31.2.255): the EIP cannot be one of the vSwitch's reserved addresses: the first and the last three (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC'); use vswitchCidr 118.31.2.0/23 and secondaryCidrBlock 118.31.2.0/23, or leave both unset to get them"}},
		{"EIP reserved (first)", "118.31.2.0", "118.31.0.0/16", "118.31.2.0/24", []string{"eipAddress 118.31.2.0 is a reserved address of vswitchCidr 118.31.2.0/24"}},
		{"EIP reserved everywhere", "118.31.0.0", "118.31.0.0/16", "118.31.0.0/24", []string{"eipAddress 118.31.0.0 is a reserved address of vswitchCidr 118.31.0.0/24 (reserved: 118.31.0.0, 118.31.0.253, 118.31.0.254, 118.31.0.255): the EIP cannot be one of the vSwitch's reserved addresses: the first and the last three (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC'); allocate another EIP"}},
		{"EIP reserved (gateway)", "118.31.2.253", "118.31.0.0/16", "118.31.2.0/24", []string{"eipAddress 118.31.2.253 is a reserved address"}},
		{"vswitch outside secondary", "118.31.3.10", "118.31.2.0/24", "118.31.3.0/24", []string{
			"vswitchCidr 118.31.3.0/24 is not inside secondaryCidrBlock 118.31.2.0/24: a vSwitch for a visible EIP is created in the secondary CIDR block (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC'); use a vSwitch block inside 118.31.2.0/24, or a secondary block that contains 118.31.3.0/24 (e.g. 118.31.3.0/24)"}},
		{"vswitch wider than secondary", "118.31.2.10", "118.31.2.0/25", "118.31.2.0/24", []string{"vswitchCidr 118.31.2.0/24 is not inside secondaryCidrBlock 118.31.2.0/25"}},
		{"masks out of range", "118.31.2.225", "118.31.2.224/29", "118.31.2.224/30", []string{
			"secondaryCidrBlock 118.31.2.224/29 has mask 29: a VPC secondary IPv4 CIDR block has a mask of 8 to 28 bits",
			"vswitchCidr 118.31.2.224/30 has mask 30: a vSwitch CIDR block has a mask of 16 to 29 bits"}},
		{"excluded", "100.64.1.10", "100.64.1.0/24", "100.64.1.0/24", []string{"secondaryCidrBlock 100.64.1.0/24 lies in the excluded range 100.64.0.0/10"}},
		{"unaligned", "118.31.2.230", "118.31.2.5/24", "118.31.2.130/25", []string{
			"secondaryCidrBlock 118.31.2.5/24 has host bits set: a CIDR block starts at its network address; use 118.31.2.0/24",
			"vswitchCidr 118.31.2.130/25 has host bits set"}},
		{"missing", "", "", "", []string{
			"eipAddress is missing or not an IP address",
			"secondaryCidrBlock is missing or not a CIDR block: the input is an IPv4 CIDR block such as 10.0.0.0/24; set secondaryCidrBlock to an IPv4 CIDR block",
			"vswitchCidr is missing"}},
		{"ipv6 block", "118.31.2.230", "2001:db8::/56", "118.31.2.128/25", []string{"secondaryCidrBlock 2001:db8::/56 is not IPv4: eipkit places EIPs in IPv4 blocks; use an IPv4 CIDR block"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var eip netip.Addr
			var sec, vsw netip.Prefix
			if tt.eip != "" {
				eip = netip.MustParseAddr(tt.eip)
				sec = netip.MustParsePrefix(tt.secondary)
				vsw = netip.MustParsePrefix(tt.vswitch)
			}
			err := CheckBlocks(eip, sec, vsw)
			if tt.wantErr == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tt.wantErr {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	err := BlockFields{Eip: "eip", Secondary: "cidr", VSwitch: "vsw"}.CheckBlocks(
		netip.MustParseAddr("118.31.2.230"), netip.MustParsePrefix("118.31.2.0/24"), netip.MustParsePrefix("118.31.2.0/25"))
	require.Error(t, err)
	assert.Equal(t, fmt.Sprintf("vsw 118.31.2.0/25 does not contain eip 118.31.2.230: %s; use vsw 118.31.2.224/28 and cidr 118.31.2.224/28, or leave both unset to get them",
		"the vSwitch CIDR block must include the EIP address, which becomes the ENI's primary private IP (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC')"), err.Error())
}

func TestPlanBlocks(t *testing.T) {
	tests := []struct {
		eip, secondary, vswitch string
		reuse                   bool
		want                    VisibleBlocks
		err                     string
	}{
		{eip: "118.31.2.10", want: VisibleBlocks{"118.31.2.0/28", "118.31.2.8/29", "118.31.2.13"}},
		{eip: "118.31.2.8", want: VisibleBlocks{"118.31.2.0/28", "118.31.2.0/28", "118.31.2.13"}},
		{eip: "118.31.2.10", vswitch: "118.31.2.0/24", want: VisibleBlocks{"118.31.2.0/24", "118.31.2.0/24", "118.31.2.253"}},
		{eip: "118.31.2.10", secondary: "118.31.0.0/16", want: VisibleBlocks{"118.31.0.0/16", "118.31.2.8/29", "118.31.2.13"}},
		{eip: "118.31.2.10", vswitch: "118.31.2.0/24", reuse: true, want: VisibleBlocks{"", "118.31.2.0/24", "118.31.2.253"}},
		{eip: "118.31.2.255", vswitch: "118.31.2.0/24", reuse: true, err: "reserved"},
		{eip: "118.31.2.10", reuse: true, err: "vswitchCidrBlock is required with vswitchId"},
		{eip: "118.31.2", err: "ipAddress 118.31.2 is not an IPv4 address"},
		{eip: "118.31.2.10", vswitch: "118.31.2.1/24", err: "vswitchCidrBlock 118.31.2.1/24 is not an aligned IPv4 CIDR block"},
		{eip: "118.31.0.0", err: "reserved in every vSwitch block"},
	}
	for _, tt := range tests {
		got, err := BlockFields{Eip: "ipAddress", Secondary: "secondaryCidrBlock", VSwitch: "vswitchCidrBlock"}.PlanBlocks(tt.eip, tt.secondary, tt.vswitch, tt.reuse, nil)
		if tt.err != "" {
			assert.ErrorContains(t, err, tt.err, "%+v", tt)
			continue
		}
		assert.NoError(t, err, "%+v", tt)
		assert.Equal(t, tt.want, got, "%+v", tt)
	}
	vpc := &limits.VpcBlocks{ID: "vpc-main", Primary: netip.MustParsePrefix("192.168.0.0/16"),
		Secondary: []netip.Prefix{netip.MustParsePrefix("118.31.0.0/16")}}
	_, err := BlockFields{Secondary: "secondaryCidrBlock"}.PlanBlocks("118.31.2.10", "", "", false, vpc)
	assert.ErrorContains(t, err, "secondaryCidrBlock 118.31.2.0/28 overlaps 118.31.0.0/16, the secondary block of VPC vpc-main")
	_, err = BlockFields{}.PlanBlocks("118.31.2.10", "", "118.31.2.0/24", true, vpc)
	assert.NoError(t, err, "a reused vSwitch adds no block to the VPC")
}
