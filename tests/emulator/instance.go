package emulator

import "slices"

func init() {
	register(&kind{
		token:    TokenInstance,
		forceNew: set("availabilityZone", "spotStrategy", "spotPriceLimit", "dedicatedHostId", "networkInterfaces", "launchTemplateId", "launchTemplateName", "launchTemplateVersion", "hpcClusterId", "dryRun"),
		computed: []string{"privateIp", "primaryIpAddress", "networkInterfaceId", "networkInterfaces", "availabilityZone", "vpcId", "status", "publicIp", "cpu", "memory", "osType", "osName", "createTime", "startTime", "instanceName", "hostName", "secondaryPrivateIps", "secondaryPrivateIpAddressCount", "ipv6Addresses", "ipv6AddressCount", "securityGroups"},
		create:   createInstance,
		update:   updateInstance,
		delete:   deleteInstance,
		refresh:  refreshInstance,
	})
}

func instanceStatus(in obj) (string, error) {
	st := str(in, "status")
	if st == "" {
		return "Running", nil
	}
	if st != "Running" && st != "Stopped" {
		return "", refuse("InvalidParameter.Status", "status %q is not Running or Stopped", st)
	}
	return st, nil
}

func createInstance(c *call, in obj, r *Record) error {
	t, ok := lookupInstanceType(str(in, "instanceType"))
	if !ok {
		return refuse("InvalidInstanceType.NotFound", "instanceType %q is not in the emulator's catalogue (%s): use one of them", str(in, "instanceType"), knownInstanceTypeNames())
	}
	sw, err := getSwitch(c, str(in, "vswitchId"))
	if err != nil {
		return err
	}
	zone := str(sw.Attrs, "zoneId")
	if z := str(in, "availabilityZone"); z != "" && z != zone {
		return refuse("InvalidVSwitchId.ZoneMismatch", "availabilityZone %s differs from zone %s of vSwitch %s: use a vSwitch of the instance's zone", z, zone, sw.ID)
	}
	status, err := instanceStatus(in)
	if err != nil {
		return err
	}
	vpcID := str(sw.Attrs, "vpcId")
	sgs := strList(in, "securityGroups")
	if err := checkSecurityGroups(c, "securityGroups", sgs, vpcID); err != nil {
		return err
	}
	r.ID = newID(c.s, "i", c.region)
	name := str(in, "instanceName")
	if name == "" {
		name = "ECS-" + r.ID[2:10]
	}
	r.Attrs = obj{
		"instanceType": t.ID, "vswitchId": sw.ID, "vpcId": vpcID, "availabilityZone": zone, "status": status,
		"securityGroups": anyList(sgs), "cpu": float64(t.CPU), "memory": t.MemoryGiB * 1024, "osType": "linux",
		"osName": "Alibaba Cloud Linux 3", "createTime": now(), "startTime": now(), "publicIp": "",
		"instanceName": name, "hostName": orDefault(in, "hostName", "iZ"+r.ID[2:]+"Z"),
		"instanceChargeType": orDefault(in, "instanceChargeType", "PostPaid"),
		"internetChargeType": orDefault(in, "internetChargeType", "PayByTraffic"),
		"deletionProtection": orDefault(in, "deletionProtection", false),
		"systemDiskCategory": orDefault(in, "systemDiskCategory", "cloud_efficiency"),
		"systemDiskSize":     orDefault(in, "systemDiskSize", float64(40)),
	}
	r.Internal["reboots"] = float64(0)
	// The instance's own primary ENI.
	primary := &Record{Type: TokenInstanceEni, Region: c.region, Provider: c.provider, Attrs: obj{}, Internal: obj{}, Inputs: obj{}}
	if err := buildEni(c, obj{"securityGroupIds": anyList(sgs)}, primary, sw, "Primary"); err != nil {
		return err
	}
	primary.Internal["ownerInstanceId"] = r.ID
	primary.Internal["instanceId"] = r.ID
	primary.Internal["deviceIndex"] = float64(0)
	c.s.Resources[primary.ID] = primary
	// Register the instance early so quota checks can find its type.
	c.s.Resources[r.ID] = r
	defer delete(c.s.Resources, r.ID)
	if err := setPrimary(c, sw, primary, "privateIp", str(in, "privateIp")); err != nil {
		return err
	}
	explicit, hasExplicit := firstList(in, "secondaryPrivateIps")
	count, _ := num(in, "secondaryPrivateIpAddressCount")
	if err := setSecondaries(c, primary, "secondaryPrivateIps", explicit, hasExplicit, count); err != nil {
		return err
	}
	v6, hasV6 := firstList(in, "ipv6Addresses")
	v6count, _ := num(in, "ipv6AddressCount")
	if err := setIpv6(c, primary, v6, hasV6, v6count); err != nil {
		return err
	}
	r.Internal["primaryEniId"] = primary.ID
	if ni, ok := in["networkInterfaces"].(obj); ok {
		if err := launchSecondaryEni(c, r, ni); err != nil {
			return err
		}
	}
	return nil
}

