package addressing

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// c6Large is an ecs.c6.large instance: 2 ENIs (1 secondary) x 6 private IPs,
// in the documented example's vSwitch 192.168.0.0/24.
func c6Large(entries []Entry) NatInput {
	return NatInput{
		Entries:        entries,
		VSwitchCidr:    pfx("192.168.0.0/24"),
		PrivateIpRange: pfx("192.168.0.192/26"),
		SecondaryEnis:  1,
		IpsPerEni:      6,
	}
}

// checkPlanInvariants verifies what every successful plan must satisfy.
func checkPlanInvariants(t *testing.T, in NatInput, p Plan) {
	t.Helper()
	require.Len(t, p.Entries, len(in.Entries))
	seen := map[netip.Addr]string{}
	perEni := map[int]int{}
	for i, e := range p.Entries {
		assert.Equal(t, in.Entries[i].Name, e.Name)
		assert.True(t, in.VSwitchCidr.Contains(e.PrivateIp), e.Name)
		assert.False(t, IsReserved(in.VSwitchCidr, e.PrivateIp), e.Name)
		if other, dup := seen[e.PrivateIp]; dup {
			t.Errorf("%s and %s share %s", e.Name, other, e.PrivateIp)
		}
		seen[e.PrivateIp] = e.Name
		if in.Entries[i].PrivateIp.IsValid() {
			assert.Equal(t, in.Entries[i].PrivateIp, e.PrivateIp)
		} else {
			assert.True(t, in.PrivateIpRange.Contains(e.PrivateIp), e.Name)
		}
		if in.Entries[i].Eni != nil {
			assert.Equal(t, *in.Entries[i].Eni, e.Eni)
		}
		if !e.OnPrimaryIp {
			perEni[e.Eni]++
		}
		assert.True(t, e.Eni >= -1 && e.Eni < in.SecondaryEnis)
		if e.Eni == PrimaryEni {
			assert.True(t, in.UsePrimaryEni)
		}
	}
	for j, n := range perEni {
		assert.LessOrEqual(t, n, in.IpsPerEni-1, "ENI %d", j)
	}
	for i, eni := range p.Enis {
		if i > 0 {
			assert.Less(t, p.Enis[i-1].Index, eni.Index)
		}
		assert.True(t, slices.IsSorted(eni.Entries))
		assert.True(t, slices.IsSortedFunc(eni.SecondaryIps, func(a, b netip.Addr) int { return a.Compare(b) }))
		assert.NotEmpty(t, eni.Entries)
		if eni.Index >= 0 && in.PrivateIpRange.IsValid() {
			lo, hi := usableSpan(in.VSwitchCidr, in.PrivateIpRange)
			assert.Equal(t, fromU32(uint32(hi-int64(eni.Index))), eni.PrimaryIp)
			assert.GreaterOrEqual(t, hi-int64(eni.Index), lo)
			assert.NotContains(t, eni.SecondaryIps, eni.PrimaryIp)
		}
		for _, n := range eni.Entries {
			e, ok := p.Entry(n)
			require.True(t, ok)
			assert.Equal(t, eni.Index, e.Eni)
			if e.OnPrimaryIp {
				assert.Equal(t, eni.PrimaryIp, e.PrivateIp)
			} else {
				assert.Contains(t, eni.SecondaryIps, e.PrivateIp)
			}
		}
	}
}

