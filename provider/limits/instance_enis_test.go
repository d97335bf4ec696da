package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestInstanceEnisCapped(t *testing.T) {
	c6 := &InstanceQuota{EniQuantity: 3, IpsPerEni: 10}
	tests := []struct {
		name string
		e    InstanceEnis
		want InstanceQuota
		err  []string
	}{
		{"the type's quota", InstanceEnis{Quota: c6, Mode: ModeNAT}, InstanceQuota{3, 10}, nil},
		{"capped by maxEnis and privateIpsPerEni", InstanceEnis{Quota: c6, MaxEnis: 2, PrivateIpsPerEni: 4, Mode: ModeNAT}, InstanceQuota{2, 4}, nil},
		{"caps above the quota change nothing", InstanceEnis{Quota: c6, MaxEnis: 8, PrivateIpsPerEni: 20, Mode: ModeNAT}, InstanceQuota{3, 10}, nil},
		{"unknown type: the caps alone", InstanceEnis{MaxEnis: 4, PrivateIpsPerEni: 10, Mode: ModeNAT}, InstanceQuota{4, 10}, nil},
		{"unknown type in multiEipToEni: no private IPs needed", InstanceEnis{MaxEnis: 2, Mode: ModeMultiEipToEni}, InstanceQuota{2, 0}, nil},
		{"unknown type, no maxEnis", InstanceEnis{PrivateIpsPerEni: 10, Mode: ModeNAT}, InstanceQuota{0, 10},
			[]string{"maxEnis 0 is not set and the instance type is unknown: the number of ENIs an instance takes comes from getInstanceTypes (eniQuantity) when instanceType is given; give instanceType, or maxEnis (ENIs per instance, the primary one included)"}},
		{"unknown type, neither", InstanceEnis{Mode: ModeNAT}, InstanceQuota{},
			[]string{"maxEnis 0 is not set", "privateIpsPerEni 0 is not set and the instance type is unknown: the number of private IPs an ENI takes comes from getInstanceTypes (eniPrivateIpAddressQuantity) when instanceType is given; give instanceType, or privateIpsPerEni"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := tt.e.Capped()
			assert.Equal(t, tt.want, q)
			if tt.err == nil {
				assert.NoError(t, err)
			}
			for _, want := range tt.err {
				assert.ErrorContains(t, err, want)
			}
		})
	}
}

func TestInstanceEnisCheckUsePrimaryEni(t *testing.T) {
	tests := []struct {
		name string
		e    InstanceEnis
		err  []string
	}{
		{"unset", InstanceEnis{Mode: ModeMultiEipToEni}, nil},
		{"created, NAT", InstanceEnis{UsePrimaryEni: true, Created: true, Mode: ModeNAT}, nil},
		{"existing instance", InstanceEnis{UsePrimaryEni: true, Mode: ModeNAT},
			[]string{"usePrimaryEni true is set on an existing instance: the primary ENI's private IPs are set through the instance resource (privateIp, secondaryPrivateIps), which only a created instance has; unset usePrimaryEni, or let the component create the instance (instance)"}},
		{"multiEipToEni", InstanceEnis{UsePrimaryEni: true, Created: true, Mode: ModeMultiEipToEni},
			[]string{"usePrimaryEni true cannot bind an EIP to the primary ENI: multi-EIP-to-ENI mode binds EIPs to secondary ENIs only"}},
		{"both", InstanceEnis{UsePrimaryEni: true, Mode: ModeMultiEipToEni},
			[]string{"is set on an existing instance", "cannot bind an EIP to the primary ENI"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.e.CheckUsePrimaryEni()
			if tt.err == nil {
				assert.NoError(t, err)
			}
			for _, want := range tt.err {
				assert.ErrorContains(t, err, want)
			}
		})
	}
}

func TestInstanceEnisSecondaryEnis(t *testing.T) {
	tests := []struct {
		name      string
		e         InstanceEnis
		entries   int
		q         InstanceQuota
		secondary int
		warning   string
		err       string
	}{
		{"unknown type: the quota's", InstanceEnis{Created: true, Mode: ModeNAT}, 30, InstanceQuota{4, 10}, 3, "", ""},
		{"hot-plug: the quota's", InstanceEnis{InstanceType: "ecs.c6.large", Created: true, Mode: ModeNAT}, 30, InstanceQuota{4, 10}, 3, "", ""},
		{"no ENI at all", InstanceEnis{InstanceType: "ecs.c6.large", Mode: ModeNAT}, 1, InstanceQuota{0, 10}, 0, "", ""},
		{"no hot-plug, existing: a warning", InstanceEnis{InstanceType: "ecs.n4.large", Mode: ModeNAT}, 30, InstanceQuota{4, 10}, 3,
			"instanceType ecs.n4.large cannot hot-plug a secondary ENI: the 30 instance types", ""},
		{"no hot-plug, created, one secondary ENI anyway", InstanceEnis{InstanceType: "ecs.n4.large", Created: true, Mode: ModeNAT}, 30, InstanceQuota{2, 2}, 1, "", ""},
		{"no hot-plug, created, the entries fit on ENI 0", InstanceEnis{InstanceType: "ecs.n4.large", Created: true, Mode: ModeNAT}, 2, InstanceQuota{3, 2}, 1, "", ""},
		{"no hot-plug, created, the primary ENI adds room", InstanceEnis{InstanceType: "ecs.n4.large", Created: true, UsePrimaryEni: true, Mode: ModeNAT}, 4, InstanceQuota{3, 2}, 1, "", ""},
		{"no hot-plug, created, too many", InstanceEnis{InstanceType: "ecs.n4.large", Created: true, Mode: ModeNAT}, 3, InstanceQuota{3, 2}, 0, "",
			"instance.instanceType ecs.n4.large cannot hot-plug a secondary ENI, and the 3 entries need more than the one secondary ENI attached at creation (it holds 2): the 30 instance types listed as not supporting hot swapping of secondary ENIs, this one among them, must be stopped before an ENI is attached (Alibaba Cloud doc 'Create and use an elastic network interface'); remove 1 entries, or choose an instance type that supports hot-plug"},
		{"no hot-plug, created, multiEipToEni holds 10", InstanceEnis{InstanceType: "ecs.n4.large", Created: true, Mode: ModeMultiEipToEni}, 10, InstanceQuota{3, 2}, 1, "", ""},
		{"no hot-plug, created, multiEipToEni, too many", InstanceEnis{InstanceType: "ecs.n4.large", Created: true, Mode: ModeMultiEipToEni}, 11, InstanceQuota{3, 2}, 0, "",
			"the 11 entries need more than the one secondary ENI attached at creation (it holds 10)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secondary, warning, err := tt.e.SecondaryEnis(tt.entries, tt.q)
			assert.Equal(t, tt.secondary, secondary)
			if tt.warning == "" {
				assert.Empty(t, warning)
			} else {
				assert.Contains(t, warning, tt.warning)
			}
			if tt.err == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.err)
		})
	}
}
