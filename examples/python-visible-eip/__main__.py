"""A VPC, a vSwitch, a security group and an instance, then one public EIP that the
instance's guest OS sees on its own interface (for FTP active mode, source-address checks
or IPsec)."""

import pulumi
import pulumi_alicloud as alicloud
import eipkit_alicloud_eip as eip

config = pulumi.Config()
instance_type = config.get("instanceType") or "ecs.c6.large"
client_cidr = config.get("clientCidr") or "0.0.0.0/0"

# The surroundings: a zone that offers the instance type, a recent Ubuntu image, a VPC
# with one vSwitch, a security group and the instance.
zone_id = alicloud.get_zones_output(
    available_resource_creation="VSwitch",
    available_instance_type=instance_type,
).apply(lambda result: result.zones[0].id)
image_id = alicloud.ecs.get_images_output(
    name_regex="^ubuntu_22_04_x64",
    owners="system",
    most_recent=True,
).apply(lambda result: result.images[0].id)

vpc = alicloud.vpc.Network("vpc", vpc_name="visible-eip", cidr_block="192.168.0.0/16")
vswitch = alicloud.vpc.Switch(
    "vswitch",
    vswitch_name="visible-eip",
    vpc_id=vpc.id,
    zone_id=zone_id,
    cidr_block="192.168.0.0/24",
)
security_group = alicloud.ecs.SecurityGroup("ftp", security_group_name="visible-eip-ftp", vpc_id=vpc.id)
alicloud.ecs.SecurityGroupRule(
    "ftp-control",
    security_group_id=security_group.id,
    type="ingress",
    ip_protocol="tcp",
    port_range="21/21",
    cidr_ip=client_cidr,
    nic_type="intranet",
    policy="accept",
)

# The instance installs the guest program at first boot. In metadata mode the program
# names no ENI and no address: it finds the visible EIP's ENI in the instance metadata
# when the ENI is attached, so this user data never changes (a changed user data reboots
# the instance).
guest = eip.render_guest_network_output(guest=eip.GuestOptions(mode=eip.GuestMode.METADATA))
server = alicloud.ecs.Instance(
    "server",
    instance_name="visible-eip",
    instance_type=instance_type,
    image_id=image_id,
    availability_zone=zone_id,
    vswitch_id=vswitch.id,
    security_groups=[security_group.id],
    system_disk_category="cloud_essd",
    user_data=guest.user_data,
)

# [start python-visible-eip]
ftp = eip.VisibleEip(
    "ftp",
    instance_id=server.id,
    instance_type=instance_type,
    vpc_id=vpc.id,
    zone_id=zone_id,
    security_group_ids=[security_group.id],
    bandwidth="5",
    internet_charge_type=eip.InternetChargeType.PAY_BY_TRAFFIC,
    tags={"service": "ftp"},
)

pulumi.export("eipAddress", ftp.eip_address)
pulumi.export("allocationId", ftp.allocation_id)
pulumi.export("networkInterfaceId", ftp.network_interface_id)
pulumi.export("vswitchCidrBlock", ftp.vswitch_cidr_block)
pulumi.export("routeTable", ftp.route_table)
pulumi.export("cloudConfig", ftp.cloud_config)
pulumi.export("verifyCommands", ftp.verify_commands)
# [end python-visible-eip]
pulumi.export("instanceId", server.id)
