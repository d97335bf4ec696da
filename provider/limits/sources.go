package limits

// Documents the rules of this package come from. The seeds are Alibaba Cloud's
// own pages describing what users do by hand; the API references are quoted
// where a seed is silent.
const (
	// SeedVisibleEip describes how to expose an EIP inside the guest with a VPC
	// secondary CIDR block.
	SeedVisibleEip = "visible-eip-secondary-cidr.txt"
	// SeedMultipleEipsNat describes how to bind several EIPs to one instance in
	// NAT mode.
	SeedMultipleEipsNat = "multiple-eips-nat-mode.txt"
	// SeedMultiEipToEni describes multi-EIP-to-ENI mode; it is the reference for
	// that mode's regions and instance families.
	SeedMultiEipToEni = "multi-eip-to-eni-mode.txt"
	// SeedCreateAndUseEni describes ENIs, including the instance types that
	// cannot hot-plug a secondary ENI.
	SeedCreateAndUseEni = "create-and-use-eni.txt"
	// SeedAssociationModes (Japanese) compares the three association modes; the
	// English seeds win where they disagree with it.
	SeedAssociationModes = "eip-eni-association-modes.ja.txt"

	// SourceAssociateVpcCidrBlock is the API reference of AssociateVpcCidrBlock
	// (secondary CIDR masks and excluded ranges).
	SourceAssociateVpcCidrBlock = "AssociateVpcCidrBlock API reference"
	// SourceCreateVSwitch is the API reference of CreateVSwitch (vSwitch masks
	// and reserved addresses).
	SourceCreateVSwitch = "CreateVSwitch API reference"
)

// Seed returns the citation of a seed document, e.g. "seed multi-eip-to-eni-mode.txt".
func Seed(name string) string { return "seed " + name }
