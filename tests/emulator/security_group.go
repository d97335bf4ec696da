package emulator

import "github.com/eipkit/pulumi-alicloud-eip/alicloudpin"

func init() {
	register(&kind{
		token:    TokenSecurityGroup,
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
		sg, ok := c.s.get(TokenSecurityGroup, id, c.region)
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
	for _, rule := range c.s.of(TokenSecurityGroupRule) {
		if str(rule.Attrs, "securityGroupId") == r.ID {
			delete(c.s.Resources, rule.ID)
		}
	}
	for _, eni := range allEnis(c.s) {
		for _, id := range strList(eni.Attrs, "securityGroupIds") {
			if id == r.ID {
				return refuse("DependencyViolation", "security group %s is still used by ENI %s: delete or change that ENI first", r.ID, eni.ID)
			}
		}
	}
	for _, inst := range c.s.of(TokenInstance) {
		for _, id := range strList(inst.Attrs, "securityGroups") {
			if id == r.ID {
				return refuse("DependencyViolation", "security group %s is still used by instance %s: delete or change that instance first", r.ID, inst.ID)
			}
		}
	}
	return nil
}

// TokenSecurityGroupRule is the token of security group rules, emulated as
// plain records on an existing group.
const TokenSecurityGroupRule = alicloudpin.SecurityGroupRule

func init() {
	register(&kind{
		token:    TokenSecurityGroupRule,
		required: []string{"ipProtocol", "securityGroupId", "type"},
		forceNew: set("cidrIp", "ipProtocol", "ipv6CidrIp", "nicType", "policy", "portRange", "prefixListId", "priority", "securityGroupId", "sourceGroupOwnerAccount", "sourceGroupOwnerId", "sourceSecurityGroupId", "type"),
		computed: []string{"securityGroupRuleId", "nicType", "policy", "portRange", "priority"},
		create: func(c *call, in obj, r *Record) error {
			sg, ok := c.s.get(TokenSecurityGroup, str(in, "securityGroupId"), c.region)
			if !ok {
				return notFound("InvalidSecurityGroupId.NotFound", "securityGroupId", str(in, "securityGroupId"), c.region)
			}
			r.ID = newID(c.s, "sgr", c.region)
			r.Attrs = obj{"securityGroupRuleId": r.ID, "securityGroupId": sg.ID, "nicType": orDefault(in, "nicType", "intranet"),
				"policy": orDefault(in, "policy", "accept"), "portRange": orDefault(in, "portRange", "-1/-1"), "priority": orDefault(in, "priority", float64(1))}
			return nil
		},
	})
}
