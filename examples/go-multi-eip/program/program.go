// Package program is the go-multi-eip example: three EIPs, one per service, on an
// existing instance, with the guest configuration delivered through Cloud Assistant. Its
// main package runs Program with pulumi.Run; a test harness can run the same function
// inline.
package program

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
)

// Program creates a MultiEipInstance for the instance the stack configuration names.
//
// Configuration (in the project's namespace): instanceId, vpcId, zoneId, vswitchId,
// securityGroupId and privateIpRange (a block of the vSwitch reserved for this instance)
// are required; instanceType (its ENI quota then comes from getInstanceTypes, else give
// maxEnis and privateIpsPerEni) and vswitchCidrBlock (else looked up) are optional.
func Program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	instanceID := cfg.Require("instanceId")
	vpcID := cfg.Require("vpcId")
	zoneID := cfg.Require("zoneId")
	vswitchID := cfg.Require("vswitchId")
	securityGroupID := cfg.Require("securityGroupId")
	privateIPRange := cfg.Require("privateIpRange")
	instanceType := optional(cfg.Get("instanceType"))
	vswitchCidrBlock := optional(cfg.Get("vswitchCidrBlock"))
	maxEnis := optionalInt(cfg.GetInt("maxEnis"))
	privateIpsPerEni := optionalInt(cfg.GetInt("privateIpsPerEni"))

	// [start go-multi-eip]
	host, err := alicloudeip.NewMultiEipInstance(ctx, "host", &alicloudeip.MultiEipInstanceArgs{
		InstanceId:       pulumi.String(instanceID),
		InstanceType:     instanceType,
		VpcId:            pulumi.String(vpcID),
		ZoneId:           pulumi.String(zoneID),
		VswitchId:        pulumi.String(vswitchID),
		VswitchCidrBlock: vswitchCidrBlock,
		SecurityGroupIds: pulumi.StringArray{pulumi.String(securityGroupID)},
		PrivateIpRange:   &privateIPRange,
		MaxEnis:          maxEnis,
		PrivateIpsPerEni: privateIpsPerEni,
		Bandwidth:        pulumi.String("5"),
		Eips: alicloudeip.MultiEipEntryArray{
			alicloudeip.MultiEipEntryArgs{Name: pulumi.String("web"), Bandwidth: pulumi.String("20")},
			alicloudeip.MultiEipEntryArgs{Name: pulumi.String("mail")},
			alicloudeip.MultiEipEntryArgs{Name: pulumi.String("api")},
		},
		DeliverWithCloudAssistant: pulumi.BoolRef(true),
	})
	if err != nil {
		return err
	}
	ctx.Export("instanceId", host.InstanceId)
	ctx.Export("eips", host.Eips)
	ctx.Export("networkInterfaces", host.NetworkInterfaces)
	ctx.Export("cloudConfig", host.CloudConfig)
	ctx.Export("verifyCommands", host.VerifyCommands)
	// [end go-multi-eip]
	return nil
}

// optional is nil for an empty configuration value, else a pointer to it.
func optional(value string) *string {
	if value == "" {
		return nil
	}
	return &value
}

// optionalInt is nil for a zero configuration value, else a pointer to it.
func optionalInt(value int) *int {
	if value == 0 {
		return nil
	}
	return &value
}
