package addressing

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckVswitchBlock(t *testing.T) {
	tests := []struct {
		name, given, actual, want string
	}{
		{"not given", "", "10.0.0.0/24", ""},
		{"not looked up", "10.0.0.0/24", "", ""},
		{"the same", "10.0.0.0/24", "10.0.0.0/24", ""},
		{"another block", "10.0.1.0/24", "10.0.0.0/24",
			"vswitchCidrBlock 10.0.1.0/24 differs from 10.0.0.0/24, the CIDR block of vSwitch vsw-1: the planned private IPs must lie in the vSwitch of the ENIs; set vswitchCidrBlock to 10.0.0.0/24, or leave it empty to use the looked-up block"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckVswitchBlock(tt.given, "vsw-1", tt.actual)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}
