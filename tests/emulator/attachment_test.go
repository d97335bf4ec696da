package emulator

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAttachmentRules(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.0.0/24")
	vmID, _ := c.instance("vm", "ecs.c6.large", "Running", n)

	otherZone, _ := c.create(TokenSwitch, "zone-i", obj{"vpcId": n.vpc, "cidrBlock": "10.0.1.0/24", "zoneId": "cn-hangzhou-i"})
	farENI, _ := c.create(TokenEni, "far", obj{"vswitchId": otherZone})
	_, _, err := c.tryCreate(TokenAttachment, "zone", obj{"instanceId": vmID, "networkInterfaceId": farENI})
	requireCode(t, err, "InvalidOperation.ZoneMismatch")

	other := c.network("other", "172.16.0.0/16", "172.16.0.0/24")
	foreignENI, _ := c.eni("foreign", other, nil)
	_, _, err = c.tryCreate(TokenAttachment, "vpc", obj{"instanceId": vmID, "networkInterfaceId": foreignENI})
	requireCode(t, err, "InvalidOperation.VpcMismatch")

	tooMany, _ := c.eni("too-many-ips", n, obj{"privateIpsCount": float64(6)})
	_, _, err = c.tryCreate(TokenAttachment, "ips", obj{"instanceId": vmID, "networkInterfaceId": tooMany})
	requireCode(t, err, "QuotaExceeded.PrivateIpAddress")

	// Another subnet of the same zone is fine: ENI and instance may use different vSwitches.
	sameZone, _ := c.create(TokenSwitch, "zone-h-2", obj{"vpcId": n.vpc, "cidrBlock": "10.0.2.0/24", "zoneId": "cn-hangzhou-h"})
	fiveIPs, _ := c.create(TokenEni, "five", obj{"vswitchId": sameZone, "privateIpsCount": float64(5)})
	attID, _ := c.create(TokenAttachment, "ok", obj{"instanceId": vmID, "networkInterfaceId": fiveIPs})
	assert.Equal(t, fiveIPs+":"+vmID, attID)
	assert.Equal(t, "InUse", c.read(TokenEni, "five", fiveIPs)["status"])

	second, _ := c.eni("second", n, nil)
	_, _, err = c.tryCreate(TokenAttachment, "third-eni", obj{"instanceId": vmID, "networkInterfaceId": second})
	requireCode(t, err, "InvalidOperation.MaxEniCountExceeded")

	vm2, _ := c.instance("vm2", "ecs.c6.large", "Running", n)
	_, _, err = c.tryCreate(TokenAttachment, "again", obj{"instanceId": vm2, "networkInterfaceId": fiveIPs})
	requireCode(t, err, "InvalidOperation.InvalidEniState")

	// Adding a sixth secondary address to the attached ENI exceeds 6 per ENI.
	in := obj{"vswitchId": sameZone, "privateIpsCount": float64(5)}
	_, err = c.tryUpdate(TokenEni, "five", fiveIPs, in, obj{"vswitchId": sameZone, "privateIpsCount": float64(6)})
	requireCode(t, err, "QuotaExceeded.PrivateIpAddress")

	requireCode(t, c.del(TokenEni, "five", fiveIPs), "InvalidOperation.InvalidEniState")
	require.NoError(t, c.del(TokenAttachment, "ok", attID))
	assert.Equal(t, "Available", c.read(TokenEni, "five", fiveIPs)["status"])
	require.NoError(t, c.del(TokenEni, "five", fiveIPs))
}

func TestLargeInstanceTypeTakesEightEnis(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.0.0/20")
	vm, _ := c.instance("vm", "ecs.g6.4xlarge", "Running", n)
	for i := 1; i <= 7; i++ {
		eni, _ := c.eni(fmt.Sprintf("e%d", i), n, obj{"privateIpsCount": float64(19)})
		c.create(TokenAttachment, fmt.Sprintf("a%d", i), obj{"instanceId": vm, "networkInterfaceId": eni})
	}
	ninth, _ := c.eni("e9", n, nil)
	_, _, err := c.tryCreate(TokenAttachment, "a9", obj{"instanceId": vm, "networkInterfaceId": ninth})
	requireCode(t, err, "InvalidOperation.MaxEniCountExceeded")
}

