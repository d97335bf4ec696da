package emulator

import (
	"net/netip"
	"slices"
	"strings"
)

func init() {
	register(&kind{
		token:    TokenEni,
		required: []string{"vswitchId"},
		forceNew: set("primaryIpAddress", "privateIp", "resourceGroupId", "vswitchId", "instanceType", "networkInterfaceTrafficMode"),
		computed: []string{"mac", "primaryIpAddress", "privateIp", "privateIpAddresses", "privateIps", "privateIpsCount", "secondaryPrivateIpAddressCount", "ipv6Addresses", "ipv6AddressCount", "status", "securityGroupIds", "securityGroups", "networkInterfaceName", "name", "instanceType", "networkInterfaceTrafficMode", "queueNumber", "resourceGroupId", "sourceDestCheck", "deleteOnRelease"},
		create:   createEni,
		update:   updateEni,
		delete:   deleteEni,
		refresh:  refreshEni,
	})
}

// allEnis returns every ENI of the cloud: the ENI resources and the ENIs
// that instances created themselves.
func allEnis(s *State) []*Record {
	return append(s.of(TokenEni), s.of(TokenInstanceEni)...)
}

// findEni finds an ENI of either kind in the call's region.
func findEni(c *call, input, id string) (*Record, error) {
	if r, ok := c.s.get(TokenEni, id, c.region); ok {
		return r, nil
	}
	if r, ok := c.s.get(TokenInstanceEni, id, c.region); ok {
		return r, nil
	}
	return nil, notFound("InvalidNetworkInterfaceId.NotFound", input, id, c.region)
}

// eniIPs returns the primary and secondary private IPv4 addresses of an ENI.
func eniIPs(eni *Record) []string {
	out := []string{str(eni.Attrs, "primaryIpAddress")}
	return append(out, strList(eni.Attrs, "privateIpAddresses")...)
}

// usedIPs maps every private IPv4 address of a vSwitch to the ENI holding it.
func usedIPs(s *State, vswID string) map[string]string {
	used := map[string]string{}
	for _, eni := range allEnis(s) {
		if str(eni.Attrs, "vswitchId") != vswID {
			continue
		}
		for _, ip := range eniIPs(eni) {
			used[ip] = eni.ID
		}
	}
	return used
}

// checkPrivateIP refuses an address outside the vSwitch, reserved, or held
// by another ENI.
func checkPrivateIP(sw *Record, used map[string]string, input, value, self string) error {
	ip, err := parseIP(input, value)
	if err != nil {
		return err
	}
	p := switchPrefix(sw)
	if !p.Contains(ip) {
		return refuse("InvalidPrivateIpAddress.NotInVSwitch", "%s %s is not inside vSwitch %s (%s): pick an address of the vSwitch's CIDR block", input, ip, sw.ID, p)
	}
	if isReserved(p, ip) {
		return refuse("InvalidPrivateIpAddress.Reserved", "%s %s is reserved in vSwitch %s (%s): the first and the last three addresses of a vSwitch are reserved", input, ip, sw.ID, p)
	}
	if holder, ok := used[ip.String()]; ok && holder != self {
		return refuse("InvalidIpAddress.AlreadyUsed", "%s %s is already used by %s in vSwitch %s: pick a free address", input, ip, holder, sw.ID)
	}
	return nil
}

// allocIP returns the lowest free usable address of a vSwitch.
func allocIP(sw *Record, used map[string]string) (string, error) {
	var found string
	usableAddrs(switchPrefix(sw), func(a netip.Addr) bool {
		if _, taken := used[a.String()]; taken {
			return true
		}
		found = a.String()
		return false
	})
	if found == "" {
		return "", refuse("QuotaExceeded.PrivateIpAddress", "vSwitch %s (%s) has no free address left: use a larger vSwitch", sw.ID, switchPrefix(sw))
	}
	return found, nil
}

// setPrimary assigns the primary private IPv4 address of a new ENI.
func setPrimary(c *call, sw *Record, eni *Record, input, wanted string) error {
	used := usedIPs(c.s, sw.ID)
	if wanted == "" {
		ip, err := allocIP(sw, used)
		if err != nil {
			return err
		}
		wanted = ip
	} else if err := checkPrivateIP(sw, used, input, wanted, eni.ID); err != nil {
		return err
	}
	eni.Attrs["primaryIpAddress"] = wanted
	eni.Attrs["privateIp"] = wanted
	if eni.Attrs["privateIpAddresses"] == nil {
		eni.Attrs["privateIpAddresses"] = []any{}
	}
	return nil
}

