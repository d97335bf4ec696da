package emulator

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNatAssociationRules(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.0.0/24")
	eni, _ := c.eni("eni", n, obj{"primaryIpAddress": "10.0.0.10", "privateIpAddresses": []any{"10.0.0.11", "10.0.0.12"}})
	eip1, _ := c.create(TokenEip, "eip1", obj{})
	eip2, _ := c.create(TokenEip, "eip2", obj{})
	eip3, _ := c.create(TokenEip, "eip3", obj{})

	_, _, err := c.tryCreate(TokenEipAssociation, "no-type", obj{"allocationId": eip1, "instanceId": eni})
	requireCode(t, err, "InvalidInstanceId.NotFound")
	assert.Contains(t, err.Error(), "instanceType NetworkInterface")

	_, _, err = c.tryCreate(TokenEipAssociation, "foreign-ip", obj{"allocationId": eip1, "instanceId": eni, "instanceType": "NetworkInterface", "privateIpAddress": "10.0.0.99"})
	requireCode(t, err, "InvalidPrivateIpAddress.NotFound")

	id, out := c.create(TokenEipAssociation, "a1", obj{"allocationId": eip1, "instanceId": eni, "instanceType": "NetworkInterface", "privateIpAddress": "10.0.0.11"})
	assert.Equal(t, eip1+":"+eni, id)
	assert.Equal(t, "NAT", out["mode"])
	assert.Equal(t, "InUse", c.read(TokenEip, "eip1", eip1)["status"])

	_, _, err = c.tryCreate(TokenEipAssociation, "same-ip", obj{"allocationId": eip2, "instanceId": eni, "instanceType": "NetworkInterface", "privateIpAddress": "10.0.0.11", "mode": "NAT"})
	requireCode(t, err, "InvalidPrivateIpAddress.AlreadyAssociated")

	vm, _ := c.instance("vm", "ecs.c6.large", "Running", n)
	_, _, err = c.tryCreate(TokenEipAssociation, "eip-busy", obj{"allocationId": eip1, "instanceId": vm})
	requireCode(t, err, "IncorrectEipStatus")

	// Primary IP by default; the instance's own ENI by instance id.
	_, out = c.create(TokenEipAssociation, "a2", obj{"allocationId": eip2, "instanceId": eni, "instanceType": "NetworkInterface"})
	assert.Equal(t, "10.0.0.10", out["privateIpAddress"])
	_, out = c.create(TokenEipAssociation, "a3", obj{"allocationId": eip3, "instanceId": vm})
	assert.Equal(t, "EcsInstance", out["instanceType"])

	nics := c.invoke(TokenGetNetworkInterfaces, obj{"ids": []any{eni}})
	require.Len(t, nics["interfaces"], 1)
	assert.Len(t, nics["interfaces"].([]any)[0].(obj)["associatedPublicIps"], 2)
	eips := c.invoke(TokenGetEipAddresses, obj{"associatedInstanceId": vm})
	assert.Len(t, eips["addresses"], 1)
}

