package emulator

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEniAddressRules(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.0.0/24")
	c.eni("holder", n, obj{"primaryIpAddress": "10.0.0.20", "privateIpAddresses": []any{"10.0.0.21"}})

	for _, tc := range []struct {
		name string
		in   obj
		code string
	}{
		{"primary outside vSwitch", obj{"primaryIpAddress": "10.0.1.5"}, "InvalidPrivateIpAddress.NotInVSwitch"},
		{"primary is network address", obj{"primaryIpAddress": "10.0.0.0"}, "InvalidPrivateIpAddress.Reserved"},
		{"primary is gateway", obj{"primaryIpAddress": "10.0.0.253"}, "InvalidPrivateIpAddress.Reserved"},
		{"primary is broadcast", obj{"primaryIpAddress": "10.0.0.255"}, "InvalidPrivateIpAddress.Reserved"},
		{"primary already used", obj{"primaryIpAddress": "10.0.0.20"}, "InvalidIpAddress.AlreadyUsed"},
		{"privateIp alias already used", obj{"privateIp": "10.0.0.21"}, "InvalidIpAddress.AlreadyUsed"},
		{"secondary already used", obj{"privateIpAddresses": []any{"10.0.0.21"}}, "InvalidIpAddress.AlreadyUsed"},
		{"secondary reserved", obj{"privateIpAddresses": []any{"10.0.0.254"}}, "InvalidPrivateIpAddress.Reserved"},
		{"secondary outside", obj{"privateIpAddresses": []any{"192.168.0.9"}}, "InvalidPrivateIpAddress.NotInVSwitch"},
		{"secondary repeats primary", obj{"primaryIpAddress": "10.0.0.30", "privateIpAddresses": []any{"10.0.0.30"}}, "InvalidIpAddress.AlreadyUsed"},
		{"unknown vSwitch", obj{"vswitchId": "vsw-none"}, "InvalidVSwitchId.NotFound"},
		{"unknown security group", obj{"securityGroupIds": []any{"sg-none"}}, "InvalidSecurityGroupId.NotFound"},
		{"IPv6 without vSwitch block", obj{"ipv6AddressCount": float64(1)}, "InvalidVSwitch.Ipv6NotTurnOn"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := obj{"vswitchId": n.vsw, "securityGroupIds": []any{n.sg}}
			for k, v := range tc.in {
				in[k] = v
			}
			_, _, err := c.tryCreate(TokenEni, tc.name, in)
			requireCode(t, err, tc.code)
		})
	}

	// A /29 has four usable addresses: .1 to .4.
	small, _ := c.create(TokenSwitch, "small", obj{"vpcId": n.vpc, "cidrBlock": "10.0.9.0/29", "zoneId": "cn-hangzhou-h"})
	_, out := c.create(TokenEni, "fill", obj{"vswitchId": small, "privateIpsCount": float64(3)})
	assert.Equal(t, "10.0.9.1", out["primaryIpAddress"])
	assert.Equal(t, []any{"10.0.9.2", "10.0.9.3", "10.0.9.4"}, out["privateIpAddresses"])
	assert.Equal(t, float64(3), out["privateIpsCount"])
	_, _, err := c.tryCreate(TokenEni, "no-room", obj{"vswitchId": small})
	requireCode(t, err, "QuotaExceeded.PrivateIpAddress")
}

func TestEniUpdateRules(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.0.0/24")
	c.eni("other", n, obj{"primaryIpAddress": "10.0.0.50"})
	oldIn := obj{"vswitchId": n.vsw, "securityGroupIds": []any{n.sg}, "primaryIpAddress": "10.0.0.10", "privateIpAddresses": []any{"10.0.0.11"}}
	eniID, _ := c.create(TokenEni, "eni", oldIn)

	withIPs := func(ips ...any) obj {
		in := copyObj(oldIn)
		in["privateIpAddresses"] = ips
		return in
	}
	_, err := c.tryUpdate(TokenEni, "eni", eniID, oldIn, withIPs("10.0.0.11", "10.0.0.50"))
	requireCode(t, err, "InvalidIpAddress.AlreadyUsed")

	out, err := c.tryUpdate(TokenEni, "eni", eniID, oldIn, withIPs("10.0.0.11", "10.0.0.12"))
	require.NoError(t, err)
	assert.Equal(t, []any{"10.0.0.11", "10.0.0.12"}, out["privateIpAddresses"])
	assert.Equal(t, "10.0.0.10", out["primaryIpAddress"])
	oldIn = withIPs("10.0.0.11", "10.0.0.12")

	eipID, _ := c.create(TokenEip, "eip", obj{})
	c.create(TokenEipAssociation, "assoc", obj{"allocationId": eipID, "instanceId": eniID, "instanceType": "NetworkInterface", "privateIpAddress": "10.0.0.12"})
	out, err = c.tryUpdate(TokenEni, "eni", eniID, oldIn, withIPs("10.0.0.12"))
	require.NoError(t, err, "removing the address without an EIP is fine")
	assert.Equal(t, []any{"10.0.0.12"}, out["privateIpAddresses"])
	assert.Equal(t, "InUse", c.read(TokenEip, "eip", eipID)["status"], "the EIP on the kept address stays bound")
}