// setSecondaries makes the ENI's secondary addresses match an explicit list
// or a count, keeping the addresses that stay.
func setSecondaries(c *call, eni *Record, input string, explicit []string, hasExplicit bool, count int) error {
	sw, err := getSwitch(c, str(eni.Attrs, "vswitchId"))
	if err != nil {
		return err
	}
	current := strList(eni.Attrs, "privateIpAddresses")
	var desired []string
	if hasExplicit {
		seen := map[string]bool{str(eni.Attrs, "primaryIpAddress"): true}
		for _, ip := range explicit {
			if seen[ip] {
				return refuse("InvalidIpAddress.AlreadyUsed", "%s lists %s twice or repeats the primary address of ENI %s: list each secondary address once", input, ip, eni.ID)
			}
			seen[ip] = true
		}
		desired = explicit
	} else {
		if count < len(current) {
			desired = current[:count]
		} else {
			desired = current
		}
	}
	for _, ip := range current {
		if !slices.Contains(desired, ip) {
			releaseNatBinding(c.s, eni, ip)
		}
	}
	used := usedIPs(c.s, sw.ID)
	for _, ip := range eniIPs(eni) {
		used[ip] = eni.ID
	}
	for _, ip := range desired {
		if slices.Contains(current, ip) {
			continue
		}
		if err := checkPrivateIP(sw, used, input, ip, eni.ID); err != nil {
			return err
		}
		used[ip] = eni.ID
	}
	if !hasExplicit {
		desired = slices.Clone(desired)
		for len(desired) < count {
			ip, err := allocIP(sw, used)
			if err != nil {
				return err
			}
			used[ip] = eni.ID
			desired = append(desired, ip)
		}
	}
	if inst := attachedInstance(c.s, eni); inst != nil {
		if err := checkIPQuota(inst, eni.ID, len(desired)); err != nil {
			return err
		}
	}
	eni.Attrs["privateIpAddresses"] = anyList(desired)
	eni.Attrs["privateIps"] = anyList(desired)
	eni.Attrs["privateIpsCount"] = float64(len(desired))
	eni.Attrs["secondaryPrivateIpAddressCount"] = float64(len(desired))
	return nil
}

// setIpv6 makes the ENI's IPv6 addresses match an explicit list or a count.
func setIpv6(c *call, eni *Record, explicit []string, hasExplicit bool, count int) error {
	current := strList(eni.Attrs, "ipv6Addresses")
	ids, _ := eni.Internal["ipv6Ids"].(obj)
	if ids == nil {
		ids = obj{}
	}
	var desired []string
	if hasExplicit {
		desired = explicit
	} else if count < len(current) {
		desired = current[:count]
	} else {
		desired = slices.Clone(current)
	}
	if len(desired) == len(current) && slices.Equal(desired, current) && (hasExplicit || count == len(current)) {
		eni.Internal["ipv6Ids"] = ids
		return nil
	}
	for _, ip := range current {
		if !slices.Contains(desired, ip) {
			if bw := bandwidthOnAddress(c.s, str(ids, ip)); bw != nil {
				return refuse("DependencyViolation.Ipv6InternetBandwidth", "cannot remove IPv6 address %s from ENI %s: Ipv6InternetBandwidth %s still uses it; delete it first", ip, eni.ID, bw.ID)
			}
			delete(ids, ip)
		}
	}
	sw, err := getSwitch(c, str(eni.Attrs, "vswitchId"))
	if err != nil {
		return err
	}
	block := str(sw.Attrs, "ipv6CidrBlock")
	if (len(desired) > 0 || count > 0) && block == "" {
		return refuse("InvalidVSwitch.Ipv6NotTurnOn", "ENI %s asks for IPv6 addresses but vSwitch %s has no IPv6 CIDR block: set ipv6CidrBlockMask on the vSwitch", eni.ID, sw.ID)
	}
	used := map[string]bool{}
	for _, ip := range current {
		used[ip] = true
	}
	for _, other := range allEnis(c.s) {
		for _, ip := range strList(other.Attrs, "ipv6Addresses") {
			used[ip] = true
		}
	}
	var prefix netip.Prefix
	if block != "" {
		prefix = netip.MustParsePrefix(block)
	}
	for _, ip := range desired {
		if slices.Contains(current, ip) {
			continue
		}
		a, err := netip.ParseAddr(ip)
		if err != nil || !a.Is6() || !prefix.Contains(a) {
			return refuse("InvalidIpv6Address.NotInVSwitch", "ipv6Addresses %q is not inside vSwitch %s (%s): pick an address of the vSwitch's IPv6 block", ip, sw.ID, block)
		}
		if used[a.String()] {
			return refuse("InvalidIpAddress.AlreadyUsed", "ipv6Addresses %s is already used in vSwitch %s: pick a free address", ip, sw.ID)
		}
		used[a.String()] = true
	}
	for n := 0x100; !hasExplicit && len(desired) < count; n++ {
		b := prefix.Addr().As16()
		b[14], b[15] = byte(n>>8), byte(n)
		ip := netip.AddrFrom16(b).String()
		if !used[ip] {
			used[ip] = true
			desired = append(desired, ip)
		}
	}
	if inst := attachedInstance(c.s, eni); inst != nil {
		if t, ok := lookupInstanceType(str(inst.Attrs, "instanceType")); ok && len(desired) > t.ENIIpv6Quantity {
			return refuse("QuotaExceeded.Ipv6Address", "ENI %s would hold %d IPv6 addresses but instance type %s allows %d per ENI", eni.ID, len(desired), t.ID, t.ENIIpv6Quantity)
		}
	}
	for _, ip := range desired {
		if str(ids, ip) == "" {
			ids[ip] = newID(c.s, "ipv6", c.region)
		}
	}
	eni.Internal["ipv6Ids"] = ids
	eni.Attrs["ipv6Addresses"] = anyList(desired)
	eni.Attrs["ipv6AddressCount"] = float64(len(desired))
	return nil
}

