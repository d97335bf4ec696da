package provider

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
)

// mockTypes are the instance types the mock knows: ENIs per instance and private IPs per ENI.
// ecs.c6.large is the documented example; ecs.g6.4xlarge and ecs.g6.8xlarge are larger types;
// ecs.e-c1m2.large and ecs.t5-lc1m1.small cannot hot-plug ENIs; ecs.g5.large accepts
// multi-EIP-to-ENI mode.
var mockTypes = map[string][2]int{
	"ecs.c6.large":       {2, 6},
	"ecs.g6.4xlarge":     {8, 20},
	"ecs.g6.8xlarge":     {8, 20},
	"ecs.e-c1m2.large":   {3, 6},
	"ecs.g5.large":       {3, 6},
	"ecs.t5-lc1m1.small": {1, 1},
}

// priorState is the state of a resource after an earlier run.
type priorState struct {
	ID    string
	State resource.PropertyMap
}

// mockCloud answers the components' registrations and invokes in unit tests, like the cloud and,
// across runs, like the engine: a resource of an earlier update keeps its ID and outputs. With
// preview set the computed outputs of new resources are unknown, as in a preview.
type mockCloud struct {
	recorder
	preview bool
	prior   map[string]priorState
	ipv6    map[string][]string // vSwitch -> IPv6 addresses of its ENIs
	// vpcSecondary are the secondary blocks getNetworks reports for every VPC.
	vpcSecondary []string
	// vpcWithoutIpv6 makes getNetworks report VPCs without IPv6.
	vpcWithoutIpv6 bool
	// switches are the vSwitches getSwitches lists (id, vpcId, cidrBlock, zoneId, ...).
	switches []map[string]any
}

func newMockCloud() *mockCloud {
	return &mockCloud{prior: map[string]priorState{}, switches: []map[string]any{
		{"id": "vsw-b", "vpcId": "vpc-1", "cidrBlock": "192.168.0.0/24", "zoneId": "cn-shanghai-b"},
		{"id": "vsw-c", "vpcId": "vpc-1", "cidrBlock": "192.168.1.0/24", "zoneId": "cn-shanghai-c"},
		{"id": "vsw-w", "vpcId": "vpc-1", "cidrBlock": "10.8.0.0/20", "zoneId": "cn-shanghai-b"},
	}}
}

// NewResource records a registration and returns outputs shaped like the cloud's.
func (m *mockCloud) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.record(args)
	if args.TypeToken == addressAllocationToken {
		var prior resource.PropertyMap
		if p, ok := m.prior[args.Name]; ok {
			prior = p.State
		}
		state, err := mockAllocation(args.Inputs, prior)
		if err == nil && !m.preview {
			m.prior[args.Name] = priorState{args.Name, state}
		}
		return args.Name, state, err
	}
	if p, ok := m.prior[args.Name]; ok {
		state := args.Inputs.Copy()
		for k, v := range p.State {
			if _, in := state[k]; !in {
				state[k] = v
			}
		}
		m.prior[args.Name] = priorState{p.ID, state}
		return p.ID, state, nil
	}
	h := fnv.New32a() // outputs follow from the name, whatever order the program registers in
	_, _ = h.Write([]byte(args.Name))
	n := int(h.Sum32() % 60000)
	state := args.Inputs.Copy()
	computed := func(key, value string) {
		if m.preview {
			state[resource.PropertyKey(key)] = resource.MakeComputed(resource.NewStringProperty(""))
		} else {
			state[resource.PropertyKey(key)] = resource.NewStringProperty(value)
		}
	}
	id := strings.ToLower(args.Name) + "-id"
	switch args.TypeToken {
	case alicloud.EipAddressToken:
		id = "eip-" + args.Name
		// An address the vSwitch /29 that holds it does not reserve (offset 1 to 4).
		computed("ipAddress", fmt.Sprintf("118.31.%d.%d", (n/200)%250, 8*(n%30)+1+n%4))
	case alicloud.NetworkInterfaceToken:
		id = "eni-" + args.Name
		computed("mac", fmt.Sprintf("00:16:3e:00:%02x:%02x", n/256, n%256))
		if _, ok := args.Inputs["primaryIpAddress"]; !ok {
			computed("primaryIpAddress", fmt.Sprintf("192.168.0.%d", 100+n%100))
		}
		if c, ok := args.Inputs["ipv6AddressCount"]; ok && c.NumberValue() > 0 {
			address := fmt.Sprintf("2408:4000:1::%x", n)
			state["ipv6Addresses"] = resource.NewArrayProperty([]resource.PropertyValue{resource.NewStringProperty(address)})
			if vsw := args.Inputs["vswitchId"]; vsw.IsString() {
				if m.ipv6 == nil {
					m.ipv6 = map[string][]string{}
				}
				m.ipv6[vsw.StringValue()] = append(m.ipv6[vsw.StringValue()], address)
			}
		}
	case alicloud.SwitchToken:
		id = "vsw-" + args.Name
		if _, ok := args.Inputs["ipv6CidrBlockMask"]; ok {
			computed("ipv6CidrBlock", "2408:4000:1::/64")
		}
	case alicloud.InstanceToken:
		id = "i-" + args.Name
		computed("networkInterfaceId", "eni-primary-"+args.Name)
	case alicloud.CommandToken:
		id = "c-" + args.Name
	}
	if args.Custom && m.preview {
		id = ""
	}
	if !m.preview {
		m.prior[args.Name] = priorState{id, state}
	}
	return id, state, nil
}

