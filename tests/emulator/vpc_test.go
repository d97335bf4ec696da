package emulator

import (
	"fmt"
	"net/netip"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdsAndAddressShapes(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("shape", "192.168.0.0/16", "192.168.1.0/24")
	eniID, eni := c.eni("eni", n, obj{"secondaryPrivateIpAddressCount": float64(2)})
	eipID, eip := c.create(TokenEip, "eip", obj{"bandwidth": "10"})
	instID, inst := c.instance("vm", "ecs.c6.large", "Running", n)
	cmdID, _ := c.create(TokenCommand, "cmd", obj{"commandContent": "ZWNobyBoaQ==", "type": "RunShellScript"})
	invID, _ := c.create(TokenInvocation, "inv", obj{"commandId": cmdID, "instanceIds": []any{instID}})

	for _, tc := range []struct{ id, pattern string }{
		{n.vpc, `^vpc-bp1[a-z0-9]{17}$`}, {n.vsw, `^vsw-bp1[a-z0-9]{17}$`}, {n.sg, `^sg-bp1[a-z0-9]{17}$`},
		{eniID, `^eni-bp1[a-z0-9]{17}$`}, {eipID, `^eip-bp1[a-z0-9]{17}$`}, {instID, `^i-bp1[a-z0-9]{17}$`},
		{cmdID, `^c-bp1[a-z0-9]{17}$`}, {invID, `^t-bp1[a-z0-9]{17}$`},
	} {
		assert.Regexp(t, regexp.MustCompile(tc.pattern), tc.id)
	}
	assert.Regexp(t, `^00:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$`, eni["mac"])
	assert.Equal(t, "192.168.1.1", eni["primaryIpAddress"], "first usable address, .0 is reserved")
	assert.Equal(t, []any{"192.168.1.2", "192.168.1.3"}, eni["privateIpAddresses"], "secondary addresses only")
	assert.Equal(t, "Available", eni["status"])
	assert.Equal(t, "203.0.113.1", eip["ipAddress"])
	assert.Equal(t, eipID, eip["allocationId"])
	assert.Equal(t, "Available", eip["status"])
	assert.Equal(t, "10", eip["bandwidth"])
	assert.Equal(t, "192.168.1.4", inst["privateIp"])
	assert.Equal(t, n.vpc, inst["vpcId"])
	assert.Equal(t, "cn-hangzhou-h", inst["availabilityZone"])
	assert.Regexp(t, `^eni-`, inst["networkInterfaceId"])
}

func TestEipPoolsAreUsedInOrder(t *testing.T) {
	c := newTestCloud(t, "", nil)
	var last string
	for i := 0; i < 255; i++ {
		_, out := c.create(TokenEip, fmt.Sprintf("eip%d", i), obj{})
		last = out["ipAddress"].(string)
	}
	assert.Equal(t, "198.51.100.1", last, "254 addresses of 203.0.113.0/24 first, then 198.51.100.0/24")
	_, _, err := c.tryCreate(TokenEip, "taken", obj{"ipAddress": "203.0.113.7"})
	requireCode(t, err, "InvalidIpAddress.AlreadyUsed")
	_, _, err = c.tryCreate(TokenEip, "foreign", obj{"ipAddress": "8.8.8.8"})
	requireCode(t, err, "InvalidIpAddress.NotAvailable")
}

func TestSecondaryCidrBlockRules(t *testing.T) {
	c := newTestCloud(t, "", nil)
	vpc, _ := c.create(TokenNetwork, "vpc", obj{"cidrBlock": "10.0.0.0/16"})
	_, _, err := c.tryCreate(TokenCidrBlock, "first", obj{"vpcId": vpc, "secondaryCidrBlock": "203.0.113.0/24"})
	require.NoError(t, err)

	for _, tc := range []struct{ name, block, code string }{
		{"mask too wide", "10.0.0.0/7", "InvalidCidrBlock.MaskInvalid"},
		{"mask too narrow", "11.0.0.0/29", "InvalidCidrBlock.MaskInvalid"},
		{"host bits", "11.0.0.1/24", "InvalidCidrBlock.Malformed"},
		{"shared address space", "100.64.0.0/16", "InvalidCidrBlock.Reserved"},
		{"multicast", "224.1.0.0/16", "InvalidCidrBlock.Reserved"},
		{"loopback", "127.0.0.0/16", "InvalidCidrBlock.Reserved"},
		{"link local", "169.254.0.0/24", "InvalidCidrBlock.Reserved"},
		{"overlaps primary", "10.0.128.0/20", "InvalidCidrBlock.Overlapped"},
		{"overlaps secondary", "203.0.112.0/23", "InvalidCidrBlock.Overlapped"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := c.tryCreate(TokenCidrBlock, tc.name, obj{"vpcId": vpc, "secondaryCidrBlock": tc.block})
			requireCode(t, err, tc.code)
		})
	}
	for i := 2; i <= 5; i++ {
		c.create(TokenCidrBlock, fmt.Sprintf("b%d", i), obj{"vpcId": vpc, "secondaryCidrBlock": fmt.Sprintf("172.%d.0.0/16", 16+i)})
	}
	_, _, err = c.tryCreate(TokenCidrBlock, "sixth", obj{"vpcId": vpc, "secondaryCidrBlock": "172.30.0.0/16"})
	requireCode(t, err, "QuotaExceeded.SecondaryCidrBlock")
	assert.Len(t, c.read(TokenNetwork, "vpc", vpc)["secondaryCidrBlocks"], 5)
	_, _, err = c.tryCreate(TokenCidrBlock, "unknown vpc", obj{"vpcId": "vpc-doesnotexist", "secondaryCidrBlock": "12.0.0.0/16"})
	requireCode(t, err, "InvalidVpcId.NotFound")
}

