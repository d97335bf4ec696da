package limits

import "errors"

// VisibleEipInputs are what a VisibleEip's input checks read: its plain values and, for each
// optional input, whether it is given (known or not).
type VisibleEipInputs struct {
	// Mode is the mode input as given; empty selects InputSecondaryCidr.
	Mode string
	// Region is the region the component deploys to; RegionKnown is false while it is unknown.
	Region      string
	RegionKnown bool
	// InstanceType is the instance's type when known; empty otherwise.
	InstanceType string
	// GuestStatic is true with guest.mode static.
	GuestStatic bool
	// Ipv6 is the ipv6 input.
	Ipv6 bool
	// CreateIpv6Gateway is the createIpv6Gateway input.
	CreateIpv6Gateway bool
	// The optional inputs, true when given.
	AllocationId, IpAddress, VswitchId, SecondaryCidrBlock, EipGateway, EipPrefixLength         bool
	Ipv6CidrBlockMask, Ipv6GatewayId, Ipv6Bandwidth, Ipv6InternetChargeType, Ipv6GatewayAddress bool
}

// VisibleEipChecked is what the input checks of a VisibleEip decide.
type VisibleEipChecked struct {
	// Mode is the mode input with its default applied.
	Mode string
	// Warnings are problems that do not stop the deployment.
	Warnings []string
}

// CheckVisibleEipInputs refuses the inputs of a VisibleEip that contradict each other or miss a
// partner, before anything exists: the mode, an adopted EIP's address, what cut-through mode
// needs (with its regions) and refuses, and the IPv6 inputs. It warns about an instance type
// that does not hot-plug ENIs.
func CheckVisibleEipInputs(in VisibleEipInputs) (VisibleEipChecked, error) {
	var errs []error
	out := VisibleEipChecked{Mode: in.Mode}
	switch in.Mode {
	case "":
		out.Mode = InputSecondaryCidr
	case InputSecondaryCidr, InputCutThrough:
	default:
		errs = append(errs, &Violation{Field: "mode", Value: in.Mode, Problem: "is not a visible EIP mode",
			Rule: "mode is secondaryCidr or cutThrough", Fix: "use secondaryCidr (the default) unless you need cutThrough"})
	}
	if in.AllocationId && !in.IpAddress {
		errs = append(errs, &Violation{Field: "ipAddress", Problem: "is missing while allocationId adopts an EIP",
			Rule: "an adopted EIP's address decides the ENI's primary IP and the blocks before anything is created",
			Fix:  "give ipAddress, the public address of the EIP allocationId names"})
	}
	if !in.AllocationId && in.IpAddress {
		errs = append(errs, &Violation{Field: "ipAddress", Problem: "is given without allocationId",
			Rule: "ipAddress names an existing EIP to adopt", Fix: "give allocationId too, or drop ipAddress to allocate a new EIP"})
	}
	if out.Mode == InputCutThrough {
		cutErrs, warning := in.checkCutThrough()
		errs = append(errs, cutErrs...)
		if warning != "" {
			out.Warnings = append(out.Warnings, warning)
		}
	}
	if in.InstanceType != "" {
		if err := CheckHotPlug("instanceType", in.InstanceType); err != nil {
			out.Warnings = append(out.Warnings, err.Error())
		}
	}
	errs = append(errs, in.checkIpv6()...)
	return out, errors.Join(errs...)
}

