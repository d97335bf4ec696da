package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestModeRegions(t *testing.T) {
	tests := []struct {
		mode   Mode
		region string
		want   bool
	}{
		{ModeNAT, "us-west-1", true},
		{ModeNAT, "anything", true},
		{ModeCutThrough, "cn-hangzhou", true},
		{ModeCutThrough, "cn-huhehaote", true},
		{ModeCutThrough, "ap-southeast-5", true},
		{ModeCutThrough, "us-east-1", true},
		{ModeCutThrough, "ap-south-1", false},
		{ModeCutThrough, "us-west-1", false},
		{ModeCutThrough, "CN-HANGZHOU", false},
		{ModeMultiEipToEni, "ap-south-1", true},
		{ModeMultiEipToEni, "cn-shenzhen", true},
		{ModeMultiEipToEni, "eu-west-1", true},
		{ModeMultiEipToEni, "cn-hangzhou", false},
		{ModeMultiEipToEni, "ap-southeast-5", false},
		{"OTHER", "cn-hangzhou", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.mode)+"/"+tt.region, func(t *testing.T) {
			assert.Equal(t, tt.want, ModeAvailableIn(tt.mode, tt.region))
		})
	}
	assert.Len(t, CutThroughRegions, 14)
	assert.Len(t, MultiEipToEniRegions, 10)
}

func TestCheckModeRegion(t *testing.T) {
	tests := []struct {
		name    string
		value   string
		mode    Mode
		region  string
		wantErr string
	}{
		{"nat anywhere", "secondaryCidr", ModeNAT, "us-west-1", ""},
		{"cut-through ok", "cutThrough", ModeCutThrough, "cn-qingdao", ""},
		{"cut-through refused", "cutThrough", ModeCutThrough, "us-west-1",
			"mode cutThrough is not available in region us-west-1: cut-through mode is offered only in cn-hangzhou, cn-shanghai, cn-qingdao, cn-beijing, cn-zhangjiakou, cn-huhehaote, cn-shenzhen, cn-guangzhou, cn-chengdu, ap-southeast-1, ap-southeast-5, eu-central-1, eu-west-1, us-east-1 (Alibaba Cloud doc 'Associate an EIP with an ENI (Japanese edition)'); expose the EIP as the primary private IP of an ENI in a VPC secondary CIDR block, in NAT mode (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC'), which works in every region, or deploy in one of these regions"},
		{"multi refused", "", ModeMultiEipToEni, "cn-hangzhou",
			"mode MULTI_BINDED is not available in region cn-hangzhou: multi-EIP-to-ENI mode is offered only in cn-shenzhen, cn-shanghai, cn-beijing, cn-zhangjiakou, cn-chengdu, ap-southeast-1, eu-central-1, ap-south-1, us-east-1, eu-west-1 (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode')"},
		{"unknown", "", "Q", "cn-hangzhou", "mode Q is not an association mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckModeRegion("mode", tt.value, tt.mode, tt.region)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestCheckModeInRegion(t *testing.T) {
	warning, err := CheckModeInRegion("mode", "cutThrough", ModeCutThrough, "cn-hangzhou", true)
	assert.NoError(t, err)
	assert.Empty(t, warning)

	warning, err = CheckModeInRegion("mode", "cutThrough", ModeCutThrough, "me-east-1", true)
	assert.ErrorContains(t, err, "mode cutThrough is not available in region me-east-1")
	assert.Empty(t, warning)

	warning, err = CheckModeInRegion("mode", "multiEipToEni", ModeMultiEipToEni, "", true)
	assert.NoError(t, err)
	assert.Equal(t, "mode multiEipToEni: no region (input region or config alicloud:region), so the regions that offer multi-EIP-to-ENI mode were not checked", warning)

	warning, err = CheckModeInRegion("mode", "cutThrough", ModeCutThrough, "", false)
	assert.NoError(t, err, "a region unknown at preview is checked by the update")
	assert.Empty(t, warning)
}
