package provider

import (
	"context"
	"fmt"
	"reflect"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
)

// GuestOptions are the guest configuration options the components and renderGuestNetwork share.
type GuestOptions struct {
	// Mode is metadata (default) or static.
	Mode string `pulumi:"mode,optional"`
	// MetadataUrl overrides the instance metadata base URL.
	MetadataUrl string `pulumi:"metadataUrl,optional"`
	// TableBase is the first route table number.
	TableBase int `pulumi:"tableBase,optional"`
	// Mtu sets the MTU of the managed ENIs.
	Mtu int `pulumi:"mtu,optional"`
	// DefaultSourceIp makes one managed address the source of unbound outbound traffic.
	DefaultSourceIp string `pulumi:"defaultSourceIp,optional"`
}

// Annotate describes the guest options.
func (g *GuestOptions) Annotate(a infer.Annotator) {
	a.Describe(g, "How the guest program learns and applies the network configuration (Linux guests only).")
	a.Describe(&g.Mode, "`metadata` (default): the guest program reads every managed ENI's addresses, vSwitch CIDR "+
		"and gateway from the instance metadata at each run, so the rendered snippet holds no address and does not "+
		"change when EIPs or private IPs change. `static`: every address, gateway and table is rendered in; use it on "+
		"images without metadata access.")
	a.Describe(&g.MetadataUrl, "Instance metadata base URL; default http://100.100.100.200/latest/meta-data. "+
		"On the guest, the environment variable EIPKIT_METADATA_URL overrides it.")
	a.Describe(&g.TableBase, "First route table number (default 7100, clear of the tables of other tools). "+
		"An ENI's table is tableBase plus its device order; source rules use the table number as priority.")
	a.Describe(&g.Mtu, "MTU of every managed secondary ENI; 0 (default) leaves it unchanged. Some instance "+
		"families use 8500.")
	a.Describe(&g.DefaultSourceIp, "Off when empty. Makes this managed address the source of outbound traffic "+
		"that binds no address (a mail server's), through the ENI that holds it. Trade-off: every new unbound "+
		"connection then depends on that ENI and its EIP; the main default route stays on eth0.")
}

func (g *GuestOptions) config() guestnet.Config {
	if g == nil {
		return guestnet.Config{}
	}
	return guestnet.Config{
		Mode:            g.Mode,
		MetadataURL:     g.MetadataUrl,
		TableBase:       g.TableBase,
		MTU:             g.Mtu,
		DefaultSourceIP: g.DefaultSourceIp,
	}
}

// check refuses guest options that can never render, before any resource exists.
func (g *GuestOptions) check() error {
	if err := guestnet.CheckOptions(g.config()); err != nil {
		return fmt.Errorf("guest.%w", err)
	}
	return nil
}

// GuestInterface is one ENI the guest program manages.
type GuestInterface struct {
	// Mac is the ENI's MAC address.
	Mac string `pulumi:"mac"`
	// Primary marks the primary ENI (eth0).
	Primary bool `pulumi:"primary,optional"`
	// PrimaryIp is the ENI's primary private IPv4 address (static mode).
	PrimaryIp string `pulumi:"primaryIp,optional"`
	// SecondaryIps are the ENI's secondary private IPv4 addresses (static mode).
	SecondaryIps []string `pulumi:"secondaryIps,optional"`
	// Cidr is the vSwitch IPv4 CIDR (static mode).
	Cidr string `pulumi:"cidr,optional"`
	// Gateway is the vSwitch gateway (static mode).
	Gateway string `pulumi:"gateway,optional"`
	// Table is an explicit route table number.
	Table int `pulumi:"table,optional"`
	// Ipv6Addresses are the ENI's IPv6 addresses (static mode).
	Ipv6Addresses []string `pulumi:"ipv6Addresses,optional"`
	// Ipv6Cidr is the vSwitch IPv6 CIDR (static mode).
	Ipv6Cidr string `pulumi:"ipv6Cidr,optional"`
	// Ipv6Gateway is the IPv6 gateway (static mode).
	Ipv6Gateway string `pulumi:"ipv6Gateway,optional"`
	// ExtraAddresses are addresses the metadata does not know.
	ExtraAddresses []GuestExtraAddress `pulumi:"extraAddresses,optional"`
	// CutThrough marks an ENI whose EIP is bound in cut-through mode.
	CutThrough bool `pulumi:"cutThrough,optional"`
	// Dhcp marks an ENI that must keep DHCP on in the guest.
	Dhcp bool `pulumi:"dhcp,optional"`
}

