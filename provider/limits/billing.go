package limits

import (
	"errors"
	"fmt"
)

// The billing methods of an EIP (paymentType).
const (
	// PaymentPayAsYouGo bills the EIP by the hour; the default.
	PaymentPayAsYouGo = "PayAsYouGo"
	// PaymentSubscription buys the EIP for a period.
	PaymentSubscription = "Subscription"
)

// EipBilling is what the billing checks read of an EIP's billing inputs.
type EipBilling struct {
	// PaymentType is paymentType when known (PaymentPayAsYouGo when not given); empty while it is unknown.
	PaymentType string
	// PeriodGiven and PricingCycleGiven are true when period and pricingCycle are given.
	PeriodGiven, PricingCycleGiven bool
	// PricingCycle is pricingCycle when known; empty otherwise.
	PricingCycle string
	// Period is period when known; nil otherwise.
	Period *int
}

// CheckEipBilling refuses, as far as the values are known, a paymentType that is not a billing
// method, and a subscription period (period, pricingCycle) on EIPs that are not subscription
// EIPs or in a unit that is not Month or Year.
func CheckEipBilling(b EipBilling) error {
	var errs []error
	if b.PaymentType != "" && b.PaymentType != PaymentPayAsYouGo && b.PaymentType != PaymentSubscription {
		errs = append(errs, &Violation{Field: "paymentType", Value: b.PaymentType, Problem: "is not a billing method of an EIP",
			Rule: "an EIP is billed PayAsYouGo or Subscription", Fix: "use PayAsYouGo (the default) or Subscription"})
	}
	if b.PaymentType != "" && b.PaymentType != PaymentSubscription && (b.PeriodGiven || b.PricingCycleGiven) {
		errs = append(errs, &Violation{Field: "period", Problem: fmt.Sprintf("or pricingCycle is given while paymentType is %s", b.PaymentType),
			Rule: "a subscription period applies to Subscription EIPs only",
			Fix:  "set paymentType to Subscription, or drop period and pricingCycle"})
	}
	if b.PricingCycle != "" && b.PricingCycle != "Month" && b.PricingCycle != "Year" {
		errs = append(errs, &Violation{Field: "pricingCycle", Value: b.PricingCycle, Problem: "is not a billing cycle",
			Rule: "a subscription EIP is bought by the Month or by the Year", Fix: "use Month or Year"})
	}
	if b.Period != nil && *b.Period < 1 {
		errs = append(errs, &Violation{Field: "period", Value: fmt.Sprint(*b.Period), Problem: "is less than 1",
			Rule: "a subscription is bought for at least one pricingCycle", Fix: "set period to 1 or more"})
	}
	return errors.Join(errs...)
}