// Call answers the alicloud functions the components invoke.
func (m *mockCloud) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.invokes = append(m.invokes, args)
	switch args.Token {
	case alicloud.GetInstanceTypesToken:
		name := args.Args["instanceType"].StringValue()
		q, ok := mockTypes[name]
		if !ok {
			return resource.PropertyMap{"instanceTypes": resource.NewArrayProperty(nil)}, nil
		}
		return resource.NewPropertyMapFromMap(map[string]any{"instanceTypes": []any{map[string]any{
			"id": name, "family": name[:strings.LastIndex(name, ".")], "eniQuantity": q[0],
			"eniPrivateIpAddressQuantity": q[1], "eniIpv6AddressQuantity": 1,
		}}}), nil
	case alicloud.GetIpv6AddressesToken:
		vsw := args.Args["vswitchId"].StringValue()
		var addresses []any
		for i, a := range m.ipv6[vsw] {
			addresses = append(addresses, map[string]any{"id": fmt.Sprintf("ipv6-%04d", i+1), "ipv6Address": a, "vswitchId": vsw})
		}
		return resource.NewPropertyMapFromMap(map[string]any{"addresses": addresses}), nil
	case alicloud.GetNetworksToken:
		var vpcs []any
		for _, id := range args.Args["ids"].ArrayValue() {
			ipv6 := "2408:4000:1::/56"
			if m.vpcWithoutIpv6 {
				ipv6 = ""
			}
			secondary := []any{}
			for _, b := range m.vpcSecondary {
				secondary = append(secondary, b)
			}
			vpcs = append(vpcs, map[string]any{"id": id.StringValue(), "cidrBlock": "192.168.0.0/16",
				"secondaryCidrBlocks": secondary, "ipv6CidrBlock": ipv6})
		}
		return resource.NewPropertyMapFromMap(map[string]any{"vpcs": vpcs}), nil
	case alicloud.GetSwitchesToken:
		var list []any
		for _, sw := range m.switches {
			if v, ok := args.Args["vpcId"]; ok && v.StringValue() != sw["vpcId"] {
				continue
			}
			if ids, ok := args.Args["ids"]; ok {
				found := false
				for _, id := range ids.ArrayValue() {
					found = found || id.StringValue() == sw["id"]
				}
				if !found {
					continue
				}
			}
			list = append(list, sw)
		}
		return resource.NewPropertyMapFromMap(map[string]any{"vswitches": list}), nil
	case alicloud.GetEipAddressesToken:
		var out []any
		for _, id := range args.Args["ids"].ArrayValue() {
			out = append(out, map[string]any{"id": id.StringValue(), "allocationId": id.StringValue(), "ipAddress": "8.8.4.4"})
		}
		return resource.NewPropertyMapFromMap(map[string]any{"addresses": out}), nil
	case alicloud.GetNetworkInterfacesToken:
		var out []any // by name: the mocked cloud has no attached ENIs of an earlier run
		if !args.Args["ids"].IsArray() {
			return resource.NewPropertyMapFromMap(map[string]any{"interfaces": out}), nil
		}
		for _, id := range args.Args["ids"].ArrayValue() {
			out = append(out, map[string]any{"id": id.StringValue(), "mac": "00:16:3e:aa:aa:aa", "primaryIpAddress": "192.168.0.10"})
		}
		return resource.NewPropertyMapFromMap(map[string]any{"interfaces": out}), nil
	}
	return resource.PropertyMap{}, nil
}

// run runs a program against the mock, as an update or (preview) a preview. The registrations and
// invokes recorded are this run's.
func (m *mockCloud) run(program pulumi.RunFunc) error {
	m.mu.Lock()
	m.recorded, m.invokes = nil, nil
	m.mu.Unlock()
	return pulumi.RunErr(program, pulumi.WithMocks("project", "stack", m), func(info *pulumi.RunInfo) {
		info.DryRun = m.preview
	})
}

// id returns the ID the mock gave the resource named name in an update.
func (m *mockCloud) id(name string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.prior[name].ID
}

// output returns an output the mock gave the resource named name in an update.
func (m *mockCloud) output(name, key string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.prior[name].State[resource.PropertyKey(key)].StringValue()
}
