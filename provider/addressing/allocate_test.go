package addressing

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// c6 is an ecs.c6.large (2 ENIs of 6 private IPs) in 192.168.1.0/24 with
// the range 192.168.1.128/26.
func c6(prev Allocation, entries ...Entry) AllocateInput {
	return AllocateInput{Previous: prev, Entries: entries, VSwitchCidr: pfx("192.168.1.0/24"),
		PrivateIpRange: pfx("192.168.1.128/26"), SecondaryEnis: 1, IpsPerEni: 6}
}

// slots maps each entry to "eni/ip" for compact assertions.
func slots(a Allocation) map[string]Slot { return a.Entries }

func slot(eni int, addr string) Slot { return Slot{Eni: eni, PrivateIp: ip(addr)} }

func mustAllocate(t *testing.T, in AllocateInput) Allocation {
	t.Helper()
	a, err := Allocate(in)
	require.NoError(t, err)
	return a
}

func TestAllocateFirstFreeSlot(t *testing.T) {
	a := mustAllocate(t, c6(Allocation{}, named("a", "b", "c")...))
	assert.Equal(t, map[string]Slot{
		"a": slot(0, "192.168.1.128"), "b": slot(0, "192.168.1.129"), "c": slot(0, "192.168.1.130"),
	}, slots(a))
	assert.Equal(t, map[int]netip.Addr{0: ip("192.168.1.128")}, a.Enis, "the entry that opens the ENI maps to its primary IP")
	assert.Equal(t, []netip.Addr{ip("192.168.1.129"), ip("192.168.1.130")}, a.SecondaryIps(0))
	assert.True(t, a.OnPrimaryIp("a"))
	assert.False(t, a.OnPrimaryIp("b"))
}

func TestAllocateThreeNamesInA26NeverCollide(t *testing.T) {
	// The names that collided under a hash of the name: every set deploys.
	in := c6(Allocation{}, named("a", "b", "c")...)
	in.SecondaryEnis, in.IpsPerEni = 7, 30 // ecs.g7.8xlarge
	a := mustAllocate(t, in)
	assert.Len(t, a.Entries, 3)
	assert.Equal(t, []int{0}, a.EniIndexes(), "one ENI while it has room")
}

func TestAllocateSeedCapacity(t *testing.T) {
	// ecs.c6.large: 6 on the secondary ENI.
	a := mustAllocate(t, c6(Allocation{}, named(seq("e", 6)...)...))
	assert.Len(t, a.OnEni(0), 6)
	_, err := Allocate(c6(a, named(seq("e", 7)...)...))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exceeds the NAT capacity 6")

	// 12 with the primary ENI of a created instance.
	in := c6(Allocation{}, named(seq("e", 12)...)...)
	in.UsePrimaryEni, in.ChoosePrimaryEniIp, in.KeepEnis = true, true, []int{0}
	a = mustAllocate(t, in)
	assert.Len(t, a.OnEni(0), 6)
	assert.Len(t, a.OnEni(PrimaryEni), 6)
	assert.True(t, a.Enis[PrimaryEni].IsValid(), "the created instance's primary IP comes from the range")
	assert.Len(t, a.SecondaryIps(PrimaryEni), 5, "1 EIP on the primary private IP and 5 on the secondary ones")
	assert.Len(t, a.SecondaryIps(0), 5)

	// Without the primary IP chosen (usePrimaryEni turned on later), 11.
	in.Previous = Allocation{Entries: map[string]Slot{}, Enis: map[int]netip.Addr{0: ip("192.168.1.128")}}
	in.Entries = named(seq("e", 11)...)
	a = mustAllocate(t, in)
	assert.False(t, a.Enis[PrimaryEni].IsValid())
	in.Entries = named(seq("e", 12)...)
	_, err = Allocate(in)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `eips[11] "e-12" finds no free slot`)
}

