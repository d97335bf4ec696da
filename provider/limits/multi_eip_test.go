package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPlanMultiEip(t *testing.T) {
	c6 := &InstanceQuota{EniQuantity: 3, IpsPerEni: 10}
	settings := func(edit func(*MultiEipSettings)) MultiEipSettings {
		s := MultiEipSettings{Names: []string{"web"}, Enis: InstanceEnis{InstanceType: "ecs.c6.large", Quota: c6},
			Region: "cn-beijing", RegionKnown: true}
		edit(&s)
		return s
	}
	tests := []struct {
		name     string
		s        MultiEipSettings
		want     MultiEipShape
		warnings []string
		err      []string
	}{
		{"NAT by default", settings(func(*MultiEipSettings) {}), MultiEipShape{Mode: ModeNAT, SecondaryEnis: 2, IpsPerEni: 10}, nil, nil},
		{"eipCount adds eip-N after eips", settings(func(s *MultiEipSettings) { s.EipCount = 2 }),
			MultiEipShape{Mode: ModeNAT, CountNames: []string{"eip-0", "eip-1"}, SecondaryEnis: 2, IpsPerEni: 10}, nil, nil},
		{"the quota capped", settings(func(s *MultiEipSettings) { s.Enis.MaxEnis, s.Enis.PrivateIpsPerEni = 2, 4 }),
			MultiEipShape{Mode: ModeNAT, SecondaryEnis: 1, IpsPerEni: 4}, nil, nil},
		{"multiEipToEni in a region and family that have it", settings(func(s *MultiEipSettings) { s.Mode, s.Enis.InstanceType = InputMultiEipToEni, "ecs.g5.large" }),
			MultiEipShape{Mode: ModeMultiEipToEni, SecondaryEnis: 2, IpsPerEni: 10}, nil, nil},
		{"multiEipToEni unchecked: no type, no region", settings(func(s *MultiEipSettings) {
			s.Mode, s.Enis.InstanceType, s.Enis.Quota, s.Enis.MaxEnis, s.Region = InputMultiEipToEni, "", nil, 2, ""
		}), MultiEipShape{Mode: ModeMultiEipToEni, SecondaryEnis: 1}, []string{"the instance type is unknown", "no region"}, nil},
		{"an existing instance that does not hot-plug: a warning", settings(func(s *MultiEipSettings) { s.Enis.InstanceType = "ecs.n4.large" }),
			MultiEipShape{Mode: ModeNAT, SecondaryEnis: 2, IpsPerEni: 10}, []string{"instanceType ecs.n4.large cannot hot-plug a secondary ENI"}, nil},
		{"an unknown mode", settings(func(s *MultiEipSettings) { s.Mode = "bridged" }), MultiEipShape{}, nil,
			[]string{"mode bridged is not an association mode of MultiEipInstance: mode is nat (one EIP per private IP) or multiEipToEni"}},
		{"a negative eipCount", settings(func(s *MultiEipSettings) { s.EipCount = -1 }), MultiEipShape{}, nil, []string{"eipCount -1 is negative; set it to 0 or more"}},
		{"eipCount repeats a name of eips", settings(func(s *MultiEipSettings) { s.Names, s.EipCount = []string{"web", "eip-1"}, 3 }), MultiEipShape{}, nil,
			[]string{`eipCount 3 adds an entry named "eip-1", the name of eips[1]: eipCount adds entries named eip-0 to eip-(eipCount-1); every entry name is unique; rename eips[1]`}},
		{"usePrimaryEni on an existing instance", settings(func(s *MultiEipSettings) { s.Enis.UsePrimaryEni = true }), MultiEipShape{}, nil,
			[]string{"usePrimaryEni true is set on an existing instance"}},
		{"no quota and no caps", settings(func(s *MultiEipSettings) { s.Enis.Quota = nil }), MultiEipShape{}, nil,
			[]string{"maxEnis 0 is not set and the instance type is unknown", "privateIpsPerEni 0 is not set"}},
		{"multiEipToEni on a family without it", settings(func(s *MultiEipSettings) { s.Mode = InputMultiEipToEni }), MultiEipShape{}, nil,
			[]string{"mode multiEipToEni is not available on instance type ecs.c6.large", "; use mode nat, or choose an instance type of one of these families"}},
		{"multiEipToEni in a region without it", settings(func(s *MultiEipSettings) {
			s.Mode, s.Enis.InstanceType, s.Region = InputMultiEipToEni, "ecs.g5.large", "us-west-1"
		}),
			MultiEipShape{}, []string{}, []string{"us-west-1", "; use mode nat, which works in every region"}},
		{"a created instance without hot-plug and too many entries", settings(func(s *MultiEipSettings) {
			s.Names, s.Enis.Created, s.Enis.InstanceType, s.Enis.Quota = []string{"a", "b", "c"}, true, "ecs.n4.large", &InstanceQuota{EniQuantity: 3, IpsPerEni: 2}
		}), MultiEipShape{}, nil, []string{"instance.instanceType ecs.n4.large cannot hot-plug a secondary ENI, and the 3 entries need more than the one secondary ENI attached at creation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PlanMultiEip(tt.s)
			if tt.err != nil {
				for _, want := range tt.err {
					assert.ErrorContains(t, err, want)
				}
				return
			}
			assert.NoError(t, err)
			assert.Len(t, got.Warnings, len(tt.warnings))
			for i, want := range tt.warnings {
				if i < len(got.Warnings) {
					assert.Contains(t, got.Warnings[i], want)
				}
			}
			got.Warnings = nil
			assert.Equal(t, tt.want, got)
		})
	}
}
