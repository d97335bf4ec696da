package provider

import (
	"errors"

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

// planMultiEip checks the plain values of a MultiEipInstance and decides its shape
// (limits.PlanMultiEip: the mode, the entries eipCount adds, the quota, the secondary ENIs) and
// the inputs of its AddressAllocation. Where each EIP lives is the allocation's to decide, from
// its previous state; the checks that do not depend on it fail here, before any resource exists.
func planMultiEip(s multiSettings) (multiShape, error) {
	entries := make([]AllocationEntry, 0, len(s.Entries)+max(s.EipCount, 0))
	names := make([]string, len(s.Entries))
	for i, e := range s.Entries {
		entries, names[i] = append(entries, AllocationEntry(e)), e.Name
	}
	shape, err := limits.PlanMultiEip(limits.MultiEipSettings{Names: names, EipCount: s.EipCount, Mode: s.Mode,
		Enis: limits.InstanceEnis{InstanceType: s.InstanceType, Quota: s.Quota, MaxEnis: s.MaxEnis, PrivateIpsPerEni: s.PrivateIpsPerEni,
			Created: s.CreateInstance, UsePrimaryEni: s.UsePrimaryEni},
		Region: s.Region, RegionKnown: !s.RegionUnknown})
	if err != nil {
		return multiShape{}, err
	}
	for _, n := range shape.CountNames {
		entries = append(entries, AllocationEntry{Name: n})
	}
	alloc, err := allocationArgs(s, shape.Mode, entries, shape.SecondaryEnis, shape.IpsPerEni)
	if err != nil {
		return multiShape{}, err
	}
	return multiShape{Mode: shape.Mode, Allocation: alloc, CreateInstance: s.CreateInstance, Warnings: shape.Warnings}, nil
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
		rng, err := allocationFields.MaskedRange(s.PrivateIpRange)
		if err != nil {
			return alloc, err
		}
		alloc.PrivateIpRange = rng
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
