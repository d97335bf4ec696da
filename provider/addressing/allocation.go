package addressing

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"

	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// PrimaryEni is the ENI index of the instance's primary ENI. Secondary ENIs
// are numbered from 0.
const PrimaryEni = -1

// Entry is one EIP of an instance, as the user lists it.
type Entry struct {
	// Name identifies the entry: an entry that keeps its name keeps its
	// slot.
	Name string
	// PrivateIp pins the private IP the EIP maps to (NAT mode); the zero
	// Addr lets the allocation choose.
	PrivateIp netip.Addr
	// Eni pins the ENI index: PrimaryEni (-1) or a secondary ENI 0..E-1;
	// nil lets the allocation choose.
	Eni *int
}

// Slot is where one entry lives: its ENI and, in NAT mode, its private IP.
type Slot struct {
	// Eni is the ENI index (PrimaryEni for the primary ENI).
	Eni int
	// PrivateIp is the private IP the EIP maps to; the zero Addr in
	// multi-EIP-to-ENI mode.
	PrivateIp netip.Addr
}

// Allocation is the state of an instance's addresses: the slot of every
// entry and the ENIs that exist with their primary IPs. It is what the
// AddressAllocation resource keeps between updates.
type Allocation struct {
	// Entries maps an entry's name to its slot.
	Entries map[string]Slot
	// Enis maps the index of every ENI of the allocation to its primary IP.
	// The primary IP is the zero Addr when the allocation does not choose it
	// (multi-EIP-to-ENI mode, or a primary ENI whose instance already
	// existed).
	Enis map[int]netip.Addr
}

// NewAllocation is an allocation that holds nothing yet.
func NewAllocation() Allocation {
	return Allocation{Entries: map[string]Slot{}, Enis: map[int]netip.Addr{}}
}

// Equal reports whether a and b hold the same slots and ENIs.
func (a Allocation) Equal(b Allocation) bool {
	return maps.Equal(a.Entries, b.Entries) && maps.Equal(a.Enis, b.Enis)
}

// EniIndexes returns the indexes of the allocation's ENIs, ascending (the
// primary ENI, -1, first).
func (a Allocation) EniIndexes() []int {
	return slices.Sorted(maps.Keys(a.Enis))
}

// OnEni returns the names of the entries on ENI j, sorted.
func (a Allocation) OnEni(j int) []string {
	var names []string
	for n, s := range a.Entries {
		if s.Eni == j {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// SecondaryIps returns the private IPs of the entries on ENI j other than
// the ENI's primary IP, ascending: the secondary private IPs ENI j needs.
func (a Allocation) SecondaryIps(j int) []netip.Addr {
	var ips []netip.Addr
	for _, s := range a.Entries {
		if s.Eni == j && s.PrivateIp.IsValid() && s.PrivateIp != a.Enis[j] {
			ips = append(ips, s.PrivateIp)
		}
	}
	slices.SortFunc(ips, netip.Addr.Compare)
	return ips
}

// OnPrimaryIp reports whether the entry named name maps to its ENI's primary IP.
func (a Allocation) OnPrimaryIp(name string) bool {
	s, ok := a.Entries[name]
	return ok && s.PrivateIp.IsValid() && s.PrivateIp == a.Enis[s.Eni]
}

// PlanFields names the inputs of an allocation for error messages. An empty
// name takes its default, shown in parentheses.
type PlanFields struct {
	// Entries names the list of entries ("eips"); entry i is reported as "eips[i]".
	Entries string
	// Name names an entry's name ("name").
	Name string
	// PrivateIp names an entry's pinned private IP ("privateIp").
	PrivateIp string
	// Eni names an entry's pinned ENI index ("eni").
	Eni string
	// VSwitchCidr names the vSwitch CIDR block ("vswitchCidr").
	VSwitchCidr string
	// PrivateIpRange names the private IP range ("privateIpRange").
	PrivateIpRange string
	// SecondaryEnis names the number of secondary ENIs ("maxEnis").
	SecondaryEnis string
	// IpsPerEni names the private IPs per ENI ("eniPrivateIpAddressQuantity").
	IpsPerEni string
	// UsePrimaryEni names the switch that lets entries use the primary ENI ("usePrimaryEni").
	UsePrimaryEni string
}

func (f PlanFields) withDefaults() PlanFields {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&f.Entries, "eips")
	def(&f.Name, "name")
	def(&f.PrivateIp, "privateIp")
	def(&f.Eni, "eni")
	def(&f.VSwitchCidr, "vswitchCidr")
	def(&f.PrivateIpRange, "privateIpRange")
	def(&f.SecondaryEnis, "maxEnis")
	def(&f.IpsPerEni, "eniPrivateIpAddressQuantity")
	def(&f.UsePrimaryEni, "usePrimaryEni")
	return f
}

func (f PlanFields) entry(i int) string                { return fmt.Sprintf("%s[%d]", f.Entries, i) }
func (f PlanFields) entryField(i int, s string) string { return f.entry(i) + "." + s }

// eniName names an ENI in messages.
func eniName(index int) string {
	if index == PrimaryEni {
		return "the primary ENI"
	}
	return fmt.Sprintf("secondary ENI %d", index)
}

// MaskedRange reads a private IP range given as text: "" when none is given, else the block
// masked to its prefix; text that is not a CIDR block is refused, naming f.PrivateIpRange.
func (f PlanFields) MaskedRange(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	rng, ok := MaskedBlock(s)
	if !ok {
		return "", &limits.Violation{Field: f.withDefaults().PrivateIpRange, Value: s, Problem: "is not a CIDR block",
			Fix: "give a block of the vSwitch reserved for this instance, e.g. 192.168.0.128/26"}
	}
	return rng, nil
}
