package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestModeInfo(t *testing.T) {
	tests := []struct {
		mode       Mode
		api        string
		visible    bool
		primary    bool
		maxPerEni  int
		allRegions bool
	}{
		{ModeNAT, "NAT", false, true, 0, true},
		{ModeCutThrough, "BINDED", true, false, 1, false},
		{ModeMultiEipToEni, "MULTI_BINDED", true, false, 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.api, func(t *testing.T) {
			info, ok := Info(tt.mode)
			require.True(t, ok)
			assert.Equal(t, tt.api, string(info.Mode))
			assert.Equal(t, tt.visible, info.Visible)
			assert.Equal(t, tt.primary, info.PrimaryEni)
			assert.Equal(t, tt.maxPerEni, info.MaxEipsPerEni)
			assert.Equal(t, tt.allRegions, info.Regions == nil)
		})
	}
	_, ok := Info("CLASSIC")
	assert.False(t, ok)
}

func TestCheckMode(t *testing.T) {
	assert.NoError(t, CheckMode("mode", ModeNAT))
	err := CheckMode("eips[0].mode", "binded")
	require.Error(t, err)
	assert.Equal(t, `eips[0].mode binded is not an association mode: an EIP is associated with an ENI in mode "NAT", "BINDED" or "MULTI_BINDED" (Alibaba Cloud doc 'Associate an EIP with an ENI (Japanese edition)'); use one of these modes`, err.Error())
}

func TestCheckPrimaryEni(t *testing.T) {
	tests := []struct {
		mode    Mode
		value   string
		wantErr string
	}{
		{ModeNAT, "", ""},
		{ModeCutThrough, "cutThrough", "mode cutThrough cannot bind an EIP to the primary ENI: cut-through mode binds EIPs to secondary ENIs only (Alibaba Cloud doc 'Associate an EIP with an ENI (Japanese edition)'); place the EIP on a secondary ENI, or use NAT mode"},
		{ModeMultiEipToEni, "", "mode MULTI_BINDED cannot bind an EIP to the primary ENI: multi-EIP-to-ENI mode binds EIPs to secondary ENIs only (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode')"},
		{"X", "", "mode X is not an association mode"},
	}
	for _, tt := range tests {
		err := CheckPrimaryEni("mode", tt.value, tt.mode)
		if tt.wantErr == "" {
			assert.NoError(t, err)
			continue
		}
		require.Error(t, err)
		assert.Contains(t, err.Error(), tt.wantErr)
	}
}

func TestCheckEipsPerEni(t *testing.T) {
	tests := []struct {
		name      string
		mode      Mode
		count     int
		ipsPerEni int
		wantErr   string
	}{
		{"nat within private IPs", ModeNAT, 6, 6, ""},
		{"nat over private IPs", ModeNAT, 7, 6, "enis[0].eips 7 EIPs on one ENI are too many: NAT mode maps each EIP to one private IP, and an ENI has eniPrivateIpAddressQuantity 6 private IPs (Alibaba Cloud doc 'Bind multiple EIPs to an ECS (NAT mode)'); spread the EIPs over more ENIs (6 per ENI)"},
		{"cut-through one", ModeCutThrough, 1, 6, ""},
		{"cut-through two", ModeCutThrough, 2, 6, "enis[0].eips 2 EIPs on one ENI are too many: cut-through mode binds at most 1 EIPs to one ENI (Alibaba Cloud doc 'Associate an EIP with an ENI (Japanese edition)'); spread the EIPs over more ENIs (1 per ENI)"},
		{"multi ten", ModeMultiEipToEni, 10, 2, ""},
		{"multi eleven", ModeMultiEipToEni, 11, 20, "multi-EIP-to-ENI mode binds at most 10 EIPs to one ENI (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode')"},
		{"unknown mode", "Y", 1, 1, "enis[0].eips Y is not an association mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckEipsPerEni("enis[0].eips", tt.mode, tt.count, tt.ipsPerEni)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
	assert.Equal(t, 6, MaxEipsPerEni(ModeNAT, 6))
	assert.Equal(t, 1, MaxEipsPerEni(ModeCutThrough, 6))
	assert.Equal(t, 10, MaxEipsPerEni(ModeMultiEipToEni, 6))
	assert.Equal(t, 0, MaxEipsPerEni("Z", 6))
}
