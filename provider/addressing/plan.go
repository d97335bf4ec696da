package addressing

import (
	"fmt"
	"net/netip"
)

// PrimaryEni is the ENI index of the instance's primary ENI. Secondary ENIs
// are numbered from 0.
const PrimaryEni = -1

// Entry is one EIP of an instance, as the user lists it.
type Entry struct {
	// Name identifies the entry; it alone decides, through a hash, the
	// entry's ENI and private IP unless they are pinned.
	Name string
	// PrivateIp pins the private IP the EIP maps to (NAT mode); the zero
	// Addr leaves it to the hash.
	PrivateIp netip.Addr
	// Eni pins the ENI index: PrimaryEni (-1) or a secondary ENI 0..E-1;
	// nil leaves it to the hash.
	Eni *int
}

// PlanFields names the inputs of a plan for error messages. An empty name
// takes its default, shown in parentheses.
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
	return f
}

func (f PlanFields) entry(i int) string                { return fmt.Sprintf("%s[%d]", f.Entries, i) }
func (f PlanFields) entryField(i int, s string) string { return f.entry(i) + "." + s }

// Plan places entries on ENIs and private IPs. It is a function of the
// plan's inputs only, and the place of an entry depends on its name, its
// pins and the instance's shape, never on the other entries.
type Plan struct {
	// Enis lists the ENIs that carry at least one entry, by ascending index
	// (the primary ENI, -1, first).
	Enis []EniPlan
	// Entries lists the entries in input order.
	Entries []EntryPlan
	// PoolSize is how many addresses of privateIpRange the entries without
	// privateIp are hashed into (0 in multi-EIP-to-ENI mode).
	PoolSize int
}

// EniPlan is one ENI of a plan.
type EniPlan struct {
	// Index is PrimaryEni (-1) or the secondary ENI's index.
	Index int
	// PrimaryIp is the ENI's primary private IP: the Index-th usable address
	// counted down from the end of privateIpRange. It is the zero Addr for
	// the primary ENI, in multi-EIP-to-ENI mode and when privateIpRange is
	// unset (the cloud then assigns one).
	PrimaryIp netip.Addr
	// SecondaryIps are the ENI's secondary private IPs, ascending.
	SecondaryIps []netip.Addr
	// Entries are the names of the entries on this ENI, sorted.
	Entries []string
}

// EntryPlan is where one entry lives.
type EntryPlan struct {
	// Name is the entry's name.
	Name string
	// Eni is the entry's ENI index (PrimaryEni for the primary ENI).
	Eni int
	// PrivateIp is the private IP the EIP maps to in NAT mode; the zero Addr
	// in multi-EIP-to-ENI mode.
	PrivateIp netip.Addr
	// OnPrimaryIp is true when PrivateIp is the ENI's primary IP.
	OnPrimaryIp bool
}

// Entry returns the plan of the entry named name.
func (p Plan) Entry(name string) (EntryPlan, bool) {
	for _, e := range p.Entries {
		if e.Name == name {
			return e, true
		}
	}
	return EntryPlan{}, false
}

// Eni returns the plan of ENI index.
func (p Plan) Eni(index int) (EniPlan, bool) {
	for _, e := range p.Enis {
		if e.Index == index {
			return e, true
		}
	}
	return EniPlan{}, false
}

// eniName names an ENI in messages.
func eniName(index int) string {
	if index == PrimaryEni {
		return "the primary ENI"
	}
	return fmt.Sprintf("secondary ENI %d", index)
}
