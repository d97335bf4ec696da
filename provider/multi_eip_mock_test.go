package provider

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
)

// multiTypes are the instance types the MultiEipInstance mocks know: ENIs per instance and
// private IPs per ENI. ecs.c6.large is the documented example; ecs.g6.8xlarge is a larger type;
// ecs.e-c1m2.large cannot hot-plug ENIs; ecs.g5.large accepts multi-EIP-to-ENI mode.
var multiTypes = map[string][2]int{
	"ecs.c6.large":     {2, 6},
	"ecs.g6.8xlarge":   {8, 20},
	"ecs.e-c1m2.large": {3, 6},
	"ecs.g5.large":     {3, 6},
}

// multiVswitches are the vSwitches the mocks know: CIDR block and zone.
var multiVswitches = map[string][2]string{
	"vsw-b": {"192.168.0.0/24", "cn-shanghai-b"},
	"vsw-c": {"192.168.1.0/24", "cn-shanghai-c"},
	"vsw-w": {"10.8.0.0/20", "cn-shanghai-b"},
}

// multiPrior is the state of a resource after an earlier run.
type multiPrior struct {
	ID    string
	State resource.PropertyMap
}

// multiMock answers registrations and invokes like the cloud (and, in preview, like the engine:
// resources of an earlier run keep their ID and outputs, new ones have unknown computed outputs).
type multiMock struct {
	recorder
	preview bool
	prior   map[string]multiPrior
	counter int
}

func newMultiMock() *multiMock { return &multiMock{prior: map[string]multiPrior{}} }

// NewResource records a registration and returns outputs shaped like the cloud's.
func (m *multiMock) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
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
			m.prior[args.Name] = multiPrior{args.Name, state}
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
		m.prior[args.Name] = multiPrior{p.ID, state}
		return p.ID, state, nil
	}
	m.counter++
	h := fnv.New32a()
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
		computed("ipAddress", fmt.Sprintf("47.96.%d.%d", (n/200)%250, 10+n%200))
	case alicloud.NetworkInterfaceToken:
		id = "eni-" + args.Name
		computed("mac", fmt.Sprintf("00:16:3e:00:%02x:%02x", n/256, n%256))
		if _, ok := args.Inputs["primaryIpAddress"]; !ok {
			computed("primaryIpAddress", fmt.Sprintf("192.168.0.%d", 100+n%100))
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
		m.prior[args.Name] = multiPrior{id, state}
	}
	return id, state, nil
}

// Call answers the alicloud functions the component invokes.
func (m *multiMock) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.invokes = append(m.invokes, args)
	switch args.Token {
	case alicloud.GetInstanceTypesToken:
		name := args.Args["instanceType"].StringValue()
		q, ok := multiTypes[name]
		if !ok {
			return resource.PropertyMap{"instanceTypes": resource.NewArrayProperty(nil)}, nil
		}
		return resource.NewPropertyMapFromMap(map[string]any{"instanceTypes": []any{map[string]any{
			"id": name, "family": name[:strings.LastIndex(name, ".")], "eniQuantity": q[0],
			"eniPrivateIpAddressQuantity": q[1], "eniIpv6AddressQuantity": 1,
		}}}), nil
	case alicloud.GetSwitchesToken:
		var out []any
		for _, id := range args.Args["ids"].ArrayValue() {
			if sw, ok := multiVswitches[id.StringValue()]; ok {
				out = append(out, map[string]any{"id": id.StringValue(), "cidrBlock": sw[0], "zoneId": sw[1], "vpcId": "vpc-1"})
			}
		}
		return resource.NewPropertyMapFromMap(map[string]any{"vswitches": out}), nil
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

// run runs a program against the mock, as an update or (preview) a preview.
func (m *multiMock) run(program pulumi.RunFunc) error {
	m.mu.Lock()
	m.recorded, m.invokes = nil, nil
	m.mu.Unlock()
	return pulumi.RunErr(program, pulumi.WithMocks("project", "stack", m), func(info *pulumi.RunInfo) {
		info.DryRun = m.preview
	})
}

// id returns the ID the mock gave the resource named name in an update.
func (m *multiMock) id(name string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.prior[name].ID
}

// output returns an output the mock gave the resource named name in an update.
func (m *multiMock) output(name, key string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.prior[name].State[resource.PropertyKey(key)].StringValue()
}