// Annotate describes a guest interface.
func (g *GuestInterface) Annotate(a infer.Annotator) {
	a.Describe(&g.Mac, "The ENI's MAC address (aa:bb:cc:dd:ee:ff). The guest program finds the interface by MAC, "+
		"never by name.")
	a.Describe(&g.Primary, "Marks the instance's primary ENI (eth0) in static mode: only its secondary addresses "+
		"are managed, and only with usePrimaryEni.")
	a.Describe(&g.PrimaryIp, "Static mode: the ENI's primary private IPv4 address, added when DHCP did not.")
	a.Describe(&g.SecondaryIps, "Static mode: the ENI's secondary private IPv4 addresses.")
	a.Describe(&g.Cidr, "Static mode: the ENI's vSwitch IPv4 CIDR; addresses get its prefix length, and its first "+
		"and last three addresses are reserved and refused.")
	a.Describe(&g.Gateway, "Static mode: the vSwitch gateway; default the third-to-last address of cidr "+
		"(.253 in a /24).")
	a.Describe(&g.Table, "Explicit route table number (1 to 32765, not 253-255); default tableBase plus the "+
		"ENI's device order.")
	a.Describe(&g.Ipv6Addresses, "Static mode: the ENI's IPv6 addresses.")
	a.Describe(&g.Ipv6Cidr, "Static mode: the vSwitch IPv6 CIDR (required with ipv6Addresses).")
	a.Describe(&g.Ipv6Gateway, "Static mode: the IPv6 gateway (required with ipv6Addresses).")
	a.Describe(&g.ExtraAddresses, "Addresses the metadata does not know, such as EIPs associated in "+
		"multi-EIP-to-ENI mode; each gets its own table and source rule. Allowed in both modes.")
	a.Describe(&g.CutThrough, "The ENI's EIP is bound in cut-through mode: it replaced the ENI's private IP and "+
		"reaches the guest by DHCP. Metadata mode: the program takes the address, subnet and gateway DHCP configured "+
		"on the interface (gateway, when given, is the EIP's gateway from DescribeEipGatewayInfo and wins), never the "+
		"replaced private IP the metadata lists; this entry does not restrict management to the listed ENIs. Static "+
		"mode: primaryIp is the EIP, cidr its network and gateway its gateway. Implies dhcp.")
	a.Describe(&g.Dhcp, "The ENI must keep DHCP on in the guest (multi-EIP-to-ENI mode takes effect only then): the "+
		"netplan output enables dhcp4 for it, without DHCP's routes and DNS servers.")
}

// GuestInterfaceOutput is an output of a GuestInterface.
type GuestInterfaceOutput struct{ *pulumi.OutputState }

// ElementType is GuestInterface.
func (GuestInterfaceOutput) ElementType() reflect.Type { return reflect.TypeFor[GuestInterface]() }

func init() { pulumi.RegisterOutputType(GuestInterfaceOutput{}) }

// GuestExtraAddress is an address with its own gateway and prefix length.
type GuestExtraAddress struct {
	// Address is the IPv4 address.
	Address string `pulumi:"address"`
	// PrefixLength is the prefix length of its network.
	PrefixLength int `pulumi:"prefixLength"`
	// Gateway is the next hop of its default route.
	Gateway string `pulumi:"gateway"`
	// Table is an explicit route table number.
	Table int `pulumi:"table,optional"`
}

// Annotate describes an extra address.
func (g *GuestExtraAddress) Annotate(a infer.Annotator) {
	a.Describe(&g.Address, "The IPv4 address, e.g. an EIP in multi-EIP-to-ENI mode.")
	a.Describe(&g.PrefixLength, "Prefix length of the address's network (1 to 32), from DescribeEipGatewayInfo "+
		"for a multi-EIP-to-ENI EIP.")
	a.Describe(&g.Gateway, "Next hop of the address's default route; must lie in address/prefixLength.")
	a.Describe(&g.Table, "Explicit route table number; default tableBase+100 plus the address's position.")
}

func (g GuestInterface) config() guestnet.Interface {
	extra := make([]guestnet.ExtraAddress, len(g.ExtraAddresses))
	for i, e := range g.ExtraAddresses {
		extra[i] = guestnet.ExtraAddress{Address: e.Address, PrefixLength: e.PrefixLength, Gateway: e.Gateway, Table: e.Table}
	}
	return guestnet.Interface{
		MAC: g.Mac, Primary: g.Primary, PrimaryIP: g.PrimaryIp, SecondaryIPs: g.SecondaryIps,
		CIDR: g.Cidr, Gateway: g.Gateway, Table: g.Table,
		IPv6Addresses: g.Ipv6Addresses, IPv6CIDR: g.Ipv6Cidr, IPv6Gateway: g.Ipv6Gateway,
		ExtraAddresses: extra, CutThrough: g.CutThrough, DHCP: g.Dhcp,
	}
}

// GuestOutputs are the rendered guest configuration, shared by the function and the components.
type GuestOutputs struct {
	// Script is the guest program alone.
	Script string `pulumi:"script"`
	// CloudConfig is the #cloud-config snippet.
	CloudConfig string `pulumi:"cloudConfig"`
	// UserData is the snippet, merged with the user's own user data when given.
	UserData string `pulumi:"userData"`
	// Netplan is the netplan file (static mode).
	Netplan string `pulumi:"netplan"`
	// VerifyCommands are the checks to run on the instance.
	VerifyCommands []string `pulumi:"verifyCommands"`
	// Installer installs what CloudConfig installs, for run-command tools.
	Installer string `pulumi:"installer"`
}

