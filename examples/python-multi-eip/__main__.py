"""A VPC with two vSwitches and a security group, then one instance with three public
EIPs, one per service, each mapped in NAT mode to its own private IP of a secondary ENI,
with the guest policy routing that makes replies leave through the right EIP."""

import pulumi
import pulumi_alicloud as alicloud
import eipkit_alicloud_eip as eip

config = pulumi.Config()
client_cidr = config.get("clientCidr") or "0.0.0.0/0"
key_name = config.get("keyName")

# The surroundings: a zone that offers ecs.c6.large, a recent Ubuntu image, a VPC with a
# vSwitch for the instance and one for the services' ENIs, and a security group that lets
# the services' ports in.
zone_id = alicloud.get_zones_output(
    available_resource_creation="VSwitch",
    available_instance_type="ecs.c6.large",
).apply(lambda result: result.zones[0].id)
image_id = alicloud.ecs.get_images_output(
    name_regex="^ubuntu_22_04_x64",
    owners="system",
    most_recent=True,
).apply(lambda result: result.images[0].id)

vpc = alicloud.vpc.Network("vpc", vpc_name="multi-eip", cidr_block="192.168.0.0/16")
host_switch = alicloud.vpc.Switch(
    "host",
    vswitch_name="multi-eip-host",
    vpc_id=vpc.id,
    zone_id=zone_id,
    cidr_block="192.168.0.0/24",
)
# The ENIs live in their own vSwitch, so no address the cloud hands out elsewhere can fall
# into the private IP range the component plans the EIPs' addresses in.
service_switch = alicloud.vpc.Switch(
    "services",
    vswitch_name="multi-eip-services",
    vpc_id=vpc.id,
    zone_id=zone_id,
    cidr_block="192.168.1.0/24",
)
security_group = alicloud.ecs.SecurityGroup("services", security_group_name="multi-eip-services", vpc_id=vpc.id)
for name, ports in [("http", "80/80"), ("https", "443/443"), ("smtp", "25/25")]:
    alicloud.ecs.SecurityGroupRule(
        name,
        security_group_id=security_group.id,
        type="ingress",
        ip_protocol="tcp",
        port_range=ports,
        cidr_ip=client_cidr,
        nic_type="intranet",
        policy="accept",
    )

# [start python-multi-eip]
host = eip.MultiEipInstance(
    "host",
    instance=eip.MultiEipNewInstanceArgs(
        instance_type="ecs.c6.large",
        image_id=image_id,
        vswitch_id=host_switch.id,
        security_group_ids=[security_group.id],
        key_name=key_name,
        system_disk_category="cloud_essd",
    ),
    vswitch_id=service_switch.id,
    vswitch_cidr_block="192.168.1.0/24",
    private_ip_range="192.168.1.0/25",
    bandwidth="5",
    internet_charge_type=eip.InternetChargeType.PAY_BY_TRAFFIC,
    eips=[
        eip.MultiEipEntryArgs(name="web", bandwidth="20"),
        eip.MultiEipEntryArgs(name="mail"),
        eip.MultiEipEntryArgs(name="api", private_ip="192.168.1.200"),
    ],
)

pulumi.export("instanceId", host.instance_id)
pulumi.export("eips", host.eips)
pulumi.export("networkInterfaces", host.network_interfaces)
pulumi.export("cloudConfig", host.cloud_config)
pulumi.export("verifyCommands", host.verify_commands)
# [end python-multi-eip]
