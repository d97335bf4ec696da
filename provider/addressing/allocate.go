package addressing

import (
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// Allocate returns the new allocation of an instance's entries given the
// previous one (see the package documentation). Every entry of
// in.Previous that is still listed keeps its slot; when a kept slot no
// longer fits the inputs, or a pin conflicts with a kept slot, Allocate
// fails with every violation, naming the entries and the input to change,
// and moves nothing. It is a pure function of in.
func Allocate(in AllocateInput) (Allocation, error) {
	if err := CheckEntries(in); err != nil {
		return Allocation{}, err
	}
	a := newAllocator(in)
	a.keepPrevious()
	if err := checkCapacity(a.f, in); err != nil && len(a.errs) == 0 {
		a.errs = append(a.errs, err)
	}
	a.reservePins()
	a.openFixedEnis()
	if err := errors.Join(a.errs...); err != nil {
		return Allocation{}, err
	}
	a.placeNew()
	if err := errors.Join(a.errs...); err != nil {
		return Allocation{}, err
	}
	a.dropEmptyEnis()
	return a.out, nil
}

// allocator is the working state of one Allocate call.
type allocator struct {
	in      AllocateInput
	f       PlanFields
	out     Allocation
	index   map[string]int        // entry name -> position in in.Entries
	kept    map[string]bool       // entries that keep their previous slot
	holder  map[netip.Addr]hold   // address -> what holds it
	count   map[int]int           // ENI -> entries on it
	cooling map[int]int           // ENI -> removed entries still bound to its primary IP in this update
	freeing []string              // entries of the previous allocation that leave their slot in this update
	fresh   map[int]bool          // ENIs this call opens
	filling []int                 // the ENIs new entries fill, in order (nil: to compute)
	pins    map[netip.Addr]string // pinned private IP -> the entry that pins it
	onPrim  map[int]bool          // ENIs whose primary IP carries an entry
	lo, hi  int64                 // usable span of the range
	next    int64                 // no address below next is free
	hasSpan bool
	errs    []error
}

func newAllocator(in AllocateInput) *allocator {
	a := &allocator{
		in: in, f: in.Fields.withDefaults(),
		out:     Allocation{Entries: map[string]Slot{}, Enis: map[int]netip.Addr{}},
		index:   map[string]int{},
		kept:    map[string]bool{},
		holder:  map[netip.Addr]hold{},
		count:   map[int]int{},
		cooling: map[int]int{},
		fresh:   map[int]bool{},
		pins:    map[netip.Addr]string{},
		onPrim:  map[int]bool{},
	}
	for i, e := range in.Entries {
		a.index[e.Name] = i
		if e.PrivateIp.IsValid() {
			a.pins[e.PrivateIp] = e.Name
		}
	}
	if !in.MultiEipToEni && in.PrivateIpRange.IsValid() {
		a.lo, a.hi = usableSpan(in.VSwitchCidr, in.PrivateIpRange)
		a.next, a.hasSpan = a.lo, a.lo <= a.hi
	}
	return a
}

// allowed reports whether ENI j may exist with the current inputs.
func (a *allocator) allowed(j int) bool {
	if j == PrimaryEni {
		return a.in.UsePrimaryEni && !a.in.MultiEipToEni
	}
	return j >= 0 && j < a.in.SecondaryEnis
}

// room is how many new entries ENI j takes in this update.
func (a *allocator) room(j int) int { return a.capacity(j) - a.count[j] - a.cooling[j] }

// capacity is how many entries ENI j holds.
func (a *allocator) capacity(j int) int {
	if a.in.MultiEipToEni {
		return limits.MaxEipsPerEniMultiEipToEni
	}
	if !a.out.Enis[j].IsValid() {
		return a.in.IpsPerEni - 1 // its primary IP is not the allocation's to give
	}
	return a.in.IpsPerEni
}

// inRange reports whether ip is a usable address of privateIpRange.
func (a *allocator) inRange(ip netip.Addr) bool {
	n := int64(u32(ip))
	return a.hasSpan && ip.Is4() && n >= a.lo && n <= a.hi
}

// stillFits says why a held address no longer fits the inputs, or "".
func (a *allocator) stillFits(ip netip.Addr) string {
	vsw := a.in.VSwitchCidr
	switch {
	case Place(vsw, ip) == OutsideVSwitch:
		return fmt.Sprintf("is outside %s %s", a.f.VSwitchCidr, vsw)
	case Place(vsw, ip) == ReservedInVSwitch:
		return fmt.Sprintf("is reserved in %s %s", a.f.VSwitchCidr, vsw)
	case !a.inRange(ip):
		if _, pinned := a.pins[ip]; pinned {
			return ""
		}
		if a.in.PrivateIpRange.IsValid() {
			return fmt.Sprintf("is outside %s %s", a.f.PrivateIpRange, a.in.PrivateIpRange)
		}
		return fmt.Sprintf("is not pinned and %s is not set", a.f.PrivateIpRange)
	}
	return ""
}

// hold is what holds an address: an entry, or else the primary IP of ENI eni.
type hold struct {
	entry   string
	eni     int
	leaving bool // the entry leaves the address in this update
}

// describe names what holds an address in messages.
func (a *allocator) describe(h hold) string {
	switch {
	case h.entry == "":
		return fmt.Sprintf("the primary IP of %s", eniName(h.eni))
	case h.leaving:
		return fmt.Sprintf("entry %q, which leaves it in this update (the address is free at the next update)", h.entry)
	}
	return "entry " + a.label(h.entry)
}

// label names an entry with its input position for messages.
func (a *allocator) label(name string) string {
	if i, ok := a.index[name]; ok {
		return fmt.Sprintf("%s (%q)", a.f.entry(i), name)
	}
	return fmt.Sprintf("%q", name)
}

func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// keepPrevious carries over the ENIs and the slots of the entries still
// listed, and reports those that no longer fit.
func (a *allocator) keepPrevious() {
	prev := a.in.Previous
	// An entry whose pin now names another place moves there on purpose.
	movedByPin := func(name string, s Slot) bool {
		e := a.in.Entries[a.index[name]]
		return (e.PrivateIp.IsValid() && e.PrivateIp != s.PrivateIp) || (e.Eni != nil && *e.Eni != s.Eni)
	}
	keptOn := map[int][]string{}
	for name, s := range prev.Entries {
		if _, listed := a.index[name]; !listed || movedByPin(name, s) {
			a.freeing = append(a.freeing, name)
			continue
		}
		if _, ok := prev.Enis[s.Eni]; !ok {
			continue // a previous state without its ENI: place the entry again
		}
		if !a.in.MultiEipToEni && !s.PrivateIp.IsValid() {
			continue // a slot from multi-EIP-to-ENI mode: place the entry again
		}
		if a.in.MultiEipToEni && s.PrivateIp.IsValid() {
			continue // a slot from NAT mode: place the entry again
		}
		keptOn[s.Eni] = append(keptOn[s.Eni], name)
	}
	for _, j := range slices.Sorted(maps.Keys(prev.Enis)) {
		names := keptOn[j]
		slices.Sort(names)
		primary := prev.Enis[j]
		if a.in.MultiEipToEni {
			primary = netip.Addr{}
		}
		if !a.allowed(j) {
			if len(names) > 0 {
				a.errs = append(a.errs, a.eniGone(j, names))
			}
			continue
		}
		if primary.IsValid() {
			if why := a.stillFits(primary); why != "" {
				if len(names) > 0 {
					a.errs = append(a.errs, &limits.Violation{
						Field: a.f.PrivateIpRange, Value: a.in.PrivateIpRange.String(),
						Problem: fmt.Sprintf("no longer holds %s, the primary IP of %s, which carries %s: the address %s", primary, eniName(j), quoted(names), why),
						Rule:    "an ENI keeps its primary IP for life (changing it replaces the ENI), and the entries on it keep their slots",
						Fix:     fmt.Sprintf("widen %s to include %s again, or remove %s to let the ENI go", a.f.PrivateIpRange, primary, quoted(names)),
					})
				}
				continue
			}
			a.holder[primary] = hold{eni: j}
		}
		a.out.Enis[j] = primary
		for _, n := range names {
			s := prev.Entries[n]
			if !a.in.MultiEipToEni && s.PrivateIp != primary {
				if why := a.stillFits(s.PrivateIp); why != "" {
					a.errs = append(a.errs, &limits.Violation{
						Field:   a.label(n),
						Problem: fmt.Sprintf("holds private IP %s on %s, which %s", s.PrivateIp, eniName(j), why),
						Rule:    "an entry keeps its ENI and private IP as long as it keeps its name; nothing moves silently",
						Fix:     fmt.Sprintf("widen %s to include %s again, or rename or remove the entry to give it a new address", a.f.PrivateIpRange, s.PrivateIp),
					})
					continue
				}
				if h, taken := a.holder[s.PrivateIp]; taken {
					a.errs = append(a.errs, &limits.Violation{
						Field: a.label(n), Value: s.PrivateIp.String(),
						Problem: "holds the same private IP as " + a.describe(h),
						Rule:    "in NAT mode each EIP maps to its own private IP",
						Fix:     "rename or remove one of them to give it a new address",
					})
					continue
				}
				a.holder[s.PrivateIp] = hold{entry: n}
			}
			a.onPrim[j] = a.onPrim[j] || (s.PrivateIp.IsValid() && s.PrivateIp == primary)
			a.out.Entries[n] = s
			a.kept[n] = true
			a.count[j]++
		}
		if over := a.count[j] - a.capacity(j); over > 0 {
			a.errs = append(a.errs, &limits.Violation{
				Field: a.f.IpsPerEni, Value: fmt.Sprint(a.in.IpsPerEni),
				Problem: fmt.Sprintf("leaves %s room for %d entries, but it holds %d (%s)", eniName(j), a.capacity(j), a.count[j], quoted(names)),
				Rule:    "each private IP of an ENI carries one EIP, and an entry keeps its ENI as long as it keeps its name",
				Source:  limits.Doc(limits.DocMultipleEipsNat),
				Fix:     fmt.Sprintf("raise %s to %d, or remove %d of these entries", a.f.IpsPerEni, a.in.IpsPerEni+over, over),
			})
		}
	}
	a.holdFreed()
}

// holdFreed keeps the addresses of the entries that leave in this update from the new entries
// of the same update: the engine creates new associations before it deletes the old ones, so
// an address is given again only once its old EIP is gone, at the next update. An entry that
// leaves an ENI's primary IP keeps that slot of the ENI busy too; one that leaves a secondary
// IP does not, since the ENI's update swaps the old address for the new one.
func (a *allocator) holdFreed() {
	for _, name := range a.freeing {
		s := a.in.Previous.Entries[name]
		if !s.PrivateIp.IsValid() || a.in.MultiEipToEni {
			continue
		}
		if _, taken := a.holder[s.PrivateIp]; !taken {
			a.holder[s.PrivateIp] = hold{entry: name, leaving: true}
		}
		if p, ok := a.out.Enis[s.Eni]; ok && p == s.PrivateIp && !a.onPrim[s.Eni] {
			a.onPrim[s.Eni] = true
			a.cooling[s.Eni]++
		}
	}
}

// eniGone reports entries held on an ENI the inputs no longer allow.
func (a *allocator) eniGone(j int, names []string) error {
	if j == PrimaryEni {
		return &limits.Violation{
			Field: a.f.UsePrimaryEni, Value: "false",
			Problem: fmt.Sprintf("removes the primary ENI, which carries %s", quoted(names)),
			Rule:    "an entry keeps its ENI and private IP as long as it keeps its name; nothing moves silently",
			Fix:     fmt.Sprintf("keep %s set, or remove %s (re-add them under new names to place them elsewhere)", a.f.UsePrimaryEni, quoted(names)),
		}
	}
	return &limits.Violation{
		Field: a.f.SecondaryEnis, Value: fmt.Sprint(a.in.SecondaryEnis),
		Problem: fmt.Sprintf("removes %s, which carries %s", eniName(j), quoted(names)),
		Rule:    "an entry keeps its ENI and private IP as long as it keeps its name; nothing moves silently",
		Fix:     fmt.Sprintf("allow at least %d secondary ENIs, or remove %s (re-add them under new names to place them elsewhere)", j+1, quoted(names)),
	}
}

// reservePins holds the pinned private IPs of the new entries, so that no
// other new entry takes them, and refuses pins on held addresses.
func (a *allocator) reservePins() {
	for i, e := range a.in.Entries {
		if a.kept[e.Name] || !e.PrivateIp.IsValid() {
			continue
		}
		if h, taken := a.holder[e.PrivateIp]; taken {
			if j, ok := a.primaryOf(e.PrivateIp); ok && !a.onPrim[j] {
				continue // the free primary IP of an ENI: the entry goes there
			}
			a.errs = append(a.errs, &limits.Violation{
				Field: a.f.entryField(i, a.f.PrivateIp), Value: e.PrivateIp.String(),
				Problem: fmt.Sprintf("of %q is already held by %s", e.Name, a.describe(h)),
				Rule:    "in NAT mode each EIP maps to its own private IP, and an entry keeps its private IP as long as it keeps its name",
				Source:  limits.Doc(limits.DocMultipleEipsNat),
				Fix:     "pin another address, or unset privateIp to take the first free one",
			})
			continue
		}
		a.holder[e.PrivateIp] = hold{entry: e.Name}
	}
}

// primaryOf returns the ENI whose primary IP is ip.
func (a *allocator) primaryOf(ip netip.Addr) (int, bool) {
	for j, p := range a.out.Enis {
		if p.IsValid() && p == ip {
			return j, true
		}
	}
	return 0, false
}

// openFixedEnis opens the ENIs that exist whatever the entries: the
// primary ENI with usePrimaryEni, and in.KeepEnis.
func (a *allocator) openFixedEnis() {
	if a.allowed(PrimaryEni) {
		if _, ok := a.out.Enis[PrimaryEni]; !ok {
			first := len(a.in.Previous.Entries) == 0 && len(a.in.Previous.Enis) == 0
			a.open(PrimaryEni, netip.Addr{}, !(a.in.ChoosePrimaryEniIp && first))
		}
	}
	for _, j := range a.in.KeepEnis {
		if _, ok := a.out.Enis[j]; !ok && a.allowed(j) {
			a.open(j, netip.Addr{}, false)
		}
	}
}

// open adds ENI j with primary IP ip, or the lowest free address when ip
// is the zero Addr (unless noPrimary, or in multi-EIP-to-ENI mode).
func (a *allocator) open(j int, ip netip.Addr, noPrimary bool) bool {
	if !ip.IsValid() && !noPrimary && !a.in.MultiEipToEni {
		var ok bool
		if ip, ok = a.lowestFree(); !ok {
			a.errs = append(a.errs, a.rangeFull(fmt.Sprintf("the primary IP of %s", eniName(j))))
			return false
		}
	}
	if ip.IsValid() {
		a.holder[ip] = hold{eni: j}
	}
	a.out.Enis[j] = ip
	a.fresh[j] = true
	a.filling = nil
	return true
}

// lowestFree takes the lowest usable address of the range that nothing holds.
func (a *allocator) lowestFree() (netip.Addr, bool) {
	for ; a.hasSpan && a.next <= a.hi; a.next++ {
		ip := fromU32(uint32(a.next))
		if _, taken := a.holder[ip]; !taken {
			a.next++
			return ip, true
		}
	}
	return netip.Addr{}, false
}

// rangeFull reports that privateIpRange has no free address for what.
func (a *allocator) rangeFull(what string) error {
	return &limits.Violation{
		Field: a.f.PrivateIpRange, Value: a.in.PrivateIpRange.String(),
		Problem: fmt.Sprintf("has no free address left for %s", what),
		Rule:    "the ENIs' primary IPs and the entries' private IPs come from privateIpRange, outside the vSwitch's reserved addresses",
		Source:  limits.Doc(limits.DocMultipleEipsNat),
		Fix:     fmt.Sprintf("widen %s", a.f.PrivateIpRange),
	}
}

// order lists the ENIs new entries fill, existing ones first: the
// secondary ENIs by index, then the primary ENI. In multi-EIP-to-ENI mode
// an ENI of the previous allocation is attached and takes no new EIP.
func (a *allocator) order() []int {
	if a.filling != nil {
		return a.filling
	}
	out := []int{}
	for _, j := range slices.Sorted(maps.Keys(a.out.Enis)) {
		if j == PrimaryEni {
			continue
		}
		if _, old := a.in.Previous.Enis[j]; a.in.MultiEipToEni && old && !a.fresh[j] {
			continue
		}
		out = append(out, j)
	}
	if _, ok := a.out.Enis[PrimaryEni]; ok {
		out = append(out, PrimaryEni)
	}
	a.filling = out
	return out
}

// placeNew gives every entry without a kept slot the first free slot:
// entries with pins first, then the others in input order.
func (a *allocator) placeNew() {
	var pinned, free []int
	for i, e := range a.in.Entries {
		if a.kept[e.Name] {
			continue
		}
		if e.PrivateIp.IsValid() || e.Eni != nil {
			pinned = append(pinned, i)
		} else {
			free = append(free, i)
		}
	}
	for _, i := range append(pinned, free...) {
		a.place(i)
	}
}

// place finds entry i's slot.
func (a *allocator) place(i int) {
	e := a.in.Entries[i]
	j, found := 0, false
	if e.PrivateIp.IsValid() {
		if p, ok := a.primaryOf(e.PrivateIp); ok {
			if e.Eni != nil && *e.Eni != p {
				a.errs = append(a.errs, &limits.Violation{
					Field: a.f.entryField(i, a.f.Eni), Value: fmt.Sprint(*e.Eni),
					Problem: fmt.Sprintf("of %q differs from ENI %d, whose primary IP %s its %s pins", e.Name, p, e.PrivateIp, a.f.PrivateIp),
					Rule:    "an entry on an ENI's primary IP lives on that ENI",
					Fix:     fmt.Sprintf("set %s to %d, or unset it", a.f.Eni, p),
				})
				return
			}
			j, found = p, true
		}
	}
	if !found && e.Eni != nil {
		j, found = *e.Eni, true
		if _, exists := a.out.Enis[j]; !exists {
			if !a.open(j, e.PrivateIp, false) {
				return
			}
		}
	}
	if found && a.room(j) <= 0 {
		a.errs = append(a.errs, &limits.Violation{
			Field: a.f.entry(i), Value: fmt.Sprintf("%q", e.Name),
			Problem: fmt.Sprintf("is pinned to %s, which already holds its %d entries (%s)", eniName(j), a.capacity(j), quoted(a.out.OnEni(j))),
			Rule:    "each private IP of an ENI carries one EIP, and an entry keeps its ENI as long as it keeps its name",
			Source:  limits.Doc(limits.DocMultipleEipsNat),
			Fix:     fmt.Sprintf("pin another ENI, or unset %s and %s of %q to take the first free slot", a.f.Eni, a.f.PrivateIp, e.Name),
		})
		return
	}
	if !found {
		for _, c := range a.order() {
			if a.room(c) > 0 {
				j, found = c, true
				break
			}
		}
	}
	if !found {
		for c := 0; c < a.in.SecondaryEnis; c++ {
			if _, exists := a.out.Enis[c]; !exists {
				if !a.open(c, e.PrivateIp, false) {
					return
				}
				j, found = c, true
				break
			}
		}
	}
	if !found {
		a.errs = append(a.errs, &limits.Violation{
			Field: a.f.entry(i), Value: fmt.Sprintf("%q", e.Name),
			Problem: "finds no free slot: every ENI the instance may have is full",
			Rule:    "new entries fill the free slots of the ENIs; entries that stay keep theirs",
			Source:  limits.Doc(limits.DocMultipleEipsNat),
			Fix:     fmt.Sprintf("remove entries, or allow more ENIs (%s) or private IPs per ENI (%s)", a.f.SecondaryEnis, a.f.IpsPerEni),
		})
		return
	}
	s := Slot{Eni: j}
	if !a.in.MultiEipToEni {
		switch primary := a.out.Enis[j]; {
		case e.PrivateIp.IsValid():
			s.PrivateIp = e.PrivateIp
		case primary.IsValid() && !a.onPrim[j] && !a.pinnedByOther(primary, e.Name):
			s.PrivateIp = primary
		default:
			ip, ok := a.lowestFree()
			if !ok {
				a.errs = append(a.errs, a.rangeFull(fmt.Sprintf("entry %s", a.label(e.Name))))
				return
			}
			s.PrivateIp = ip
		}
		a.holder[s.PrivateIp] = hold{entry: e.Name}
		a.onPrim[j] = a.onPrim[j] || s.PrivateIp == a.out.Enis[j]
	}
	a.out.Entries[e.Name] = s
	a.count[j]++
}

// pinnedByOther reports whether an entry other than name pins ip.
func (a *allocator) pinnedByOther(ip netip.Addr, name string) bool {
	n, ok := a.pins[ip]
	return ok && n != name
}

// dropEmptyEnis removes the ENIs no entry uses, except the primary ENI and
// in.KeepEnis: removing an ENI replaces nothing that stays.
func (a *allocator) dropEmptyEnis() {
	for j := range a.out.Enis {
		if j == PrimaryEni || slices.Contains(a.in.KeepEnis, j) || a.count[j] > 0 {
			continue
		}
		delete(a.out.Enis, j)
	}
}
