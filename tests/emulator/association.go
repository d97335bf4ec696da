package emulator

import (
	"slices"
	"strings"
)

// MaxMultiBindedEipsPerEni is the number of EIPs an ENI takes in
// MULTI_BINDED mode.
const MaxMultiBindedEipsPerEni = 10

func init() {
	register(&kind{
		token:    TokenEipAssociation,
		required: []string{"allocationId", "instanceId"},
		forceNew: set("allocationId", "instanceId", "instanceType", "privateIpAddress", "vpcId"),
		computed: []string{"instanceType", "mode", "privateIpAddress", "vpcId"},
		create:   createAssociation,
		update:   updateAssociation,
	})
}

// associationOfEip returns the association of an EIP, if any.
func associationOfEip(s *State, eipID string) *Record {
	for _, a := range s.of(TokenEipAssociation) {
		if str(a.Attrs, "allocationId") == eipID {
			return a
		}
	}
	return nil
}

// associationsOn returns the associations whose target is the given ENI.
func associationsOn(s *State, eniID string) []*Record {
	var out []*Record
	for _, a := range s.of(TokenEipAssociation) {
		if str(a.Internal, "eniId") == eniID {
			out = append(out, a)
		}
	}
	return out
}

// associationOnIP returns the NAT association on one private IP of an ENI.
func associationOnIP(s *State, eniID, ip string) *Record {
	for _, a := range associationsOn(s, eniID) {
		if str(a.Attrs, "privateIpAddress") == ip {
			return a
		}
	}
	return nil
}

// resolveInstanceType mimics the provider: only lb- and ngw- ids are
// recognised; anything else is sent as EcsInstance.
func resolveInstanceType(in obj) string {
	if t := str(in, "instanceType"); t != "" {
		return t
	}
	id := str(in, "instanceId")
	switch {
	case strings.HasPrefix(id, "lb-"):
		return "SlbInstance"
	case strings.HasPrefix(id, "ngw-"):
		return "Nat"
	}
	return "EcsInstance"
}

