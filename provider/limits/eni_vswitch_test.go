package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckEniZone(t *testing.T) {
	tests := []struct {
		name, vswitchZone, instanceZone, want string
	}{
		{"instance's zone unknown", "cn-shanghai-b", "", ""},
		{"vSwitch's zone unknown", "", "cn-shanghai-b", ""},
		{"same zone", "cn-shanghai-b", "cn-shanghai-b", ""},
		{"other zone", "cn-shanghai-c", "cn-shanghai-b",
			"vswitchId vsw-1 is in zone cn-shanghai-c, not in the instance's zone cn-shanghai-b: an ENI and the instance it is attached to are in the same zone (Alibaba Cloud doc 'Create and use an elastic network interface'); give a vSwitch of zone cn-shanghai-b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckEniZone("vswitchId", "vsw-1", tt.vswitchZone, tt.instanceZone)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestCheckPrimaryEniVswitch(t *testing.T) {
	assert.NoError(t, CheckPrimaryEniVswitch("vsw-1", "vsw-1"))
	assert.EqualError(t, CheckPrimaryEniVswitch("vsw-2", "vsw-1"),
		"vswitchId vsw-2 differs from instance.vswitchId vsw-1 while usePrimaryEni is set: with usePrimaryEni the primary ENI's private IPs, in the instance's vSwitch, come from privateIpRange like the secondary ENIs' ones, so every ENI is in one vSwitch (Alibaba Cloud doc 'Create and use an elastic network interface'); leave vswitchId unset (it defaults to instance.vswitchId), give the same vSwitch, or unset usePrimaryEni")
}
