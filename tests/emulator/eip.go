package emulator

import (
	"net/netip"
	"slices"
)

func init() {
	register(&kind{
		token:    TokenEip,
		forceNew: set("allocationId", "highDefinitionMonitorLogStatus", "internetChargeType", "ipAddress", "isp", "netmode", "paymentType", "publicIpAddressPoolId", "securityProtectionTypes", "zone"),
		computed: []string{"ipAddress", "status", "allocationId", "createTime", "bandwidth", "internetChargeType", "paymentType", "isp", "netmode", "addressName", "name", "resourceGroupId", "instanceChargeType", "deletionProtection"},
		create:   createEip,
		update:   updateEip,
		delete:   deleteEip,
		refresh:  refreshEip,
	})
}

func createEip(c *call, in obj, r *Record) error {
	used := map[string]bool{}
	for _, e := range c.s.of(TokenEip) {
		used[str(e.Attrs, "ipAddress")] = true
	}
	ip := str(in, "ipAddress")
	if ip != "" {
		a, err := netip.ParseAddr(ip)
		if err != nil || !a.Is4() {
			return refuse("InvalidIpAddress.Malformed", "ipAddress %q is not an IPv4 address", ip)
		}
		if !slices.ContainsFunc(eipPools, func(p netip.Prefix) bool { return p.Contains(a) }) {
			return refuse("InvalidIpAddress.NotAvailable", "ipAddress %s is not in the emulator's EIP pools %v: omit ipAddress or pick one of them", a, eipPools)
		}
		if used[a.String()] {
			return refuse("InvalidIpAddress.AlreadyUsed", "ipAddress %s is already allocated to another EIP: omit ipAddress or pick a free one", a)
		}
	} else {
		for _, pool := range eipPools {
			for a := pool.Addr().Next(); pool.Contains(a) && a != lastAddr(pool); a = a.Next() {
				if !used[a.String()] {
					ip = a.String()
					break
				}
			}
			if ip != "" {
				break
			}
		}
		if ip == "" {
			return refuse("QuotaExceeded.Eip", "the emulator's EIP pools %v are exhausted: release EIPs first", eipPools)
		}
	}
	r.ID = newID(c.s, "eip", c.region)
	name := firstStr(in, "addressName", "name")
	r.Attrs = obj{
		"allocationId": r.ID, "ipAddress": ip, "status": "Available", "createTime": now(),
		"addressName": name, "name": name, "bandwidth": orDefault(in, "bandwidth", "5"),
		"internetChargeType": orDefault(in, "internetChargeType", "PayByBandwidth"),
		"paymentType":        orDefault(in, "paymentType", "PayAsYouGo"), "instanceChargeType": orDefault(in, "instanceChargeType", "PostPaid"),
		"isp": orDefault(in, "isp", "BGP"), "netmode": orDefault(in, "netmode", "public"),
		"deletionProtection": orDefault(in, "deletionProtection", false), "resourceGroupId": orDefault(in, "resourceGroupId", ""),
		"description": orDefault(in, "description", ""),
	}
	return nil
}

func updateEip(c *call, r *Record, oldIn, in, attrs obj) error {
	name := firstStr(in, "addressName", "name")
	attrs["addressName"], attrs["name"] = name, name
	for k, def := range map[string]any{"bandwidth": "5", "deletionProtection": false, "description": ""} {
		if _, ok := in[k]; !ok {
			attrs[k] = def
		}
	}
	return nil
}

func refreshEip(c *call, r *Record) {
	if a := associationOfEip(c.s, r.ID); a != nil {
		r.Attrs["status"] = "InUse"
	} else {
		r.Attrs["status"] = "Available"
	}
}

func deleteEip(c *call, r *Record) error {
	if boolean(r.Attrs, "deletionProtection", false) {
		return refuse("OperationDenied.DeletionProtection", "EIP %s (%s) has deletionProtection enabled: set deletionProtection false before releasing it", r.ID, str(r.Attrs, "ipAddress"))
	}
	if a := associationOfEip(c.s, r.ID); a != nil {
		return refuse("IncorrectEipStatus", "EIP %s (%s) is InUse by association %s: delete the EipAssociation before releasing the EIP", r.ID, str(r.Attrs, "ipAddress"), a.ID)
	}
	return nil
}