func TestPlanNatC6Large(t *testing.T) {
	t.Run("1 entry", func(t *testing.T) {
		in := c6Large(named("web"))
		p, err := PlanNat(in)
		require.NoError(t, err)
		checkPlanInvariants(t, in, p)
		require.Len(t, p.Enis, 1)
		// the documented example's secondary ENI primary: 192.168.0.252, the last usable address
		assert.Equal(t, EniPlan{Index: 0, PrimaryIp: ip("192.168.0.252"), SecondaryIps: []netip.Addr{p.Entries[0].PrivateIp}, Entries: []string{"web"}}, p.Enis[0])
		assert.Equal(t, 60, p.PoolSize)
		assert.True(t, pfx("192.168.0.192/26").Contains(p.Entries[0].PrivateIp))
		assert.NotEqual(t, ip("192.168.0.252"), p.Entries[0].PrivateIp)
	})
	t.Run("6 entries need the primary IP", func(t *testing.T) {
		in := c6Large(entriesOf(seq("svc", 6)))
		_, err := PlanNat(in)
		require.Error(t, err)
		assert.Regexp(t, `^eips place 6 entries on secondary ENI 0 \("svc-01", "svc-02", "svc-03", "svc-04", "svc-05", "svc-06"\), 1 more than it holds: an ENI holds eniPrivateIpAddressQuantity 6 private IPs: its primary IP, which carries an EIP only when an entry pins privateIp to it, and 5 secondary IPs; an entry without eni goes to the ENI the hash of its name selects \(Alibaba Cloud doc 'Bind multiple EIPs to an ECS \(NAT mode\)'\); pin privateIp of "svc-06" to 192.168.0.252 \(the primary IP of secondary ENI 0\)$`, err.Error())
		before := map[string]EntryPlan{}
		in.Entries = in.Entries[:5]
		p5, err := PlanNat(in)
		require.NoError(t, err)
		for _, e := range p5.Entries {
			before[e.Name] = e
		}
		in.Entries = entriesOf(seq("svc", 6))
		require.Equal(t, 1, applyFixes(t, in.Entries, err2(PlanNat(in))))
		p, err := PlanNat(in)
		require.NoError(t, err)
		checkPlanInvariants(t, in, p)
		e, _ := p.Entry("svc-06")
		assert.Equal(t, EntryPlan{Name: "svc-06", Eni: 0, PrivateIp: ip("192.168.0.252"), OnPrimaryIp: true}, e)
		for n, b := range before {
			got, _ := p.Entry(n)
			assert.Equal(t, b, got, "pinning svc-06 moved %s", n)
		}
	})
	t.Run("6 entries with usePrimaryEni", func(t *testing.T) {
		in := c6Large(entriesOf(seq("svc", 6)))
		in.UsePrimaryEni = true
		in.Entries[0].Eni = intp(PrimaryEni)
		p, err := PlanNat(in)
		require.NoError(t, err)
		checkPlanInvariants(t, in, p)
		assert.Len(t, p.Enis, 2)
		assert.Equal(t, PrimaryEni, p.Enis[0].Index)
		assert.False(t, p.Enis[0].PrimaryIp.IsValid())
	})
	t.Run("11 entries with usePrimaryEni fill it after the suggested pins", func(t *testing.T) {
		in := c6Large(entriesOf(seq("svc", 11)))
		in.UsePrimaryEni = true
		for round := 0; ; round++ {
			require.Less(t, round, 4, "suggested pins do not converge")
			p, err := PlanNat(in)
			if err == nil {
				checkPlanInvariants(t, in, p)
				assert.Len(t, p.Enis[0].SecondaryIps, 5)
				assert.Len(t, p.Enis[1].SecondaryIps, 5)
				break
			}
			require.Positive(t, applyFixes(t, in.Entries, err), err.Error())
		}
	})
	t.Run("25 entries refused", func(t *testing.T) {
		in := c6Large(entriesOf(seq("svc", 25)))
		_, err := PlanNat(in)
		require.Error(t, err)
		assert.Equal(t, "eips (25 entries) exceeds the NAT capacity 6: capacity = (eniQuantity 2 - 1) x eniPrivateIpAddressQuantity 6 + (usePrimaryEni false ? eniPrivateIpAddressQuantity - 1 : 0) = 6 + 0, one EIP per private IP (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'); remove 19 entries, set usePrimaryEni to add 5, or choose an instance type (or maxEnis) with more ENIs or more private IPs per ENI", err.Error())
		in.UsePrimaryEni = true
		_, err = PlanNat(in)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "eips (25 entries) exceeds the NAT capacity 11")
	})
}

func err2(_ Plan, err error) error { return err }

// bigInstance has 7 secondary ENIs x 20 private IPs in a /16 vSwitch.
func bigInstance(entries []Entry, rng string) NatInput {
	return NatInput{
		Entries:        entries,
		VSwitchCidr:    pfx("10.0.0.0/16"),
		PrivateIpRange: pfx(rng),
		SecondaryEnis:  7,
		IpsPerEni:      20,
		UsePrimaryEni:  true,
	}
}

func TestPlanNat25Entries(t *testing.T) {
	in := bigInstance(entriesOf(seq("svc", 25)), "10.0.16.0/20")
	p, err := PlanNat(in)
	require.NoError(t, err)
	checkPlanInvariants(t, in, p)
	assert.Equal(t, 4096-7, p.PoolSize)

	again, err := PlanNat(in)
	require.NoError(t, err)
	assert.Equal(t, p, again, "deterministic")

	// the order of the list does not matter
	shuffled := slices.Clone(in.Entries)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	in2 := in
	in2.Entries = shuffled
	p2, err := PlanNat(in2)
	require.NoError(t, err)
	assert.Equal(t, p.Enis, p2.Enis)
	for _, e := range p2.Entries {
		want, _ := p.Entry(e.Name)
		assert.Equal(t, want, e)
	}
}

