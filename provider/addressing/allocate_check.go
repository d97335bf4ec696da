package addressing

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// AllocateInput is what Allocate needs: plain values, all known at preview.
type AllocateInput struct {
	// Previous is the allocation of the last update; the zero Allocation for
	// the first one.
	Previous Allocation
	// Entries are the EIPs of the instance, in input order.
	Entries []Entry
	// MultiEipToEni selects multi-EIP-to-ENI mode: entries get an ENI but no
	// private IP, up to limits.MaxEipsPerEniMultiEipToEni per ENI.
	MultiEipToEni bool
	// VSwitchCidr is the CIDR block of the vSwitch the ENIs live in (NAT mode).
	VSwitchCidr netip.Prefix
	// PrivateIpRange is a block inside VSwitchCidr reserved for this
	// instance: the ENIs' primary IPs and the entries' private IPs come from
	// it, lowest free address first. It may be unset (the zero Prefix) only
	// when every entry pins privateIp, or in multi-EIP-to-ENI mode.
	PrivateIpRange netip.Prefix
	// SecondaryEnis is E, how many secondary ENIs the allocation may use:
	// the instance type's eniQuantity-1, or less.
	SecondaryEnis int
	// IpsPerEni is k, the private IPs an ENI holds, its primary IP included
	// (eniPrivateIpAddressQuantity). Each of them can carry an EIP.
	IpsPerEni int
	// UsePrimaryEni lets entries live on the primary ENI.
	UsePrimaryEni bool
	// ChoosePrimaryEniIp lets the first allocation choose the primary ENI's
	// primary IP (the instance is created with it), so that it carries an
	// EIP too. Without it the primary ENI holds k-1 entries.
	ChoosePrimaryEniIp bool
	// KeepEnis are secondary ENIs that exist whatever the entries, such as
	// the ENI attached when the instance is created.
	KeepEnis []int
	// Fields names the inputs in error messages.
	Fields PlanFields
}

// CheckEntries refuses what is wrong with in whatever the previous
// allocation: bad blocks and quota, empty or duplicate names, pins outside
// the vSwitch or the ENIs, the same address pinned twice, entries without
// privateIp and no range. Allocate runs it first; a component can run it
// before any resource exists. The capacity is checked by Allocate, after
// the entries that no longer fit their slots are named.
func CheckEntries(in AllocateInput) error {
	f := in.Fields.withDefaults()
	E, k := in.SecondaryEnis, in.IpsPerEni
	var errs []error
	if E < 0 {
		errs = append(errs, &limits.Violation{
			Field: f.SecondaryEnis, Value: fmt.Sprint(E), Problem: "is negative",
			Rule: "an instance has zero or more secondary ENIs", Fix: "set it to 0 or more",
		})
	}
	if k < 1 && !in.MultiEipToEni {
		errs = append(errs, &limits.Violation{
			Field: f.IpsPerEni, Value: fmt.Sprint(k), Problem: "is less than 1",
			Rule:   "an ENI holds at least its primary private IP",
			Source: limits.Doc(limits.DocMultipleEipsNat), Fix: "use the instance type's eniPrivateIpAddressQuantity",
		})
	}
	errs = append(errs, checkNames(f, in.Entries)...)
	for i, e := range in.Entries {
		if e.Eni == nil || E < 0 {
			continue
		}
		if *e.Eni == PrimaryEni && in.MultiEipToEni {
			errs = append(errs, limits.CheckPrimaryEni(f.entryField(i, f.Eni), fmt.Sprint(*e.Eni), limits.ModeMultiEipToEni))
			continue
		}
		if err := checkEniPin(f, i, *e.Eni, E, in.UsePrimaryEni); err != nil {
			errs = append(errs, err)
		}
	}
	if in.MultiEipToEni {
		for i, e := range in.Entries {
			if e.PrivateIp.IsValid() {
				errs = append(errs, &limits.Violation{
					Field: f.entryField(i, f.PrivateIp), Value: e.PrivateIp.String(),
					Problem: "is set in multi-EIP-to-ENI mode",
					Rule:    "in multi-EIP-to-ENI mode an EIP binds to the secondary ENI itself, not to one of its private IPs",
					Source:  limits.Doc(limits.DocMultiEipToEni),
					Fix:     "unset privateIp, or use NAT mode",
				})
			}
		}
		return errors.Join(errs...)
	}
	errs = append(errs, checkNatBlocks(f, in)...)
	return errors.Join(errs...)
}

