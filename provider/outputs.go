package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// typeToken is the type token of a component of this package.
func typeToken(name string) string {
	return string(tokens.NewTypeToken(tokens.NewModuleToken(tokens.Package(Name), "index"), tokens.TypeName(name)))
}

// setGuestOutputs splits a rendered guest configuration into a component's outputs.
func setGuestOutputs(guest pulumi.AnyOutput, script, cloudConfig, userData, netplan *pulumi.StringOutput,
	verify *pulumi.StringArrayOutput) {
	field := func(f func(GuestOutputs) string) pulumi.StringOutput {
		return guest.ApplyT(func(g any) string { return f(g.(GuestOutputs)) }).(pulumi.StringOutput)
	}
	*script = field(func(g GuestOutputs) string { return g.Script })
	*cloudConfig = field(func(g GuestOutputs) string { return g.CloudConfig })
	*userData = field(func(g GuestOutputs) string { return g.UserData })
	*netplan = field(func(g GuestOutputs) string { return g.Netplan })
	*verify = guest.ApplyT(func(g any) []string { return g.(GuestOutputs).VerifyCommands }).(pulumi.StringArrayOutput)
}
