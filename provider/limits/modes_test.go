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
		primary    bool
		allRegions bool
	}{
		{ModeNAT, "NAT", true, true},
		{ModeCutThrough, "BINDED", false, false},
		{ModeMultiEipToEni, "MULTI_BINDED", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.api, func(t *testing.T) {
			info, ok := Info(tt.mode)
			require.True(t, ok)
			assert.Equal(t, tt.api, string(info.Mode))
			assert.Equal(t, tt.primary, info.PrimaryEni)
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

func TestModeOf(t *testing.T) {
	for input, want := range map[string]Mode{InputSecondaryCidr: ModeNAT, InputNat: ModeNAT,
		InputCutThrough: ModeCutThrough, InputMultiEipToEni: ModeMultiEipToEni} {
		got, ok := ModeOf(input)
		assert.True(t, ok, input)
		assert.Equal(t, want, got, input)
	}
	_, ok := ModeOf("BINDED")
	assert.False(t, ok, "the API's spelling is not an input")
}