// checkCapacity refuses more entries than the instance holds.
func checkCapacity(f PlanFields, in AllocateInput) error {
	if in.MultiEipToEni {
		return limits.CheckMultiEipToEniCapacity(f.Entries, len(in.Entries), in.SecondaryEnis)
	}
	return limits.CheckNatCapacity(f.Entries, len(in.Entries), in.SecondaryEnis+1, in.IpsPerEni, in.UsePrimaryEni)
}

// checkNatBlocks checks the vSwitch, the range and the pinned private IPs.
func checkNatBlocks(f PlanFields, in AllocateInput) []error {
	var errs []error
	vsw, rng := in.VSwitchCidr, in.PrivateIpRange
	vswOK := true
	if err := checkPrefix(f.VSwitchCidr, vsw); err != nil {
		errs = append(errs, err)
		vswOK = false
	} else if err := limits.CheckVSwitchMask(f.VSwitchCidr, vsw); err != nil {
		errs = append(errs, err)
		vswOK = false
	}
	rangeSet := rng != (netip.Prefix{})
	if rangeSet {
		if err := checkPrefix(f.PrivateIpRange, rng); err != nil {
			errs = append(errs, err)
		} else if vswOK && !Contains(vsw, rng) {
			errs = append(errs, &limits.Violation{
				Field: f.PrivateIpRange, Value: rng.String(),
				Problem: fmt.Sprintf("is not inside %s %s", f.VSwitchCidr, vsw),
				Rule:    "an ENI's private IPs come from the CIDR block of its vSwitch",
				Source:  limits.Doc(limits.DocMultipleEipsNat),
				Fix:     fmt.Sprintf("use a block inside %s reserved for this instance", vsw),
			})
		}
	}
	pinnedBy := map[netip.Addr]int{}
	var unpinned []string
	for i, e := range in.Entries {
		if !e.PrivateIp.IsValid() {
			unpinned = append(unpinned, fmt.Sprintf("%s (%q)", f.entry(i), e.Name))
			continue
		}
		if err := checkPinnedIP(f, i, e.PrivateIp, vsw, vswOK); err != nil {
			errs = append(errs, err)
			continue
		}
		if j, dup := pinnedBy[e.PrivateIp]; dup {
			errs = append(errs, &limits.Violation{
				Field: f.entryField(i, f.PrivateIp), Value: e.PrivateIp.String(),
				Problem: fmt.Sprintf("is also pinned by %s (%q)", f.entry(j), in.Entries[j].Name),
				Rule:    "in NAT mode each EIP maps to its own private IP",
				Source:  limits.Doc(limits.DocMultipleEipsNat),
				Fix:     "pin another address, or unset privateIp of one of them",
			})
			continue
		}
		pinnedBy[e.PrivateIp] = i
	}
	needsRange := len(unpinned) > 0 || len(in.KeepEnis) > 0 || (in.UsePrimaryEni && in.ChoosePrimaryEniIp)
	if !rangeSet && needsRange {
		problem := "is not set"
		if len(unpinned) > 0 {
			problem += ", and " + strings.Join(unpinned, ", ") + " pin no privateIp"
		}
		errs = append(errs, &limits.Violation{
			Field: f.PrivateIpRange, Problem: problem,
			Rule: "the ENIs' primary IPs and the private IPs of entries without privateIp come from privateIpRange",
			Fix:  fmt.Sprintf("set %s to a block inside %s that only this instance uses, or pin privateIp of every entry", f.PrivateIpRange, f.VSwitchCidr),
		})
	}
	return errs
}

// checkNames refuses empty and duplicate entry names.
func checkNames(f PlanFields, entries []Entry) []error {
	var errs []error
	seen := map[string]int{}
	rule := "each entry has a unique, non-empty name: an entry keeps its ENI and private IP as long as it keeps its name"
	for i, e := range entries {
		if e.Name == "" {
			errs = append(errs, &limits.Violation{
				Field: f.entryField(i, f.Name), Problem: "is empty", Rule: rule,
				Fix: "give the entry a name that stays the same across updates",
			})
			continue
		}
		if j, dup := seen[e.Name]; dup {
			errs = append(errs, &limits.Violation{
				Field: f.entryField(i, f.Name), Value: fmt.Sprintf("%q", e.Name),
				Problem: fmt.Sprintf("is also the name of %s", f.entry(j)), Rule: rule,
				Fix: "rename one of them",
			})
			continue
		}
		seen[e.Name] = i
	}
	return errs
}

