package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func known(ip string) PlannedEip { return PlannedEip{Address: ip, Known: true} }

func TestAttachedEniChanges(t *testing.T) {
	now := []string{"47.1.1.1", "47.1.1.2"}
	tests := []struct {
		name    string
		planned []PlannedEip
		changed []int
		removed []string
	}{
		{"kept", []PlannedEip{known("47.1.1.2"), known("47.1.1.1")}, nil, nil},
		{"one more", []PlannedEip{known("47.1.1.1"), known("47.1.1.2"), {}}, []int{2}, nil},
		{"one replaced by a new EIP", []PlannedEip{known("47.1.1.1"), {}}, []int{1}, []string{"47.1.1.2"}},
		{"one replaced by another known EIP", []PlannedEip{known("47.1.1.9"), known("47.1.1.2")}, []int{0}, []string{"47.1.1.1"}},
		{"one removed", []PlannedEip{known("47.1.1.1")}, nil, []string{"47.1.1.2"}},
		{"an adopted EIP not known yet removes nothing", []PlannedEip{known("47.1.1.1"), {Adopted: true}}, nil, nil},
		{"an adopted EIP not known yet beside a new one", []PlannedEip{{}, {Adopted: true}}, []int{0}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changed, removed := AttachedEniChanges(now, tt.planned)
			assert.Equal(t, tt.changed, changed)
			assert.Equal(t, tt.removed, removed)
		})
	}
}

func TestCheckMultiEipToEniAttached(t *testing.T) {
	now := []string{"47.1.1.1", "47.1.1.2"}
	names := []string{"mail", "web"}
	assert.NoError(t, CheckMultiEipToEniAttached(0, "eni-a", now, names, []PlannedEip{known("47.1.1.1"), known("47.1.1.2")}))
	assert.EqualError(t, CheckMultiEipToEniAttached(2, "eni-a", now, names, []PlannedEip{known("47.1.1.1"), {}}),
		`eips (mail, web) adds or replaces the EIP of "web"; removes EIP 47.1.1.2 on secondary ENI 2 (eni-a) while it is attached: `+
			"in multi-EIP-to-ENI mode EIPs are associated with a secondary ENI only while it is detached from the instance "+
			"(Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode'); keep ENI 2's EIPs as they are "+
			"(a changed allocationId or internetChargeType replaces an EIP; new entries go to a new ENI), or detach the ENI first")
}

func TestCheckCutThroughAttached(t *testing.T) {
	now := []string{"47.1.1.1"}
	tests := []struct {
		name    string
		planned PlannedEip
		want    string
	}{
		{"kept", known("47.1.1.1"), ""},
		{"an adopted EIP not known yet", PlannedEip{Adopted: true}, ""},
		{"a new EIP", PlannedEip{},
			"internetChargeType, isp or paymentType (a new EIP) would replace EIP 47.1.1.1 of ENI eni-a, which is attached to instance i-web: " +
				"in cut-through mode an EIP is associated with a secondary ENI only while the ENI is detached from the instance " +
				"(Alibaba Cloud doc 'Associate an EIP with an ENI (Japanese edition)'); keep the EIP as it is (allocationId, ipAddress, " +
				"internetChargeType, isp and paymentType), or detach the ENI first"},
		{"another adopted EIP", PlannedEip{Address: "47.1.1.9", Known: true, Adopted: true},
			"allocationId 47.1.1.9 would replace EIP 47.1.1.1 of ENI eni-a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCutThroughAttached("eni-a", "i-web", now, tt.planned)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}