// TestPlanNatStability inserts and removes entries in random-ish sets of
// names and checks that no other entry changes ENI or private IP.
func TestPlanNatStability(t *testing.T) {
	configs := []struct {
		name string
		in   NatInput
	}{
		{"7 ENIs with primary, /16 range", bigInstance(nil, "10.0.0.0/16")},
		{"3 ENIs, /18 range", NatInput{VSwitchCidr: pfx("172.16.0.0/16"), PrivateIpRange: pfx("172.16.192.0/18"), SecondaryEnis: 3, IpsPerEni: 30}},
	}
	for ci, c := range configs {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(ci), 42))
			compared, insertRefused := 0, 0
			for trial := 0; trial < 25; trial++ {
				taken := map[string]bool{}
				base := entriesOf(randomNames(r, 1+r.IntN(30), taken))
				// a few pins, as users add them
				if len(base) > 3 {
					base[0].Eni = intp(r.IntN(c.in.SecondaryEnis))
					base[1].PrivateIp = fromU32(u32(First(c.in.PrivateIpRange)) + 1 + uint32(r.IntN(100)))
				}
				in := c.in
				in.Entries = base
				p, err := PlanNat(in)
				require.NoError(t, err, "trial %d", trial)
				checkPlanInvariants(t, in, p)

				// remove one: never an error, nothing else moves
				k := r.IntN(len(base))
				in.Entries = slices.Delete(slices.Clone(base), k, k+1)
				removed, err := PlanNat(in)
				require.NoError(t, err)
				samePlaces(t, p, removed, base[k].Name)
				compared++

				// insert one anywhere: nothing else moves, or the new
				// entry alone is refused
				added := entriesOf(randomNames(r, 1, taken))[0]
				pos := r.IntN(len(base) + 1)
				in.Entries = slices.Insert(slices.Clone(base), pos, added)
				inserted, err := PlanNat(in)
				if err != nil {
					assert.Contains(t, err.Error(), `"`+added.Name+`"`)
					insertRefused++
					continue
				}
				checkPlanInvariants(t, in, inserted)
				samePlaces(t, p, inserted, added.Name)
				compared++
			}
			assert.GreaterOrEqual(t, compared, 45)
			t.Logf("%d comparisons, %d insertions refused", compared, insertRefused)
		})
	}
}

// samePlaces asserts that every entry of a, but skip, has the same ENI and
// private IP in b.
func samePlaces(t *testing.T, a, b Plan, skip string) {
	t.Helper()
	for _, e := range a.Entries {
		if e.Name == skip {
			continue
		}
		got, ok := b.Entry(e.Name)
		require.True(t, ok, e.Name)
		assert.Equal(t, e, got, "entry %q moved", e.Name)
	}
}

func TestPlanNatMoreEnisMovesFew(t *testing.T) {
	names := entriesOf(seq("app", 40))
	in := NatInput{Entries: names, VSwitchCidr: pfx("10.8.0.0/16"), PrivateIpRange: pfx("10.8.0.0/16"), SecondaryEnis: 3, IpsPerEni: 20}
	p3, err := PlanNat(in)
	require.NoError(t, err)
	in.SecondaryEnis = 4
	p4, err := PlanNat(in)
	require.NoError(t, err)
	movedEni := 0
	newPrimary := p4.Enis[len(p4.Enis)-1].PrimaryIp
	for _, e := range p3.Entries {
		got, _ := p4.Entry(e.Name)
		if got.Eni != e.Eni {
			assert.Equal(t, 3, got.Eni, "%s moved to an old ENI", e.Name)
			movedEni++
		}
		if got.PrivateIp != e.PrivateIp {
			assert.Equal(t, newPrimary, e.PrivateIp, "%s changed IP without reason", e.Name)
		}
	}
	assert.Less(t, movedEni, 20)
	assert.Positive(t, movedEni)
}

// collidingPair finds two names whose private IP hash is the same in a
// pool of size n.
func collidingPair(t *testing.T, n int) (a, b string) {
	t.Helper()
	seen := map[int]string{}
	for _, name := range seq("n", 200) {
		i := bucket(nameKey(saltIP, name), n)
		if other, ok := seen[i]; ok {
			return other, name
		}
		seen[i] = name
	}
	t.Fatal("no collision among 200 names")
	return "", ""
}

