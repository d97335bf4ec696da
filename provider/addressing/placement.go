package addressing

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// placed is an entry during planning.
type placed struct {
	idx       int
	name      string
	eni       int
	eniPinned bool
	ip        netip.Addr
	ipPinned  bool
	onPrimary bool
}

// checkNames refuses empty and duplicate entry names.
func checkNames(f PlanFields, entries []Entry) []error {
	var errs []error
	seen := map[string]int{}
	rule := "each entry has a unique, non-empty name: the name alone decides the entry's ENI and private IP, so that adding or removing another entry moves nothing"
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
	fix := "pin an ENI in that range, or unset eni to let the name decide"
	if primaryAllowed {
		rule += ", or -1 for the primary ENI"
	} else if eni == PrimaryEni {
		rule += "; -1 (the primary ENI) needs usePrimaryEni"
		fix = "set usePrimaryEni, pin a secondary ENI, or unset eni"
	}
	return &limits.Violation{
		Field: f.entryField(i, f.Eni), Value: fmt.Sprint(eni),
		Problem: "is not an ENI of this instance", Rule: rule, Fix: fix,
	}
}

// eniBucket returns the ENI an unpinned entry goes to: jump consistent hash
// of its name over the secondary ENIs, plus the primary ENI as the last
// bucket when usePrimary is set.
func eniBucket(name string, secondaryEnis int, usePrimary bool) int {
	n := secondaryEnis
	if usePrimary {
		n++
	}
	b := bucket(nameKey(saltEni, name), n)
	if usePrimary && b == secondaryEnis {
		return PrimaryEni
	}
	return b
}

// overflow describes the ENIs that hold more entries than they can and
// suggests, for each entry too many, a pin that moves it where there is
// room. capacity is the number of hashed (non-primary-IP) entries an ENI
// takes; candidates are the ENIs an entry may be pinned to; freePrimary
// returns, for a candidate ENI, a primary IP no entry uses yet (NAT mode),
// so that an entry pinned to it takes the ENI's primary slot.
func overflow(f PlanFields, all []*placed, candidates []int, capacity int, rule, source string, freePrimary map[int]netip.Addr) []error {
	count := map[int]int{}
	onEni := map[int][]*placed{}
	for _, p := range all {
		onEni[p.eni] = append(onEni[p.eni], p)
		if !p.onPrimary {
			count[p.eni]++
		}
	}
	indexes := make([]int, 0, len(onEni))
	for j := range onEni {
		indexes = append(indexes, j)
	}
	slices.Sort(indexes)
	var errs []error
	for _, j := range indexes {
		var hashed []*placed
		for _, p := range onEni[j] {
			if !p.onPrimary {
				hashed = append(hashed, p)
			}
		}
		over := len(hashed) - capacity
		if over <= 0 {
			continue
		}
		// Suggest moving unpinned entries first, last names first.
		slices.SortFunc(hashed, func(a, b *placed) int {
			if a.eniPinned != b.eniPinned {
				if a.eniPinned {
					return 1
				}
				return -1
			}
			return strings.Compare(b.name, a.name)
		})
		var fixes []string
		for _, p := range hashed[:over] {
			target, room := 0, 0
			for _, c := range candidates {
				if r := capacity - count[c]; c != j && r > room {
					target, room = c, r
				}
			}
			if room > 0 {
				count[target]++
				count[j]--
				fixes = append(fixes, fmt.Sprintf("pin %s of %q to %d", f.Eni, p.name, target))
				continue
			}
			moved := false
			for _, c := range candidates {
				if ip, ok := freePrimary[c]; ok {
					delete(freePrimary, c)
					count[j]--
					fixes = append(fixes, fmt.Sprintf("pin %s of %q to %s (the primary IP of %s)", f.PrivateIp, p.name, ip, eniName(c)))
					moved = true
					break
				}
			}
			if !moved {
				fixes = append(fixes, fmt.Sprintf("remove %q or allow more ENIs (%s)", p.name, f.SecondaryEnis))
			}
		}
		names := make([]string, len(onEni[j]))
		for i, p := range onEni[j] {
			names[i] = fmt.Sprintf("%q", p.name)
		}
		slices.Sort(names)
		errs = append(errs, &limits.Violation{
			Field:   f.Entries,
			Problem: fmt.Sprintf("place %d entries on %s (%s), %d more than it holds", len(hashed), eniName(j), strings.Join(names, ", "), over),
			Rule:    rule,
			Source:  source,
			Fix:     strings.Join(fixes, "; "),
		})
	}
	return errs
}

// buildPlan assembles a plan from placed entries.
func buildPlan(all []*placed, primaries []netip.Addr, poolSize int) Plan {
	plan := Plan{PoolSize: poolSize, Entries: make([]EntryPlan, len(all))}
	byEni := map[int]*EniPlan{}
	for i, p := range all {
		plan.Entries[i] = EntryPlan{Name: p.name, Eni: p.eni, PrivateIp: p.ip, OnPrimaryIp: p.onPrimary}
		e := byEni[p.eni]
		if e == nil {
			e = &EniPlan{Index: p.eni}
			if p.eni >= 0 && p.eni < len(primaries) {
				e.PrimaryIp = primaries[p.eni]
			}
			byEni[p.eni] = e
		}
		e.Entries = append(e.Entries, p.name)
		if p.ip.IsValid() && !p.onPrimary {
			e.SecondaryIps = append(e.SecondaryIps, p.ip)
		}
	}
	for _, e := range byEni {
		slices.Sort(e.Entries)
		slices.SortFunc(e.SecondaryIps, func(a, b netip.Addr) int { return a.Compare(b) })
		plan.Enis = append(plan.Enis, *e)
	}
	slices.SortFunc(plan.Enis, func(a, b EniPlan) int { return a.Index - b.Index })
	return plan
}
