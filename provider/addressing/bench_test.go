package addressing

import (
	"fmt"
	"testing"
)

// BenchmarkAllocate measures the allocation of n entries on an instance of
// 16 ENIs of 64 private IPs in a /20 range: from nothing (first), and with
// a previous allocation of the same entries plus one new entry (update).
func BenchmarkAllocate(b *testing.B) {
	for _, n := range []int{64, 1000} {
		in := AllocateInput{VSwitchCidr: pfx("10.0.0.0/16"), PrivateIpRange: pfx("10.0.0.0/20"),
			SecondaryEnis: 15, IpsPerEni: 64, UsePrimaryEni: true, ChoosePrimaryEniIp: true, KeepEnis: []int{0}}
		in.Entries = named(seq("bench", n)...)
		b.Run(fmt.Sprintf("entries=%d/first", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Allocate(in); err != nil {
					b.Fatal(err)
				}
			}
		})
		prev, err := Allocate(in)
		if err != nil {
			b.Fatal(err)
		}
		up := in
		up.Previous = prev
		up.Entries = append(named(seq("bench", n-1)...), Entry{Name: "new"})
		b.Run(fmt.Sprintf("entries=%d/update", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Allocate(up); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