func TestPlanNatCollisions(t *testing.T) {
	// 10.1.0.0/28 in vSwitch 10.1.0.0/24: .0 reserved, .15 and .14 are the
	// primaries of ENIs 0 and 1, the pool is .1-.13.
	base := NatInput{VSwitchCidr: pfx("10.1.0.0/24"), PrivateIpRange: pfx("10.1.0.0/28"), SecondaryEnis: 2, IpsPerEni: 10}
	a, b := collidingPair(t, 13)

	t.Run("two hashed entries", func(t *testing.T) {
		in := base
		in.Entries = named(a, b)
		_, err := PlanNat(in)
		require.Error(t, err)
		in.Entries = named(a)
		pa, errA := PlanNat(in)
		require.NoError(t, errA)
		shared := pa.Entries[0].PrivateIp
		free := ip("10.1.0.1")
		if free == shared {
			free = ip("10.1.0.2")
		}
		assert.Equal(t, `eips[1] "`+b+`" gets private IP `+shared.String()+`, which eips[0] ("`+a+`") also gets: in NAT mode each EIP maps to its own private IP; an entry without privateIp takes the address the hash of its name selects among the 13 addresses of privateIpRange 10.1.0.0/28 left after the ENI primaries, and is never moved to avoid another, so that adding or removing an entry moves no other (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'); pin privateIp of "`+b+`" to `+free.String()+` (or, if "`+b+`" is the entry already deployed, pin "`+a+`" there instead)`, err.Error())

		// the suggestion resolves it and leaves a in place
		in.Entries = named(a, b)
		require.Equal(t, 1, applyFixes(t, in.Entries, err))
		p, err := PlanNat(in)
		require.NoError(t, err)
		checkPlanInvariants(t, in, p)
		got, _ := p.Entry(a)
		assert.Equal(t, pa.Entries[0], got)
	})
	t.Run("pinned entry keeps the address", func(t *testing.T) {
		in := base
		in.Entries = named(a)
		pa, err := PlanNat(in)
		require.NoError(t, err)
		in.Entries = []Entry{{Name: "zz-pinned", PrivateIp: pa.Entries[0].PrivateIp}, {Name: a}}
		_, err = PlanNat(in)
		require.Error(t, err)
		assert.Contains(t, err.Error(), `eips[1] "`+a+`" gets private IP `+pa.Entries[0].PrivateIp.String()+`, which eips[0] ("zz-pinned") pins: `)
		assert.Regexp(t, `; pin privateIp of "`+a+`" to 10\.1\.0\.\d+$`, err.Error())
	})
	t.Run("pool exhausted", func(t *testing.T) {
		in := base
		in.PrivateIpRange = pfx("10.1.0.0/29") // .1-.7 usable, .7 and .6 primaries, pool .1-.5
		in.IpsPerEni = 20
		in.Entries = entriesOf(seq("x", 6)) // 6 names, 5 addresses
		_, err := PlanNat(in)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "widen privateIpRange, or pin privateIp of")
	})
}

func TestPlanNatEniOverflowSuggestsRoom(t *testing.T) {
	// 2 secondary ENIs x 4 IPs (3 hashed each), 6 entries pinned to ENI 0
	// except those the hash would send there anyway.
	in := NatInput{VSwitchCidr: pfx("10.2.0.0/24"), PrivateIpRange: pfx("10.2.0.0/24"), SecondaryEnis: 2, IpsPerEni: 4}
	in.Entries = entriesOf(seq("e", 5))
	for i := range in.Entries[:4] {
		in.Entries[i].Eni = intp(0)
	}
	_, err := PlanNat(in)
	require.Error(t, err)
	assert.Regexp(t, `^eips place \d entries on secondary ENI 0 \(.*\), \d more than it holds: .*; pin eni of "e-0\d" to 1`, err.Error())
	require.Positive(t, applyFixes(t, in.Entries, err))
	p, err := PlanNat(in)
	require.NoError(t, err)
	checkPlanInvariants(t, in, p)

	// no room left anywhere and no known primary (no privateIpRange): remove or add ENIs
	full := NatInput{VSwitchCidr: pfx("10.2.0.0/24"), SecondaryEnis: 1, IpsPerEni: 2}
	full.Entries = []Entry{{Name: "q", PrivateIp: ip("10.2.0.10")}, {Name: "r", PrivateIp: ip("10.2.0.11")}}
	_, err = PlanNat(full)
	require.Error(t, err)
	assert.Equal(t, `eips place 2 entries on secondary ENI 0 ("q", "r"), 1 more than it holds: an ENI holds eniPrivateIpAddressQuantity 2 private IPs: its primary IP, which carries an EIP only when an entry pins privateIp to it, and 1 secondary IPs; an entry without eni goes to the ENI the hash of its name selects (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'); remove "r" or allow more ENIs (maxEnis)`, err.Error())
}

