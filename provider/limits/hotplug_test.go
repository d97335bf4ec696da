package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHotPlug(t *testing.T) {
	tests := []struct {
		typ  string
		want bool
	}{
		{"ecs.s6-c1m1.small", false},
		{"ecs.e-c2m1.large", false},
		{"ecs.t6-c4m1.large", false},
		{"ecs.t5-lc2m1.nano", false},
		{"ecs.xn4.small", false},
		{"ecs.n4.large", false},
		{"ecs.mn4.small", false},
		{"ecs.e4.large", false},
		// same families, types not listed: they hot-plug
		{"ecs.s6-c1m2.xlarge", true},
		{"ecs.t6-c1m1.xlarge", true},
		{"ecs.t5-lc1m1.large", true},
		{"ecs.n4.xlarge", true},
		{"ecs.e4.xlarge", true},
		{"ecs.c6.large", true},
		{"ECS.N4.SMALL", true},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			assert.Equal(t, tt.want, SupportsHotPlug(tt.typ))
			err := CheckHotPlug("instanceType", tt.typ)
			if tt.want {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, "instanceType "+tt.typ+" cannot hot-plug a secondary ENI: the 30 instance types listed as not supporting hot swapping of secondary ENIs, this one among them, must be stopped before an ENI is attached (Alibaba Cloud doc 'Create and use an elastic network interface'); stop the instance before the ENI is attached, or choose an instance type that supports hot-plug", err.Error())
		})
	}
	assert.Len(t, NoHotPlugInstanceTypes, 30)
}
