package provider

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// Billing methods of an EIP (paymentType).
const (
	paymentPayAsYouGo   = "PayAsYouGo"
	paymentSubscription = "Subscription"
)

// checkMultiBilling refuses, when the values are known at preview, a paymentType that is not a
// billing method, and a subscription period (period, pricingCycle) on EIPs that are not
// subscription EIPs or in a unit that is not Month or Year.
func checkMultiBilling(args *MultiEipInstanceArgs) error {
	var errs []error
	payment, paymentKnown := knownString(args.PaymentType)
	if args.PaymentType == nil {
		payment, paymentKnown = paymentPayAsYouGo, true
	}
	if paymentKnown && payment != paymentPayAsYouGo && payment != paymentSubscription {
		errs = append(errs, &limits.Violation{Field: "paymentType", Value: payment, Problem: "is not a billing method of an EIP",
			Rule: "an EIP is billed PayAsYouGo or Subscription", Fix: "use PayAsYouGo (the default) or Subscription"})
	}
	period := args.Period != nil || args.PricingCycle != nil
	if paymentKnown && payment != paymentSubscription && period {
		errs = append(errs, &limits.Violation{Field: "period", Problem: fmt.Sprintf("or pricingCycle is given while paymentType is %s", payment),
			Rule: "a subscription period applies to Subscription EIPs only",
			Fix:  "set paymentType to Subscription, or drop period and pricingCycle"})
	}
	if cycle, ok := knownString(args.PricingCycle); ok && cycle != "Month" && cycle != "Year" {
		errs = append(errs, &limits.Violation{Field: "pricingCycle", Value: cycle, Problem: "is not a billing cycle",
			Rule: "a subscription EIP is bought by the Month or by the Year", Fix: "use Month or Year"})
	}
	if p, ok := args.Period.(pulumi.Int); ok && p < 1 {
		errs = append(errs, &limits.Violation{Field: "period", Value: fmt.Sprint(int(p)), Problem: "is less than 1",
			Rule: "a subscription is bought for at least one pricingCycle", Fix: "set period to 1 or more"})
	}
	return errors.Join(errs...)
}