// releaseNatBinding releases the NAT association of the EIP on a private IP
// that is being unassigned from an ENI: the binding goes with the address and
// the EIP becomes Available. Inferred: Alibaba's UnassignPrivateIpAddresses
// documentation lists no refusal for an address that carries an EIP. The
// association record disappears, so a later delete of the EipAssociation
// resource finds nothing to do and succeeds.
func releaseNatBinding(s *State, eni *Record, ip string) {
	if a := associationOnIP(s, eni.ID, ip); a != nil {
		delete(s.Resources, a.ID)
	}
}

// attachedInstance returns the instance an ENI is attached to, if any.
func attachedInstance(s *State, eni *Record) *Record {
	id := str(eni.Internal, "instanceId")
	if id == "" {
		return nil
	}
	inst, ok := s.Resources[id]
	if !ok {
		return nil
	}
	return inst
}

// checkIPQuota refuses more private addresses than the instance type allows.
func checkIPQuota(inst *Record, eniID string, secondaries int) error {
	t, ok := lookupInstanceType(str(inst.Attrs, "instanceType"))
	if !ok {
		return nil
	}
	if secondaries+1 > t.ENIPrivateIPQuantity {
		return refuse("QuotaExceeded.PrivateIpAddress", "ENI %s would hold %d private IPv4 addresses (1 primary + %d secondary) but instance type %s allows %d per ENI: use at most %d secondary addresses or a larger type", eniID, secondaries+1, secondaries, t.ID, t.ENIPrivateIPQuantity, t.ENIPrivateIPQuantity-1)
	}
	return nil
}

// buildEni creates the addresses and identity of an ENI record.
func buildEni(c *call, in obj, r *Record, sw *Record, role string) error {
	vpcID := str(sw.Attrs, "vpcId")
	sgs, _ := firstList(in, "securityGroupIds", "securityGroups")
	if err := checkSecurityGroups(c, "securityGroupIds", sgs, vpcID); err != nil {
		return err
	}
	r.ID = newID(c.s, "eni", c.region)
	name := firstStr(in, "networkInterfaceName", "name")
	r.Attrs["vswitchId"] = sw.ID
	r.Attrs["mac"] = newMac(c.s)
	r.Attrs["status"] = "Available"
	r.Attrs["networkInterfaceName"], r.Attrs["name"] = name, name
	r.Attrs["securityGroupIds"], r.Attrs["securityGroups"] = anyList(sgs), anyList(sgs)
	r.Attrs["instanceType"] = role
	if t := str(in, "instanceType"); t != "" {
		r.Attrs["instanceType"] = t
	}
	r.Attrs["networkInterfaceTrafficMode"] = "Standard"
	if m := str(in, "networkInterfaceTrafficMode"); m != "" {
		r.Attrs["networkInterfaceTrafficMode"] = m
	}
	r.Attrs["sourceDestCheck"] = boolean(in, "sourceDestCheck", true)
	r.Attrs["deleteOnRelease"] = boolean(in, "deleteOnRelease", role == "Primary")
	r.Attrs["ipv6Addresses"] = []any{}
	r.Attrs["ipv6AddressCount"] = float64(0)
	r.Internal["vpcId"] = vpcID
	r.Internal["zoneId"] = str(sw.Attrs, "zoneId")
	r.Internal["role"] = role
	r.Internal["createTime"] = now()
	return nil
}

func createEni(c *call, in obj, r *Record) error {
	sw, err := getSwitch(c, str(in, "vswitchId"))
	if err != nil {
		return err
	}
	if err := buildEni(c, in, r, sw, "Secondary"); err != nil {
		return err
	}
	if err := setPrimary(c, sw, r, "primaryIpAddress", firstStr(in, "primaryIpAddress", "privateIp")); err != nil {
		return err
	}
	explicit, hasExplicit := firstList(in, "privateIpAddresses", "privateIps")
	count, _ := num(in, "secondaryPrivateIpAddressCount")
	if n, ok := num(in, "privateIpsCount"); ok {
		count = n
	}
	if err := setSecondaries(c, r, "privateIpAddresses", explicit, hasExplicit, count); err != nil {
		return err
	}
	v6, hasV6 := firstList(in, "ipv6Addresses")
	v6count, _ := num(in, "ipv6AddressCount")
	return setIpv6(c, r, v6, hasV6, v6count)
}