// Annotate describes the guest outputs.
func (g *GuestOutputs) Annotate(a infer.Annotator) {
	a.Describe(&g.Script, "The guest program alone (POSIX sh; needs iproute2 and curl or wget; run as root), "+
		"for applying by hand or with Cloud Assistant. It is idempotent and removes only what it added."+notInStateResult)
	a.Describe(&g.CloudConfig, "A #cloud-config document that installs the program, a systemd service run at "+
		"every boot, a timer re-running it every minute, a udev rule for hot-plugged NICs and a NetworkManager "+
		"hook, then runs it once. User data runs once per instance: later changes reach an existing instance "+
		"through the program's own re-checks (metadata mode) or Cloud Assistant."+notInStateResult)
	a.Describe(&g.UserData, "cloudConfig alone, or, when userData was given, a MIME multipart document whose "+
		"parts carry merge_how so that both parts' write_files and runcmd survive."+notInStateResult)
	a.Describe(&g.Netplan, "Static mode: a netplan file (match by MAC, routes with table, routing-policy) for "+
		"Ubuntu images that prefer netplan; empty in metadata mode.")
	a.Describe(&g.VerifyCommands, "Commands that check the result on the instance: `curl --interface <ip> "+
		"ifconfig.me` per address, `ip rule list` and `ip route list table <n>`.")
	a.Describe(&g.Installer, "A POSIX sh program that installs what cloudConfig installs (the program, its "+
		"systemd service and timer, the udev rule, the NetworkManager hook), enables them and runs the program, for "+
		"Cloud Assistant or any run-command tool. Files already in place are left alone, so it can run any number of "+
		"times; it changes only when the installed files change.")
}

func guestOutputs(r guestnet.Result) GuestOutputs {
	return GuestOutputs{Script: r.Script, CloudConfig: r.CloudConfig, UserData: r.UserData,
		Netplan: r.Netplan, VerifyCommands: r.VerifyCommands, Installer: r.Installer}
}

// RenderGuestNetwork is the renderGuestNetwork function: the guest configuration for ENIs
// created any other way.
type RenderGuestNetwork struct{}

// RenderGuestNetworkArgs are the inputs of renderGuestNetwork.
type RenderGuestNetworkArgs struct {
	// Guest are the guest configuration options.
	Guest *GuestOptions `pulumi:"guest,optional"`
	// Interfaces are the managed ENIs.
	Interfaces []GuestInterface `pulumi:"interfaces,optional"`
	// UsePrimaryEni also manages eth0's secondary addresses.
	UsePrimaryEni bool `pulumi:"usePrimaryEni,optional"`
	// UserData is the user's own user data.
	UserData string `pulumi:"userData,optional"`
}

// Annotate describes the inputs.
func (r *RenderGuestNetworkArgs) Annotate(a infer.Annotator) {
	a.Describe(&r.Guest, "Guest configuration options: mode, metadata URL, table base, MTU, default source.")
	a.Describe(&r.Interfaces, "The managed ENIs. Static mode: every managed ENI with its addresses. Metadata "+
		"mode: optional (mac, table and extraAddresses only); empty manages every secondary ENI the metadata lists.")
	a.Describe(&r.UsePrimaryEni, "Also add the primary ENI's secondary addresses to eth0 with source rules, "+
		"never touching eth0's default route or primary address.")
	a.Describe(&r.UserData, "Your own user data, merged into the userData output as a MIME multipart document.")
}

// Annotate describes the function.
func (r *RenderGuestNetwork) Annotate(a infer.Annotator) {
	a.Describe(r, "Renders the guest network configuration (a cloud-init snippet, the guest program, a netplan "+
		"file and verification commands) that makes every address of the given ENIs route symmetrically and "+
		"keeps doing so after reboots, hot-plug and address changes. Linux guests only.")
}

// Invoke renders the configuration.
func (*RenderGuestNetwork) Invoke(_ context.Context, req infer.FunctionRequest[RenderGuestNetworkArgs]) (
	infer.FunctionResponse[GuestOutputs], error) {
	in := req.Input
	cfg := in.Guest.config()
	cfg.UsePrimaryEni = in.UsePrimaryEni
	cfg.UserData = in.UserData
	for _, i := range in.Interfaces {
		cfg.Interfaces = append(cfg.Interfaces, i.config())
	}
	r, err := guestnet.Render(cfg)
	if err != nil {
		return infer.FunctionResponse[GuestOutputs]{}, err
	}
	return infer.FunctionResponse[GuestOutputs]{Output: guestOutputs(r)}, nil
}
