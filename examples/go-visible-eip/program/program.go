// Package program is the go-visible-eip example: one new EIP made visible in the guest OS
// of an existing instance. Its main package runs Program with pulumi.Run; a test harness
// can run the same function inline.
package program

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/eipkit/pulumi-alicloud-eip/sdk/go/alicloudeip"
)

// Program creates a VisibleEip for the instance the stack configuration names.
//
// Configuration (in the project's namespace): instanceId, vpcId, zoneId and securityGroupId
// are required; instanceType is optional (it enables the hot-plug check at preview).
func Program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	instanceID := cfg.Require("instanceId")
	vpcID := cfg.Require("vpcId")
	zoneID := cfg.Require("zoneId")
	securityGroupID := cfg.Require("securityGroupId")
	instanceType := optional(cfg.Get("instanceType"))

	// [start go-visible-eip]
	ftp, err := alicloudeip.NewVisibleEip(ctx, "ftp", &alicloudeip.VisibleEipArgs{
		InstanceId:         pulumi.String(instanceID),
		InstanceType:       instanceType,
		VpcId:              pulumi.String(vpcID),
		ZoneId:             pulumi.String(zoneID),
		SecurityGroupIds:   pulumi.StringArray{pulumi.String(securityGroupID)},
		Bandwidth:          pulumi.String("5"),
		InternetChargeType: alicloudeip.InternetChargeTypePayByTraffic,
		Tags:               pulumi.StringMap{"service": pulumi.String("ftp")},
	})
	if err != nil {
		return err
	}
	ctx.Export("eipAddress", ftp.EipAddress)
	ctx.Export("allocationId", ftp.AllocationId)
	ctx.Export("networkInterfaceId", ftp.NetworkInterfaceId)
	ctx.Export("vswitchCidrBlock", ftp.VswitchCidrBlock)
	ctx.Export("routeTable", ftp.RouteTable)
	ctx.Export("cloudConfig", ftp.CloudConfig)
	ctx.Export("verifyCommands", ftp.VerifyCommands)
	// [end go-visible-eip]
	return nil
}

// optional is nil for an empty configuration value, else the value.
func optional(value string) pulumi.StringPtrInput {
	if value == "" {
		return nil
	}
	return pulumi.String(value)
}
