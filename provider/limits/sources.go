package limits

// Documents the rules of this package come from: Alibaba Cloud's own pages
// describing what users do by hand, and the API references where those pages
// are silent. Each constant is a page's title.
const (
	// DocVisibleEip describes how to expose an EIP inside the guest with a VPC
	// secondary CIDR block.
	DocVisibleEip = "Expose an EIP on an NIC by adding a secondary CIDR block to a VPC"
	// DocMultipleEipsNat describes how to bind several EIPs to one instance in
	// NAT mode.
	DocMultipleEipsNat = "Bind multiple EIPs to an ECS (NAT mode)"
	// DocMultiEipToEni describes multi-EIP-to-ENI mode; it is the reference for
	// that mode's regions and instance families.
	DocMultiEipToEni = "Associate EIPs with a secondary ENI in multi-EIP-to-ENI mode"
	// DocCreateAndUseEni describes ENIs, including the instance types that
	// cannot hot-plug a secondary ENI.
	DocCreateAndUseEni = "Create and use an elastic network interface"
	// DocAssociationModes (Japanese) compares the three association modes; the
	// English pages win where they disagree with it.
	DocAssociationModes = "Associate an EIP with an ENI (Japanese edition)"

	// SourceAssociateVpcCidrBlock is the API reference of AssociateVpcCidrBlock
	// (secondary CIDR masks and excluded ranges).
	SourceAssociateVpcCidrBlock = "AssociateVpcCidrBlock API reference"
	// SourceCreateVSwitch is the API reference of CreateVSwitch (vSwitch masks
	// and reserved addresses).
	SourceCreateVSwitch = "CreateVSwitch API reference"
)

// Doc returns the citation of a documentation page, e.g. "Alibaba Cloud doc 'Create and use an
// elastic network interface'".
func Doc(title string) string { return "Alibaba Cloud doc '" + title + "'" }
