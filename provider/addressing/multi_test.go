package addressing

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlanMultiEipToEni(t *testing.T) {
	in := MultiEipToEniInput{Entries: entriesOf(seq("m", 12)), SecondaryEnis: 3}
	p, err := PlanMultiEipToEni(in)
	require.NoError(t, err)
	assert.Zero(t, p.PoolSize)
	count := map[int]int{}
	for _, e := range p.Entries {
		assert.False(t, e.PrivateIp.IsValid())
		assert.True(t, e.Eni >= 0 && e.Eni < 3)
		count[e.Eni]++
	}
	for _, eni := range p.Enis {
		assert.False(t, eni.PrimaryIp.IsValid())
		assert.Empty(t, eni.SecondaryIps)
		assert.Equal(t, count[eni.Index], len(eni.Entries))
		assert.LessOrEqual(t, len(eni.Entries), 10)
	}

	// the same name hash as NAT mode: same ENI for the same number of ENIs
	nat, err := PlanNat(NatInput{Entries: in.Entries, VSwitchCidr: pfx("10.0.0.0/16"), PrivateIpRange: pfx("10.0.0.0/16"), SecondaryEnis: 3, IpsPerEni: 20})
	require.NoError(t, err)
	for i := range p.Entries {
		assert.Equal(t, nat.Entries[i].Eni, p.Entries[i].Eni)
	}

	// removing one moves nothing else
	in.Entries = in.Entries[1:]
	p2, err := PlanMultiEipToEni(in)
	require.NoError(t, err)
	samePlaces(t, p, p2, "m-01")
}

func TestPlanMultiEipToEniErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      MultiEipToEniInput
		wantErr []string
	}{
		{"negative ENIs", MultiEipToEniInput{SecondaryEnis: -2}, []string{"maxEnis -2 is negative"}},
		{"private IP set", MultiEipToEniInput{SecondaryEnis: 1, Entries: []Entry{{Name: "a", PrivateIp: ip("10.0.0.5")}}},
			[]string{"eips[0].privateIp 10.0.0.5 is set in multi-EIP-to-ENI mode: in multi-EIP-to-ENI mode an EIP binds to the secondary ENI itself, not to one of its private IPs (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode'); unset privateIp, or use NAT mode"}},
		{"primary ENI", MultiEipToEniInput{SecondaryEnis: 1, Entries: []Entry{{Name: "a", Eni: intp(-1)}}},
			[]string{"eips[0].eni -1 cannot bind an EIP to the primary ENI: multi-EIP-to-ENI mode binds EIPs to secondary ENIs only (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode'); place the EIP on a secondary ENI, or use NAT mode"}},
		{"eni out of range", MultiEipToEniInput{SecondaryEnis: 2, Entries: []Entry{{Name: "a", Eni: intp(2)}}},
			[]string{"eips[0].eni 2 is not an ENI of this instance: eni is a secondary ENI index 0 to 1 (maxEnis 2); pin an ENI in that range, or unset eni to let the name decide"}},
		{"duplicate names", MultiEipToEniInput{SecondaryEnis: 2, Entries: named("a", "a")}, []string{`eips[1].name "a" is also the name of eips[0]`}},
		{"capacity", MultiEipToEniInput{SecondaryEnis: 2, Entries: entriesOf(seq("c", 21))},
			[]string{"eips (21 entries) exceeds the multi-EIP-to-ENI capacity 20: capacity = secondary ENIs 2 x 10 EIPs per ENI; the primary ENI takes no EIP in this mode (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode'); remove 1 entries, or allow more secondary ENIs (maxEnis, instance type)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PlanMultiEipToEni(tt.in)
			require.Error(t, err)
			for _, w := range tt.wantErr {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestPlanMultiEipToEniOverflow(t *testing.T) {
	in := MultiEipToEniInput{SecondaryEnis: 2, Entries: entriesOf(seq("o", 12))}
	for i := range in.Entries[:11] {
		in.Entries[i].Eni = intp(0)
	}
	_, err := PlanMultiEipToEni(in)
	require.Error(t, err)
	assert.Regexp(t, `^eips place 1[12] entries on secondary ENI 0 \("o-01", .*\), [12] more than it holds: multi-EIP-to-ENI mode binds at most 10 EIPs to one secondary ENI; an entry without eni goes to the ENI the hash of its name selects \(Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode'\); pin eni of "o-\d\d" to 1`, err.Error())
	require.Positive(t, applyFixes(t, in.Entries, err))
	p, err := PlanMultiEipToEni(in)
	require.NoError(t, err)
	eni0, _ := p.Eni(0)
	eni1, _ := p.Eni(1)
	assert.Len(t, eni0.Entries, 10)
	assert.Len(t, eni1.Entries, 2)
	_, ok := p.Eni(5)
	assert.False(t, ok)
	_, ok = p.Entry("nope")
	assert.False(t, ok)
}