// checkCutThrough checks what cut-through mode needs and refuses, and its regions.
func (in VisibleEipInputs) checkCutThrough() ([]error, string) {
	var errs []error
	if !in.VswitchId {
		errs = append(errs, &Violation{Field: "vswitchId", Problem: "is missing in cutThrough mode",
			Rule: "cut-through mode creates the ENI in an existing vSwitch", Fix: "give the vSwitch the ENI goes in"})
	}
	if in.GuestStatic && (!in.EipGateway || !in.EipPrefixLength) {
		errs = append(errs, &Violation{Field: "eipGateway", Problem: "is missing in cutThrough mode with guest.mode static",
			Rule: "the guest needs the EIP's gateway and prefix length, which the alicloud provider cannot look up",
			Fix:  "give eipGateway and eipPrefixLength (DescribeEipGatewayInfo), or use guest.mode metadata"})
	}
	if in.SecondaryCidrBlock {
		errs = append(errs, &Violation{Field: "secondaryCidrBlock", Problem: "is given in cutThrough mode",
			Rule: "cut-through mode needs no secondary CIDR block", Fix: "drop it, or use mode secondaryCidr"})
	}
	warning, err := CheckModeInRegion("mode", InputCutThrough, ModeCutThrough, in.Region, in.RegionKnown)
	if err != nil {
		errs = append(errs, WithFix(err, "use mode secondaryCidr, which works in every region"))
	}
	return errs, warning
}

// checkIpv6 refuses IPv6 inputs given with ipv6 off, and with ipv6 on those that would be
// ignored or cannot work.
func (in VisibleEipInputs) checkIpv6() []error {
	if !in.Ipv6 {
		if in.Ipv6GatewayId || in.Ipv6Bandwidth || in.Ipv6CidrBlockMask || in.CreateIpv6Gateway || in.Ipv6InternetChargeType || in.Ipv6GatewayAddress {
			return []error{&Violation{Field: "ipv6", Problem: "is off while IPv6 inputs are given",
				Fix: "set ipv6: true, or drop ipv6CidrBlockMask, ipv6GatewayId, createIpv6Gateway, ipv6Bandwidth, " +
					"ipv6InternetChargeType and ipv6GatewayAddress"}}
		}
		return nil
	}
	var errs []error
	step := "step 'Enable public bandwidth for the IPv6 address' of " + Doc(DocVisibleEip)
	if !in.VswitchId && !in.Ipv6CidrBlockMask {
		errs = append(errs, &Violation{Field: "ipv6CidrBlockMask", Problem: "is missing with ipv6",
			Rule: "a new vSwitch's IPv6 block is chosen by its index in the VPC's IPv6 block",
			Fix:  "give an index from 0 to 255 not used by another vSwitch"})
	}
	if in.CreateIpv6Gateway && in.Ipv6GatewayId {
		errs = append(errs, &Violation{Field: "createIpv6Gateway", Value: "true", Problem: "is given together with ipv6GatewayId",
			Rule: "a VPC takes one IPv6 gateway", Fix: "drop createIpv6Gateway to use the existing gateway, or drop ipv6GatewayId to create one"})
	}
	if in.Ipv6Bandwidth && !in.Ipv6GatewayId && !in.CreateIpv6Gateway {
		errs = append(errs, &Violation{Field: "ipv6Bandwidth", Problem: "is given without an IPv6 gateway",
			Rule:   "public IPv6 bandwidth is bought on the VPC's IPv6 gateway (AllocateIpv6InternetBandwidth)",
			Source: step, Fix: "give ipv6GatewayId (the VPC's IPv6 gateway), or set createIpv6Gateway: true when the VPC has none"})
	}
	if in.Ipv6InternetChargeType && !in.Ipv6Bandwidth {
		errs = append(errs, &Violation{Field: "ipv6InternetChargeType", Problem: "is given without ipv6Bandwidth",
			Rule: "it meters the IPv6 internet bandwidth", Source: step, Fix: "give ipv6Bandwidth too, or drop ipv6InternetChargeType"})
	}
	if in.GuestStatic && !in.Ipv6GatewayAddress {
		errs = append(errs, &Violation{Field: "ipv6GatewayAddress", Problem: "is missing with ipv6 and guest.mode static",
			Rule: "static guest configuration renders the IPv6 default route's next hop, which the alicloud provider cannot look up",
			Fix:  "give the vSwitch's IPv6 gateway (metadata item network/interfaces/macs/<mac>/ipv6-gateway), or use guest.mode metadata"})
	}
	return errs
}
