package addressing

import "testing"

func BenchmarkPlanNat64(b *testing.B) {
	in := NatInput{
		Entries:        entriesOf(seq("bench", 64)),
		VSwitchCidr:    pfx("10.0.0.0/16"),
		PrivateIpRange: pfx("10.0.0.0/16"),
		SecondaryEnis:  7,
		IpsPerEni:      20,
		UsePrimaryEni:  true,
	}
	if _, err := PlanNat(in); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PlanNat(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlanMultiEipToEni64(b *testing.B) {
	in := MultiEipToEniInput{Entries: entriesOf(seq("bench", 64)), SecondaryEnis: 15}
	if _, err := PlanMultiEipToEni(in); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := PlanMultiEipToEni(in); err != nil {
			b.Fatal(err)
		}
	}
}
