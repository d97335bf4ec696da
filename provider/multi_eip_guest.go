package provider

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/addressing"
	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
	"github.com/eipkit/pulumi-alicloud-eip/provider/limits"
)

// multiGuestEni is what the guest configuration needs of one secondary ENI.
type multiGuestEni struct {
	Index        int
	Mac          string
	PrimaryIp    string
	SecondaryIps []string
	// Extra are the EIPs bound in multi-EIP-to-ENI mode, with their gateways and prefix lengths.
	Extra []guestnet.ExtraAddress
}

// multiGuestInput holds the known values of a MultiEipInstance's guest configuration.
type multiGuestInput struct {
	Options       *GuestOptions
	UsePrimaryEni bool
	PrimaryMac    string
	PrimaryEniIps []string
	VswitchCidr   string
	Enis          []multiGuestEni
	UserData      string
}

// eniRouteTable is the guest route table of secondary ENI index, whose device order is index+1.
func eniRouteTable(opts *GuestOptions, index int) int {
	return guestnet.EniTable(opts.config().TableBase, index+1)
}

// renderMultiGuest renders the guest configuration of every ENI of a MultiEipInstance (the
// script, cloudConfig, userData and verifyCommands outputs, and the Cloud Assistant script).
func renderMultiGuest(in multiGuestInput) (GuestOutputs, error) {
	cfg := in.Options.config()
	cfg.UsePrimaryEni = in.UsePrimaryEni
	cfg.UserData = in.UserData
	static := cfg.Mode == guestnet.ModeStatic
	if static {
		if err := limits.CheckStaticGuestBlock(in.VswitchCidr); err != nil {
			return GuestOutputs{}, err
		}
	}
	if static && in.UsePrimaryEni && len(in.PrimaryEniIps) > 0 {
		cfg.Interfaces = append(cfg.Interfaces, guestnet.Interface{MAC: in.PrimaryMac, Primary: true,
			SecondaryIPs: in.PrimaryEniIps, CIDR: in.VswitchCidr})
	}
	for _, e := range in.Enis {
		// A multi-EIP-to-ENI ENI (one with EIPs) needs DHCP on: "Otherwise, the mode does not take effect".
		iface := guestnet.Interface{MAC: e.Mac, Table: eniRouteTable(in.Options, e.Index), ExtraAddresses: e.Extra, DHCP: len(e.Extra) > 0}
		if static {
			iface.PrimaryIP, iface.SecondaryIPs, iface.CIDR = e.PrimaryIp, e.SecondaryIps, in.VswitchCidr
		}
		cfg.Interfaces = append(cfg.Interfaces, iface)
	}
	r, err := guestnet.Render(cfg)
	if err != nil {
		return GuestOutputs{}, err
	}
	return guestOutputs(r), nil
}

// firstBootUserData is a created instance's user data: the guest configuration in metadata mode,
// merged with the user's own user data. In nat mode it manages every secondary ENI the metadata
// lists and names no ENI and no address, so it does not change when EIPs or ENIs change (a
// changed userData reboots the instance). In multiEipToEni mode (enis given) the metadata does
// not know the EIPs: it lists each ENI with the EIPs bound to it, their gateways and prefix
// lengths, and the tables of the script output, so the first boot and a later Cloud Assistant
// run want the same state.
func firstBootUserData(opts *GuestOptions, usePrimaryEni bool, userData string, enis []multiGuestEni) (string, error) {
	cfg := opts.config()
	cfg.Mode = guestnet.ModeMetadata
	cfg.UsePrimaryEni = usePrimaryEni
	cfg.UserData = userData
	for _, e := range enis {
		cfg.Interfaces = append(cfg.Interfaces, guestnet.Interface{MAC: e.Mac, Table: eniRouteTable(opts, e.Index),
			ExtraAddresses: e.Extra, DHCP: len(e.Extra) > 0})
	}
	r, err := guestnet.Render(cfg)
	if err != nil {
		return "", err
	}
	return r.UserData, nil
}

// multiEipToEniEnis resolves, in multiEipToEni mode, each secondary ENI's MAC and the EIPs bound
// to it with their gateways and prefix lengths ([]multiGuestEni in layout order), checking each
// entry's gateway once it is known.
func multiEipToEniEnis(layout multiLayout, enis map[int]*alicloud.NetworkInterface, eips []multiEipRes) pulumi.AnyOutput {
	var inputs []any
	for _, e := range layout.Enis {
		inputs = append(inputs, enis[e.Index].Mac)
	}
	for i, e := range layout.Entries {
		inputs = append(inputs, eips[i].address, orString(e.Input.Gateway, ""), orInt(e.Input.PrefixLength, 0))
	}
	return pulumi.All(inputs...).ApplyT(func(v []any) ([]multiGuestEni, error) {
		out := make([]multiGuestEni, len(layout.Enis))
		byIndex := map[int]int{}
		for k, e := range layout.Enis {
			out[k] = multiGuestEni{Index: e.Index, Mac: v[k].(string), SecondaryIps: e.SecondaryIps}
			byIndex[e.Index] = k
		}
		k := len(layout.Enis)
		for i, e := range layout.Entries {
			x := guestnet.ExtraAddress{Address: v[k].(string), Gateway: v[k+1].(string), PrefixLength: v[k+2].(int)}
			if err := addressing.CheckEipGateway(i, e.Name, x.Address, x.Gateway, x.PrefixLength); err != nil {
				return nil, err
			}
			g := &out[byIndex[e.Eni]]
			g.Extra = append(g.Extra, x)
			k += 3
		}
		return out, nil
	}).(pulumi.AnyOutput)
}