func TestSwitchRules(t *testing.T) {
	c := newTestCloud(t, "", nil)
	vpc, _ := c.create(TokenNetwork, "vpc", obj{"cidrBlock": "10.0.0.0/16"})
	blockID, _ := c.create(TokenCidrBlock, "sec", obj{"vpcId": vpc, "secondaryCidrBlock": "203.0.113.0/24"})
	inSecondary, out := c.create(TokenSwitch, "visible", obj{"vpcId": vpc, "cidrBlock": "203.0.113.0/25", "zoneId": "cn-hangzhou-h"})
	assert.Equal(t, "203.0.113.0/25", out["cidrBlock"])
	c.create(TokenSwitch, "primary", obj{"vpcId": vpc, "cidrBlock": "10.0.1.0/24", "zoneId": "cn-hangzhou-i"})

	for _, tc := range []struct{ name, cidr, zone, code string }{
		{"outside every block", "192.168.0.0/24", "cn-hangzhou-h", "InvalidCidrBlock.Mismatch"},
		{"straddles blocks", "203.0.112.0/23", "cn-hangzhou-h", "InvalidCidrBlock.Mismatch"},
		{"mask 15", "10.0.0.0/15", "cn-hangzhou-h", "InvalidCidrBlock.MaskInvalid"},
		{"mask 30", "10.0.2.0/30", "cn-hangzhou-h", "InvalidCidrBlock.MaskInvalid"},
		{"overlaps a vSwitch", "10.0.1.128/25", "cn-hangzhou-h", "InvalidCidrBlock.Overlapped"},
		{"zone of another region", "10.0.3.0/24", "cn-beijing-a", "InvalidZoneId.NotFound"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := c.tryCreate(TokenSwitch, tc.name, obj{"vpcId": vpc, "cidrBlock": tc.cidr, "zoneId": tc.zone})
			requireCode(t, err, tc.code)
		})
	}

	requireCode(t, c.del(TokenCidrBlock, "sec", blockID), "DependencyViolation.VSwitch")
	eniID, _ := c.create(TokenEni, "eni", obj{"vswitchId": inSecondary, "primaryIpAddress": "203.0.113.10"})
	requireCode(t, c.del(TokenSwitch, "visible", inSecondary), "DependencyViolation.NetworkInterface")
	require.NoError(t, c.del(TokenEni, "eni", eniID))
	require.NoError(t, c.del(TokenSwitch, "visible", inSecondary))
	require.NoError(t, c.del(TokenCidrBlock, "sec", blockID))
	assert.Empty(t, c.read(TokenNetwork, "vpc", vpc)["secondaryCidrBlocks"])
}

func TestSwitchIpv6Block(t *testing.T) {
	c := newTestCloud(t, "", nil)
	v4only, _ := c.create(TokenNetwork, "v4", obj{"cidrBlock": "10.0.0.0/16"})
	_, _, err := c.tryCreate(TokenSwitch, "no-v6", obj{"vpcId": v4only, "cidrBlock": "10.0.0.0/24", "zoneId": "cn-hangzhou-h", "ipv6CidrBlockMask": float64(1)})
	requireCode(t, err, "InvalidVpcStatus.Ipv6NotEnabled")

	vpc, vpcOut := c.create(TokenNetwork, "v6", obj{"cidrBlock": "10.0.0.0/16", "enableIpv6": true})
	require.Regexp(t, `::/56$`, vpcOut["ipv6CidrBlock"])
	_, sw := c.create(TokenSwitch, "sw", obj{"vpcId": vpc, "cidrBlock": "10.0.0.0/24", "zoneId": "cn-hangzhou-h", "ipv6CidrBlockMask": float64(3)})
	vpc56 := netip.MustParsePrefix(vpcOut["ipv6CidrBlock"].(string))
	sw64 := netip.MustParsePrefix(sw["ipv6CidrBlock"].(string))
	assert.Equal(t, 64, sw64.Bits())
	assert.True(t, vpc56.Contains(sw64.Addr()), "%s inside %s", sw64, vpc56)
	assert.Equal(t, byte(3), sw64.Addr().As16()[7], "ipv6CidrBlockMask selects the /64")
	_, _, err = c.tryCreate(TokenSwitch, "same-index", obj{"vpcId": vpc, "cidrBlock": "10.0.1.0/24", "zoneId": "cn-hangzhou-h", "ipv6CidrBlockMask": float64(3)})
	requireCode(t, err, "InvalidCidrBlock.Overlapped")
}

func TestSecurityGroupRule(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.0.0/24")
	_, _, err := c.tryCreate(TokenSecurityGroupRule, "bad", obj{"securityGroupId": "sg-none", "ipProtocol": "tcp", "type": "ingress"})
	requireCode(t, err, "InvalidSecurityGroupId.NotFound")
	_, out := c.create(TokenSecurityGroupRule, "ssh", obj{"securityGroupId": n.sg, "ipProtocol": "tcp", "type": "ingress", "portRange": "22/22", "cidrIp": "0.0.0.0/0"})
	assert.Equal(t, "22/22", out["portRange"])
	assert.Equal(t, "accept", out["policy"])
	require.NoError(t, c.del(TokenSecurityGroup, "n-sg", n.sg))
	assert.Empty(t, c.state().of(TokenSecurityGroupRule), "rules go with their group")
}