func TestAllocateLargeTypes(t *testing.T) {
	for _, tt := range []struct {
		name     string
		enis, k  int
		capacity int
	}{
		{"ecs.g6.4xlarge", 8, 20, 140},
		{"ecs.g7.8xlarge", 8, 30, 210},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := AllocateInput{VSwitchCidr: pfx("10.0.0.0/16"), PrivateIpRange: pfx("10.0.0.0/20"),
				SecondaryEnis: tt.enis - 1, IpsPerEni: tt.k}
			in.Entries = named(seq("e", tt.capacity)...)
			a := mustAllocate(t, in)
			assert.Len(t, a.Enis, tt.enis-1)
			in.Entries = named(seq("e", tt.capacity+1)...)
			_, err := Allocate(in)
			require.Error(t, err)
			in.Entries = named(seq("e", tt.capacity+tt.k)...)
			in.UsePrimaryEni, in.ChoosePrimaryEniIp = true, true
			a = mustAllocate(t, in)
			assert.Len(t, a.Entries, tt.capacity+tt.k)
		})
	}
}

func TestAllocateKeepsSlots(t *testing.T) {
	a := mustAllocate(t, c6(Allocation{}, named("a", "b", "c")...))

	// Insert in the middle: a, x, b, c. Only x is new and takes the next address.
	b := mustAllocate(t, c6(a, named("a", "x", "b", "c")...))
	for _, n := range []string{"a", "b", "c"} {
		assert.Equal(t, a.Entries[n], b.Entries[n], n)
	}
	assert.Equal(t, slot(0, "192.168.1.131"), b.Entries["x"])

	// Remove from the middle, then add: the freed address is reused first.
	c := mustAllocate(t, c6(b, named("a", "b", "c")...))
	assert.NotContains(t, c.Entries, "x")
	d := mustAllocate(t, c6(c, named("c", "b", "y", "a")...))
	assert.Equal(t, slot(0, "192.168.1.131"), d.Entries["y"])
	assert.Equal(t, a.Entries["a"], d.Entries["a"], "a reorder moves nothing")

	// Removing the entry on the primary IP frees it for the next entry.
	e := mustAllocate(t, c6(d, named("c", "b", "y")...))
	assert.Equal(t, ip("192.168.1.128"), e.Enis[0], "the ENI keeps its primary IP")
	f := mustAllocate(t, c6(e, named("c", "b", "y", "z")...))
	assert.Equal(t, slot(0, "192.168.1.128"), f.Entries["z"])
	assert.True(t, f.OnPrimaryIp("z"))
}

func TestAllocateRaiseMaxEnisMovesNothing(t *testing.T) {
	in := AllocateInput{VSwitchCidr: pfx("10.0.0.0/24"), PrivateIpRange: pfx("10.0.0.0/25"), SecondaryEnis: 2, IpsPerEni: 10,
		UsePrimaryEni: true, ChoosePrimaryEniIp: true, KeepEnis: []int{0}}
	in.Entries = named(seq("e", 30)...)
	a := mustAllocate(t, in)
	in.Previous, in.SecondaryEnis = a, 3
	in.Entries = named(seq("e", 35)...)
	b := mustAllocate(t, in)
	for n, s := range a.Entries {
		assert.Equal(t, s, b.Entries[n], n)
	}
	assert.Equal(t, []string{"e-31", "e-32", "e-33", "e-34", "e-35"}, b.OnEni(2), "the new ENI opens only when the others are full")
}

func TestAllocateShrinkBelowUsedRefused(t *testing.T) {
	in := AllocateInput{VSwitchCidr: pfx("10.0.0.0/24"), PrivateIpRange: pfx("10.0.0.0/25"), SecondaryEnis: 3, IpsPerEni: 4}
	in.Entries = named(seq("e", 9)...)
	a := mustAllocate(t, in)
	require.Equal(t, []string{"e-09"}, a.OnEni(2))

	in.Previous, in.SecondaryEnis = a, 2
	_, err := Allocate(in)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `maxEnis 2 removes secondary ENI 2, which carries "e-09"`)
	assert.Contains(t, err.Error(), "allow at least 3 secondary ENIs")

	in.SecondaryEnis, in.IpsPerEni = 3, 3
	_, err = Allocate(in)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `eniPrivateIpAddressQuantity 3 leaves secondary ENI 0 room for 3 entries, but it holds 4 ("e-01", "e-02", "e-03", "e-04")`)

	in.IpsPerEni, in.PrivateIpRange = 4, pfx("10.0.0.0/29")
	_, err = Allocate(in)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `privateIpRange 10.0.0.0/29 no longer holds 10.0.0.9, the primary IP of secondary ENI 2, which carries "e-09"`)
	assert.Contains(t, err.Error(), `eips[7] ("e-08") holds private IP 10.0.0.8 on secondary ENI 1, which is outside privateIpRange 10.0.0.0/29`)

	// Removing what no longer fits is accepted, and the rest stays.
	in.PrivateIpRange, in.SecondaryEnis = pfx("10.0.0.0/25"), 2
	in.Entries = named(seq("e", 8)...)
	b := mustAllocate(t, in)
	for n, s := range b.Entries {
		assert.Equal(t, a.Entries[n], s, n)
	}
	assert.Equal(t, []int{0, 1}, b.EniIndexes())
}

