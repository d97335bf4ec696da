package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// attachedEniInfo is what the cloud says of an ENI of a component that is attached now.
type attachedEniInfo struct {
	// ID is the ENI's ID.
	ID string
	// PublicIps are the addresses of the EIPs associated with it.
	PublicIps []string
}

// lookupAttachedEni asks the cloud for the ENI named name attached to instance instanceID. It
// reports false when there is none (a first deployment, a detached ENI) or the lookup fails: the
// cloud then refuses what the check would have.
func lookupAttachedEni(ctx *pulumi.Context, comp pulumi.Resource, instanceID, name string) (attachedEniInfo, bool) {
	res, err := alicloud.GetNetworkInterfaces(ctx, &alicloud.GetNetworkInterfacesArgs{
		InstanceId: &instanceID, NetworkInterfaceName: &name}, pulumi.Parent(comp))
	if err != nil {
		return attachedEniInfo{}, false
	}
	for _, nic := range res.Interfaces {
		if nic.NetworkInterfaceName == name && nic.InstanceId == instanceID {
			info := attachedEniInfo{ID: nic.Id}
			for _, ip := range nic.AssociatedPublicIps {
				info.PublicIps = append(info.PublicIps, ip.PublicIpAddress)
			}
			return info, true
		}
	}
	return attachedEniInfo{}, false
}

// awaitAddress waits for an EIP's address. At preview a kept EIP's address is known and a new
// or replaced one's is not.
func awaitAddress(ctx *pulumi.Context, address pulumi.StringOutput, adopted bool) (limits.PlannedEip, error) {
	r, err := internals.UnsafeAwaitOutput(ctx.Context(), address)
	if err != nil {
		return limits.PlannedEip{}, err
	}
	v, _ := r.Value.(string)
	return limits.PlannedEip{Address: v, Known: r.Known && v != "", Adopted: adopted}, nil
}

// checkCutThroughEip refuses, in VisibleEip's cutThrough mode, a change that would replace the
// EIP of the component's ENI while the ENI is attached to the instance (a changed allocationId,
// ipAddress, internetChargeType, isp or paymentType): cut-through mode associates an EIP with a
// secondary ENI only while it is detached, so the new association would fail in the cloud.
// It looks the ENI up only when instanceId is known at preview.
func checkCutThroughEip(ctx *pulumi.Context, comp pulumi.Resource, name string, args *VisibleEipArgs,
	address pulumi.StringOutput) error {
	instanceID, known := knownString(args.InstanceId)
	if !known {
		return nil
	}
	info, attached := lookupAttachedEni(ctx, comp, instanceID, name)
	if !attached || len(info.PublicIps) == 0 {
		return nil
	}
	planned, err := awaitAddress(ctx, address, args.AllocationId != nil)
	if err != nil {
		return err
	}
	return limits.CheckCutThroughAttached(info.ID, instanceID, info.PublicIps, planned)
}
