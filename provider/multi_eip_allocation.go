package provider

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
)

// addressAllocationToken is the type token of AddressAllocation.
var addressAllocationToken = typeToken("AddressAllocation")

// addressAllocationResource is an AddressAllocation as a component registers it.
type addressAllocationResource struct {
	pulumi.CustomResourceState

	Slots             pulumi.AnyOutput `pulumi:"slots"`
	NetworkInterfaces pulumi.AnyOutput `pulumi:"networkInterfaces"`
}

// newAddressAllocation registers the AddressAllocation of MultiEipInstance name and waits for its
// outputs, which are known at preview: the engine runs the resource's Create or Update (with its
// previous state) during preview too, so the component can decide its resources from them.
func newAddressAllocation(ctx *pulumi.Context, name string, comp pulumi.Resource, args AddressAllocationArgs) (
	addressing.Allocation, error) {
	res := &addressAllocationResource{}
	if err := ctx.RegisterResource(addressAllocationToken, name+"-allocation", args.input(), res, pulumi.Parent(comp),
		pulumi.Version(Version)); err != nil {
		return addressing.Allocation{}, err
	}
	out, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.All(res.Slots, res.NetworkInterfaces))
	if err != nil {
		return addressing.Allocation{}, err
	}
	if !out.Known {
		return addressing.Allocation{}, fmt.Errorf("the AddressAllocation %s-allocation returned unknown outputs; "+
			"they are known at preview with this package's provider: check that the engine uses it", name)
	}
	v := out.Value.([]any)
	raw, err := json.Marshal(map[string]any{"slots": v[0], "networkInterfaces": v[1]})
	if err != nil {
		return addressing.Allocation{}, err
	}
	var state AddressAllocationState
	if err := json.Unmarshal(raw, &state); err != nil {
		return addressing.Allocation{}, fmt.Errorf("the AddressAllocation %s-allocation returned outputs of another shape: %w", name, err)
	}
	return stateAllocation(state)
}

// input is the allocation's inputs as a resource registration takes them.
func (a AddressAllocationArgs) input() pulumi.Map {
	entries := pulumi.Array{}
	for _, e := range a.Entries {
		m := pulumi.Map{"name": pulumi.String(e.Name)}
		if e.PrivateIp != "" {
			m["privateIp"] = pulumi.String(e.PrivateIp)
		}
		if e.Eni != nil {
			m["eni"] = pulumi.Int(*e.Eni)
		}
		entries = append(entries, m)
	}
	keep := pulumi.IntArray{}
	for _, j := range a.KeepEnis {
		keep = append(keep, pulumi.Int(j))
	}
	return pulumi.Map{
		"entries": entries, "mode": pulumi.String(a.Mode), "vswitchCidrBlock": pulumi.String(a.VswitchCidrBlock),
		"privateIpRange": pulumi.String(a.PrivateIpRange), "secondaryEnis": pulumi.Int(a.SecondaryEnis),
		"privateIpsPerEni": pulumi.Int(a.PrivateIpsPerEni), "usePrimaryEni": pulumi.Bool(a.UsePrimaryEni),
		"choosePrimaryEniIp": pulumi.Bool(a.ChoosePrimaryEniIp), "keepEnis": keep,
	}
}
