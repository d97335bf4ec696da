package emulator

func init() {
	register(&kind{
		token:    TokenIpv6Gateway,
		required: []string{"vpcId"},
		forceNew: set("vpcId"),
		computed: []string{"ipv6GatewayId", "status", "businessStatus", "createTime", "expiredTime", "instanceChargeType", "spec", "ipv6GatewayName", "resourceGroupId"},
		create:   createIpv6Gateway,
		delete:   deleteIpv6Gateway,
	})
	register(&kind{
		token:    TokenIpv6Bandwidth,
		required: []string{"bandwidth", "ipv6AddressId", "ipv6GatewayId"},
		forceNew: set("internetChargeType", "ipv6GatewayId"),
		computed: []string{"status", "internetChargeType"},
		create:   createIpv6Bandwidth,
		update:   updateIpv6Bandwidth,
	})
}

func createIpv6Gateway(c *call, in obj, r *Record) error {
	vpc, err := getVpc(c, str(in, "vpcId"))
	if err != nil {
		return err
	}
	for _, gw := range c.s.of(TokenIpv6Gateway) {
		if str(gw.Attrs, "vpcId") == vpc.ID {
			return refuse("QuotaExceeded.Ipv6Gateway", "VPC %s already has IPv6 gateway %s: a VPC takes one IPv6 gateway", vpc.ID, gw.ID)
		}
	}
	r.ID = newID(c.s, "ipv6gw", c.region)
	r.Attrs = obj{"ipv6GatewayId": r.ID, "vpcId": vpc.ID, "status": "Available", "businessStatus": "Normal",
		"createTime": now(), "expiredTime": "", "instanceChargeType": "PayAsYouGo", "spec": orDefault(in, "spec", "Small"),
		"ipv6GatewayName": orDefault(in, "ipv6GatewayName", ""), "resourceGroupId": orDefault(in, "resourceGroupId", "")}
	return nil
}

func deleteIpv6Gateway(c *call, r *Record) error {
	for _, bw := range c.s.of(TokenIpv6Bandwidth) {
		if str(bw.Attrs, "ipv6GatewayId") == r.ID {
			return refuse("DependencyViolation.Ipv6InternetBandwidth", "IPv6 gateway %s still carries Ipv6InternetBandwidth %s: delete it first", r.ID, bw.ID)
		}
	}
	return nil
}

// ipv6Address is one IPv6 address of an ENI, as getIpv6Addresses shows it.
type ipv6Address struct {
	ID, Address string
	Eni         *Record
}

// allIpv6Addresses lists the IPv6 addresses of every ENI of a region.
func allIpv6Addresses(s *State, region string) []ipv6Address {
	var out []ipv6Address
	for _, eni := range allEnis(s) {
		if eni.Region != region {
			continue
		}
		ids, _ := eni.Internal["ipv6Ids"].(obj)
		for _, ip := range strList(eni.Attrs, "ipv6Addresses") {
			out = append(out, ipv6Address{ID: str(ids, ip), Address: ip, Eni: eni})
		}
	}
	return out
}

// bandwidthOnAddress returns the Ipv6InternetBandwidth of an address id.
func bandwidthOnAddress(s *State, addrID string) *Record {
	for _, bw := range s.of(TokenIpv6Bandwidth) {
		if str(bw.Attrs, "ipv6AddressId") == addrID {
			return bw
		}
	}
	return nil
}

func checkIpv6Bandwidth(c *call, self *Record, in obj) error {
	gw, ok := c.s.get(TokenIpv6Gateway, str(in, "ipv6GatewayId"), c.region)
	if !ok {
		return notFound("InvalidIpv6GatewayId.NotFound", "ipv6GatewayId", str(in, "ipv6GatewayId"), c.region)
	}
	addrID := str(in, "ipv6AddressId")
	var addr *ipv6Address
	for _, a := range allIpv6Addresses(c.s, c.region) {
		if a.ID == addrID {
			addr = &a
			break
		}
	}
	if addr == nil {
		return notFound("InvalidIpv6AddressId.NotFound", "ipv6AddressId", addrID, c.region)
	}
	if v := str(addr.Eni.Internal, "vpcId"); v != str(gw.Attrs, "vpcId") {
		return refuse("InvalidIpv6GatewayId.VpcMismatch", "IPv6 address %s is in VPC %s but gateway %s is in VPC %s: use the gateway of the address's VPC", addrID, v, gw.ID, str(gw.Attrs, "vpcId"))
	}
	if bw := bandwidthOnAddress(c.s, addrID); bw != nil && bw != self {
		return refuse("InvalidIpv6Address.BandwidthExists", "IPv6 address %s already has Ipv6InternetBandwidth %s: an address takes one", addrID, bw.ID)
	}
	if n, _ := num(in, "bandwidth"); n < 1 || n > 5000 {
		return refuse("InvalidParameter.Bandwidth", "bandwidth %d is outside 1-5000 Mbit/s", n)
	}
	return nil
}

func createIpv6Bandwidth(c *call, in obj, r *Record) error {
	if err := checkIpv6Bandwidth(c, nil, in); err != nil {
		return err
	}
	r.ID = newID(c.s, "ipv6bw", c.region)
	r.Attrs = obj{"status": "Normal", "internetChargeType": orDefault(in, "internetChargeType", "PayByBandwidth")}
	return nil
}

func updateIpv6Bandwidth(c *call, r *Record, oldIn, in, attrs obj) error {
	return checkIpv6Bandwidth(c, r, in)
}
