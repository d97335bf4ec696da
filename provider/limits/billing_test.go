package limits

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckEipBilling(t *testing.T) {
	one, zero := 1, 0
	tests := []struct {
		name string
		b    EipBilling
		err  []string
	}{
		{"pay-as-you-go", EipBilling{PaymentType: PaymentPayAsYouGo}, nil},
		{"a subscription by the month", EipBilling{PaymentType: PaymentSubscription, PeriodGiven: true, Period: &one, PricingCycleGiven: true, PricingCycle: "Month"}, nil},
		{"unknown at preview", EipBilling{PeriodGiven: true, PricingCycleGiven: true}, nil},
		{"not a billing method", EipBilling{PaymentType: "Prepaid"},
			[]string{"paymentType Prepaid is not a billing method of an EIP: an EIP is billed PayAsYouGo or Subscription; use PayAsYouGo (the default) or Subscription"}},
		{"a period on pay-as-you-go", EipBilling{PaymentType: PaymentPayAsYouGo, PeriodGiven: true},
			[]string{"period or pricingCycle is given while paymentType is PayAsYouGo: a subscription period applies to Subscription EIPs only"}},
		{"a cycle on pay-as-you-go", EipBilling{PaymentType: PaymentPayAsYouGo, PricingCycleGiven: true}, []string{"period or pricingCycle is given while paymentType is PayAsYouGo"}},
		{"not a cycle", EipBilling{PaymentType: PaymentSubscription, PricingCycleGiven: true, PricingCycle: "Week"},
			[]string{"pricingCycle Week is not a billing cycle: a subscription EIP is bought by the Month or by the Year; use Month or Year"}},
		{"a period of 0", EipBilling{PaymentType: PaymentSubscription, PeriodGiven: true, Period: &zero},
			[]string{"period 0 is less than 1: a subscription is bought for at least one pricingCycle; set period to 1 or more"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckEipBilling(tt.b)
			if tt.err == nil {
				assert.NoError(t, err)
			}
			for _, want := range tt.err {
				assert.ErrorContains(t, err, want)
			}
		})
	}
}
