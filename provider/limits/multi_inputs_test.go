package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckMultiEipInputs(t *testing.T) {
	payg := EipBilling{PaymentType: PaymentPayAsYouGo}
	tests := []struct {
		name string
		in   MultiEipInputs
		err  []string
	}{
		{"an existing instance with its ENIs' vSwitch and groups", MultiEipInputs{InstanceId: true, VswitchId: true, SecurityGroupIds: true, Billing: payg}, nil},
		{"a created instance", MultiEipInputs{CreateInstance: true, Billing: payg}, nil},
		{"usePrimaryEni in the instance's vSwitch", MultiEipInputs{CreateInstance: true, UsePrimaryEni: true, EniVswitch: "vsw-1", InstanceVswitch: "vsw-1", Billing: payg}, nil},
		{"usePrimaryEni with a vSwitch unknown at preview", MultiEipInputs{CreateInstance: true, UsePrimaryEni: true, InstanceVswitch: "vsw-1", Billing: payg}, nil},
		{"both instanceId and instance", MultiEipInputs{CreateInstance: true, InstanceId: true, Billing: payg},
			[]string{"instanceId is given together with instance: a MultiEipInstance either uses an existing instance (instanceId) or creates one (instance); drop instanceId"}},
		{"neither", MultiEipInputs{VswitchId: true, SecurityGroupIds: true, Billing: payg},
			[]string{"instanceId is missing: a MultiEipInstance either uses an existing instance (instanceId) or creates one (instance); give instanceId, or instance to create one"}},
		{"an existing instance without security groups", MultiEipInputs{InstanceId: true, VswitchId: true, Billing: payg},
			[]string{"vswitchId or securityGroupIds is missing for an existing instance: the new ENIs are created in a vSwitch of the instance's zone"}},
		{"usePrimaryEni in another vSwitch", MultiEipInputs{CreateInstance: true, UsePrimaryEni: true, EniVswitch: "vsw-2", InstanceVswitch: "vsw-1", Billing: payg},
			[]string{"vswitchId vsw-2 differs from instance.vswitchId vsw-1 while usePrimaryEni is set"}},
		{"another vSwitch without usePrimaryEni", MultiEipInputs{CreateInstance: true, EniVswitch: "vsw-2", InstanceVswitch: "vsw-1", Billing: payg}, nil},
		{"the billing", MultiEipInputs{CreateInstance: true, Billing: EipBilling{PaymentType: "Free"}}, []string{"paymentType Free is not a billing method"}},
		{"every problem at once", MultiEipInputs{Billing: EipBilling{PaymentType: "Free"}},
			[]string{"instanceId is missing", "vswitchId or securityGroupIds is missing", "paymentType Free"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckMultiEipInputs(tt.in)
			if tt.err == nil {
				assert.NoError(t, err)
			}
			for _, want := range tt.err {
				assert.ErrorContains(t, err, want)
			}
		})
	}
}

func TestCheckEipGatewaysGiven(t *testing.T) {
	entries := []EntryGateway{{Name: "a", Gateway: true, PrefixLength: true}, {Name: "b", Gateway: true}, {Name: "c"}}
	assert.NoError(t, CheckEipGatewaysGiven(ModeNAT, entries), "NAT mode needs no gateway")
	assert.NoError(t, CheckEipGatewaysGiven(ModeMultiEipToEni, entries[:1]))
	err := CheckEipGatewaysGiven(ModeMultiEipToEni, entries)
	assert.ErrorContains(t, err, `eips[1].gateway ("b") or prefixLength is missing in multiEipToEni mode: the guest configures each EIP with its gateway and mask`)
	assert.ErrorContains(t, err, `eips[2].gateway ("c") or prefixLength is missing`)
	assert.NotContains(t, err.Error(), `eips[0]`)
}