func TestPlanNatAllPinnedWithoutRange(t *testing.T) {
	in := NatInput{VSwitchCidr: pfx("192.168.0.0/24"), SecondaryEnis: 2, IpsPerEni: 6, Entries: []Entry{
		{Name: "a", PrivateIp: ip("192.168.0.10"), Eni: intp(1)},
		{Name: "b", PrivateIp: ip("192.168.0.11")},
	}}
	p, err := PlanNat(in)
	require.NoError(t, err)
	assert.Equal(t, 0, p.PoolSize)
	for _, e := range p.Enis {
		assert.False(t, e.PrimaryIp.IsValid(), "no range: the cloud assigns ENI primaries")
	}
	a, _ := p.Entry("a")
	assert.Equal(t, EntryPlan{Name: "a", Eni: 1, PrivateIp: ip("192.168.0.10")}, a)
}

func TestPlanNatEmpty(t *testing.T) {
	p, err := PlanNat(c6Large(nil))
	require.NoError(t, err)
	assert.Empty(t, p.Enis)
	assert.Empty(t, p.Entries)
}

func TestPlanNatValidation(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(*NatInput)
		wantErr []string
	}{
		{"negative ENIs", func(in *NatInput) { in.SecondaryEnis = -1 },
			[]string{"maxEnis -1 is negative: an instance has zero or more secondary ENIs; set it to 0 or more"}},
		{"no IPs per ENI", func(in *NatInput) { in.IpsPerEni = 0 },
			[]string{"eniPrivateIpAddressQuantity 0 is less than 1: an ENI holds at least its primary private IP (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'); use the instance type's eniPrivateIpAddressQuantity"}},
		{"vswitch missing", func(in *NatInput) { in.VSwitchCidr = netip.Prefix{} },
			[]string{"vswitchCidr is missing or not a CIDR block"}},
		{"vswitch mask", func(in *NatInput) {
			in.VSwitchCidr = pfx("192.168.0.0/15")
			in.PrivateIpRange = netip.Prefix{}
			in.Entries[0].PrivateIp = ip("192.168.0.9")
		},
			[]string{"vswitchCidr 192.168.0.0/15 has mask 15"}},
		{"range outside vswitch", func(in *NatInput) { in.PrivateIpRange = pfx("192.168.1.0/26") },
			[]string{"privateIpRange 192.168.1.0/26 is not inside vswitchCidr 192.168.0.0/24: an ENI's private IPs come from the CIDR block of its vSwitch (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'); use a block inside 192.168.0.0/24 reserved for this instance"}},
		{"range unaligned", func(in *NatInput) { in.PrivateIpRange = pfx("192.168.0.193/26") },
			[]string{"privateIpRange 192.168.0.193/26 has host bits set: a CIDR block starts at its network address; use 192.168.0.192/26"}},
		{"range missing", func(in *NatInput) { in.PrivateIpRange = netip.Prefix{} },
			[]string{`privateIpRange is not set, and eips[0] ("web") pin no privateIp: an entry without privateIp takes the address the hash of its name selects in privateIpRange; set privateIpRange to a block inside vswitchCidr that only this instance uses, or pin privateIp of every entry`}},
		{"range too small", func(in *NatInput) { in.PrivateIpRange = pfx("192.168.0.252/30"); in.SecondaryEnis = 1 },
			[]string{"privateIpRange 192.168.0.252/30 has 1 usable addresses, fewer than the 2 it needs: privateIpRange holds the primary IPs of the 1 secondary ENIs (its last usable addresses) and the addresses entries without privateIp are hashed into; the vSwitch's first and last three addresses are not usable (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'); widen privateIpRange (a block with several times more addresses than entries keeps collisions rare)"}},
		{"empty name", func(in *NatInput) { in.Entries = append(in.Entries, Entry{}) },
			[]string{"eips[1].name is empty: each entry has a unique, non-empty name: the name alone decides the entry's ENI and private IP, so that adding or removing another entry moves nothing; give the entry a name that stays the same across updates"}},
		{"duplicate name", func(in *NatInput) { in.Entries = append(in.Entries, Entry{Name: "web"}) },
			[]string{`eips[1].name "web" is also the name of eips[0]: each entry has a unique, non-empty name`, "; rename one of them"}},
		{"pinned IP outside vswitch", func(in *NatInput) { in.Entries[0].PrivateIp = ip("10.0.0.5") },
			[]string{"eips[0].privateIp 10.0.0.5 is outside vswitchCidr 192.168.0.0/24: an ENI's private IPs come from the CIDR block of its vSwitch (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'); pin an address inside 192.168.0.0/24, or unset privateIp"}},
		{"pinned IP reserved", func(in *NatInput) { in.Entries[0].PrivateIp = ip("192.168.0.253") },
			[]string{"eips[0].privateIp 192.168.0.253 is reserved in vswitchCidr 192.168.0.0/24 (reserved: 192.168.0.0, 192.168.0.253, 192.168.0.254, 192.168.0.255): a vSwitch reserves its first and its last three addresses (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC'); pin another address, or unset privateIp"}},
		{"pinned IP v6", func(in *NatInput) { in.Entries[0].PrivateIp = ip("fd00::1") },
			[]string{"eips[0].privateIp fd00::1 is not IPv4"}},
		{"pinned IP twice", func(in *NatInput) {
			in.Entries[0].PrivateIp = ip("192.168.0.20")
			in.Entries = append(in.Entries, Entry{Name: "api", PrivateIp: ip("192.168.0.20")})
		}, []string{`eips[1].privateIp 192.168.0.20 is also pinned by eips[0] ("web"): in NAT mode each EIP maps to its own private IP (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'); pin another address, or unset privateIp of one of them`}},
		{"eni out of range", func(in *NatInput) { in.Entries[0].Eni = intp(1) },
			[]string{"eips[0].eni 1 is not an ENI of this instance: eni is a secondary ENI index 0 to 0 (maxEnis 1); pin an ENI in that range, or unset eni to let the name decide"}},
		{"primary ENI without usePrimaryEni", func(in *NatInput) { in.Entries[0].Eni = intp(-1) },
			[]string{"eips[0].eni -1 is not an ENI of this instance: eni is a secondary ENI index 0 to 0 (maxEnis 1); -1 (the primary ENI) needs usePrimaryEni; set usePrimaryEni, pin a secondary ENI, or unset eni"}},
		{"eni with no secondary ENIs", func(in *NatInput) { in.SecondaryEnis = 0; in.UsePrimaryEni = true; in.Entries[0].Eni = intp(0) },
			[]string{"eips[0].eni 0 is not an ENI of this instance: the instance has no secondary ENI (maxEnis 0), or -1 for the primary ENI; pin an ENI in that range, or unset eni to let the name decide"}},
		{"primary IP pinned with another eni", func(in *NatInput) {
			in.SecondaryEnis = 2
			in.Entries[0].PrivateIp = ip("192.168.0.251")
			in.Entries[0].Eni = intp(0)
		}, []string{"eips[0].eni 0 differs from ENI 1, whose primary IP privateIp pins: 192.168.0.251 is the primary IP of secondary ENI 1 (the ENI's index counts usable addresses down from the end of privateIpRange), and the entry lives on that ENI; set eni to 1, or unset it"}},
		{"no ENI at all", func(in *NatInput) { in.SecondaryEnis = 0 },
			[]string{"eips (1 entries) exceeds the NAT capacity 0"}},
		{"several at once", func(in *NatInput) {
			in.Entries = append(in.Entries, Entry{Name: ""}, Entry{Name: "x", PrivateIp: ip("192.168.0.255")})
		}, []string{"eips[1].name is empty", "eips[2].privateIp 192.168.0.255 is reserved"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := c6Large(named("web"))
			tt.mutate(&in)
			_, err := PlanNat(in)
			require.Error(t, err)
			for _, w := range tt.wantErr {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestPlanNatFieldNames(t *testing.T) {
	in := c6Large([]Entry{{Name: "a", PrivateIp: ip("10.9.9.9")}})
	in.Fields = PlanFields{Entries: "addresses", PrivateIp: "ip", VSwitchCidr: "subnet"}
	_, err := PlanNat(in)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "addresses[0].ip 10.9.9.9 is outside subnet 192.168.0.0/24")
}
