package provider

import (
	"errors"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
)

// checkLiteralBlocks runs the checks of the blocks (step 2 of NewVisibleEip) before any child
// exists when the adopted EIP's address and the blocks are literals, so that a mistake in them
// is the whole error instead of a failure of a child's input.
func checkLiteralBlocks(args *VisibleEipArgs, vpc visibleVpc) error {
	if args.Mode == ModeCutThrough || args.AllocationId == nil {
		return nil
	}
	address, ok := knownString(args.IpAddress)
	secondary, secondaryOK := knownOrEmpty(args.SecondaryCidrBlock)
	vswitch, vswitchOK := knownOrEmpty(args.VswitchCidrBlock)
	if !ok || !secondaryOK || !vswitchOK {
		return nil
	}
	_, err := visibleFields("ipAddress").PlanBlocks(address, secondary, vswitch, args.VswitchId != nil, vpc.knownBlocks())
	return err
}

// visibleFields names the inputs of a VisibleEip's blocks for messages; eip names the address.
func visibleFields(eip string) addressing.BlockFields {
	return addressing.BlockFields{Eip: eip, Secondary: "secondaryCidrBlock", VSwitch: "vswitchCidrBlock"}
}

// knownOrEmpty is knownString with an unset input known as "".
func knownOrEmpty(in pulumi.StringInput) (string, bool) {
	if in == nil {
		return "", true
	}
	return knownString(in)
}

// errSeeAbove is what a check that waited for an unknown value returns after reporting its
// message on the component: the engine wraps it in the names of the inputs that awaited it.
var errSeeAbove = errors.New("invalid input: see the component's error above")

// reportOn logs a failed check's message as an error on the component, where it is shown alone,
// and returns errSeeAbove; a nil error stays nil.
func reportOn(ctx *pulumi.Context, comp pulumi.Resource, err error) error {
	if err == nil {
		return nil
	}
	_ = ctx.Log.Error(err.Error(), &pulumi.LogArgs{Resource: comp})
	return errSeeAbove
}
