package addressing

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// NatInput is what PlanNat needs: plain values, all known at preview.
type NatInput struct {
	// Entries are the EIPs of the instance.
	Entries []Entry
	// VSwitchCidr is the CIDR block of the vSwitch the ENIs live in.
	VSwitchCidr netip.Prefix
	// PrivateIpRange is a block inside VSwitchCidr reserved for this
	// instance's ENIs: the ENI primaries are its last usable addresses and
	// entries without privateIp are hashed into the rest. It may be unset
	// (the zero Prefix) only when every entry pins privateIp.
	PrivateIpRange netip.Prefix
	// SecondaryEnis is E, how many secondary ENIs the plan may use: the
	// instance type's eniQuantity-1, or less.
	SecondaryEnis int
	// IpsPerEni is k, the private IPs an ENI holds, its primary IP included
	// (eniPrivateIpAddressQuantity).
	IpsPerEni int
	// UsePrimaryEni lets entries live on the primary ENI as secondary
	// private IPs (k-1 of them).
	UsePrimaryEni bool
	// Fields names the inputs in error messages.
	Fields PlanFields
}

// PlanNat places the EIPs of one instance on private IPs of its ENIs for
// NAT mode (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'). See the package documentation
// for the design. It returns every violation it finds, joined.
func PlanNat(in NatInput) (Plan, error) {
	f := in.Fields.withDefaults()
	E, k := in.SecondaryEnis, in.IpsPerEni
	var errs []error

	if E < 0 {
		errs = append(errs, &limits.Violation{
			Field: f.SecondaryEnis, Value: fmt.Sprint(E), Problem: "is negative",
			Rule: "an instance has zero or more secondary ENIs", Fix: "set it to 0 or more",
		})
	}
	if k < 1 {
		errs = append(errs, &limits.Violation{
			Field: f.IpsPerEni, Value: fmt.Sprint(k), Problem: "is less than 1",
			Rule:   "an ENI holds at least its primary private IP",
			Source: limits.Doc(limits.DocMultipleEipsNat), Fix: "use the instance type's eniPrivateIpAddressQuantity",
		})
	}
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

	errs = append(errs, checkNames(f, in.Entries)...)
	pinnedBy := map[netip.Addr]int{}
	var unpinned []string
	for i, e := range in.Entries {
		if e.Eni != nil && E >= 0 {
			if err := checkEniPin(f, i, *e.Eni, E, in.UsePrimaryEni); err != nil {
				errs = append(errs, err)
			}
		}
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
	if !rangeSet && len(unpinned) > 0 {
		errs = append(errs, &limits.Violation{
			Field: f.PrivateIpRange, Problem: "is not set, and " + strings.Join(unpinned, ", ") + " pin no privateIp",
			Rule: "an entry without privateIp takes the address the hash of its name selects in privateIpRange",
			Fix:  fmt.Sprintf("set %s to a block inside %s that only this instance uses, or pin privateIp of every entry", f.PrivateIpRange, f.VSwitchCidr),
		})
	}
	if len(errs) > 0 {
		return Plan{}, errors.Join(errs...)
	}

	// ENI primaries: the last E usable addresses of the range, ENI 0 on the
	// very last. The pool: the usable addresses before them.
	var primaries []netip.Addr
	var lo, hi, poolSize int64
	if rangeSet {
		lo, hi = usableSpan(vsw, rng)
		usable := hi - lo + 1
		need := int64(E)
		if len(unpinned) > 0 {
			need++
		}
		if usable < need {
			return Plan{}, &limits.Violation{
				Field: f.PrivateIpRange, Value: rng.String(),
				Problem: fmt.Sprintf("has %d usable addresses, fewer than the %d it needs", max(usable, 0), need),
				Rule:    fmt.Sprintf("privateIpRange holds the primary IPs of the %d secondary ENIs (its last usable addresses) and the addresses entries without privateIp are hashed into; the vSwitch's first and last three addresses are not usable", E),
				Source:  limits.Doc(limits.DocMultipleEipsNat),
				Fix:     "widen privateIpRange (a block with several times more addresses than entries keeps collisions rare)",
			}
		}
		for j := int64(0); j < int64(E); j++ {
			primaries = append(primaries, fromU32(uint32(hi-j)))
		}
		poolSize = usable - int64(E)
	}

	if err := limits.CheckNatCapacity(f.Entries, len(in.Entries), E+1, k, in.UsePrimaryEni); err != nil {
		return Plan{}, err
	}

	primaryOf := map[netip.Addr]int{}
	for j, a := range primaries {
		primaryOf[a] = j
	}
	all := make([]*placed, len(in.Entries))
	for i, e := range in.Entries {
		p := &placed{idx: i, name: e.Name, eniPinned: e.Eni != nil, ipPinned: e.PrivateIp.IsValid()}
		if p.ipPinned {
			p.ip = e.PrivateIp
			if j, ok := primaryOf[p.ip]; ok {
				p.onPrimary, p.eni = true, j
				if e.Eni != nil && *e.Eni != j {
					errs = append(errs, &limits.Violation{
						Field: f.entryField(i, f.Eni), Value: fmt.Sprint(*e.Eni),
						Problem: fmt.Sprintf("differs from ENI %d, whose primary IP %s pins", j, f.PrivateIp),
						Rule:    fmt.Sprintf("%s is the primary IP of secondary ENI %d (the ENI's index counts usable addresses down from the end of %s), and the entry lives on that ENI", p.ip, j, f.PrivateIpRange),
						Fix:     fmt.Sprintf("set %s to %d, or unset it", f.Eni, j),
					})
				}
			}
		} else {
			p.ip = fromU32(uint32(lo + int64(bucket(nameKey(saltIP, e.Name), int(poolSize)))))
		}
		if !p.onPrimary {
			if e.Eni != nil {
				p.eni = *e.Eni
			} else {
				p.eni = eniBucket(e.Name, E, in.UsePrimaryEni)
			}
		}
		all[i] = p
	}

	errs = append(errs, collisions(f, all, rng, lo, poolSize)...)

	candidates := []int{}
	if in.UsePrimaryEni {
		candidates = append(candidates, PrimaryEni)
	}
	freePrimary := map[int]netip.Addr{}
	for j := 0; j < E; j++ {
		candidates = append(candidates, j)
		if j < len(primaries) {
			freePrimary[j] = primaries[j]
		}
	}
	for _, p := range all {
		if p.onPrimary {
			delete(freePrimary, p.eni)
		}
	}
	rule := fmt.Sprintf("an ENI holds %s %d private IPs: its primary IP, which carries an EIP only when an entry pins %s to it, and %d secondary IPs; an entry without %s goes to the ENI the hash of its name selects",
		f.IpsPerEni, k, f.PrivateIp, k-1, f.Eni)
	errs = append(errs, overflow(f, all, candidates, k-1, rule, limits.Doc(limits.DocMultipleEipsNat), freePrimary)...)
	if len(errs) > 0 {
		return Plan{}, errors.Join(errs...)
	}
	return buildPlan(all, primaries, int(poolSize)), nil
}

// checkPinnedIP refuses a pinned private IP that is not an IPv4 address of
// the vSwitch or that the vSwitch reserves.
func checkPinnedIP(f PlanFields, i int, ip netip.Addr, vsw netip.Prefix, vswOK bool) error {
	field := f.entryField(i, f.PrivateIp)
	if err := checkAddr(field, ip); err != nil {
		return err
	}
	if !vswOK {
		return nil
	}
	if !vsw.Contains(ip) {
		return &limits.Violation{
			Field: field, Value: ip.String(),
			Problem: fmt.Sprintf("is outside %s %s", f.VSwitchCidr, vsw),
			Rule:    "an ENI's private IPs come from the CIDR block of its vSwitch",
			Source:  limits.Doc(limits.DocMultipleEipsNat),
			Fix:     fmt.Sprintf("pin an address inside %s, or unset privateIp", vsw),
		}
	}
	if IsReserved(vsw, ip) {
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

// collisions reports entries that share a private IP. In each group the
// pinned entry, or else the first name, keeps the address; every other one
// gets a suggestion to pin a free address of the pool.
func collisions(f PlanFields, all []*placed, rng netip.Prefix, lo, poolSize int64) []error {
	byIP := make(map[netip.Addr][]*placed, len(all))
	used := make(map[netip.Addr]bool, len(all))
	for _, p := range all {
		byIP[p.ip] = append(byIP[p.ip], p)
		used[p.ip] = true
	}
	var ips []netip.Addr
	for ip, group := range byIP {
		if len(group) > 1 {
			ips = append(ips, ip)
		}
	}
	slices.SortFunc(ips, func(a, b netip.Addr) int { return a.Compare(b) })
	next := int64(0)
	free := func() (netip.Addr, bool) {
		for ; next < poolSize; next++ {
			a := fromU32(uint32(lo + next))
			if !used[a] {
				used[a] = true
				return a, true
			}
		}
		return netip.Addr{}, false
	}
	var errs []error
	for _, ip := range ips {
		group := byIP[ip]
		slices.SortFunc(group, func(a, b *placed) int {
			if a.ipPinned != b.ipPinned {
				if a.ipPinned {
					return -1
				}
				return 1
			}
			return strings.Compare(a.name, b.name)
		})
		keeper := group[0]
		verb := "also gets"
		if keeper.ipPinned {
			verb = "pins"
		}
		for _, p := range group[1:] {
			fix := fmt.Sprintf("widen %s, or pin %s of %q to a free address", f.PrivateIpRange, f.PrivateIp, p.name)
			if a, ok := free(); ok {
				fix = fmt.Sprintf("pin %s of %q to %s", f.PrivateIp, p.name, a)
				if !keeper.ipPinned {
					fix += fmt.Sprintf(" (or, if %q is the entry already deployed, pin %q there instead)", p.name, keeper.name)
				}
			}
			errs = append(errs, &limits.Violation{
				Field: f.entry(p.idx), Value: fmt.Sprintf("%q", p.name),
				Problem: fmt.Sprintf("gets private IP %s, which %s (%q) %s", ip, f.entry(keeper.idx), keeper.name, verb),
				Rule: fmt.Sprintf("in NAT mode each EIP maps to its own private IP; an entry without %s takes the address the hash of its name selects among the %d addresses of %s %s left after the ENI primaries, and is never moved to avoid another, so that adding or removing an entry moves no other",
					f.PrivateIp, poolSize, f.PrivateIpRange, rng),
				Source: limits.Doc(limits.DocMultipleEipsNat),
				Fix:    fix,
			})
		}
	}
	return errs
}
