// Runs the ts-multi-eip example under Pulumi mocks and checks the inputs the remote
// MultiEipInstance component receives: the instance it is to create (in the example's host
// vSwitch, with the image the lookup returns), the services' vSwitch, the security group and
// its rules, the EIP entries, and the values the stack configuration sets.
import { before, test } from "node:test";
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks, image, useMocks, valueOf, zone } from "./mocks.js";

const project = "ts-multi-eip";
const keyName = "deploy-key";
const clientCidr = "203.0.113.0/24";
const mocked = {
    instanceId: "i-mock",
    eips: [
        { name: "web", allocationId: "eip-web", publicIp: "47.0.0.1", privateIp: "192.168.1.10", networkInterfaceId: "eni-1" },
        { name: "mail", allocationId: "eip-mail", publicIp: "47.0.0.2", privateIp: "192.168.1.11", networkInterfaceId: "eni-1" },
        { name: "api", allocationId: "eip-api", publicIp: "47.0.0.3", privateIp: "192.168.1.200", networkInterfaceId: "eni-1" },
    ],
    networkInterfaces: [{ id: "eni-1", mac: "00:16:3e:00:00:01", routeTable: 7101 }],
    cloudConfig: "#cloud-config\n# multi EIP guest snippet\n",
    verifyCommands: ["ip rule list"],
};

const mocks = new RecordingMocks({ "alicloud-eip:index:MultiEipInstance": mocked });
let program: typeof import("../ts-multi-eip/index.js");

before(async () => {
    await useMocks(mocks, project, { keyName, clientCidr });
    program = await import("../ts-multi-eip/index.js");
    await valueOf(pulumi.all([program.instanceId, program.eips]));
});

test("MultiEipInstance creates its instance in the host vSwitch and its ENIs in the services' vSwitch", () => {
    const host = mocks.only("alicloud-eip:index:MultiEipInstance");
    const hostSwitch = mocks.named("alicloud:vpc/switch:Switch", "host");
    const serviceSwitch = mocks.named("alicloud:vpc/switch:Switch", "services");
    const group = mocks.only("alicloud:ecs/securityGroup:SecurityGroup");
    assert.equal(host.custom, false, "MultiEipInstance is a component, not a custom resource");
    assert.equal(host.name, "host");
    assert.deepEqual(host.inputs, {
        instance: {
            instanceType: "ecs.c6.large",
            imageId: image,
            vswitchId: hostSwitch.id,
            securityGroupIds: [group.id],
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
    assert.deepEqual(mocks.all("alicloud:ecs/instance:Instance"), [], "the component creates the instance, not the example");
});

test("both vSwitches are in the zone the lookup found, inside the VPC, and the services' block is the one declared", () => {
    assert.deepEqual(mocks.invoke("alicloud:index/getZones:getZones"),
        { availableResourceCreation: "VSwitch", availableInstanceType: "ecs.c6.large" });
    assert.deepEqual(mocks.invoke("alicloud:ecs/getImages:getImages"),
        { nameRegex: "^ubuntu_22_04_x64", owners: "system", mostRecent: true });
    const vpc = mocks.only("alicloud:vpc/network:Network");
    const host = mocks.named("alicloud:vpc/switch:Switch", "host");
    const services = mocks.named("alicloud:vpc/switch:Switch", "services");
    for (const s of [host, services]) {
        assert.equal(s.inputs.vpcId, vpc.id);
        assert.equal(s.inputs.zoneId, zone);
    }
    assert.equal(services.inputs.cidrBlock, mocks.only("alicloud-eip:index:MultiEipInstance").inputs.vswitchCidrBlock);
    assert.notEqual(host.inputs.cidrBlock, services.inputs.cidrBlock);
});

test("the security group lets each service's port in from the configured clients", () => {
    const group = mocks.only("alicloud:ecs/securityGroup:SecurityGroup");
    const rules = mocks.all("alicloud:ecs/securityGroupRule:SecurityGroupRule");
    assert.deepEqual(rules.map(r => [r.name, r.inputs.portRange]).sort(),
        [["http", "80/80"], ["https", "443/443"], ["smtp", "25/25"]]);
    for (const r of rules) {
        assert.equal(r.inputs.securityGroupId, group.id);
        assert.equal(r.inputs.cidrIp, clientCidr);
        assert.equal(r.inputs.type, "ingress");
    }
});

test("the stack outputs are the component's outputs", async () => {
    assert.equal(await valueOf(program.instanceId), mocked.instanceId);
    assert.deepEqual(await valueOf(program.eips), mocked.eips);
    assert.deepEqual(await valueOf(program.networkInterfaces), mocked.networkInterfaces);
    assert.equal(await valueOf(program.cloudConfig), mocked.cloudConfig);
    assert.deepEqual(await valueOf(program.verifyCommands), mocked.verifyCommands);
});
