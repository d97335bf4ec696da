package emulator

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

func init() {
	register(&kind{
		token:    TokenNetwork,
		forceNew: set("ipv4IpamPoolId", "isDefault", "ipv4CidrMask", "dryRun"),
		computed: []string{"cidrBlock", "createTime", "ipv6CidrBlock", "ipv6CidrBlocks", "regionId", "resourceGroupId", "routeTableId", "routerId", "routerTableId", "secondaryCidrBlocks", "status", "userCidrs", "vpcName"},
		create:   createNetwork,
		update:   updateNetwork,
		delete:   deleteNetwork,
		refresh:  refreshNetwork,
	})
}

// zoneInRegion refuses a zone that is not in the provider's region.
func zoneInRegion(c *call, input, zone string) error {
	if zone == "" {
		return refuse("MissingParameter.ZoneId", "%s is required: pass a zone of region %s such as %s-h", input, c.region, c.region)
	}
	if !strings.HasPrefix(zone, c.region+"-") {
		return refuse("InvalidZoneId.NotFound", "%s %q is not a zone of region %s (the provider's region): use a zone named %s-<letter> or configure the provider for the zone's region", input, zone, c.region, c.region)
	}
	return nil
}

func getVpc(c *call, id string) (*Record, error) {
	if id == "" {
		return nil, refuse("MissingParameter.VpcId", "vpcId is required")
	}
	r, ok := c.s.get(TokenNetwork, id, c.region)
	if !ok {
		return nil, notFound("InvalidVpcId.NotFound", "vpcId", id, c.region)
	}
	return r, nil
}

// vpcBlocks returns the primary and secondary IPv4 blocks of a VPC.
func vpcBlocks(s *State, vpc *Record) (primary netip.Prefix, secondary []netip.Prefix) {
	primary, _ = netip.ParsePrefix(str(vpc.Attrs, "cidrBlock"))
	for _, b := range strList(vpc.Internal, "inlineSecondary") {
		if p, err := netip.ParsePrefix(b); err == nil {
			secondary = append(secondary, p)
		}
	}
	for _, cb := range s.of(TokenCidrBlock) {
		if str(cb.Attrs, "vpcId") == vpc.ID {
			if p, err := netip.ParsePrefix(str(cb.Attrs, "secondaryCidrBlock")); err == nil {
				secondary = append(secondary, p)
			}
		}
	}
	return primary, secondary
}

// checkVpcBlock validates a VPC CIDR block's mask and excluded ranges.
func checkVpcBlock(input string, value string) (netip.Prefix, error) {
	p, err := parseCidr(input, value)
	if err != nil {
		return p, err
	}
	if p.Bits() < 8 || p.Bits() > 28 {
		return p, refuse("InvalidCidrBlock.MaskInvalid", "%s %s has a /%d mask: VPC CIDR blocks take a mask of 8 to 28 bits", input, p, p.Bits())
	}
	return p, checkExcluded(input, p)
}

func newIpv6Block(s *State) string {
	n := s.Serial
	return fmt.Sprintf("2408:4005:3%02x:%x00::/56", (n/256)%256, n%256)
}

func createNetwork(c *call, in obj, r *Record) error {
	cidr := str(in, "cidrBlock")
	if cidr == "" {
		cidr = "172.16.0.0/12"
	}
	primary, err := checkVpcBlock("cidrBlock", cidr)
	if err != nil {
		return err
	}
	var inline []string
	for _, b := range strList(in, "secondaryCidrBlocks") {
		p, err := checkVpcBlock("secondaryCidrBlocks", b)
		if err != nil {
			return err
		}
		if p.Overlaps(primary) {
			return refuse("InvalidCidrBlock.Overlapped", "secondaryCidrBlocks %s overlaps the primary block %s: choose a block outside it", p, primary)
		}
		inline = append(inline, p.String())
	}
	r.ID = newID(c.s, "vpc", c.region)
	name := firstStr(in, "vpcName", "name")
	r.Attrs = obj{
		"cidrBlock": primary.String(), "vpcName": name, "name": name, "description": str(in, "description"),
		"regionId": c.region, "status": "Available", "createTime": now(),
		"routeTableId": newID(c.s, "vtb", c.region), "routerId": newID(c.s, "vrt", c.region),
		"resourceGroupId": firstStr(in, "resourceGroupId"), "isDefault": boolean(in, "isDefault", false),
		"classicLinkEnabled": false, "dnsHostnameStatus": "DISABLED", "userCidrs": []any{},
		"enableIpv6": boolean(in, "enableIpv6", false),
	}
	r.Attrs["routerTableId"] = r.Attrs["routeTableId"]
	r.Internal["inlineSecondary"] = anyList(inline)
	if boolean(in, "enableIpv6", false) {
		r.Internal["ipv6CidrBlock"] = newIpv6Block(c.s)
	}
	return nil
}

