// Runs the ts-visible-eip example under Pulumi mocks and checks the inputs the remote
// VisibleEip component receives: the ids of the resources the example builds around it,
// the zone and image the invokes return, and the values the stack configuration sets.
import { before, test } from "node:test";
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks, guestUserData, image, useMocks, valueOf, zone } from "./mocks.js";

const project = "ts-visible-eip";
const instanceType = "ecs.g7.large";
const mockedEip = {
    eipAddress: "118.31.2.10",
    allocationId: "eip-mock",
    networkInterfaceId: "eni-mock",
    vswitchCidrBlock: "118.31.2.8/29",
    routeTable: 7101,
    cloudConfig: "#cloud-config\n# visible EIP guest snippet\n",
    verifyCommands: ["curl --interface 118.31.2.10 ifconfig.me"],
};

const mocks = new RecordingMocks({ "alicloud-eip:index:VisibleEip": mockedEip });
let program: typeof import("../ts-visible-eip/index.js");

before(async () => {
    await useMocks(mocks, project, { instanceType });
    program = await import("../ts-visible-eip/index.js");
    // Every output of the component resolves once every registration it depends on is done.
    await valueOf(pulumi.all([program.eipAddress, program.instanceId]));
});

test("VisibleEip receives the ids of the example's VPC, security group and instance", () => {
    const visible = mocks.only("alicloud-eip:index:VisibleEip");
    const vpc = mocks.only("alicloud:vpc/network:Network");
    const group = mocks.only("alicloud:ecs/securityGroup:SecurityGroup");
    const server = mocks.only("alicloud:ecs/instance:Instance");
    assert.equal(visible.custom, false, "VisibleEip is a component, not a custom resource");
    assert.equal(visible.name, "ftp");
    assert.deepEqual(visible.inputs, {
        instanceId: server.id,
        instanceType: instanceType,
        vpcId: vpc.id,
        zoneId: zone,
        securityGroupIds: [group.id],
        bandwidth: "5",
        internetChargeType: "PayByTraffic",
        tags: { service: "ftp" },
    });
});

test("the instance and vSwitch are where the zone lookup for the configured type put them", () => {
    assert.deepEqual(mocks.invoke("alicloud:index/getZones:getZones"),
        { availableResourceCreation: "VSwitch", availableInstanceType: instanceType });
    const vpc = mocks.only("alicloud:vpc/network:Network");
    const vswitch = mocks.only("alicloud:vpc/switch:Switch");
    const group = mocks.only("alicloud:ecs/securityGroup:SecurityGroup");
    const server = mocks.only("alicloud:ecs/instance:Instance");
    assert.equal(vswitch.inputs.vpcId, vpc.id);
    assert.equal(vswitch.inputs.zoneId, zone);
    assert.equal(server.inputs.availabilityZone, zone);
    assert.equal(server.inputs.vswitchId, vswitch.id);
    assert.equal(server.inputs.instanceType, instanceType);
    assert.equal(server.inputs.imageId, image);
    assert.deepEqual(server.inputs.securityGroups, [group.id]);
    const rule = mocks.only("alicloud:ecs/securityGroupRule:SecurityGroupRule");
    assert.equal(rule.inputs.securityGroupId, group.id);
    assert.equal(rule.inputs.portRange, "21/21");
});

test("the instance's user data is the guest program rendered in metadata mode", () => {
    assert.deepEqual(mocks.invoke("alicloud-eip:index:renderGuestNetwork"), { guest: { mode: "metadata" } });
    assert.equal(mocks.only("alicloud:ecs/instance:Instance").inputs.userData, guestUserData);
});

test("the stack outputs are the component's outputs", async () => {
    assert.equal(await valueOf(program.eipAddress), mockedEip.eipAddress);
    assert.equal(await valueOf(program.allocationId), mockedEip.allocationId);
    assert.equal(await valueOf(program.networkInterfaceId), mockedEip.networkInterfaceId);
    assert.equal(await valueOf(program.vswitchCidrBlock), mockedEip.vswitchCidrBlock);
    assert.equal(await valueOf(program.routeTable), mockedEip.routeTable);
    assert.equal(await valueOf(program.cloudConfig), mockedEip.cloudConfig);
    assert.deepEqual(await valueOf(program.verifyCommands), mockedEip.verifyCommands);
    assert.equal(await valueOf(program.instanceId), mocks.only("alicloud:ecs/instance:Instance").id);
});
