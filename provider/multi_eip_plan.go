package provider

import (
	"errors"
	"fmt"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// Association modes of a MultiEipInstance, as the mode input spells them.
const (
	// MultiModeNat associates each EIP with one private IP in NAT mode (the default).
	MultiModeNat = limits.InputNat
	// MultiModeMultiEipToEni associates up to 10 EIPs with each secondary ENI in
	// multi-EIP-to-ENI (MULTI_BINDED) mode.
	MultiModeMultiEipToEni = limits.InputMultiEipToEni
)

// multiEntrySpec is the plain part of one EIP entry: what decides its resources and its place.
type multiEntrySpec struct {
	Name      string
	PrivateIp string
	Eni       *int
}

// multiSettings are the plain values a MultiEipInstance's layout depends on; all are known at preview.
type multiSettings struct {
	Entries          []multiEntrySpec
	EipCount         int
	Mode             string
	UsePrimaryEni    bool
	CreateInstance   bool
	InstanceType     string
	Quota            *limits.InstanceQuota
	MaxEnis          int
	PrivateIpsPerEni int
	VswitchCidr      string
	PrivateIpRange   string
	Region           string
	// RegionUnknown is true while the region input is unknown (at preview).
	RegionUnknown bool
}

// multiShape is what the plain inputs of a MultiEipInstance decide before any resource
// exists: the mode, the quota, and the inputs of its AddressAllocation.
type multiShape struct {
	// Mode is the association mode sent to the API.
	Mode limits.Mode
	// Allocation are the inputs of the component's AddressAllocation.
	Allocation AddressAllocationArgs
	// CreateInstance is true when the component creates the instance.
	CreateInstance bool
	// Warnings are problems that do not stop the deployment.
	Warnings []string
}

// multiLayout is where every EIP of a MultiEipInstance lives: the shape and the allocation.
type multiLayout struct {
	// Mode is the association mode sent to the API.
	Mode limits.Mode
	// Enis are the secondary ENIs to create, by ascending index.
	Enis []layoutEni
	// Entries are the EIP entries in input order (eips, then eipCount's).
	Entries []layoutEntry
	// PrimaryEniIp is the primary ENI's primary IP when the allocation chose it (a created
	// instance with usePrimaryEni): the instance's privateIp.
	PrimaryEniIp string
	// PrimaryEniIps are the primary ENI's secondary IPs (usePrimaryEni), ascending.
	PrimaryEniIps []string
	// Warnings are problems that do not stop the deployment.
	Warnings []string
	// Attached are the ENIs of the layout attached now (multiEipToEni mode, existing instance).
	Attached []attachedEni
}

// layoutEni is one secondary ENI.
type layoutEni struct {
	// Index is the ENI's stable index; its resources are named after it.
	Index int
	// PrimaryIp is the planned primary IP; empty lets the cloud choose.
	PrimaryIp string
	// SecondaryIps are the planned secondary IPs, ascending.
	SecondaryIps []string
	// Entries are the names of the entries on this ENI, sorted.
	Entries []string
	// AtCreation is true for the ENI attached when the instance is created.
	AtCreation bool
}

// layoutEntry is one EIP entry.
type layoutEntry struct {
	// Name is the entry's name.
	Name string
	// Input is the entry as given (eipCount's entries have their name only).
	Input MultiEipEntry
	// Eni is the entry's ENI index (addressing.PrimaryEni for the primary ENI).
	Eni int
	// PrivateIp is the private IP the EIP maps to in NAT mode; empty in multiEipToEni mode.
	PrivateIp string
}

// eipCountName names the n-th entry eipCount adds.
func eipCountName(n int) string { return fmt.Sprintf("eip-%d", n) }

// planMultiEip checks the plain values of a MultiEipInstance and decides its shape: the mode,
// the quota (the instance type's, capped by maxEnis and privateIpsPerEni) and the inputs of
// its AddressAllocation. Where each EIP lives is the allocation's to decide, from its previous
// state; the checks that do not depend on it fail here, before any resource exists.
func planMultiEip(s multiSettings) (multiShape, error) {
	mode, errs := multiMode(s)
	entries, entryErrs := multiEntries(s)
	enis := limits.InstanceEnis{InstanceType: s.InstanceType, Quota: s.Quota, MaxEnis: s.MaxEnis, PrivateIpsPerEni: s.PrivateIpsPerEni,
		Created: s.CreateInstance, UsePrimaryEni: s.UsePrimaryEni, Mode: mode}
	quota, quotaErr := enis.Capped()
	if err := errors.Join(append(append(errs, entryErrs...), enis.CheckUsePrimaryEni(), quotaErr)...); err != nil {
		return multiShape{}, err
	}
	secondary, hotPlugWarning, err := enis.SecondaryEnis(len(entries), quota)
	if err != nil {
		return multiShape{}, err
	}
	warnings, err := checkMultiEipToEni(s, mode)
	if err != nil {
		return multiShape{}, err
	}
	if hotPlugWarning != "" {
		warnings = append([]string{hotPlugWarning}, warnings...)
	}
	alloc, err := allocationArgs(s, mode, entries, secondary, quota.IpsPerEni)
	if err != nil {
		return multiShape{}, err
	}
	return multiShape{Mode: mode, Allocation: alloc, CreateInstance: s.CreateInstance, Warnings: warnings}, nil
}

// multiMode reads the mode input, and refuses a negative eipCount.
func multiMode(s multiSettings) (limits.Mode, []error) {
	var errs []error
	mode := limits.ModeNAT
	switch s.Mode {
	case "":
	case MultiModeNat, MultiModeMultiEipToEni:
		mode, _ = limits.ModeOf(s.Mode)
	default:
		errs = append(errs, &limits.Violation{Field: "mode", Value: s.Mode, Problem: "is not an association mode of MultiEipInstance",
			Rule: "mode is nat (one EIP per private IP) or multiEipToEni (up to 10 EIPs per secondary ENI)",
			Fix:  "use nat, the default, unless your account has multi-EIP-to-ENI mode"})
	}
	if s.EipCount < 0 {
		errs = append(errs, &limits.Violation{Field: "eipCount", Value: fmt.Sprint(s.EipCount), Problem: "is negative",
			Fix: "set it to 0 or more"})
	}
	return mode, errs
}

// multiEntries lists the entries: eips, then eipCount's "eip-0".."eip-{N-1}", all under the
// same rules; eipCount repeats no name of eips. The allocation checks the entries themselves.
func multiEntries(s multiSettings) ([]AllocationEntry, []error) {
	var errs []error
	entries := make([]AllocationEntry, 0, len(s.Entries)+max(s.EipCount, 0))
	explicit := map[string]int{}
	for i, e := range s.Entries {
		if _, dup := explicit[e.Name]; !dup {
			explicit[e.Name] = i
		}
		entries = append(entries, AllocationEntry(e))
	}
	for n := 0; n < s.EipCount; n++ {
		name := eipCountName(n)
		if i, dup := explicit[name]; dup {
			errs = append(errs, &limits.Violation{Field: "eipCount", Value: fmt.Sprint(s.EipCount),
				Problem: fmt.Sprintf("adds an entry named %q, the name of eips[%d]", name, i),
				Rule:    "eipCount adds entries named eip-0 to eip-(eipCount-1); every entry name is unique",
				Fix:     fmt.Sprintf("rename eips[%d]", i)})
			continue
		}
		entries = append(entries, AllocationEntry{Name: name})
	}
	return entries, errs
}

// checkMultiEipToEni checks, in multiEipToEni mode, the instance family and the region, and
// warns about what it could not check.
func checkMultiEipToEni(s multiSettings, mode limits.Mode) ([]string, error) {
	if mode != limits.ModeMultiEipToEni {
		return nil, nil
	}
	var errs []error
	var warnings []string
	if s.InstanceType != "" {
		if err := limits.CheckModeInstanceType("mode", MultiModeMultiEipToEni, mode, s.InstanceType); err != nil {
			errs = append(errs, withFix(err, "use mode nat, or choose an instance type of one of these families"))
		}
	} else {
		warnings = append(warnings, "mode multiEipToEni: the instance type is unknown, so the instance families that accept multi-EIP-to-ENI mode were not checked; give instanceType")
	}
	warning, err := limits.CheckModeInRegion("mode", MultiModeMultiEipToEni, mode, s.Region, !s.RegionUnknown)
	if err != nil {
		errs = append(errs, withFix(err, "use mode nat, which works in every region"))
	}
	if warning != "" {
		warnings = append(warnings, warning)
	}
	return warnings, errors.Join(errs...)
}

// allocationArgs are the inputs of the component's AddressAllocation, checked as the allocation
// will check them.
func allocationArgs(s multiSettings, mode limits.Mode, entries []AllocationEntry, secondary, ipsPerEni int) (AddressAllocationArgs, error) {
	alloc := AddressAllocationArgs{Entries: entries, Mode: MultiModeNat, SecondaryEnis: secondary}
	if mode == limits.ModeMultiEipToEni {
		alloc.Mode = MultiModeMultiEipToEni
	} else {
		alloc.VswitchCidrBlock, alloc.PrivateIpsPerEni, alloc.UsePrimaryEni = s.VswitchCidr, ipsPerEni, s.UsePrimaryEni
		alloc.ChoosePrimaryEniIp = s.UsePrimaryEni && s.CreateInstance
		if s.PrivateIpRange != "" {
			rng, ok := addressing.MaskedBlock(s.PrivateIpRange)
			if !ok {
				return alloc, &limits.Violation{Field: "privateIpRange", Value: s.PrivateIpRange, Problem: "is not a CIDR block",
					Fix: "give a block of the vSwitch reserved for this instance, e.g. 192.168.0.128/26"}
			}
			alloc.PrivateIpRange = rng
		}
	}
	// A created instance always has secondary ENI 0, attached at creation: the instance's
	// networkInterfaces cannot change afterwards, so ENI 0 exists whether or not an entry is on it.
	if s.CreateInstance && secondary >= 1 {
		alloc.KeepEnis = []int{0}
	}
	in, err := allocateInput(addressing.Allocation{}, alloc)
	if err != nil {
		return alloc, err
	}
	return alloc, addressing.CheckEntries(in)
}

// layout places the resources of a MultiEipInstance where its allocation says.
func (s multiShape) layout(a addressing.Allocation) multiLayout {
	l := multiLayout{Mode: s.Mode, Warnings: s.Warnings}
	for _, j := range a.EniIndexes() {
		if j == addressing.PrimaryEni {
			l.PrimaryEniIp, l.PrimaryEniIps = addressing.AddrString(a.Enis[j]), addressing.AddrStrings(a.SecondaryIps(j))
			continue
		}
		l.Enis = append(l.Enis, layoutEni{Index: j, PrimaryIp: addressing.AddrString(a.Enis[j]),
			SecondaryIps: addressing.AddrStrings(a.SecondaryIps(j)), Entries: a.OnEni(j), AtCreation: s.CreateInstance && j == 0})
	}
	for _, e := range s.Allocation.Entries {
		slot := a.Entries[e.Name]
		l.Entries = append(l.Entries, layoutEntry{Name: e.Name, Eni: slot.Eni, PrivateIp: addressing.AddrString(slot.PrivateIp)})
	}
	return l
}

// attachedEni is what the cloud says of a secondary ENI of the component that is attached now.
type attachedEni struct {
	// Index is the ENI's index in the layout.
	Index int
	attachedEniInfo
}

// checkAttachedEnis refuses, in multiEipToEni mode, a layout that changes the EIPs of an ENI
// that is attached: EIPs are associated with a secondary ENI in that mode only while it is
// detached. The EIPs themselves are compared, not their number: planned holds each entry's EIP
// address as the run knows it (unknown for an EIP being allocated or replaced, for instance by
// a changed allocationId or internetChargeType).
func checkAttachedEnis(layout multiLayout, attached []attachedEni, planned map[string]limits.PlannedEip) error {
	if layout.Mode != limits.ModeMultiEipToEni {
		return nil
	}
	var errs []error
	for _, a := range attached {
		var names []string
		for _, e := range layout.Enis {
			if e.Index == a.Index {
				names = e.Entries
			}
		}
		if len(names) == 0 {
			continue // the ENI goes: its attachment is deleted before its associations
		}
		addresses := make([]limits.PlannedEip, len(names))
		for i, n := range names {
			addresses[i] = planned[n]
		}
		if err := limits.CheckMultiEipToEniAttached(a.Index, a.ID, a.PublicIps, names, addresses); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
