package provider

import (
	"fmt"
	"strings"

	"github.com/eipkit/pulumi-alicloud-eip/provider/internal/alicloud"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// mockCloud answers the components' registrations and invokes in unit tests and records them.
// With preview set it leaves the computed outputs of new resources unknown, as a preview does.
type mockCloud struct {
	recorder
	preview bool
	types   map[string][2]int // instance type -> ENIs, private IPs per ENI
	counter int
	ipv6    map[string][]string // vSwitch -> IPv6 addresses of its ENIs
	// vpcSecondary are the secondary blocks getNetworks reports for every VPC.
	vpcSecondary []string
	// vpcWithoutIpv6 makes getNetworks report VPCs without IPv6.
	vpcWithoutIpv6 bool
	// switches are the vSwitches getSwitches lists (id, vpcId, cidrBlock, ...).
	switches []map[string]any
}

func newMockCloud() *mockCloud {
	return &mockCloud{types: map[string][2]int{
		"ecs.c6.large": {2, 6}, "ecs.g6.4xlarge": {8, 20}, "ecs.t5-lc1m1.small": {1, 1},
	}}
}

// NewResource records a registration and returns outputs shaped like the cloud's.
func (m *mockCloud) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.record(args)
	if args.TypeToken == addressAllocationToken {
		state, err := mockAllocation(args.Inputs, nil)
		return args.Name, state, err
	}
	m.counter++
	state := args.Inputs.Copy()
	computed := func(key, value string) {
		if m.preview {
			state[resource.PropertyKey(key)] = resource.MakeComputed(resource.NewStringProperty(""))
		} else {
			state[resource.PropertyKey(key)] = resource.NewStringProperty(value)
		}
	}
	id := fmt.Sprintf("%s-%04d", strings.ToLower(args.Name), m.counter)
	switch args.TypeToken {
	case alicloud.EipAddressToken:
		id = fmt.Sprintf("eip-%04d", m.counter)
		computed("ipAddress", fmt.Sprintf("118.31.2.%d", 10+m.counter))
	case alicloud.NetworkInterfaceToken:
		id = fmt.Sprintf("eni-%04d", m.counter)
		computed("mac", fmt.Sprintf("00:16:3e:00:00:%02x", m.counter))
		if n, ok := args.Inputs["ipv6AddressCount"]; ok && n.NumberValue() > 0 {
			address := fmt.Sprintf("2408:4000:1::%x", m.counter)
			state["ipv6Addresses"] = resource.NewArrayProperty([]resource.PropertyValue{resource.NewStringProperty(address)})
			if vsw := args.Inputs["vswitchId"]; vsw.IsString() {
				if m.ipv6 == nil {
					m.ipv6 = map[string][]string{}
				}
				m.ipv6[vsw.StringValue()] = append(m.ipv6[vsw.StringValue()], address)
			}
		}
	case alicloud.SwitchToken:
		id = fmt.Sprintf("vsw-%04d", m.counter)
		if _, ok := args.Inputs["ipv6CidrBlockMask"]; ok {
			computed("ipv6CidrBlock", "2408:4000:1::/64")
		}
	case alicloud.InstanceToken:
		id = fmt.Sprintf("i-%04d", m.counter)
	}
	if args.Custom && m.preview {
		id = ""
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
		q, ok := m.types[name]
		if !ok {
			return resource.PropertyMap{"instanceTypes": resource.NewArrayProperty(nil)}, nil
		}
		family := name[:strings.LastIndex(name, ".")]
		return resource.NewPropertyMapFromMap(map[string]any{"instanceTypes": []any{map[string]any{
			"id": name, "family": family, "eniQuantity": q[0], "eniPrivateIpAddressQuantity": q[1],
			"eniIpv6AddressQuantity": 1,
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
	}
	return resource.PropertyMap{}, nil
}

// run runs a program against the mock, as an update or (preview) a preview.
func (m *mockCloud) run(program pulumi.RunFunc) error {
	return pulumi.RunErr(program, pulumi.WithMocks("project", "stack", m), func(info *pulumi.RunInfo) {
		info.DryRun = m.preview
	})
}
