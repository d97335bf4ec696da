package emulator

import (
	"fmt"
	"net/netip"
	"slices"
)

func init() {
	register(&kind{
		token:    TokenSwitch,
		forceNew: set("cidrBlock", "isDefault", "vpcId", "zoneId", "availabilityZone"),
		computed: []string{"availabilityZone", "zoneId", "createTime", "ipv6CidrBlock", "status", "vswitchName", "name", "enableIpv6", "ipv6CidrBlockMask"},
		create:   createSwitch,
		update:   updateSwitch,
		delete:   deleteSwitch,
	})
}

func getSwitch(c *call, id string) (*Record, error) {
	if id == "" {
		return nil, refuse("MissingParameter.VSwitchId", "vswitchId is required")
	}
	r, ok := c.s.get(TokenSwitch, id, c.region)
	if !ok {
		return nil, notFound("InvalidVSwitchId.NotFound", "vswitchId", id, c.region)
	}
	return r, nil
}

func switchPrefix(sw *Record) netip.Prefix {
	p, _ := netip.ParsePrefix(str(sw.Attrs, "cidrBlock"))
	return p
}

// switchIpv6 computes the /64 of a vSwitch from its VPC's /56 and the mask index.
func switchIpv6(c *call, vpc *Record, sw *Record, in obj) (string, error) {
	mask, hasMask := num(in, "ipv6CidrBlockMask")
	if !hasMask && !boolean(in, "enableIpv6", false) {
		return "", nil
	}
	vpc6 := str(vpc.Internal, "ipv6CidrBlock")
	if vpc6 == "" {
		return "", refuse("InvalidVpcStatus.Ipv6NotEnabled", "vSwitch asks for IPv6 (ipv6CidrBlockMask/enableIpv6) but VPC %s has no IPv6 CIDR block: set enableIpv6 true on the VPC", vpc.ID)
	}
	used := map[int]string{}
	for _, other := range c.s.of(TokenSwitch) {
		if other != sw && str(other.Attrs, "vpcId") == vpc.ID {
			if m, ok := num(other.Attrs, "ipv6CidrBlockMask"); ok && str(other.Attrs, "ipv6CidrBlock") != "" {
				used[m] = other.ID
			}
		}
	}
	if !hasMask {
		for mask = 0; mask < 256 && used[mask] != ""; mask++ {
		}
	}
	if mask < 0 || mask > 255 {
		return "", refuse("InvalidParameter.Ipv6CidrBlockMask", "ipv6CidrBlockMask %d is outside 0-255", mask)
	}
	if other := used[mask]; other != "" {
		return "", refuse("InvalidCidrBlock.Overlapped", "ipv6CidrBlockMask %d is already used by vSwitch %s in VPC %s: choose another index", mask, other, vpc.ID)
	}
	p := netip.MustParsePrefix(vpc6)
	b := p.Addr().As16()
	b[7] = byte(mask)
	sw.Attrs["ipv6CidrBlockMask"] = float64(mask)
	return netip.PrefixFrom(netip.AddrFrom16(b), 64).String(), nil
}

func createSwitch(c *call, in obj, r *Record) error {
	vpc, err := getVpc(c, str(in, "vpcId"))
	if err != nil {
		return err
	}
	zone := firstStr(in, "zoneId", "availabilityZone")
	if err := zoneInRegion(c, "zoneId", zone); err != nil {
		return err
	}
	cidr, err := parseCidr("cidrBlock", str(in, "cidrBlock"))
	if err != nil {
		return err
	}
	if cidr.Bits() < 16 || cidr.Bits() > 29 {
		return refuse("InvalidCidrBlock.MaskInvalid", "cidrBlock %s has a /%d mask: a vSwitch takes a mask of 16 to 29 bits", cidr, cidr.Bits())
	}
	primary, secondary := vpcBlocks(c.s, vpc)
	inside := contains(primary, cidr)
	for _, b := range secondary {
		inside = inside || contains(b, cidr)
	}
	if !inside {
		return refuse("InvalidCidrBlock.Mismatch", "cidrBlock %s is not inside any block of VPC %s (primary %s, secondary %v): add a secondary CIDR block that contains it first, or pick a block inside the VPC", cidr, vpc.ID, primary, secondary)
	}
	for _, other := range c.s.of(TokenSwitch) {
		if str(other.Attrs, "vpcId") == vpc.ID && switchPrefix(other).Overlaps(cidr) {
			return refuse("InvalidCidrBlock.Overlapped", "cidrBlock %s overlaps vSwitch %s (%s) in VPC %s: choose a block that no other vSwitch uses", cidr, other.ID, switchPrefix(other), vpc.ID)
		}
	}
	r.ID = newID(c.s, "vsw", c.region)
	name := firstStr(in, "vswitchName", "name")
	r.Attrs = obj{"vpcId": vpc.ID, "cidrBlock": cidr.String(), "zoneId": zone, "availabilityZone": zone,
		"vswitchName": name, "name": name, "description": str(in, "description"), "status": "Available",
		"createTime": now(), "isDefault": false, "ipv6CidrBlock": "", "enableIpv6": false}
	v6, err := switchIpv6(c, vpc, r, in)
	if err != nil {
		return err
	}
	if v6 != "" {
		r.Attrs["ipv6CidrBlock"], r.Attrs["enableIpv6"] = v6, true
	}
	return nil
}

