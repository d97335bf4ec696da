package guestnet

// Mode values for Config.Mode.
const (
	// ModeMetadata makes the guest program read every managed ENI's addresses,
	// vSwitch CIDR and gateway from the instance metadata at each run.
	ModeMetadata = "metadata"
	// ModeStatic renders every address, CIDR and gateway into the guest program.
	ModeStatic = "static"
)

// Defaults applied by Render when a Config field is left empty.
const (
	// DefaultMetadataURL is the Alibaba Cloud instance metadata base URL.
	DefaultMetadataURL = "http://100.100.100.200/latest/meta-data"
	// DefaultTableBase is the first route table number. Tables TableBase to
	// TableBase+63 hold the ENIs, TableBase+100 to TableBase+199 the extra
	// addresses and TableBase+250 the default-source route. 7100 stays clear of
	// 1000+ifindex (Alibaba examples, terway), 10000+ (amazon-ec2-net-utils)
	// and 30200-30400 (NetworkManager nm-cloud-setup).
	DefaultTableBase = 7100
)

// EniTable is the route table of the ENI with device order order (0 the primary ENI, n the n-th
// secondary ENI) in a program whose first table is tableBase (0 for DefaultTableBase):
// tableBase+order, so an ENI keeps its table whichever other ENIs exist.
func EniTable(tableBase, order int) int {
	if tableBase == 0 {
		tableBase = DefaultTableBase
	}
	return tableBase + order
}

// Offsets from TableBase of the table ranges the guest program uses.
const (
	maxEniOrder        = 63
	extraTableOffset   = 100
	maxExtraAddresses  = 100
	defaultSourceTable = 250
	mainRulePriority   = 32766
)

// Config describes the guest network configuration to render.
type Config struct {
	// Mode is "metadata" (default when empty): the guest program reads the ENIs'
	// addresses from the instance metadata at each run; or "static": every
	// address is rendered into the program and Interfaces must list them all.
	Mode string `json:"mode,omitempty" yaml:"mode,omitempty"`
	// MetadataURL is the metadata base URL, default
	// http://100.100.100.200/latest/meta-data. The hardened-mode token is
	// requested from the same host at <base without /meta-data>/api/token. On
	// the guest the environment variable EIPKIT_METADATA_URL overrides it.
	MetadataURL string `json:"metadataUrl,omitempty" yaml:"metadataUrl,omitempty"`
	// Interfaces lists the managed ENIs. Static mode: every managed ENI with its
	// addresses. Metadata mode: optional; only MAC, Table and ExtraAddresses may
	// be set and the list restricts management to these ENIs; empty means every
	// secondary ENI the metadata lists, each taking the lowest free table from
	// TableBase+1 when it appears and keeping it while it is attached.
	Interfaces []Interface `json:"interfaces,omitempty" yaml:"interfaces,omitempty"`
	// TableBase is the first route table number (default 7100). An ENI's table
	// is TableBase plus its device order (the primary ENI is 0, listed ENIs are
	// numbered from 1 in list order) unless Interface.Table is set; the source
	// rules use the table number as their priority, so every table must be
	// below 32766 (the main table's rule).
	TableBase int `json:"tableBase,omitempty" yaml:"tableBase,omitempty"`
	// MTU sets the MTU of every managed secondary ENI; 0 leaves it unchanged.
	// The primary ENI's MTU is never changed.
	MTU int `json:"mtu,omitempty" yaml:"mtu,omitempty"`
	// UsePrimaryEni also manages the primary ENI's (eth0's) secondary addresses:
	// each gets a source rule to a table whose default route leaves through
	// eth0. The main table's default route and eth0's primary address are never
	// touched.
	UsePrimaryEni bool `json:"usePrimaryEni,omitempty" yaml:"usePrimaryEni,omitempty"`
	// DefaultSourceIP, off when empty, makes this managed IPv4 address the
	// source of outbound traffic that no socket bound to an address: the program
	// adds rules after the per-address rules (TableBase+250 to +252) that keep
	// every more specific route of the main table and the primary ENI's own
	// addresses on the main table, keep Alibaba's service range 100.100.0.0/16
	// (metadata, DNS, NTP) on the main table, and send everything else through
	// table TableBase+250, whose default route leaves through the ENI holding
	// the address with that address as source. Trade-off: all new unbound
	// outbound connections then depend on that ENI and its EIP (when the ENI is
	// detached they fall back to the main table); the main default route stays
	// on eth0 for everything the rules do not catch.
	DefaultSourceIP string `json:"defaultSourceIp,omitempty" yaml:"defaultSourceIp,omitempty"`
	// UserData is the user's own user data. When set, Result.UserData is a MIME
	// multipart document holding the rendered cloud-config and this data, each
	// part marked with merge rules that append lists, so both parts'
	// write_files and runcmd survive.
	UserData string `json:"userData,omitempty" yaml:"userData,omitempty"`
}