func TestAllocatePins(t *testing.T) {
	a := mustAllocate(t, c6(Allocation{}, Entry{Name: "a"}, Entry{Name: "p", PrivateIp: ip("192.168.1.128")}))
	assert.Equal(t, slot(0, "192.168.1.128"), a.Entries["p"], "the pin wins over the first free address")
	assert.Equal(t, slot(0, "192.168.1.129"), a.Entries["a"])

	// A pin on a held slot names both entries.
	_, err := Allocate(c6(a, Entry{Name: "a"}, Entry{Name: "p", PrivateIp: ip("192.168.1.128")},
		Entry{Name: "q", PrivateIp: ip("192.168.1.129")}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `eips[2].privateIp 192.168.1.129 of "q" is already held by entry eips[0] ("a")`)

	// Changing a pin moves that entry only.
	b := mustAllocate(t, c6(a, Entry{Name: "a", PrivateIp: ip("192.168.1.140")}, Entry{Name: "p", PrivateIp: ip("192.168.1.128")}))
	assert.Equal(t, slot(0, "192.168.1.140"), b.Entries["a"])
	assert.Equal(t, a.Entries["p"], b.Entries["p"])

	// An ENI pin on a full ENI names the entries holding it.
	in := c6(Allocation{}, named(seq("e", 6)...)...)
	in.SecondaryEnis = 2
	full := mustAllocate(t, in)
	in.Previous, in.Entries = full, append(named(seq("e", 6)...), Entry{Name: "x", Eni: intp(0)})
	_, err = Allocate(in)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `eips[6] "x" is pinned to secondary ENI 0, which already holds its 6 entries`)

	// A pin on a free ENI index opens it.
	in.Entries = append(named(seq("e", 6)...), Entry{Name: "x", Eni: intp(1)})
	c := mustAllocate(t, in)
	assert.Equal(t, 1, c.Entries["x"].Eni)
	assert.True(t, c.OnPrimaryIp("x"))
}

func TestAllocateKeepEnis(t *testing.T) {
	in := c6(Allocation{})
	in.KeepEnis = []int{0}
	a := mustAllocate(t, in)
	assert.Equal(t, map[int]netip.Addr{0: ip("192.168.1.128")}, a.Enis, "the ENI attached at creation exists without entries")
	in.Previous, in.Entries = a, named("a")
	b := mustAllocate(t, in)
	assert.Equal(t, slot(0, "192.168.1.128"), b.Entries["a"])
	in.Previous, in.Entries = b, nil
	assert.Equal(t, a, mustAllocate(t, in), "removing the last entry keeps the ENI")

	// Without KeepEnis an empty ENI goes.
	in = c6(Allocation{}, named("a")...)
	in.SecondaryEnis = 2
	a = mustAllocate(t, in)
	in.Previous, in.Entries = a, nil
	assert.Empty(t, mustAllocate(t, in).Enis)
}

