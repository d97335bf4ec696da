package emulator

func init() {
	register(&kind{
		token:    tokSecurityGroup,
		forceNew: set("vpcId", "securityGroupType", "resourceGroupId"),
		computed: []string{"createTime", "securityGroupName", "name", "securityGroupType", "innerAccessPolicy"},
		create:   createSecurityGroup,
		delete:   deleteSecurityGroup,
	})
}

func createSecurityGroup(c *call, in obj, r *Record) error {
	if vpcID := str(in, "vpcId"); vpcID != "" {
		if _, err := getVpc(c, vpcID); err != nil {
			return err
		}
	}
	r.ID = newID(c.s, "sg", c.region)
	name := firstStr(in, "securityGroupName", "name")
	typ := str(in, "securityGroupType")
	if typ == "" {
		typ = "normal"
	}
	r.Attrs = obj{"securityGroupName": name, "name": name, "securityGroupType": typ, "createTime": now(), "innerAccessPolicy": "Accept"}
	return nil
}

// checkSecurityGroups refuses unknown groups or groups of another VPC.
func checkSecurityGroups(c *call, input string, ids []string, vpcID string) error {
	for _, id := range ids {
		sg, ok := c.s.get(tokSecurityGroup, id, c.region)
		if !ok {
			return notFound("InvalidSecurityGroupId.NotFound", input, id, c.region)
		}
		if v := str(sg.Attrs, "vpcId"); v != "" && v != vpcID {
			return refuse("InvalidSecurityGroupId.VpcMismatch", "%s %s belongs to VPC %s, not to VPC %s of the vSwitch: use a security group of the same VPC", input, id, v, vpcID)
		}
	}
	return nil
}

func deleteSecurityGroup(c *call, r *Record) error {
	for _, eni := range allEnis(c.s) {
		for _, id := range strList(eni.Attrs, "securityGroupIds") {
			if id == r.ID {
				return refuse("DependencyViolation", "security group %s is still used by ENI %s: delete or change that ENI first", r.ID, eni.ID)
			}
		}
	}
	for _, inst := range c.s.of(tokInstance) {
		for _, id := range strList(inst.Attrs, "securityGroups") {
			if id == r.ID {
				return refuse("DependencyViolation", "security group %s is still used by instance %s: delete or change that instance first", r.ID, inst.ID)
			}
		}
	}
	return nil
}