// checkEniPin refuses a pinned ENI index outside the instance's ENIs.
func checkEniPin(f PlanFields, i int, eni, secondaryEnis int, primaryAllowed bool) error {
	if eni >= 0 && eni < secondaryEnis {
		return nil
	}
	if eni == PrimaryEni && primaryAllowed {
		return nil
	}
	rule := fmt.Sprintf("eni is a secondary ENI index 0 to %d (%s %d)", secondaryEnis-1, f.SecondaryEnis, secondaryEnis)
	if secondaryEnis == 0 {
		rule = fmt.Sprintf("the instance has no secondary ENI (%s 0)", f.SecondaryEnis)
	}
	fix := "pin an ENI in that range, or unset eni to let the allocation choose"
	if primaryAllowed {
		rule += ", or -1 for the primary ENI"
	} else if eni == PrimaryEni {
		rule += "; -1 (the primary ENI) needs " + f.UsePrimaryEni
		fix = "set " + f.UsePrimaryEni + ", pin a secondary ENI, or unset eni"
	}
	return &limits.Violation{
		Field: f.entryField(i, f.Eni), Value: fmt.Sprint(eni),
		Problem: "is not an ENI of this instance", Rule: rule, Fix: fix,
	}
}

// ParsePinnedIp reads the privateIp of entry i as the inputs give it: ""
// pins nothing (the zero Addr), anything else must be an IPv4 address.
func (f PlanFields) ParsePinnedIp(i int, text string) (netip.Addr, error) {
	if text == "" {
		return netip.Addr{}, nil
	}
	f = f.withDefaults()
	a, err := netip.ParseAddr(text)
	if err != nil || !a.Is4() {
		return netip.Addr{}, &limits.Violation{
			Field: f.entryField(i, f.PrivateIp), Value: text, Problem: "is not an IPv4 address",
			Rule: "a pinned private IP is an IPv4 address of the vSwitch",
			Fix:  "pin an IPv4 address of the vSwitch, e.g. 192.168.0.10, or unset privateIp",
		}
	}
	return a, nil
}

// checkPinnedIP refuses a pinned private IP that is not an IPv4 address of
// the vSwitch or that the vSwitch reserves.
func checkPinnedIP(f PlanFields, i int, ip netip.Addr, vsw netip.Prefix, vswOK bool) error {
	field := f.entryField(i, f.PrivateIp)
	if _, err := f.ParsePinnedIp(i, ip.String()); err != nil {
		return err
	}
	if !vswOK {
		return nil
	}
	switch Place(vsw, ip) {
	case OutsideVSwitch:
		return &limits.Violation{
			Field: field, Value: ip.String(),
			Problem: fmt.Sprintf("is outside %s %s", f.VSwitchCidr, vsw),
			Rule:    "an ENI's private IPs come from the CIDR block of its vSwitch",
			Source:  limits.Doc(limits.DocMultipleEipsNat),
			Fix:     fmt.Sprintf("pin an address inside %s, or unset privateIp", vsw),
		}
	case ReservedInVSwitch:
		return &limits.Violation{
			Field: field, Value: ip.String(),
			Problem: fmt.Sprintf("is reserved in %s %s (reserved: %s)", f.VSwitchCidr, vsw, joinAddrs(Reserved(vsw))),
			Rule:    "a vSwitch reserves its first and its last three addresses",
			Source:  limits.Doc(limits.DocVisibleEip),
			Fix:     "pin another address, or unset privateIp",
		}
	}
	return nil
}

// usableSpan returns the first and last addresses of rng, as numbers, that
// the vSwitch vsw does not reserve. Reserved addresses can only sit at the
// ends of rng, so the usable addresses are one contiguous span (empty when
// hi < lo).
func usableSpan(vsw, rng netip.Prefix) (lo, hi int64) {
	lo, hi = int64(u32(First(rng))), int64(u32(Last(rng)))
	vlo, vhi := int64(u32(First(vsw))), int64(u32(Last(vsw)))
	if lo < vlo+limits.VSwitchReservedHead {
		lo = vlo + limits.VSwitchReservedHead
	}
	if hi > vhi-limits.VSwitchReservedTail {
		hi = vhi - limits.VSwitchReservedTail
	}
	return lo, hi
}
