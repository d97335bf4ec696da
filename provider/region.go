package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// regionOf resolves a component's region input: its value when given (known is false while it is
// unknown at preview), else the alicloud:region config, which may be empty.
func regionOf(ctx *pulumi.Context, input pulumi.StringInput) (region string, known bool) {
	if input == nil {
		return config.Get(ctx, "alicloud:region"), true
	}
	return knownString(input)
}