// launchSecondaryEni handles the networkInterfaces input: an existing ENI
// is attached, otherwise one is created in the given vSwitch.
func launchSecondaryEni(c *call, inst *Record, ni obj) error {
	if id := str(ni, "networkInterfaceId"); id != "" {
		eni, err := findEni(c, "networkInterfaces.networkInterfaceId", id)
		if err != nil {
			return err
		}
		return attachAtLaunch(c, eni, inst)
	}
	swID := str(ni, "vswitchId")
	if swID == "" {
		swID = str(inst.Attrs, "vswitchId")
	}
	sw, err := getSwitch(c, swID)
	if err != nil {
		return err
	}
	eni := &Record{Type: TokenInstanceEni, Region: c.region, Provider: c.provider, Attrs: obj{}, Internal: obj{}, Inputs: obj{}}
	if err := buildEni(c, obj{"securityGroupIds": orDefault(ni, "securityGroupIds", inst.Attrs["securityGroups"])}, eni, sw, "Secondary"); err != nil {
		return err
	}
	if err := setPrimary(c, sw, eni, "networkInterfaces", ""); err != nil {
		return err
	}
	eni.Internal["ownerInstanceId"] = inst.ID
	c.s.Resources[eni.ID] = eni
	return attachAtLaunch(c, eni, inst)
}

// attachAtLaunch attaches eni to inst as the instance's launch ENI: attached at launch, it
// needs no hot-plug, so inst counts as stopped meanwhile.
func attachAtLaunch(c *call, eni, inst *Record) error {
	saved := inst.Attrs["status"]
	inst.Attrs["status"] = "Stopped"
	err := attachEni(c, eni, inst)
	inst.Attrs["status"] = saved
	if err != nil {
		return err
	}
	inst.Internal["launchEniId"] = eni.ID
	return nil
}

func primaryEni(s *State, inst *Record) *Record {
	return s.Resources[str(inst.Internal, "primaryEniId")]
}

func refreshInstance(c *call, r *Record) {
	eni := primaryEni(c.s, r)
	if eni == nil {
		return
	}
	r.Attrs["privateIp"] = str(eni.Attrs, "primaryIpAddress")
	r.Attrs["primaryIpAddress"] = str(eni.Attrs, "primaryIpAddress")
	r.Attrs["networkInterfaceId"] = eni.ID
	r.Attrs["secondaryPrivateIps"] = eni.Attrs["privateIpAddresses"]
	r.Attrs["secondaryPrivateIpAddressCount"] = eni.Attrs["privateIpsCount"]
	r.Attrs["ipv6Addresses"] = eni.Attrs["ipv6Addresses"]
	r.Attrs["ipv6AddressCount"] = eni.Attrs["ipv6AddressCount"]
	if launch, ok := c.s.Resources[str(r.Internal, "launchEniId")]; ok {
		r.Attrs["networkInterfaces"] = obj{
			"networkCardIndex": float64(0), "networkInterfaceId": launch.ID, "networkInterfaceTrafficMode": str(launch.Attrs, "networkInterfaceTrafficMode"),
			"queuePairNumber": float64(0), "securityGroupIds": launch.Attrs["securityGroupIds"], "sourceDestCheck": true, "vswitchId": str(launch.Attrs, "vswitchId"),
		}
	}
}

