// Pulumi mocks shared by the examples' tests: they record every registration and invoke and
// answer the alicloud lookups the examples make like the cloud would.
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";

export const zone = "cn-hangzhou-k";
export const image = "ubuntu_22_04_x64_20G_mock.vhd";
export const guestUserData = "#cloud-config\n# guest program rendered by the mock\n";

/** One resource registration the mocks saw. */
export interface Registration {
    type: string;
    name: string;
    custom: boolean;
    id: string;
    inputs: Record<string, any>;
}

/**
 * Mocks that record every registration and invoke. A component of a type in `components`
 * gets the given outputs over its inputs; custom resources get an id derived from their name.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
    readonly registrations: Registration[] = [];
    readonly invokes: pulumi.runtime.MockCallArgs[] = [];

    constructor(private readonly components: Record<string, Record<string, any>>) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        const custom = args.custom ?? false;
        const id = custom ? `${args.type.split(":").pop()}-${args.name}-id` : "";
        this.registrations.push({ type: args.type, name: args.name, custom, id, inputs: args.inputs });
        const outputs = this.components[args.type];
        if (outputs) {
            return { id: undefined, state: { ...args.inputs, ...outputs } };
        }
        return { id, state: args.inputs };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        this.invokes.push(args);
        switch (args.token) {
            case "alicloud:index/getZones:getZones":
                return { ids: [zone], zones: [{ id: zone }] };
            case "alicloud:ecs/getImages:getImages":
                return { ids: [image], images: [{ id: image }] };
            case "alicloud-eip:index:renderGuestNetwork":
                return { script: "", cloudConfig: guestUserData, userData: guestUserData, netplan: "", verifyCommands: [] };
            default:
                throw new Error(`the example called an unexpected function ${args.token}`);
        }
    }

    /** The registrations of the given type, in order. */
    all(type: string): Registration[] {
        return this.registrations.filter(r => r.type === type);
    }

    /** The only registration of the given type; fails when there are none or several. */
    only(type: string): Registration {
        const found = this.all(type);
        assert.equal(found.length, 1, `registrations of ${type}: ${found.length}`);
        return found[0];
    }

    /** The registration of the given type and name. */
    named(type: string, name: string): Registration {
        const found = this.all(type).filter(r => r.name === name);
        assert.equal(found.length, 1, `registrations of ${type} ${name}: ${found.length}`);
        return found[0];
    }

    /** The inputs of the only invoke of the given function. */
    invoke(token: string): Record<string, any> {
        const found = this.invokes.filter(c => c.token === token);
        assert.equal(found.length, 1, `invokes of ${token}: ${found.length}`);
        return found[0].inputs;
    }
}

/** Resolves to the value of an output. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise(resolve => output.apply(value => { resolve(value); return value; }));
}

/** Sets the stack configuration of project, then installs the mocks. */
export async function useMocks(mocks: RecordingMocks, project: string, config: Record<string, string>): Promise<void> {
    const namespaced: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        namespaced[`${project}:${key}`] = value;
    }
    process.env.PULUMI_CONFIG = JSON.stringify(namespaced);
    await pulumi.runtime.setMocks(mocks, project, "test", false);
}