func updateSwitch(c *call, r *Record, oldIn, in, attrs obj) error {
	name := firstStr(in, "vswitchName", "name")
	attrs["vswitchName"], attrs["name"] = name, name
	oldMask, hadMask := num(oldIn, "ipv6CidrBlockMask")
	newMask, hasMask := num(in, "ipv6CidrBlockMask")
	if hadMask == hasMask && oldMask == newMask && boolean(oldIn, "enableIpv6", false) == boolean(in, "enableIpv6", false) {
		return nil
	}
	for _, eni := range allEnis(c.s) {
		if str(eni.Attrs, "vswitchId") == r.ID && len(strList(eni.Attrs, "ipv6Addresses")) > 0 {
			return refuse("DependencyViolation.Ipv6Address", "vSwitch %s has ENI %s with IPv6 addresses: remove them before changing the vSwitch's IPv6 block", r.ID, eni.ID)
		}
	}
	vpc, err := getVpc(c, str(r.Attrs, "vpcId"))
	if err != nil {
		return err
	}
	tmp := &Record{ID: r.ID, Attrs: attrs}
	v6, err := switchIpv6(c, vpc, tmp, in)
	if err != nil {
		return err
	}
	attrs["ipv6CidrBlock"], attrs["enableIpv6"] = v6, v6 != ""
	if v6 == "" {
		delete(attrs, "ipv6CidrBlockMask")
	}
	return nil
}

func deleteSwitch(c *call, r *Record) error {
	for _, eni := range allEnis(c.s) {
		if str(eni.Attrs, "vswitchId") == r.ID {
			what := "ENI " + eni.ID
			if owner := str(eni.Internal, "ownerInstanceId"); owner != "" {
				what = fmt.Sprintf("ENI %s of instance %s", eni.ID, owner)
			}
			return refuse("DependencyViolation.NetworkInterface", "vSwitch %s still has %s: delete it before the vSwitch", r.ID, what)
		}
	}
	return nil
}

// getSwitches answers vpc/getSwitches: the vSwitches of the region, filtered
// by ids, vpcId, zoneId, cidrBlock, vswitchName and isDefault.
func getSwitches(s *State, region string, args obj) obj {
	var list, ids, names []any
	wantIDs := strList(args, "ids")
	for _, sw := range s.of(TokenSwitch) {
		if sw.Region != region || (len(wantIDs) > 0 && !slices.Contains(wantIDs, sw.ID)) {
			continue
		}
		filters := map[string]string{"vpcId": str(sw.Attrs, "vpcId"), "zoneId": str(sw.Attrs, "zoneId"),
			"cidrBlock": str(sw.Attrs, "cidrBlock"), "vswitchName": str(sw.Attrs, "vswitchName")}
		skip := false
		for k, v := range filters {
			if want := str(args, k); want != "" && want != v {
				skip = true
			}
		}
		if d, ok := args["isDefault"].(bool); ok && d != boolean(sw.Attrs, "isDefault", false) {
			skip = true
		}
		if skip {
			continue
		}
		used := 0
		for _, eni := range allEnis(s) {
			if str(eni.Attrs, "vswitchId") == sw.ID {
				used += len(eniIPs(eni))
			}
		}
		p := switchPrefix(sw)
		free := (1 << (32 - p.Bits())) - 4 - used
		ids = append(ids, sw.ID)
		names = append(names, str(sw.Attrs, "vswitchName"))
		list = append(list, obj{"id": sw.ID, "vswitchId": sw.ID, "cidrBlock": p.String(), "vpcId": str(sw.Attrs, "vpcId"),
			"zoneId": str(sw.Attrs, "zoneId"), "vswitchName": str(sw.Attrs, "vswitchName"), "name": str(sw.Attrs, "vswitchName"),
			"description": str(sw.Attrs, "description"), "status": "Available", "isDefault": boolean(sw.Attrs, "isDefault", false),
			"ipv6CidrBlock": str(sw.Attrs, "ipv6CidrBlock"), "creationTime": str(sw.Attrs, "createTime"),
			"availableIpAddressCount": float64(free), "instanceIds": []any{}, "resourceGroupId": "", "routeTableId": "",
			"tags": obj{}})
	}
	if list == nil {
		list, ids, names = []any{}, []any{}, []any{}
	}
	return obj{"vswitches": list, "ids": ids, "names": names}
}