// applyEniAddressChanges applies changes to the secondary and IPv6 inputs
// of an ENI, for the ENI resource and for an instance's primary ENI.
func applyEniAddressChanges(c *call, eni *Record, oldIn, in obj, listKeys []string, countKeys []string, v6List, v6Count string) error {
	explicit, hasExplicit := firstList(in, listKeys...)
	oldExplicit, hadExplicit := firstList(oldIn, listKeys...)
	count, hasCount := -1, false
	for _, k := range countKeys {
		if n, ok := num(in, k); ok {
			count, hasCount = n, true
		}
	}
	oldCount := -1
	for _, k := range countKeys {
		if n, ok := num(oldIn, k); ok {
			oldCount = n
		}
	}
	switch {
	case hasExplicit && (!hadExplicit || !slices.Equal(explicit, oldExplicit)):
		if err := setSecondaries(c, eni, listKeys[0], explicit, true, 0); err != nil {
			return err
		}
	case !hasExplicit && hasCount && count != oldCount:
		if err := setSecondaries(c, eni, listKeys[0], nil, false, count); err != nil {
			return err
		}
	}
	v6, hasV6 := firstList(in, v6List)
	oldV6, hadV6 := firstList(oldIn, v6List)
	v6count, hasV6Count := num(in, v6Count)
	oldV6Count, _ := num(oldIn, v6Count)
	switch {
	case hasV6 && (!hadV6 || !slices.Equal(v6, oldV6)):
		return setIpv6(c, eni, v6, true, 0)
	case !hasV6 && hasV6Count && v6count != oldV6Count:
		return setIpv6(c, eni, nil, false, v6count)
	}
	return nil
}

func updateEni(c *call, r *Record, oldIn, in, attrs obj) error {
	// Work on the live record so that address helpers see current values.
	keep := copyObj(r.Attrs)
	for _, k := range []string{"networkInterfaceName", "name", "description", "tags", "queueNumber", "sourceDestCheck", "deleteOnRelease"} {
		if v, ok := attrs[k]; ok {
			r.Attrs[k] = v
		}
	}
	name := firstStr(in, "networkInterfaceName", "name")
	r.Attrs["networkInterfaceName"], r.Attrs["name"] = name, name
	if sgs, ok := firstList(in, "securityGroupIds", "securityGroups"); ok {
		if err := checkSecurityGroups(c, "securityGroupIds", sgs, str(r.Internal, "vpcId")); err != nil {
			r.Attrs = keep
			return err
		}
		r.Attrs["securityGroupIds"], r.Attrs["securityGroups"] = anyList(sgs), anyList(sgs)
	}
	if err := applyEniAddressChanges(c, r, oldIn, in, []string{"privateIpAddresses", "privateIps"}, []string{"secondaryPrivateIpAddressCount", "privateIpsCount"}, "ipv6Addresses", "ipv6AddressCount"); err != nil {
		r.Attrs = keep
		return err
	}
	for k, v := range r.Attrs {
		attrs[k] = v
	}
	return nil
}

func refreshEni(c *call, r *Record) {
	if str(r.Internal, "instanceId") != "" {
		r.Attrs["status"] = "InUse"
	} else {
		r.Attrs["status"] = "Available"
	}
}

func deleteEni(c *call, r *Record) error {
	if inst := str(r.Internal, "instanceId"); inst != "" {
		return refuse("InvalidOperation.InvalidEniState", "ENI %s is attached to instance %s: delete the EcsNetworkInterfaceAttachment first", r.ID, inst)
	}
	if as := associationsOn(c.s, r.ID); len(as) > 0 {
		return refuse("DependencyViolation.EipAssociation", "ENI %s still has EIP association %s: delete the EipAssociation first", r.ID, as[0].ID)
	}
	ids, _ := r.Internal["ipv6Ids"].(obj)
	for _, id := range ids {
		if bw := bandwidthOnAddress(c.s, id.(string)); bw != nil {
			return refuse("DependencyViolation.Ipv6InternetBandwidth", "ENI %s has IPv6 address %s with Ipv6InternetBandwidth %s: delete the bandwidth first", r.ID, id, bw.ID)
		}
	}
	return nil
}

// eniLabel names an ENI and its role for messages.
func eniLabel(eni *Record) string {
	return strings.ToLower(str(eni.Internal, "role")) + " ENI " + eni.ID
}