func updateNetwork(c *call, r *Record, oldIn, in, attrs obj) error {
	if cidr := str(in, "cidrBlock"); cidr != "" && cidr != str(r.Attrs, "cidrBlock") {
		p, err := checkVpcBlock("cidrBlock", cidr)
		if err != nil {
			return err
		}
		_, secondary := vpcBlocks(c.s, r)
		for _, sw := range c.s.of(TokenSwitch) {
			if str(sw.Attrs, "vpcId") != r.ID {
				continue
			}
			swp, _ := netip.ParsePrefix(str(sw.Attrs, "cidrBlock"))
			inside := contains(p, swp)
			for _, b := range secondary {
				inside = inside || contains(b, swp)
			}
			if !inside {
				return refuse("InvalidCidrBlock.InUse", "cidrBlock %s would leave vSwitch %s (%s) outside the VPC's blocks: delete the vSwitch first or keep a block that contains it", p, sw.ID, swp)
			}
		}
		attrs["cidrBlock"] = p.String()
	}
	if boolean(in, "enableIpv6", false) && str(r.Internal, "ipv6CidrBlock") == "" {
		r.Internal["ipv6CidrBlock"] = newIpv6Block(c.s)
	}
	if name := firstStr(in, "vpcName", "name"); name != "" {
		attrs["vpcName"], attrs["name"] = name, name
	}
	return nil
}

func refreshNetwork(c *call, r *Record) {
	_, secondary := vpcBlocks(c.s, r)
	list := make([]any, 0, len(secondary))
	for _, b := range secondary {
		list = append(list, b.String())
	}
	r.Attrs["secondaryCidrBlocks"] = list
	if v6 := str(r.Internal, "ipv6CidrBlock"); v6 != "" {
		r.Attrs["ipv6CidrBlock"] = v6
		r.Attrs["ipv6CidrBlocks"] = []any{obj{"ipv6CidrBlock": v6, "ipv6Isp": "BGP"}}
		r.Attrs["enableIpv6"] = true
	} else {
		r.Attrs["ipv6CidrBlock"] = ""
		r.Attrs["ipv6CidrBlocks"] = []any{}
	}
}

// getNetworks answers vpc/getNetworks: the VPCs of the region, filtered by ids,
// vpcName and cidrBlock, with their secondary IPv4 blocks and IPv6 block.
func getNetworks(s *State, region string, args obj) obj {
	var list, ids, names []any
	wantIDs := strList(args, "ids")
	for _, vpc := range s.of(TokenNetwork) {
		if vpc.Region != region || (len(wantIDs) > 0 && !slices.Contains(wantIDs, vpc.ID)) {
			continue
		}
		if v := str(args, "vpcName"); v != "" && v != str(vpc.Attrs, "vpcName") {
			continue
		}
		if v := str(args, "cidrBlock"); v != "" && v != str(vpc.Attrs, "cidrBlock") {
			continue
		}
		_, secondary := vpcBlocks(s, vpc)
		blocks := make([]any, 0, len(secondary))
		for _, b := range secondary {
			blocks = append(blocks, b.String())
		}
		switches := []any{}
		for _, sw := range s.of(TokenSwitch) {
			if str(sw.Attrs, "vpcId") == vpc.ID {
				switches = append(switches, sw.ID)
			}
		}
		ids = append(ids, vpc.ID)
		names = append(names, str(vpc.Attrs, "vpcName"))
		list = append(list, obj{"id": vpc.ID, "vpcId": vpc.ID, "vpcName": str(vpc.Attrs, "vpcName"),
			"cidrBlock": str(vpc.Attrs, "cidrBlock"), "secondaryCidrBlocks": blocks,
			"ipv6CidrBlock": str(vpc.Internal, "ipv6CidrBlock"), "vswitchIds": switches, "userCidrs": []any{},
			"description": str(vpc.Attrs, "description"), "status": "Available", "regionId": region,
			"isDefault": boolean(vpc.Attrs, "isDefault", false), "creationTime": str(vpc.Attrs, "createTime"),
			"routeTableId": str(vpc.Attrs, "routeTableId"), "routerId": str(vpc.Attrs, "routerId"),
			"vrouterId": str(vpc.Attrs, "routerId"), "resourceGroupId": str(vpc.Attrs, "resourceGroupId"),
			"dhcpOptionsSetId": "", "dhcpOptionsSetStatus": "", "dnsHostnameStatus": "DISABLED", "tags": obj{}})
	}
	if list == nil {
		list, ids, names = []any{}, []any{}, []any{}
	}
	return obj{"vpcs": list, "ids": ids, "names": names, "totalCount": float64(len(list))}
}

func deleteNetwork(c *call, r *Record) error {
	for _, typ := range []string{TokenSwitch, TokenSecurityGroup, TokenIpv6Gateway} {
		for _, dep := range c.s.of(typ) {
			if str(dep.Attrs, "vpcId") == r.ID {
				return refuse("DependencyViolation", "VPC %s still has %s %s: delete it before the VPC", r.ID, typ, dep.ID)
			}
		}
	}
	for _, cb := range c.s.of(TokenCidrBlock) {
		if str(cb.Attrs, "vpcId") == r.ID {
			delete(c.s.Resources, cb.ID)
		}
	}
	return nil
}
