package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInstanceFamily(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"ecs.g5.large", "ecs.g5", true},
		{"ecs.t5-lc1m2.small", "ecs.t5", true},
		{"ecs.gn6v-c8g1.2xlarge", "ecs.gn6v", true},
		{"ecs.ebmg5.24xlarge", "ecs.ebmg5", true},
		{"ecs.e-c1m1.large", "ecs.e", true},
		{"ecs.g5", "", false},
		{"g5.large", "", false},
		{"ecs..large", "", false},
		{"ecs.-x.large", "", false},
		{"ecs.g5.", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := InstanceFamily(tt.in)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCheckModeInstanceType(t *testing.T) {
	tests := []struct {
		name    string
		mode    Mode
		typ     string
		wantErr string
	}{
		{"nat any family", ModeNAT, "ecs.g7.large", ""},
		{"cut-through any family", ModeCutThrough, "ecs.g7.large", ""},
		{"multi g5", ModeMultiEipToEni, "ecs.g5.large", ""},
		{"multi d1ne (English edition only)", ModeMultiEipToEni, "ecs.d1ne.2xlarge", ""},
		{"multi gn6v", ModeMultiEipToEni, "ecs.gn6v-c8g1.2xlarge", ""},
		{"multi t5", ModeMultiEipToEni, "ecs.t5-lc1m2.small", ""},
		{"multi g5ne is another family", ModeMultiEipToEni, "ecs.g5ne.large",
			"mode multiEipToEni is not available on instance type ecs.g5ne.large (family ecs.g5ne): multi-EIP-to-ENI mode is accepted only by instance families ecs.d1ne, ecs.ebmc4, ecs.ebmg5, ecs.ebmhfg5, ecs.f1, ecs.gn5i, ecs.gn6v, ecs.i2, ecs.r1, ecs.re4, ecs.re4e, ecs.sccg5, ecs.sccgn6, ecs.scch5, ecs.g5, ecs.c5, ecs.r5, ecs.t5, ecs.sn2ne, ecs.se1ne, ecs.sn1ne (Alibaba Cloud doc 'Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode'); expose the EIP as the primary private IP of an ENI in a VPC secondary CIDR block, in NAT mode (Alibaba Cloud doc 'Expose an EIP on an NIC by adding a secondary CIDR block to a VPC'), which works in every region, or choose an instance type of one of these families"},
		{"multi c6", ModeMultiEipToEni, "ecs.c6.large", "(family ecs.c6)"},
		{"multi malformed", ModeMultiEipToEni, "c5", "mode multiEipToEni is not available on instance type c5 (not an instance type name such as ecs.g5.large)"},
		{"unknown", "Z", "ecs.g5.large", "mode Z is not an association mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			value := "multiEipToEni"
			if tt.mode == "Z" {
				value = ""
			}
			err := CheckModeInstanceType("mode", value, tt.mode, tt.typ)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
	assert.Len(t, MultiEipToEniFamilies, 21)
}
