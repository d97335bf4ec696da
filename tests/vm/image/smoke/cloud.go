package main

import (
	"context"
	"fmt"
	"path/filepath"

	p "github.com/pulumi/pulumi-go-provider"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
)

// cloud drives the emulator in-process on a state file, as the engine would.
type cloud struct {
	prov p.Provider
	path string
}

func newCloud(dir string) (*cloud, error) {
	path := filepath.Join(dir, "cloud.json")
	prov := emulator.New(emulator.Options{StatePath: path})
	err := prov.Configure(context.Background(), p.ConfigureRequest{
		Args: property.NewMap(map[string]property.Value{"region": property.New("cn-hangzhou")})})
	return &cloud{prov: prov, path: path}, err
}

// create creates a resource and returns its id and outputs.
func (c *cloud) create(token, name string, in map[string]any) (string, property.Map, error) {
	vals := map[string]property.Value{}
	for k, v := range in {
		switch v := v.(type) {
		case string:
			vals[k] = property.New(v)
		case []string:
			arr := make([]property.Value, 0, len(v))
			for _, e := range v {
				arr = append(arr, property.New(e))
			}
			vals[k] = property.New(arr)
		default:
			return "", property.Map{}, fmt.Errorf("create %s %s: unsupported value %T", token, name, v)
		}
	}
	urn := presource.URN("urn:pulumi:smoke::eipkit::" + token + "::" + name)
	checked, err := c.prov.Check(context.Background(), p.CheckRequest{Urn: urn, Inputs: property.NewMap(vals)})
	if err != nil {
		return "", property.Map{}, err
	}
	if len(checked.Failures) > 0 {
		return "", property.Map{}, fmt.Errorf("create %s %s: %v", token, name, checked.Failures)
	}
	resp, err := c.prov.Create(context.Background(), p.CreateRequest{Urn: urn, Properties: checked.Inputs})
	if err != nil {
		return "", property.Map{}, fmt.Errorf("create %s %s: %w", token, name, err)
	}
	return resp.ID, resp.Properties, nil
}

func str(m property.Map, k string) string {
	if v, ok := m.GetOk(k); ok && v.IsString() {
		return v.AsString()
	}
	return ""
}

// instance is the emulated instance of the smoke test.
type instance struct {
	id string
	// served maps each EIP's public address to the MAC of the NIC that holds
	// its private address.
	served map[string]string
}

// buildInstance creates an instance in one vSwitch with a secondary ENI of
// three private addresses, an EIP on each of them and one on the
// instance's primary address.
func buildInstance(c *cloud, userData string) (instance, error) {
	inst := instance{served: map[string]string{}}
	steps := []struct {
		token, name string
		in          func(ids map[string]string) map[string]any
	}{
		{emulator.TokenNetwork, "vpc", func(map[string]string) map[string]any {
			return map[string]any{"cidrBlock": "192.168.0.0/16", "vpcName": "smoke"}
		}},
		{emulator.TokenSwitch, "vsw", func(ids map[string]string) map[string]any {
			return map[string]any{"vpcId": ids["vpc"], "cidrBlock": "192.168.1.0/24", "zoneId": "cn-hangzhou-h"}
		}},
		{emulator.TokenSecurityGroup, "sg", func(ids map[string]string) map[string]any {
			return map[string]any{"vpcId": ids["vpc"]}
		}},
		{emulator.TokenInstance, "vm", func(ids map[string]string) map[string]any {
			return map[string]any{"instanceType": "ecs.c6.large", "vswitchId": ids["vsw"], "securityGroups": []string{ids["sg"]},
				"imageId": "debian_12", "userData": userData}
		}},
		{emulator.TokenEni, "eni", func(ids map[string]string) map[string]any {
			return map[string]any{"vswitchId": ids["vsw"], "securityGroupIds": []string{ids["sg"]},
				"privateIpAddresses": []string{"192.168.1.20", "192.168.1.21"}}
		}},
		{emulator.TokenAttachment, "att", func(ids map[string]string) map[string]any {
			return map[string]any{"instanceId": ids["vm"], "networkInterfaceId": ids["eni"]}
		}},
	}
	ids := map[string]string{}
	outs := map[string]property.Map{}
	for _, s := range steps {
		id, out, err := c.create(s.token, s.name, s.in(ids))
		if err != nil {
			return inst, err
		}
		ids[s.name], outs[s.name] = id, out
	}
	inst.id = ids["vm"]
	st, err := emulator.LoadState(c.path)
	if err != nil {
		return inst, err
	}
	nics := emulator.InstanceNics(st, inst.id)
	if len(nics) != 2 {
		return inst, fmt.Errorf("the instance has %d NICs, want 2", len(nics))
	}
	eniMAC := str(outs["eni"], "mac")
	for i, a := range []struct{ target, typ, ip, mac string }{
		{inst.id, "EcsInstance", "", nics[0].MAC},
		{ids["eni"], "NetworkInterface", str(outs["eni"], "primaryIpAddress"), eniMAC},
		{ids["eni"], "NetworkInterface", "192.168.1.20", eniMAC},
		{ids["eni"], "NetworkInterface", "192.168.1.21", eniMAC},
	} {
		name := fmt.Sprintf("eip%d", i)
		id, out, err := c.create(emulator.TokenEip, name, map[string]any{})
		if err != nil {
			return inst, err
		}
		in := map[string]any{"allocationId": id, "instanceId": a.target, "instanceType": a.typ}
		if a.ip != "" {
			in["privateIpAddress"] = a.ip
		}
		if _, _, err := c.create(emulator.TokenEipAssociation, name, in); err != nil {
			return inst, err
		}
		inst.served[str(out, "ipAddress")] = a.mac
	}
	return inst, nil
}