func TestCutThroughAssociationRules(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.0.0/24")
	vm, vmOut := c.instance("vm", "ecs.c6.large", "Running", n)
	attached, _ := c.eni("attached", n, nil)
	c.create(TokenAttachment, "att", obj{"instanceId": vm, "networkInterfaceId": attached})
	free, _ := c.eni("free", n, nil)
	eip := func(name string) string { id, _ := c.create(TokenEip, name, obj{}); return id }

	for _, mode := range []string{"BINDED", "MULTI_BINDED"} {
		_, _, err := c.tryCreate(TokenEipAssociation, "attached-"+mode, obj{"allocationId": eip("e-" + mode), "instanceId": attached, "instanceType": "NetworkInterface", "mode": mode})
		requireCode(t, err, "IncorrectStatus.NetworkInterface")
		_, _, err = c.tryCreate(TokenEipAssociation, "primary-"+mode, obj{"allocationId": eip("p-" + mode), "instanceId": vmOut["networkInterfaceId"], "instanceType": "NetworkInterface", "mode": mode})
		requireCode(t, err, "InvalidOperation.EniType")
	}

	c.create(TokenEipAssociation, "b1", obj{"allocationId": eip("b1"), "instanceId": free, "instanceType": "NetworkInterface", "mode": "BINDED"})
	_, _, err := c.tryCreate(TokenEipAssociation, "b2", obj{"allocationId": eip("b2"), "instanceId": free, "instanceType": "NetworkInterface", "mode": "BINDED"})
	requireCode(t, err, "QuotaExceeded.EipPerEni")
	_, _, err = c.tryCreate(TokenEipAssociation, "mix", obj{"allocationId": eip("mix"), "instanceId": free, "instanceType": "NetworkInterface"})
	requireCode(t, err, "InvalidAssociation.ModeConflict")

	multi, _ := c.eni("multi", n, nil)
	for i := 0; i < MaxMultiBindedEipsPerEni; i++ {
		c.create(TokenEipAssociation, fmt.Sprintf("m%d", i), obj{"allocationId": eip(fmt.Sprintf("m%d", i)), "instanceId": multi, "instanceType": "NetworkInterface", "mode": "MULTI_BINDED"})
	}
	_, _, err = c.tryCreate(TokenEipAssociation, "m-eleventh", obj{"allocationId": eip("m-eleventh"), "instanceId": multi, "instanceType": "NetworkInterface", "mode": "MULTI_BINDED"})
	requireCode(t, err, "QuotaExceeded.EipPerEni")

	// An ENI carrying MULTI_BINDED EIPs attaches only to a supported family.
	c6, _ := c.instance("c6", "ecs.c6.large", "Running", n)
	_, _, err = c.tryCreate(TokenAttachment, "multi-c6", obj{"instanceId": c6, "networkInterfaceId": multi})
	requireCode(t, err, "InvalidInstanceType.NotSupportMultiEip")
	g5, _ := c.instance("g5", "ecs.g5.large", "Running", n)
	c.create(TokenAttachment, "multi-g5", obj{"instanceId": g5, "networkInterfaceId": multi})
	// The cut-through ENI attaches after its association.
	c5, _ := c.instance("c5", "ecs.c5.large", "Running", n)
	c.create(TokenAttachment, "binded-c5", obj{"instanceId": c5, "networkInterfaceId": free})
}

func TestAssociationModeUpdate(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.0.0/24")
	eni, _ := c.eni("eni", n, nil)
	eip, _ := c.create(TokenEip, "eip", obj{})
	in := obj{"allocationId": eip, "instanceId": eni, "instanceType": "NetworkInterface", "mode": "NAT"}
	id, _ := c.create(TokenEipAssociation, "a", in)
	binded := copyObj(in)
	binded["mode"] = "BINDED"
	out, err := c.tryUpdate(TokenEipAssociation, "a", id, in, binded)
	require.NoError(t, err)
	assert.Equal(t, "BINDED", out["mode"])

	vm, _ := c.instance("vm", "ecs.c6.large", "Running", n)
	c.create(TokenAttachment, "att", obj{"instanceId": vm, "networkInterfaceId": eni})
	multi := copyObj(in)
	multi["mode"] = "MULTI_BINDED"
	_, err = c.tryUpdate(TokenEipAssociation, "a", id, binded, multi)
	requireCode(t, err, "IncorrectStatus.NetworkInterface")
}

func TestDeleteRefusals(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("n", "10.0.0.0/16", "10.0.0.0/24")
	eni, _ := c.eni("eni", n, nil)
	eip, _ := c.create(TokenEip, "eip", obj{"deletionProtection": true})
	assoc, _ := c.create(TokenEipAssociation, "a", obj{"allocationId": eip, "instanceId": eni, "instanceType": "NetworkInterface"})

	requireCode(t, c.del(TokenEni, "eni", eni), "DependencyViolation.EipAssociation")
	requireCode(t, c.del(TokenEip, "eip", eip), "OperationDenied.DeletionProtection")
	requireCode(t, c.del(TokenNetwork, "n-vpc", n.vpc), "DependencyViolation")
	require.NoError(t, c.del(TokenEipAssociation, "a", assoc))
	assert.Equal(t, "Available", c.read(TokenEip, "eip", eip)["status"])
	requireCode(t, c.del(TokenEip, "eip", eip), "OperationDenied.DeletionProtection")

	in := obj{"deletionProtection": true}
	_, err := c.tryUpdate(TokenEip, "eip", eip, in, obj{"deletionProtection": false})
	require.NoError(t, err)
	require.NoError(t, c.del(TokenEip, "eip", eip))

	eip2, _ := c.create(TokenEip, "eip2", obj{})
	c.create(TokenEipAssociation, "a2", obj{"allocationId": eip2, "instanceId": eni, "instanceType": "NetworkInterface"})
	requireCode(t, c.del(TokenEip, "eip2", eip2), "IncorrectEipStatus")
	assert.Nil(t, c.read(TokenEip, "eip", eip), "a deleted resource reads as gone")
	require.NoError(t, c.del(TokenEip, "eip", eip), "deleting twice is harmless")
}