// planAssociation validates an association and returns the target ENI,
// the resolved mode and private IP.
func planAssociation(c *call, self *Record, in obj) (eni *Record, typ, mode, ip string, err error) {
	eipID := str(in, "allocationId")
	eip, ok := c.s.get(TokenEip, eipID, c.region)
	if !ok {
		return nil, "", "", "", notFound("InvalidAllocationId.NotFound", "allocationId", eipID, c.region)
	}
	if a := associationOfEip(c.s, eip.ID); a != nil && a != self {
		return nil, "", "", "", refuse("IncorrectEipStatus", "EIP %s (%s) is already associated (%s): an EIP binds one target at a time; delete that association first (use deleteBeforeReplace when replacing it)", eip.ID, str(eip.Attrs, "ipAddress"), a.ID)
	}
	typ = resolveInstanceType(in)
	target := str(in, "instanceId")
	mode = str(in, "mode")
	if mode == "" {
		mode = "NAT"
	}
	if !slices.Contains([]string{"NAT", "BINDED", "MULTI_BINDED"}, mode) {
		return nil, "", "", "", refuse("InvalidParameter.Mode", "mode %q is not one of NAT, BINDED, MULTI_BINDED", mode)
	}
	ip = str(in, "privateIpAddress")
	switch typ {
	case "EcsInstance":
		inst, err := getInstance(c, "instanceId", target)
		if err != nil {
			if strings.HasPrefix(target, "eni-") {
				err = refuse("InvalidInstanceId.NotFound", "instanceId %s is an ENI but instanceType is EcsInstance (the provider's default for ids other than lb- and ngw-): set instanceType NetworkInterface", target)
			}
			return nil, "", "", "", err
		}
		if mode != "NAT" {
			return nil, "", "", "", refuse("InvalidParameter.Mode", "mode %s applies to a secondary ENI, not to ECS instance %s: use instanceType NetworkInterface with a secondary ENI", mode, inst.ID)
		}
		eni, err = findEni(c, "instanceId", str(inst.Attrs, "networkInterfaceId"))
		if err != nil {
			return nil, "", "", "", err
		}
	case "NetworkInterface":
		eni, err = findEni(c, "instanceId", target)
		if err != nil {
			return nil, "", "", "", err
		}
	default:
		return nil, "", "", "", refuse("InvalidParameter.InstanceType", "instanceType %s is not emulated: the emulator associates EIPs with EcsInstance and NetworkInterface targets", typ)
	}
	var others []*Record
	for _, a := range associationsOn(c.s, eni.ID) {
		if a != self {
			others = append(others, a)
		}
	}
	for _, a := range others {
		if om := str(a.Attrs, "mode"); om != mode {
			return nil, "", "", "", refuse("InvalidAssociation.ModeConflict", "ENI %s already has EIP %s in %s mode; it cannot also take an EIP in %s mode: use one mode per ENI", eni.ID, str(a.Attrs, "allocationId"), om, mode)
		}
	}
	switch mode {
	case "NAT":
		if ip == "" {
			ip = str(eni.Attrs, "primaryIpAddress")
		}
		if !slices.Contains(eniIPs(eni), ip) {
			return nil, "", "", "", refuse("InvalidPrivateIpAddress.NotFound", "privateIpAddress %s is not an address of %s (it has %v): add it to the ENI's privateIpAddresses first or pick one of them", ip, eniLabel(eni), eniIPs(eni))
		}
		for _, a := range others {
			if str(a.Attrs, "privateIpAddress") == ip {
				return nil, "", "", "", refuse("InvalidPrivateIpAddress.AlreadyAssociated", "private IP %s of ENI %s already has EIP %s (%s): in NAT mode each private IP takes one EIP; pick another private IP", ip, eni.ID, str(a.Attrs, "allocationId"), a.ID)
			}
		}
	case "BINDED", "MULTI_BINDED":
		if str(eni.Internal, "role") == "Primary" {
			return nil, "", "", "", refuse("InvalidOperation.EniType", "mode %s needs a secondary ENI but %s is a primary ENI: use NAT mode or a secondary ENI", mode, eni.ID)
		}
		if inst := str(eni.Internal, "instanceId"); inst != "" {
			return nil, "", "", "", refuse("IncorrectStatus.NetworkInterface", "ENI %s is attached to instance %s: in %s mode associate the EIP before attaching the ENI (detach it first)", eni.ID, inst, mode)
		}
		limit := 1
		if mode == "MULTI_BINDED" {
			limit = MaxMultiBindedEipsPerEni
		}
		if len(others) >= limit {
			return nil, "", "", "", refuse("QuotaExceeded.EipPerEni", "ENI %s already has %d EIPs in %s mode, the maximum is %d", eni.ID, len(others), mode, limit)
		}
		ip = ""
	}
	return eni, typ, mode, ip, nil
}

func createAssociation(c *call, in obj, r *Record) error {
	eni, typ, mode, ip, err := planAssociation(c, nil, in)
	if err != nil {
		return err
	}
	r.ID = str(in, "allocationId") + ":" + str(in, "instanceId")
	if _, taken := c.s.Resources[r.ID]; taken {
		return refuse("IncorrectEipStatus", "EIP %s is already associated with %s", str(in, "allocationId"), str(in, "instanceId"))
	}
	r.Attrs = obj{"allocationId": str(in, "allocationId"), "instanceId": str(in, "instanceId"), "instanceType": typ, "mode": mode, "privateIpAddress": ip, "vpcId": orDefault(in, "vpcId", "")}
	r.Internal["eniId"] = eni.ID
	return nil
}

func updateAssociation(c *call, r *Record, oldIn, in, attrs obj) error {
	eni, typ, mode, ip, err := planAssociation(c, r, in)
	if err != nil {
		return err
	}
	attrs["instanceType"], attrs["mode"], attrs["privateIpAddress"] = typ, mode, ip
	r.Internal["eniId"] = eni.ID
	return nil
}