// TestUnassignReleasesNatBinding covers an inferred rule: Alibaba's
// UnassignPrivateIpAddresses documents no refusal for a private IP that
// carries an EIP, so unassigning it releases the NAT binding (the EIP becomes
// Available) and deleting the association afterwards succeeds. This is the
// order the Pulumi engine uses when an EIP entry is removed: it updates the
// ENI first and deletes the removed association last.
func TestUnassignReleasesNatBinding(t *testing.T) {
	for _, tc := range []struct {
		name   string
		remove func(c *testCloud, n network) (eniID, assocID, eipID string)
	}{
		{"secondary ENI", func(c *testCloud, n network) (string, string, string) {
			in := obj{"vswitchId": n.vsw, "securityGroupIds": []any{n.sg}, "primaryIpAddress": "10.0.0.10", "privateIpAddresses": []any{"10.0.0.11", "10.0.0.12"}}
			eniID, _ := c.create(TokenEni, "eni", in)
			eipID, _ := c.create(TokenEip, "eip", obj{})
			assocID, _ := c.create(TokenEipAssociation, "assoc", obj{"allocationId": eipID, "instanceId": eniID, "instanceType": "NetworkInterface", "privateIpAddress": "10.0.0.12"})
			out := copyObj(in)
			out["privateIpAddresses"] = []any{"10.0.0.11"}
			_, err := c.tryUpdate(TokenEni, "eni", eniID, in, out)
			require.NoError(t, err)
			return eniID, assocID, eipID
		}},
		{"primary ENI of an instance", func(c *testCloud, n network) (string, string, string) {
			in := obj{"instanceType": "ecs.c6.large", "vswitchId": n.vsw, "securityGroups": []any{n.sg}, "imageId": "img", "secondaryPrivateIps": []any{"10.0.0.21"}}
			vm, vmOut := c.create(TokenInstance, "vm", in)
			eniID := vmOut["networkInterfaceId"].(string)
			eipID, _ := c.create(TokenEip, "eip", obj{})
			assocID, _ := c.create(TokenEipAssociation, "assoc", obj{"allocationId": eipID, "instanceId": eniID, "instanceType": "NetworkInterface", "privateIpAddress": "10.0.0.21"})
			out := copyObj(in)
			out["secondaryPrivateIps"] = []any{}
			_, err := c.tryUpdate(TokenInstance, "vm", vm, in, out)
			require.NoError(t, err)
			return eniID, assocID, eipID
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCloud(t, "", nil)
			n := c.network("n", "10.0.0.0/16", "10.0.0.0/24")
			eniID, assocID, eipID := tc.remove(c, n)

			assert.Equal(t, "Available", c.read(TokenEip, "eip", eipID)["status"], "the EIP is released with the address")
			assert.Empty(t, c.read(TokenEipAssociation, "assoc", assocID), "the association is gone")
			require.NoError(t, c.del(TokenEipAssociation, "assoc", assocID), "deleting a released association succeeds")
			assert.NotContains(t, c.state().Resources, assocID)

			// The released EIP binds again.
			_, _, err := c.tryCreate(TokenEipAssociation, "again", obj{"allocationId": eipID, "instanceId": eniID, "instanceType": "NetworkInterface"})
			require.NoError(t, err)
		})
	}
}