func updateInstance(c *call, r *Record, oldIn, in, attrs obj) error {
	status, err := instanceStatus(in)
	if err != nil {
		return err
	}
	attrs["status"] = status
	if t := str(in, "instanceType"); t != str(r.Attrs, "instanceType") {
		nt, ok := lookupInstanceType(t)
		if !ok {
			return refuse("InvalidInstanceType.NotFound", "instanceType %q is not in the emulator's catalogue (%s)", t, knownInstanceTypeNames())
		}
		enis := attachedEnis(c.s, r.ID)
		if len(enis) > nt.ENIQuantity {
			return refuse("InvalidOperation.MaxEniCountExceeded", "instance %s has %d ENIs but type %s allows %d: detach ENIs before changing the type", r.ID, len(enis), nt.ID, nt.ENIQuantity)
		}
		for _, eni := range enis {
			if n := len(strList(eni.Attrs, "privateIpAddresses")); n+1 > nt.ENIPrivateIPQuantity {
				return refuse("QuotaExceeded.PrivateIpAddress", "ENI %s has %d private IPv4 addresses but type %s allows %d per ENI", eni.ID, n+1, nt.ID, nt.ENIPrivateIPQuantity)
			}
		}
		attrs["cpu"], attrs["memory"] = float64(nt.CPU), nt.MemoryGiB*1024
	}
	if str(in, "userData") != str(oldIn, "userData") {
		n, _ := num(r.Internal, "reboots")
		r.Internal["reboots"] = float64(n + 1)
	}
	if sgs := strList(in, "securityGroups"); !slices.Equal(sgs, strList(oldIn, "securityGroups")) {
		if err := checkSecurityGroups(c, "securityGroups", sgs, str(r.Attrs, "vpcId")); err != nil {
			return err
		}
	}
	eni := primaryEni(c.s, r)
	if eni == nil {
		return nil
	}
	if sw := str(in, "vswitchId"); sw != "" && sw != str(r.Attrs, "vswitchId") || str(in, "privateIp") != "" && str(in, "privateIp") != str(eni.Attrs, "primaryIpAddress") {
		if str(r.Attrs, "status") != "Stopped" || status != "Stopped" {
			return refuse("IncorrectInstanceStatus", "changing vswitchId or privateIp of instance %s needs the instance Stopped (status Stopped) first", r.ID)
		}
		newSw, err := getSwitch(c, firstStr(in, "vswitchId"))
		if err != nil {
			return err
		}
		if str(newSw.Attrs, "zoneId") != str(r.Attrs, "availabilityZone") {
			return refuse("InvalidVSwitchId.ZoneMismatch", "vSwitch %s is in zone %s, not in zone %s of instance %s", newSw.ID, str(newSw.Attrs, "zoneId"), str(r.Attrs, "availabilityZone"), r.ID)
		}
		if len(strList(eni.Attrs, "privateIpAddresses")) > 0 {
			return refuse("InvalidOperation.HasSecondaryIp", "instance %s has secondary private IPs on its primary ENI: remove them before moving it to another vSwitch or address", r.ID)
		}
		eni.Attrs["vswitchId"] = newSw.ID
		eni.Attrs["primaryIpAddress"] = ""
		if err := setPrimary(c, newSw, eni, "privateIp", str(in, "privateIp")); err != nil {
			return err
		}
		attrs["vswitchId"] = newSw.ID
		attrs["vpcId"] = str(newSw.Attrs, "vpcId")
	}
	return applyEniAddressChanges(c, eni, oldIn, in, []string{"secondaryPrivateIps"}, []string{"secondaryPrivateIpAddressCount"}, "ipv6Addresses", "ipv6AddressCount")
}

func deleteInstance(c *call, r *Record) error {
	if boolean(r.Attrs, "deletionProtection", false) {
		return refuse("OperationDenied.DeletionProtection", "instance %s has deletionProtection enabled: set it false before deleting the instance", r.ID)
	}
	for _, a := range c.s.of(TokenEipAssociation) {
		if str(a.Attrs, "instanceId") == r.ID || str(a.Internal, "eniId") == str(r.Internal, "primaryEniId") {
			return refuse("DependencyViolation.EipAssociation", "instance %s still has EIP association %s: delete the EipAssociation first", r.ID, a.ID)
		}
	}
	for _, eni := range attachedEnis(c.s, r.ID) {
		if str(eni.Internal, "ownerInstanceId") == r.ID {
			if as := associationsOn(c.s, eni.ID); len(as) > 0 {
				return refuse("DependencyViolation.EipAssociation", "ENI %s of instance %s still has EIP association %s: delete the EipAssociation first", eni.ID, r.ID, as[0].ID)
			}
			delete(c.s.Resources, eni.ID)
			continue
		}
		delete(eni.Internal, "instanceId")
		delete(eni.Internal, "deviceIndex")
		eni.Attrs["status"] = "Available"
		delete(c.s.Resources, eni.ID+":"+r.ID)
	}
	return nil
}
