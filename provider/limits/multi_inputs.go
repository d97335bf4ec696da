package limits

import (
	"errors"
	"fmt"
)

// MultiEipInputs are what a MultiEipInstance's input checks read: its plain values and, for
// each optional input, whether it is given (known or not).
type MultiEipInputs struct {
	// CreateInstance is true when instance is given: the component creates the instance.
	CreateInstance bool
	// InstanceId, VswitchId and SecurityGroupIds are true when given.
	InstanceId, VswitchId, SecurityGroupIds bool
	// UsePrimaryEni is the usePrimaryEni input.
	UsePrimaryEni bool
	// EniVswitch and InstanceVswitch are vswitchId and instance.vswitchId when known; empty otherwise.
	EniVswitch, InstanceVswitch string
	// Billing are the EIPs' billing inputs.
	Billing EipBilling
}

// instanceEitherOr is the rule between instanceId and instance.
const instanceEitherOr = "a MultiEipInstance either uses an existing instance (instanceId) or creates one (instance)"

// CheckMultiEipInputs refuses the inputs of a MultiEipInstance that contradict each other or miss
// a partner: the instance given twice or not at all, an existing instance's ENIs without their
// vSwitch or security groups, the primary ENI's vSwitch when usePrimaryEni puts EIPs there, and
// the EIPs' billing.
func CheckMultiEipInputs(in MultiEipInputs) error {
	var errs []error
	if in.CreateInstance && in.InstanceId {
		errs = append(errs, &Violation{Field: "instanceId", Problem: "is given together with instance", Rule: instanceEitherOr,
			Fix: "drop instanceId to create the instance, or drop instance to use the existing one"})
	}
	if !in.CreateInstance && !in.InstanceId {
		errs = append(errs, &Violation{Field: "instanceId", Problem: "is missing", Rule: instanceEitherOr,
			Fix: "give instanceId, or instance to create one"})
	}
	if !in.CreateInstance && (!in.VswitchId || !in.SecurityGroupIds) {
		errs = append(errs, &Violation{Field: "vswitchId", Problem: "or securityGroupIds is missing for an existing instance",
			Rule: "the new ENIs are created in a vSwitch of the instance's zone with their own security groups",
			Fix:  "give vswitchId and securityGroupIds"})
	}
	if in.CreateInstance && in.UsePrimaryEni && in.EniVswitch != "" && in.InstanceVswitch != "" {
		errs = append(errs, CheckPrimaryEniVswitch(in.EniVswitch, in.InstanceVswitch))
	}
	errs = append(errs, CheckEipBilling(in.Billing))
	return errors.Join(errs...)
}

// EntryGateway is what the gateway check reads of one EIP entry.
type EntryGateway struct {
	// Name is the entry's name.
	Name string
	// Gateway and PrefixLength are true when the entry gives them.
	Gateway, PrefixLength bool
}

// CheckEipGatewaysGiven refuses, in multi-EIP-to-ENI mode, an entry (eips[i], in input order)
// without its EIP's gateway and prefix length.
func CheckEipGatewaysGiven(mode Mode, entries []EntryGateway) error {
	if mode != ModeMultiEipToEni {
		return nil
	}
	var missing []error
	for i, e := range entries {
		if !e.Gateway || !e.PrefixLength {
			missing = append(missing, &Violation{Field: fmt.Sprintf("eips[%d].gateway", i), Value: fmt.Sprintf("(%q)", e.Name),
				Problem: "or prefixLength is missing in multiEipToEni mode",
				Rule:    "the guest configures each EIP with its gateway and mask, which the alicloud provider cannot look up",
				Source:  Doc(DocMultiEipToEni),
				Fix:     "give gateway and prefixLength from DescribeEipGatewayInfo"})
		}
	}
	return errors.Join(missing...)
}