func TestEniIpv6AndGetIpv6Addresses(t *testing.T) {
	c := newTestCloud(t, "", nil)
	vpc, _ := c.create(TokenNetwork, "vpc", obj{"cidrBlock": "10.0.0.0/16", "enableIpv6": true})
	vsw, sw := c.create(TokenSwitch, "sw", obj{"vpcId": vpc, "cidrBlock": "10.0.0.0/24", "zoneId": "cn-hangzhou-h", "ipv6CidrBlockMask": float64(1)})
	eniID, eni := c.create(TokenEni, "eni", obj{"vswitchId": vsw, "ipv6AddressCount": float64(1)})
	require.Len(t, eni["ipv6Addresses"], 1)
	addr := eni["ipv6Addresses"].([]any)[0].(string)
	assert.Contains(t, addr, sw["ipv6CidrBlock"].(string)[:len(sw["ipv6CidrBlock"].(string))-4])

	res := c.invoke(TokenGetIpv6Addresses, obj{"vswitchId": vsw, "associatedInstanceId": eniID})
	require.Len(t, res["addresses"], 1)
	a := res["addresses"].([]any)[0].(obj)
	assert.Equal(t, addr, a["ipv6Address"])
	assert.Regexp(t, `^ipv6-bp1`, a["ipv6AddressId"])
	assert.Equal(t, a["ipv6AddressId"], res["ids"].([]any)[0])
	none := c.invoke(TokenGetIpv6Addresses, obj{"vswitchId": vsw, "associatedInstanceId": "eni-other"})
	assert.Empty(t, none["addresses"])

	gw, _ := c.create(TokenIpv6Gateway, "gw", obj{"vpcId": vpc})
	_, _, err := c.tryCreate(TokenIpv6Gateway, "gw2", obj{"vpcId": vpc})
	requireCode(t, err, "QuotaExceeded.Ipv6Gateway")
	bw, bwOut := c.create(TokenIpv6Bandwidth, "bw", obj{"ipv6GatewayId": gw, "ipv6AddressId": a["ipv6AddressId"], "bandwidth": float64(10)})
	assert.Equal(t, "Normal", bwOut["status"])
	_, _, err = c.tryCreate(TokenIpv6Bandwidth, "bw2", obj{"ipv6GatewayId": gw, "ipv6AddressId": a["ipv6AddressId"], "bandwidth": float64(10)})
	requireCode(t, err, "InvalidIpv6Address.BandwidthExists")
	_, _, err = c.tryCreate(TokenIpv6Bandwidth, "bw3", obj{"ipv6GatewayId": gw, "ipv6AddressId": "ipv6-none", "bandwidth": float64(10)})
	requireCode(t, err, "InvalidIpv6AddressId.NotFound")
	requireCode(t, c.del(TokenEni, "eni", eniID), "DependencyViolation.Ipv6InternetBandwidth")
	requireCode(t, c.del(TokenIpv6Gateway, "gw", gw), "DependencyViolation.Ipv6InternetBandwidth")
	require.NoError(t, c.del(TokenIpv6Bandwidth, "bw", bw))
	require.NoError(t, c.del(TokenEni, "eni", eniID))
}

func TestGetInstanceTypes(t *testing.T) {
	c := newTestCloud(t, "", nil)
	for _, tc := range []struct {
		typ           string
		enis, ips, v6 float64
	}{
		{"ecs.c6.large", 2, 6, 1},
		{"ecs.g6.4xlarge", 8, 20, 20},
		{"ecs.t5-lc1m1.small", 2, 2, 1},
	} {
		t.Run(tc.typ, func(t *testing.T) {
			res := c.invoke(TokenGetInstanceTypes, obj{"instanceType": tc.typ, "availabilityZone": "cn-hangzhou-h"})
			require.Len(t, res["instanceTypes"], 1)
			it := res["instanceTypes"].([]any)[0].(obj)
			assert.Equal(t, tc.typ, it["id"])
			assert.Equal(t, tc.enis, it["eniQuantity"])
			assert.Equal(t, tc.ips, it["eniPrivateIpAddressQuantity"])
			assert.Equal(t, tc.v6, it["eniIpv6AddressQuantity"])
			assert.Equal(t, []any{"cn-hangzhou-h"}, it["availabilityZones"])
			assert.NotEmpty(t, it["family"])
			assert.Equal(t, []any{tc.typ}, res["ids"])
		})
	}
	other := c.invoke(TokenGetInstanceTypes, obj{"instanceType": "ecs.c6.large", "availabilityZone": "cn-beijing-a"})
	assert.Empty(t, other["instanceTypes"], "a zone outside the provider's region has no types")
	all := c.invoke(TokenGetInstanceTypes, obj{})
	assert.Len(t, all["instanceTypes"], len(instanceTypes))
	assert.Equal(t, fmt.Sprint(len(instanceTypes)), fmt.Sprint(len(all["ids"].([]any))))
}
