// A VPC, a vSwitch, a security group and an instance, then one public EIP that the
// instance's guest OS sees on its own interface (for FTP active mode, source-address
// checks or IPsec).
import * as pulumi from "@pulumi/pulumi";
import * as alicloud from "@pulumi/alicloud";
import * as eip from "@eipkit/alicloud-eip";

const config = new pulumi.Config();
const instanceType = config.get("instanceType") ?? "ecs.c6.large";
const clientCidr = config.get("clientCidr") ?? "0.0.0.0/0";

// The surroundings: a zone that offers the instance type, a recent Ubuntu image,
// a VPC with one vSwitch, a security group and the instance.
const zoneId = alicloud
    .getZonesOutput({ availableResourceCreation: "VSwitch", availableInstanceType: instanceType })
    .apply(result => result.zones[0].id);
const imageId = alicloud.ecs
    .getImagesOutput({ nameRegex: "^ubuntu_22_04_x64", owners: "system", mostRecent: true })
    .apply(result => result.images[0].id);

const vpc = new alicloud.vpc.Network("vpc", {
    vpcName: "visible-eip",
    cidrBlock: "192.168.0.0/16",
});
const vswitch = new alicloud.vpc.Switch("vswitch", {
    vswitchName: "visible-eip",
    vpcId: vpc.id,
    zoneId: zoneId,
    cidrBlock: "192.168.0.0/24",
});
const securityGroup = new alicloud.ecs.SecurityGroup("ftp", {
    securityGroupName: "visible-eip-ftp",
    vpcId: vpc.id,
});
new alicloud.ecs.SecurityGroupRule("ftp-control", {
    securityGroupId: securityGroup.id,
    type: "ingress",
    ipProtocol: "tcp",
    portRange: "21/21",
    cidrIp: clientCidr,
    nicType: "intranet",
    policy: "accept",
});

// The instance installs the guest program at first boot. In metadata mode the program
// names no ENI and no address: it finds the visible EIP's ENI in the instance metadata
// when the ENI is attached, so this user data never changes (a changed user data
// reboots the instance).
const guest = eip.renderGuestNetworkOutput({ guest: { mode: "metadata" } });
const server = new alicloud.ecs.Instance("server", {
    instanceName: "visible-eip",
    instanceType: instanceType,
    imageId: imageId,
    availabilityZone: zoneId,
    vswitchId: vswitch.id,
    securityGroups: [securityGroup.id],
    systemDiskCategory: "cloud_essd",
    userData: guest.userData,
});

// [start ts-visible-eip]
const ftp = new eip.VisibleEip("ftp", {
    instanceId: server.id,
    instanceType: instanceType,
    vpcId: vpc.id,
    zoneId: zoneId,
    securityGroupIds: [securityGroup.id],
    bandwidth: "5",
    internetChargeType: "PayByTraffic",
    tags: { service: "ftp" },
});

export const eipAddress = ftp.eipAddress;
export const allocationId = ftp.allocationId;
export const networkInterfaceId = ftp.networkInterfaceId;
export const vswitchCidrBlock = ftp.vswitchCidrBlock;
export const routeTable = ftp.routeTable;
export const cloudConfig = ftp.cloudConfig;
export const verifyCommands = ftp.verifyCommands;
// [end ts-visible-eip]
export const instanceId = server.id;
