package provider

import (
	"fmt"
	"slices"
	"strings"

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

// plannedAddress is an EIP's public address as the current run knows it.
type plannedAddress struct {
	// Value is the address when Known.
	Value string
	// Known is false for an EIP being allocated or replaced (its address is unknown at preview).
	Known bool
	// Adopted is true for an EIP given by allocationId: unknown then means "not known yet", not "new".
	Adopted bool
}

// awaitAddress waits for an EIP's address. At preview a kept EIP's address is known and a new
// or replaced one's is not.
func awaitAddress(ctx *pulumi.Context, address pulumi.StringOutput, adopted bool) (plannedAddress, error) {
	r, err := internals.UnsafeAwaitOutput(ctx.Context(), address)
	if err != nil {
		return plannedAddress{}, err
	}
	v, _ := r.Value.(string)
	return plannedAddress{Value: v, Known: r.Known && v != "", Adopted: adopted}, nil
}

// changesAttached reports, for an attached ENI that keeps its EIPs in place, the EIPs a plan
// adds or replaces (planned addresses not associated with it now; an adopted EIP whose address
// is not known yet is left to the cloud) and the ones it removes (associated now, planned no more).
func changesAttached(now []string, planned []plannedAddress) (changed []int, removed []string) {
	kept := map[string]bool{}
	pending := false
	for i, p := range planned {
		switch {
		case p.Known && slices.Contains(now, p.Value):
			kept[p.Value] = true
		case p.Known || !p.Adopted:
			changed = append(changed, i)
		default:
			pending = true
		}
	}
	if pending {
		return changed, nil // an adopted EIP not known yet may be any of them
	}
	for _, ip := range now {
		if !kept[ip] {
			removed = append(removed, ip)
		}
	}
	return changed, removed
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
	if changed, _ := changesAttached(info.PublicIps, []plannedAddress{planned}); len(changed) == 0 {
		return nil
	}
	field, value := "internetChargeType, isp or paymentType", "(a new EIP)"
	if args.AllocationId != nil {
		field, value = "allocationId", planned.Value
	}
	return &limits.Violation{Field: field, Value: value,
		Problem: fmt.Sprintf("would replace EIP %s of ENI %s, which is attached to instance %s", strings.Join(info.PublicIps, ", "), info.ID, instanceID),
		Rule:    "in cut-through mode an EIP is associated with a secondary ENI only while the ENI is detached from the instance",
		Source:  limits.Doc(limits.DocAssociationModes),
		Fix:     "keep the EIP as it is (allocationId, ipAddress, internetChargeType, isp and paymentType), or detach the ENI first"}
}
