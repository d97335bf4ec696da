package limits

import (
	"errors"
	"fmt"
)

// MultiEipSettings are the plain values of a MultiEipInstance that decide its shape before any
// resource exists; all are known at preview.
type MultiEipSettings struct {
	// Names are the names of the eips entries, in input order.
	Names []string
	// EipCount is the eipCount input: how many entries named eip-0, eip-1, ... it adds.
	EipCount int
	// Mode is the mode input as given; empty selects InputNat.
	Mode string
	// Enis are the facts that limit the ENIs and private IPs; its Mode is the one Mode selects.
	Enis InstanceEnis
	// Region is the region the component deploys to; RegionKnown is false while it is unknown.
	Region      string
	RegionKnown bool
}

// MultiEipShape is what the settings of a MultiEipInstance decide.
type MultiEipShape struct {
	// Mode is the association mode sent to the API.
	Mode Mode
	// CountNames are the names of the entries eipCount adds, after those of eips.
	CountNames []string
	// SecondaryEnis is how many secondary ENIs the EIPs may use.
	SecondaryEnis int
	// IpsPerEni is how many private IPs an ENI takes, its primary one included.
	IpsPerEni int
	// Warnings are problems that do not stop the deployment.
	Warnings []string
}

// EipCountName names the n-th entry eipCount adds.
func EipCountName(n int) string { return fmt.Sprintf("eip-%d", n) }

// PlanMultiEip checks the settings of a MultiEipInstance and decides its shape: the mode, the
// names eipCount adds, the quota (the instance type's, capped by maxEnis and privateIpsPerEni),
// the secondary ENIs an instance that cannot hot-plug may use, and in multi-EIP-to-ENI mode the
// instance family and the region. Where each EIP lives is the allocation's to decide.
func PlanMultiEip(s MultiEipSettings) (MultiEipShape, error) {
	mode, modeErr := multiEipMode(s.Mode, s.EipCount)
	names, nameErrs := eipCountNames(s.Names, s.EipCount)
	enis := s.Enis
	enis.Mode = mode
	quota, quotaErr := enis.Capped()
	errs := append(append([]error{modeErr}, nameErrs...), enis.CheckUsePrimaryEni(), quotaErr)
	if err := errors.Join(errs...); err != nil {
		return MultiEipShape{}, err
	}
	secondary, hotPlugWarning, err := enis.SecondaryEnis(len(s.Names)+len(names), quota)
	if err != nil {
		return MultiEipShape{}, err
	}
	shape := MultiEipShape{Mode: mode, CountNames: names, SecondaryEnis: secondary, IpsPerEni: quota.IpsPerEni}
	if hotPlugWarning != "" {
		shape.Warnings = append(shape.Warnings, hotPlugWarning)
	}
	if mode != ModeMultiEipToEni {
		return shape, nil
	}
	warnings, err := checkMultiEipToEni(enis.InstanceType, s.Region, s.RegionKnown)
	shape.Warnings = append(shape.Warnings, warnings...)
	return shape, err
}

// multiEipMode reads a MultiEipInstance's mode input, and refuses a negative eipCount.
func multiEipMode(input string, eipCount int) (Mode, error) {
	var errs []error
	mode := ModeNAT
	switch input {
	case "":
	case InputNat, InputMultiEipToEni:
		mode, _ = ModeOf(input)
	default:
		errs = append(errs, &Violation{Field: "mode", Value: input, Problem: "is not an association mode of MultiEipInstance",
			Rule: "mode is nat (one EIP per private IP) or multiEipToEni (up to 10 EIPs per secondary ENI)",
			Fix:  "use nat, the default, unless your account has multi-EIP-to-ENI mode"})
	}
	if eipCount < 0 {
		errs = append(errs, &Violation{Field: "eipCount", Value: fmt.Sprint(eipCount), Problem: "is negative",
			Fix: "set it to 0 or more"})
	}
	return mode, errors.Join(errs...)
}

// eipCountNames are the names of the entries eipCount adds, "eip-0".."eip-{N-1}"; eipCount
// repeats no name of eips.
func eipCountNames(explicit []string, eipCount int) ([]string, []error) {
	var errs []error
	var names []string
	first := map[string]int{}
	for i, n := range explicit {
		if _, dup := first[n]; !dup {
			first[n] = i
		}
	}
	for n := 0; n < eipCount; n++ {
		name := EipCountName(n)
		if i, dup := first[name]; dup {
			errs = append(errs, &Violation{Field: "eipCount", Value: fmt.Sprint(eipCount),
				Problem: fmt.Sprintf("adds an entry named %q, the name of eips[%d]", name, i),
				Rule:    "eipCount adds entries named eip-0 to eip-(eipCount-1); every entry name is unique",
				Fix:     fmt.Sprintf("rename eips[%d]", i)})
			continue
		}
		names = append(names, name)
	}
	return names, errs
}

// checkMultiEipToEni checks, in multi-EIP-to-ENI mode, the instance family and the region, and
// warns about what it could not check.
func checkMultiEipToEni(instanceType, region string, regionKnown bool) ([]string, error) {
	var errs []error
	var warnings []string
	if instanceType != "" {
		if err := CheckModeInstanceType("mode", InputMultiEipToEni, ModeMultiEipToEni, instanceType); err != nil {
			errs = append(errs, WithFix(err, "use mode nat, or choose an instance type of one of these families"))
		}
	} else {
		warnings = append(warnings, "mode multiEipToEni: the instance type is unknown, so the instance families that accept multi-EIP-to-ENI mode were not checked; give instanceType")
	}
	warning, err := CheckModeInRegion("mode", InputMultiEipToEni, ModeMultiEipToEni, region, regionKnown)
	if err != nil {
		errs = append(errs, WithFix(err, "use mode nat, which works in every region"))
	}
	if warning != "" {
		warnings = append(warnings, warning)
	}
	return warnings, errors.Join(errs...)
}
