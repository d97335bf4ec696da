// A VPC with two vSwitches and a security group, then one instance with three public
// EIPs, one per service, each mapped in NAT mode to its own private IP of a secondary
// ENI, with the guest policy routing that makes replies leave through the right EIP.
import * as pulumi from "@pulumi/pulumi";
import * as alicloud from "@pulumi/alicloud";
import * as eip from "@eipkit/alicloud-eip";

const config = new pulumi.Config();
const clientCidr = config.get("clientCidr") ?? "0.0.0.0/0";
const keyName = config.get("keyName");

// The surroundings: a zone that offers ecs.c6.large, a recent Ubuntu image, a VPC
// with a vSwitch for the instance and one for the services' ENIs, and a security
// group that lets the services' ports in.
const zoneId = alicloud
    .getZonesOutput({ availableResourceCreation: "VSwitch", availableInstanceType: "ecs.c6.large" })
    .apply(result => result.zones[0].id);
const imageId = alicloud.ecs
    .getImagesOutput({ nameRegex: "^ubuntu_22_04_x64", owners: "system", mostRecent: true })
    .apply(result => result.images[0].id);

const vpc = new alicloud.vpc.Network("vpc", {
    vpcName: "multi-eip",
    cidrBlock: "192.168.0.0/16",
});
const hostSwitch = new alicloud.vpc.Switch("host", {
    vswitchName: "multi-eip-host",
    vpcId: vpc.id,
    zoneId: zoneId,
    cidrBlock: "192.168.0.0/24",
});
// The ENIs live in their own vSwitch, so no address the cloud hands out elsewhere can
// fall into the private IP range the component plans the EIPs' addresses in.
const serviceSwitch = new alicloud.vpc.Switch("services", {
    vswitchName: "multi-eip-services",
    vpcId: vpc.id,
    zoneId: zoneId,
    cidrBlock: "192.168.1.0/24",
});
const securityGroup = new alicloud.ecs.SecurityGroup("services", {
    securityGroupName: "multi-eip-services",
    vpcId: vpc.id,
});
for (const [name, ports] of [["http", "80/80"], ["https", "443/443"], ["smtp", "25/25"]]) {
    new alicloud.ecs.SecurityGroupRule(name, {
        securityGroupId: securityGroup.id,
        type: "ingress",
        ipProtocol: "tcp",
        portRange: ports,
        cidrIp: clientCidr,
        nicType: "intranet",
        policy: "accept",
    });
}

// [start ts-multi-eip]
const host = new eip.MultiEipInstance("host", {
    instance: {
        instanceType: "ecs.c6.large",
        imageId: imageId,
        vswitchId: hostSwitch.id,
        securityGroupIds: [securityGroup.id],
        keyName: keyName,
        systemDiskCategory: "cloud_essd",
    },
    vswitchId: serviceSwitch.id,
    vswitchCidrBlock: "192.168.1.0/24",
    privateIpRange: "192.168.1.0/25",
    bandwidth: "5",
    internetChargeType: "PayByTraffic",
    eips: [
        { name: "web", bandwidth: "20" },
        { name: "mail" },
        { name: "api", privateIp: "192.168.1.200" },
    ],
});

export const instanceId = host.instanceId;
export const eips = host.eips;
export const networkInterfaces = host.networkInterfaces;
export const cloudConfig = host.cloudConfig;
export const verifyCommands = host.verifyCommands;
// [end ts-multi-eip]
