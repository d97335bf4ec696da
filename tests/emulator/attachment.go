package emulator

import "strings"

func init() {
	register(&kind{
		token:    TokenAttachment,
		required: []string{"instanceId", "networkInterfaceId"},
		forceNew: set("networkInterfaceId", "instanceId", "trunkNetworkInstanceId", "networkCardIndex"),
		computed: []string{"networkCardIndex"},
		create:   createAttachment,
		delete:   deleteAttachment,
	})
}

func getInstance(c *call, input, id string) (*Record, error) {
	if strings.HasPrefix(id, "eni-") {
		return nil, refuse("InvalidInstanceId.NotFound", "%s %q is an ENI id, not an ECS instance id", input, id)
	}
	r, ok := c.s.get(TokenInstance, id, c.region)
	if !ok {
		return nil, notFound("InvalidInstanceId.NotFound", input, id, c.region)
	}
	return r, nil
}

// attachedEnis returns the ENIs attached to an instance, primary included.
func attachedEnis(s *State, instID string) []*Record {
	var out []*Record
	for _, eni := range allEnis(s) {
		if str(eni.Internal, "instanceId") == instID {
			out = append(out, eni)
		}
	}
	return out
}

// checkHotPlug refuses attaching or detaching on a running instance whose
// type cannot hot-plug ENIs.
func checkHotPlug(inst *Record, action, eniID string) error {
	t, _ := lookupInstanceType(str(inst.Attrs, "instanceType"))
	if !t.HotPlug && str(inst.Attrs, "status") == "Running" {
		return refuse("IncorrectInstanceStatus", "instance %s of type %s is Running and this type cannot hot-plug a secondary ENI: stop the instance (status Stopped) before you %s ENI %s, then start it again", inst.ID, t.ID, action, eniID)
	}
	return nil
}

// attachEni validates and performs the attachment of an ENI to an instance.
func attachEni(c *call, eni, inst *Record) error {
	if str(eni.Internal, "role") == "Primary" {
		return refuse("InvalidOperation.InvalidEniType", "ENI %s is the primary ENI of instance %s and cannot be attached elsewhere", eni.ID, str(eni.Internal, "ownerInstanceId"))
	}
	if other := str(eni.Internal, "instanceId"); other != "" {
		return refuse("InvalidOperation.InvalidEniState", "ENI %s is already attached to instance %s: an ENI attaches to one instance at a time; detach it first (use deleteBeforeReplace on the attachment when replacing it)", eni.ID, other)
	}
	if ev, iv := str(eni.Internal, "vpcId"), str(inst.Attrs, "vpcId"); ev != iv {
		return refuse("InvalidOperation.VpcMismatch", "ENI %s is in VPC %s but instance %s is in VPC %s: an ENI attaches only to an instance of the same VPC", eni.ID, ev, inst.ID, iv)
	}
	if ez, iz := str(eni.Internal, "zoneId"), str(inst.Attrs, "availabilityZone"); ez != iz {
		return refuse("InvalidOperation.ZoneMismatch", "ENI %s is in zone %s but instance %s is in zone %s: an ENI attaches only to an instance of the same zone (its vSwitch may differ)", eni.ID, ez, inst.ID, iz)
	}
	t, ok := lookupInstanceType(str(inst.Attrs, "instanceType"))
	if ok {
		attached := len(attachedEnis(c.s, inst.ID))
		if attached+1 > t.ENIQuantity {
			return refuse("InvalidOperation.MaxEniCountExceeded", "instance %s of type %s already has %d ENIs and the type allows %d (primary included): use a larger type or fewer ENIs", inst.ID, t.ID, attached, t.ENIQuantity)
		}
		if err := checkIPQuota(inst, eni.ID, len(strList(eni.Attrs, "privateIpAddresses"))); err != nil {
			return err
		}
		if n := len(strList(eni.Attrs, "ipv6Addresses")); n > t.ENIIpv6Quantity {
			return refuse("QuotaExceeded.Ipv6Address", "ENI %s holds %d IPv6 addresses but instance type %s allows %d per ENI", eni.ID, n, t.ID, t.ENIIpv6Quantity)
		}
		for _, a := range associationsOn(c.s, eni.ID) {
			if str(a.Attrs, "mode") == "MULTI_BINDED" && !multiEipFamilies[t.Family] {
				return refuse("InvalidInstanceType.NotSupportMultiEip", "ENI %s carries EIPs in MULTI_BINDED mode and instance %s is of family %s, which does not support that mode: use a supported family (e.g. ecs.g5, ecs.c5, ecs.r5, ecs.t5)", eni.ID, inst.ID, t.Family)
			}
		}
	}
	if err := checkHotPlug(inst, "attach", eni.ID); err != nil {
		return err
	}
	eni.Internal["instanceId"] = inst.ID
	eni.Internal["deviceIndex"] = float64(len(attachedEnis(c.s, inst.ID)) - 1)
	eni.Attrs["status"] = "InUse"
	return nil
}

func createAttachment(c *call, in obj, r *Record) error {
	eni, err := findEni(c, "networkInterfaceId", str(in, "networkInterfaceId"))
	if err != nil {
		return err
	}
	inst, err := getInstance(c, "instanceId", str(in, "instanceId"))
	if err != nil {
		return err
	}
	if err := attachEni(c, eni, inst); err != nil {
		return err
	}
	r.ID = eni.ID + ":" + inst.ID
	r.Attrs = obj{"networkInterfaceId": eni.ID, "instanceId": inst.ID}
	if _, ok := in["networkCardIndex"]; !ok {
		r.Attrs["networkCardIndex"] = float64(0)
	}
	return nil
}

func deleteAttachment(c *call, r *Record) error {
	eni, ok := c.s.Resources[str(r.Attrs, "networkInterfaceId")]
	if !ok || str(eni.Internal, "instanceId") != str(r.Attrs, "instanceId") {
		return nil
	}
	if inst, ok := c.s.Resources[str(r.Attrs, "instanceId")]; ok {
		if err := checkHotPlug(inst, "detach", eni.ID); err != nil {
			return err
		}
	}
	delete(eni.Internal, "instanceId")
	delete(eni.Internal, "deviceIndex")
	eni.Attrs["status"] = "Available"
	return nil
}