func TestAllocateMultiEipToEni(t *testing.T) {
	in := AllocateInput{MultiEipToEni: true, SecondaryEnis: 2}
	in.Entries = named(seq("e", 12)...)
	a := mustAllocate(t, in)
	assert.Len(t, a.OnEni(0), 10)
	assert.Len(t, a.OnEni(1), 2)
	for _, s := range a.Entries {
		assert.False(t, s.PrivateIp.IsValid())
	}
	// The ENIs of the previous allocation are attached: new entries go to a new ENI.
	in.Previous, in.SecondaryEnis = a, 3
	in.Entries = named(seq("e", 13)...)
	b := mustAllocate(t, in)
	assert.Equal(t, 2, b.Entries["e-13"].Eni)

	_, err := Allocate(AllocateInput{MultiEipToEni: true, SecondaryEnis: 1, Entries: []Entry{{Name: "a", Eni: intp(PrimaryEni)}}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot bind an EIP to the primary ENI")
	_, err = Allocate(AllocateInput{MultiEipToEni: true, SecondaryEnis: 1, Entries: named(seq("e", 11)...)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exceeds the multi-EIP-to-ENI capacity 10")
}

func TestAllocateRangeAndReserved(t *testing.T) {
	// A range at the vSwitch's start skips the reserved first address.
	in := AllocateInput{VSwitchCidr: pfx("10.0.0.0/24"), PrivateIpRange: pfx("10.0.0.0/29"), SecondaryEnis: 1, IpsPerEni: 10}
	in.Entries = named(seq("e", 7)...)
	a := mustAllocate(t, in)
	assert.Equal(t, ip("10.0.0.1"), a.Enis[0])
	in.Entries = named(seq("e", 8)...)
	_, err := Allocate(in)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "privateIpRange 10.0.0.0/29 has no free address left for entry eips[7]")

	// A range at the end skips the last three.
	in.PrivateIpRange = pfx("10.0.0.248/29")
	in.Entries = named(seq("e", 5)...)
	a = mustAllocate(t, in)
	for _, s := range a.Entries {
		assert.False(t, IsReserved(in.VSwitchCidr, s.PrivateIp), s.PrivateIp)
	}
	_, err = Allocate(AllocateInput{VSwitchCidr: pfx("10.0.0.0/24"), SecondaryEnis: 1, IpsPerEni: 6, Entries: named("a")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `privateIpRange is not set, and eips[0] ("a") pin no privateIp`)
}

func TestAllocateValidation(t *testing.T) {
	tests := []struct {
		name string
		in   AllocateInput
		want string
	}{
		{"empty name", c6(Allocation{}, Entry{}), "eips[0].name is empty"},
		{"duplicate name", c6(Allocation{}, named("a", "a")...), `eips[1].name "a" is also the name of eips[0]`},
		{"pin outside the vSwitch", c6(Allocation{}, Entry{Name: "a", PrivateIp: ip("10.0.0.5")}), "eips[0].privateIp 10.0.0.5 is outside vswitchCidr 192.168.1.0/24"},
		{"pin reserved", c6(Allocation{}, Entry{Name: "a", PrivateIp: ip("192.168.1.255")}), "eips[0].privateIp 192.168.1.255 is reserved"},
		{"pin twice", c6(Allocation{}, Entry{Name: "a", PrivateIp: ip("192.168.1.5")}, Entry{Name: "b", PrivateIp: ip("192.168.1.5")}),
			`eips[1].privateIp 192.168.1.5 is also pinned by eips[0] ("a")`},
		{"eni out of range", c6(Allocation{}, Entry{Name: "a", Eni: intp(3)}), "eips[0].eni 3 is not an ENI of this instance"},
		{"primary without usePrimaryEni", c6(Allocation{}, Entry{Name: "a", Eni: intp(-1)}), "-1 (the primary ENI) needs usePrimaryEni"},
		{"range outside the vSwitch", AllocateInput{VSwitchCidr: pfx("192.168.1.0/24"), PrivateIpRange: pfx("192.168.2.0/26"), SecondaryEnis: 1, IpsPerEni: 6},
			"privateIpRange 192.168.2.0/26 is not inside vswitchCidr 192.168.1.0/24"},
		{"negative ENIs", AllocateInput{VSwitchCidr: pfx("192.168.1.0/24"), SecondaryEnis: -1, IpsPerEni: 6}, "maxEnis -1 is negative"},
		{"no IPs", AllocateInput{VSwitchCidr: pfx("192.168.1.0/24"), SecondaryEnis: 1}, "eniPrivateIpAddressQuantity 0 is less than 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Allocate(tt.in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestAllocateRemovedUsePrimaryEniRefused(t *testing.T) {
	in := c6(Allocation{}, named(seq("e", 8)...)...)
	in.UsePrimaryEni, in.ChoosePrimaryEniIp, in.KeepEnis = true, true, []int{0}
	a := mustAllocate(t, in)
	require.Equal(t, []string{"e-07", "e-08"}, a.OnEni(PrimaryEni))

	in.Previous, in.UsePrimaryEni = a, false
	in.Entries = named("e-01", "e-02", "e-07")
	_, err := Allocate(in)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `usePrimaryEni false removes the primary ENI, which carries "e-07"`)

	in.Entries = named(seq("e", 6)...)
	b := mustAllocate(t, in)
	assert.NotContains(t, b.Enis, PrimaryEni)
}

func TestAllocateLeftAddressWaitsForTheNextUpdate(t *testing.T) {
	full := mustAllocate(t, c6(Allocation{}, named(seq("e", 6)...)...))

	// e-02 leaves a secondary IP and x arrives in the same update: x takes another address,
	// since the engine creates x's association before it deletes e-02's.
	a := mustAllocate(t, c6(full, named("e-01", "x", "e-03", "e-04", "e-05", "e-06")...))
	assert.Equal(t, slot(0, "192.168.1.134"), a.Entries["x"])
	// At the next update the address is free again.
	b := mustAllocate(t, c6(a, named("e-01", "x", "e-03", "e-04", "e-05")...))
	b = mustAllocate(t, c6(b, named("e-01", "x", "e-03", "e-04", "e-05", "y")...))
	assert.Equal(t, slot(0, "192.168.1.129"), b.Entries["y"], "the lowest free address is the one e-02 left")

	// e-01 leaves the ENI's primary IP: that slot stays busy during the update.
	_, err := Allocate(c6(full, named("x", "e-02", "e-03", "e-04", "e-05", "e-06")...))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `eips[0] "x" finds no free slot`)
	in := c6(full, named("x", "e-02", "e-03", "e-04", "e-05", "e-06")...)
	in.SecondaryEnis = 2
	c := mustAllocate(t, in)
	assert.Equal(t, 1, c.Entries["x"].Eni, "x opens another ENI")
	in.Previous, in.Entries = c, named("x", "y", "e-02", "e-03", "e-04", "e-05", "e-06")
	d := mustAllocate(t, in)
	assert.Equal(t, slot(0, "192.168.1.128"), d.Entries["y"], "one update later, the primary IP e-01 left is free")

	// A pin on the address being left names the entry that leaves it.
	_, err = Allocate(c6(full, Entry{Name: "x", PrivateIp: ip("192.168.1.129")}, Entry{Name: "e-01"}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `is already held by entry "e-02", which leaves it in this update`)
}

func TestParsePinnedIp(t *testing.T) {
	f := PlanFields{Entries: "eips"}
	tests := []struct {
		text, want, err string
	}{
		{text: ""},
		{text: "192.168.1.130", want: "192.168.1.130"},
		{text: "192.168.1", err: "eips[2].privateIp 192.168.1 is not an IPv4 address: a pinned private IP is an IPv4 address of the vSwitch; pin an IPv4 address of the vSwitch, e.g. 192.168.0.10, or unset privateIp"},
		{text: "10.0.0.300", err: "eips[2].privateIp 10.0.0.300 is not an IPv4 address"},
		{text: "2001:db8::1", err: "eips[2].privateIp 2001:db8::1 is not an IPv4 address"},
		{text: "::ffff:192.168.1.130", err: "eips[2].privateIp ::ffff:192.168.1.130 is not an IPv4 address"},
	}
	for _, tt := range tests {
		a, err := f.ParsePinnedIp(2, tt.text)
		if tt.err != "" {
			require.Error(t, err, tt.text)
			assert.Contains(t, err.Error(), tt.err)
			continue
		}
		require.NoError(t, err, tt.text)
		assert.Equal(t, tt.want, AddrString(a))
	}
}

// An address pinned through the Go API is held to the same rule as one given as text.
func TestAllocateRefusesAnIPv6Pin(t *testing.T) {
	_, err := Allocate(c6(Allocation{}, Entry{Name: "a", PrivateIp: netip.MustParseAddr("2001:db8::1")}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "eips[0].privateIp 2001:db8::1 is not an IPv4 address: a pinned private IP is an IPv4 address of the vSwitch")
}
