package emulator

import (
	"net/netip"
	"os"
	"strconv"
)

// BusyWindowEnvVar, when set to a number N > 0, makes a secondary CIDR
// block operation keep its VPC busy for the next N successful operations on the cloud:
// another CIDR block operation on the same VPC in that window is refused with
// OperationConflict, as AssociateVpcCidrBlock refuses concurrent calls.
const BusyWindowEnvVar = "ALICLOUD_EMULATOR_VPC_BUSY_OPS"

// MaxSecondaryCidrBlocks is the number of secondary IPv4 blocks a VPC takes.
const MaxSecondaryCidrBlocks = 5

func init() {
	register(&kind{
		token:    TokenCidrBlock,
		required: []string{"vpcId"},
		forceNew: set("secondaryCidrBlock", "vpcId"),
		computed: []string{"regionId", "secondaryCidrBlock", "secondaryCidrMask"},
		create:   createCidrBlock,
		delete:   deleteCidrBlock,
	})
}

// checkBusy enforces the optional busy window on a VPC.
func checkBusy(c *call, vpcID string) error {
	window, _ := strconv.Atoi(os.Getenv(BusyWindowEnvVar))
	if window <= 0 {
		return nil
	}
	if c.s.Busy == nil {
		c.s.Busy = map[string]int64{}
	}
	if until, ok := c.s.Busy[vpcID]; ok && int64(c.s.Serial) <= until {
		return refuse("OperationConflict", "another CIDR block operation is in progress on VPC %s: retry later or order the Ipv4CidrBlock resources with dependsOn", vpcID)
	}
	c.s.Busy[vpcID] = int64(c.s.Serial + window)
	return nil
}

func createCidrBlock(c *call, in obj, r *Record) error {
	vpc, err := getVpc(c, str(in, "vpcId"))
	if err != nil {
		return err
	}
	value := str(in, "secondaryCidrBlock")
	if value == "" {
		return refuse("MissingParameter.SecondaryCidrBlock", "secondaryCidrBlock is required by the emulator (allocation from an IPAM pool by secondaryCidrMask is not emulated)")
	}
	block, err := parseCidr("secondaryCidrBlock", value)
	if err != nil {
		return err
	}
	if block.Bits() < 8 || block.Bits() > 28 {
		return refuse("InvalidCidrBlock.MaskInvalid", "secondaryCidrBlock %s has a /%d mask: a secondary CIDR block takes a mask of 8 to 28 bits", block, block.Bits())
	}
	if err := checkExcluded("secondaryCidrBlock", block); err != nil {
		return err
	}
	primary, secondary := vpcBlocks(c.s, vpc)
	if block.Overlaps(primary) {
		return refuse("InvalidCidrBlock.Overlapped", "secondaryCidrBlock %s overlaps the primary block %s of VPC %s: choose a block outside every block of the VPC", block, primary, vpc.ID)
	}
	for _, b := range secondary {
		if block.Overlaps(b) {
			return refuse("InvalidCidrBlock.Overlapped", "secondaryCidrBlock %s overlaps the secondary block %s of VPC %s: choose a block outside every block of the VPC", block, b, vpc.ID)
		}
	}
	if len(secondary) >= MaxSecondaryCidrBlocks {
		return refuse("QuotaExceeded.SecondaryCidrBlock", "VPC %s already has %d secondary IPv4 CIDR blocks, the maximum: remove one before adding %s", vpc.ID, len(secondary), block)
	}
	if err := checkBusy(c, vpc.ID); err != nil {
		return err
	}
	r.ID = vpc.ID + ":" + block.String()
	r.Attrs = obj{"vpcId": vpc.ID, "secondaryCidrBlock": block.String(), "secondaryCidrMask": float64(block.Bits()), "regionId": c.region}
	return nil
}

func deleteCidrBlock(c *call, r *Record) error {
	block, _ := netip.ParsePrefix(str(r.Attrs, "secondaryCidrBlock"))
	for _, sw := range c.s.of(TokenSwitch) {
		if str(sw.Attrs, "vpcId") != str(r.Attrs, "vpcId") {
			continue
		}
		swp, _ := netip.ParsePrefix(str(sw.Attrs, "cidrBlock"))
		if block.Overlaps(swp) {
			return refuse("DependencyViolation.VSwitch", "secondary CIDR block %s still holds vSwitch %s (%s): delete the vSwitch before the block", block, sw.ID, swp)
		}
	}
	return checkBusy(c, str(r.Attrs, "vpcId"))
}
