package addressing

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAllocatePropertyRandomSequences runs 1,000 random sequences of
// inserts, removals, renames and reorders, up to the full capacity of a random
// instance shape, and checks every step: no kept entry moves, no two
// entries share an address, every address is a usable address of the range
// and of its ENI, no ENI holds more than it can, and no ENI is opened while
// another has room.
func TestAllocatePropertyRandomSequences(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 2026))
	for seqNo := range 1000 {
		in := randomShape(r)
		capacity := in.SecondaryEnis * in.IpsPerEni
		if in.UsePrimaryEni {
			capacity += in.IpsPerEni
		}
		taken := map[string]bool{}
		var names []string
		prev := Allocation{}
		for step := range 12 + r.IntN(20) {
			op := r.IntN(5)
			switch {
			case op == 4 && len(names) > 0: // rename some: remove and insert in one update
				removedPrimaries := 0
				for range min(1+r.IntN(3), len(names)) {
					i := r.IntN(len(names))
					if prev.OnPrimaryIp(names[i]) {
						removedPrimaries++
					}
					names = slices.Delete(names, i, i+1)
				}
				for _, n := range randomNames(r, max(min(1+r.IntN(3), capacity-len(names)-removedPrimaries), 0), taken) {
					names = slices.Insert(names, r.IntN(len(names)+1), n)
				}
			case op == 0 && len(names) > 0: // remove some
				for range min(1+r.IntN(3), len(names)) {
					i := r.IntN(len(names))
					names = slices.Delete(names, i, i+1)
				}
			case op == 1 && len(names) > 1: // reorder
				r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
			default: // insert anywhere, up to the capacity
				for _, n := range randomNames(r, min(1+r.IntN(5), capacity-len(names)), taken) {
					at := r.IntN(len(names) + 1)
					names = slices.Insert(names, at, n)
				}
			}
			in.Previous, in.Entries = prev, named(names...)
			next, err := Allocate(in)
			require.NoError(t, err, "sequence %d step %d (%d entries of %d)", seqNo, step, len(names), capacity)
			checkStep(t, fmt.Sprintf("sequence %d step %d", seqNo, step), in, prev, next)
			prev = next
		}
	}
}

// randomShape draws an instance: 1 to 7 secondary ENIs, 2 to 10 IPs each,
// sometimes the primary ENI, sometimes an ENI kept from creation, in a range
// at the start, middle or end of the vSwitch.
func randomShape(r *rand.Rand) AllocateInput {
	in := AllocateInput{VSwitchCidr: pfx("10.1.0.0/23"), SecondaryEnis: 1 + r.IntN(7), IpsPerEni: 2 + r.IntN(9)}
	in.UsePrimaryEni = r.IntN(3) == 0
	in.ChoosePrimaryEniIp = in.UsePrimaryEni && r.IntN(2) == 0
	if r.IntN(2) == 0 {
		in.KeepEnis = []int{0}
	}
	if !in.ChoosePrimaryEniIp && in.UsePrimaryEni {
		in.UsePrimaryEni = false // keep the capacity formula exact for the draw
	}
	in.PrivateIpRange = []netip.Prefix{pfx("10.1.0.0/25"), pfx("10.1.0.128/25"), pfx("10.1.1.128/25")}[r.IntN(3)]
	return in
}

func checkStep(t *testing.T, where string, in AllocateInput, prev, next Allocation) {
	t.Helper()
	listed := map[string]bool{}
	for _, e := range in.Entries {
		listed[e.Name] = true
		_, ok := next.Entries[e.Name]
		require.True(t, ok, "%s: %q has a slot", where, e.Name)
	}
	require.Len(t, next.Entries, len(in.Entries), "%s: only listed entries have slots", where)
	for n, s := range prev.Entries {
		if listed[n] {
			require.Equal(t, s, next.Entries[n], "%s: %q kept its slot", where, n)
		}
	}
	for j, p := range prev.Enis {
		if q, ok := next.Enis[j]; ok {
			require.Equal(t, p, q, "%s: ENI %d kept its primary IP", where, j)
		}
	}
	lo, hi := usableSpan(in.VSwitchCidr, in.PrivateIpRange)
	usable := func(a netip.Addr) bool {
		n := int64(u32(a))
		return n >= lo && n <= hi && !IsReserved(in.VSwitchCidr, a)
	}
	seen := map[netip.Addr]string{}
	for j, p := range next.Enis {
		if !p.IsValid() {
			require.Equal(t, PrimaryEni, j, "%s: only the primary ENI may lack a chosen primary IP", where)
			continue
		}
		require.True(t, usable(p), "%s: ENI %d primary %s is usable in %s", where, j, p, in.PrivateIpRange)
		require.NotContains(t, seen, p, "%s: ENI %d primary %s is unique", where, j, p)
		seen[p] = fmt.Sprintf("ENI %d", j)
	}
	count := map[int]int{}
	for n, s := range next.Entries {
		_, ok := next.Enis[s.Eni]
		require.True(t, ok, "%s: %q is on an ENI of the allocation", where, n)
		count[s.Eni]++
		require.True(t, usable(s.PrivateIp), "%s: %q address %s is usable", where, n, s.PrivateIp)
		if s.PrivateIp == next.Enis[s.Eni] {
			continue
		}
		require.NotContains(t, seen, s.PrivateIp, "%s: %q address %s is unique", where, n, s.PrivateIp)
		seen[s.PrivateIp] = n
	}
	onPrimary := map[int]int{}
	for n := range next.Entries {
		if next.OnPrimaryIp(n) {
			onPrimary[next.Entries[n].Eni]++
		}
	}
	// An address left in this update is given again only at the next one; a left primary IP
	// keeps its ENI's slot busy until then.
	cooling := map[int]int{}
	for n, s := range prev.Entries {
		if listed[n] {
			continue
		}
		for m, u := range next.Entries {
			if _, old := prev.Entries[m]; !old {
				require.NotEqual(t, s.PrivateIp, u.PrivateIp, "%s: new entry %q takes %s, which %q leaves in the same update", where, m, s.PrivateIp, n)
			}
		}
		if p, ok := next.Enis[s.Eni]; ok && p == s.PrivateIp {
			cooling[s.Eni]++
		}
	}
	roomOf := func(j int) int {
		c := in.IpsPerEni
		if !next.Enis[j].IsValid() {
			c--
		}
		return c - count[j] - cooling[j]
	}
	var opened, withRoom []int
	for j := range next.Enis {
		require.LessOrEqual(t, onPrimary[j], 1, "%s: one entry at most on ENI %d's primary IP", where, j)
		require.GreaterOrEqual(t, roomOf(j), 0, "%s: ENI %d holds at most its private IPs", where, j)
		if _, old := prev.Enis[j]; !old && !slices.Contains(in.KeepEnis, j) && j != PrimaryEni {
			opened = append(opened, j)
		}
		if roomOf(j) > 0 {
			withRoom = append(withRoom, j)
		}
	}
	if len(opened) > 0 {
		require.LessOrEqual(t, len(withRoom), 1, "%s: ENIs %v opened while %v have room", where, opened, withRoom)
		if len(withRoom) == 1 {
			require.Equal(t, slices.Max(opened), withRoom[0], "%s: only the last opened ENI may have room", where)
		}
	}
}