func TestHotPlug(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.0.0/24")
	vmIn := obj{"instanceType": "ecs.t5-lc1m1.small", "status": "Running", "vswitchId": n.vsw, "securityGroups": []any{n.sg}}
	vm, _ := c.create(TokenInstance, "vm", vmIn)
	eni, _ := c.eni("eni", n, obj{"privateIpsCount": float64(1)})
	_, _, err := c.tryCreate(TokenAttachment, "hot", obj{"instanceId": vm, "networkInterfaceId": eni})
	requireCode(t, err, "IncorrectInstanceStatus")

	stopped := copyObj(vmIn)
	stopped["status"] = "Stopped"
	out, err := c.tryUpdate(TokenInstance, "vm", vm, vmIn, stopped)
	require.NoError(t, err)
	assert.Equal(t, "Stopped", out["status"])
	att, _ := c.create(TokenAttachment, "cold", obj{"instanceId": vm, "networkInterfaceId": eni})

	_, err = c.tryUpdate(TokenInstance, "vm", vm, stopped, vmIn)
	require.NoError(t, err)
	requireCode(t, c.del(TokenAttachment, "cold", att), "IncorrectInstanceStatus")

	// A hot-plug capable type attaches while running.
	vm2, _ := c.instance("vm2", "ecs.c6.large", "Running", n)
	eni2, _ := c.eni("eni2", n, nil)
	c.create(TokenAttachment, "hot-ok", obj{"instanceId": vm2, "networkInterfaceId": eni2})
}

func TestInstanceRules(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.0.0/24")
	for _, tc := range []struct {
		name string
		in   obj
		code string
	}{
		{"unknown type", obj{"instanceType": "ecs.zz9.huge"}, "InvalidInstanceType.NotFound"},
		{"zone mismatch", obj{"availabilityZone": "cn-hangzhou-i"}, "InvalidVSwitchId.ZoneMismatch"},
		{"too many secondary IPs", obj{"secondaryPrivateIpAddressCount": float64(6)}, "QuotaExceeded.PrivateIpAddress"},
		{"private IP reserved", obj{"privateIp": "10.0.0.254"}, "InvalidPrivateIpAddress.Reserved"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := obj{"instanceType": "ecs.c6.large", "vswitchId": n.vsw, "securityGroups": []any{n.sg}}
			for k, v := range tc.in {
				in[k] = v
			}
			_, _, err := c.tryCreate(TokenInstance, tc.name, in)
			requireCode(t, err, tc.code)
		})
	}
	in := obj{"instanceType": "ecs.c6.large", "vswitchId": n.vsw, "securityGroups": []any{n.sg}, "privateIp": "10.0.0.100",
		"secondaryPrivateIpAddressCount": float64(2), "userData": "I2Nsb3VkLWNvbmZpZw==",
		"networkInterfaces": obj{"vswitchId": n.vsw, "securityGroupIds": []any{n.sg}}}
	vm, out := c.create(TokenInstance, "vm", in)
	assert.Equal(t, "10.0.0.100", out["privateIp"])
	assert.Len(t, out["secondaryPrivateIps"], 2)
	ni := out["networkInterfaces"].(obj)
	assert.Regexp(t, `^eni-`, ni["networkInterfaceId"])
	assert.Equal(t, n.vsw, ni["vswitchId"])

	changed := copyObj(in)
	changed["userData"] = "I2Nsb3VkLWNvbmZpZwpydW5jbWQ6IFtdCg=="
	_, err := c.tryUpdate(TokenInstance, "vm", vm, in, changed)
	require.NoError(t, err)
	assert.Equal(t, float64(1), c.state().Resources[vm].Internal["reboots"], "a userData change reboots the instance")

	sgUsed := c.del(TokenSecurityGroup, "n-sg", n.sg)
	requireCode(t, sgUsed, "DependencyViolation")
	require.NoError(t, c.del(TokenInstance, "vm", vm))
	for _, r := range c.state().Resources {
		assert.NotEqual(t, TokenInstanceEni, r.Type, "the instance's own ENIs go with it")
	}
}