// Interface is one managed ENI.
type Interface struct {
	// MAC is the ENI's MAC address, aa:bb:cc:dd:ee:ff (required). The program
	// finds the guest interface by MAC, never by name.
	MAC string `json:"mac" yaml:"mac"`
	// Primary marks, in static mode, the instance's primary ENI (eth0). Only its
	// SecondaryIPs are managed, and only when Config.UsePrimaryEni is true.
	Primary bool `json:"primary,omitempty" yaml:"primary,omitempty"`
	// PrimaryIP is the ENI's primary private IPv4 address (static mode,
	// required for secondary ENIs). The program adds it when DHCP did not.
	PrimaryIP string `json:"primaryIp,omitempty" yaml:"primaryIp,omitempty"`
	// SecondaryIPs are the ENI's secondary private IPv4 addresses (static mode).
	SecondaryIPs []string `json:"secondaryIps,omitempty" yaml:"secondaryIps,omitempty"`
	// CIDR is the ENI's vSwitch IPv4 CIDR, e.g. 192.168.0.0/24 (static mode,
	// required). Addresses get its prefix length; the first and the last three
	// addresses are reserved by the vSwitch and refused.
	CIDR string `json:"cidr,omitempty" yaml:"cidr,omitempty"`
	// Gateway is the vSwitch gateway (static mode); default the third-to-last
	// address of CIDR (.253 in a /24).
	Gateway string `json:"gateway,omitempty" yaml:"gateway,omitempty"`
	// Table is an explicit route table number for this ENI (1 to 32765, not
	// 253-255); default TableBase plus the ENI's device order.
	Table int `json:"table,omitempty" yaml:"table,omitempty"`
	// IPv6Addresses are the ENI's IPv6 addresses (static mode, optional).
	IPv6Addresses []string `json:"ipv6Addresses,omitempty" yaml:"ipv6Addresses,omitempty"`
	// IPv6CIDR is the vSwitch IPv6 CIDR (static mode; required with
	// IPv6Addresses).
	IPv6CIDR string `json:"ipv6Cidr,omitempty" yaml:"ipv6Cidr,omitempty"`
	// IPv6Gateway is the IPv6 gateway (static mode; required with
	// IPv6Addresses).
	IPv6Gateway string `json:"ipv6Gateway,omitempty" yaml:"ipv6Gateway,omitempty"`
	// ExtraAddresses are addresses the metadata does not know, such as EIPs
	// associated in multi-EIP-to-ENI mode. Each gets its own table and source
	// rule. Allowed in both modes.
	ExtraAddresses []ExtraAddress `json:"extraAddresses,omitempty" yaml:"extraAddresses,omitempty"`
	// CutThrough marks an ENI whose EIP is associated in cut-through mode
	// (BINDED): the EIP replaced the ENI's private IP and reaches the guest by
	// DHCP on that ENI. In metadata mode (besides MAC and Table) the program
	// does not read this ENI from the metadata, which still lists the replaced
	// private IP: it takes the IPv4 address DHCP gave the interface, its
	// subnet and the gateway of the default route DHCP added through it, and
	// gives them the ENI's table and a source rule (Gateway, when set, is used
	// instead of DHCP's); while DHCP has not configured the interface it keeps
	// what it recorded. Such an ENI does not
	// count as listed: without other listed ENIs the program still manages
	// every other secondary ENI the metadata lists. In static mode PrimaryIP is
	// the EIP, CIDR its network and Gateway its gateway (DescribeEipGatewayInfo):
	// not vSwitch values, so the vSwitch's reserved addresses and mask range do
	// not apply. Implies DHCP.
	CutThrough bool `json:"cutThrough,omitempty" yaml:"cutThrough,omitempty"`
	// DHCP marks an ENI that must keep DHCP on in the guest: the netplan
	// output enables dhcp4 for it, without DHCP's routes (the program keeps
	// the ENI's routes in its own table). Multi-EIP-to-ENI mode requires it:
	// "Otherwise, the multi-EIP-to-ENI mode does not take effect". Allowed in
	// both modes.
	DHCP bool `json:"dhcp,omitempty" yaml:"dhcp,omitempty"`
}

// ExtraAddress is an IPv4 address placed on an ENI with its own gateway and
// prefix length (for example an EIP in multi-EIP-to-ENI mode, whose gateway and
// mask come from DescribeEipGatewayInfo).
type ExtraAddress struct {
	// Address is the IPv4 address (required).
	Address string `json:"address" yaml:"address"`
	// PrefixLength is the prefix length of the address's network (1 to 32,
	// required).
	PrefixLength int `json:"prefixLength" yaml:"prefixLength"`
	// Gateway is the next hop of this address's default route; it must lie in
	// Address/PrefixLength (required).
	Gateway string `json:"gateway" yaml:"gateway"`
	// Table is an explicit route table number (1 to 32765, not 253-255);
	// default TableBase+100 plus the address's position among all extra
	// addresses of the Config.
	Table int `json:"table,omitempty" yaml:"table,omitempty"`
}

// Result is the rendered guest configuration.
type Result struct {
	// Script is the guest program alone (POSIX sh, needs iproute2 and curl or
	// wget); run it as root.
	Script string `json:"script" yaml:"script"`
	// CloudConfig is a #cloud-config document installing the program, its
	// systemd service and timer, the udev rule and the NetworkManager hook, and
	// running the program once.
	CloudConfig string `json:"cloudConfig" yaml:"cloudConfig"`
	// UserData is CloudConfig alone, or when Config.UserData is set a MIME
	// multipart document merging both.
	UserData string `json:"userData" yaml:"userData"`
	// Netplan is, in static mode, a netplan document with the same addresses,
	// tables and rules for the secondary ENIs (for images that prefer netplan
	// over the program); empty in metadata mode.
	Netplan string `json:"netplan" yaml:"netplan"`
	// VerifyCommands are shell commands to check the result on the instance:
	// the public egress of each address, the rules and each table.
	VerifyCommands []string `json:"verifyCommands" yaml:"verifyCommands"`
	// Files are the files CloudConfig installs (the program, its systemd
	// units, the udev rule and the NetworkManager hook), in install order, for
	// other ways of delivering the same installation.
	Files []File `json:"files" yaml:"files"`
	// Installer is a POSIX sh program that installs Files and runs the
	// program, as CloudConfig does, for Cloud Assistant or any run-command
	// tool: files already in place are left alone, so running it again
	// changes nothing, and it changes only when Files change.
	Installer string `json:"installer" yaml:"installer"`
}
