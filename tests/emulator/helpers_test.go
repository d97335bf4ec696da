package emulator

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"
)

// testCloud drives one emulator provider instance in-process.
type testCloud struct {
	t    *testing.T
	prov p.Provider
	path string
}

// newTestCloud configures a provider with the given configuration on a state
// file; an empty path makes a fresh file in a temporary folder.
func newTestCloud(t *testing.T, path string, config obj) *testCloud {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "cloud.json")
	}
	prov := New(Options{StatePath: path})
	if config == nil {
		config = obj{"region": "cn-hangzhou"}
	}
	require.NoError(t, prov.Configure(context.Background(), p.ConfigureRequest{Args: fromPlain(config, nil)}))
	return &testCloud{t: t, prov: prov, path: path}
}

func urn(token, name string) presource.URN {
	return presource.URN("urn:pulumi:test::eipkit::" + token + "::" + name)
}

// tryCreate runs Check then Create and returns the id, outputs and error.
func (c *testCloud) tryCreate(token, name string, in obj) (string, obj, error) {
	c.t.Helper()
	checked, err := c.prov.Check(context.Background(), p.CheckRequest{Urn: urn(token, name), Inputs: fromPlain(in, nil)})
	require.NoError(c.t, err)
	require.Empty(c.t, checked.Failures, "check failures for %s %s", token, name)
	resp, err := c.prov.Create(context.Background(), p.CreateRequest{Urn: urn(token, name), Properties: checked.Inputs})
	if err != nil {
		return "", nil, err
	}
	out, _ := toPlain(resp.Properties)
	return resp.ID, out, nil
}

// create creates a resource and fails the test on error.
func (c *testCloud) create(token, name string, in obj) (string, obj) {
	c.t.Helper()
	id, out, err := c.tryCreate(token, name, in)
	require.NoError(c.t, err, "create %s %s", token, name)
	require.NotEmpty(c.t, id)
	return id, out
}

// tryUpdate updates a resource from oldIn to in.
func (c *testCloud) tryUpdate(token, name, id string, oldIn, in obj) (obj, error) {
	c.t.Helper()
	state := c.read(token, name, id)
	resp, err := c.prov.Update(context.Background(), p.UpdateRequest{ID: id, Urn: urn(token, name), State: fromPlain(state, nil), Inputs: fromPlain(in, nil), OldInputs: fromPlain(oldIn, nil)})
	if err != nil {
		return nil, err
	}
	out, _ := toPlain(resp.Properties)
	return out, nil
}

// read returns the current outputs of a resource (nil when gone).
func (c *testCloud) read(token, name, id string) obj {
	c.t.Helper()
	resp, err := c.prov.Read(context.Background(), p.ReadRequest{ID: id, Urn: urn(token, name)})
	require.NoError(c.t, err)
	if resp.ID == "" {
		return nil
	}
	out, _ := toPlain(resp.Properties)
	return out
}

// del deletes a resource.
func (c *testCloud) del(token, name, id string) error {
	c.t.Helper()
	return c.prov.Delete(context.Background(), p.DeleteRequest{ID: id, Urn: urn(token, name)})
}

// diff diffs old inputs against new ones.
func (c *testCloud) diff(token string, oldIn, in property.Map) p.DiffResponse {
	c.t.Helper()
	resp, err := c.prov.Diff(context.Background(), p.DiffRequest{ID: "x", Urn: urn(token, "d"), State: oldIn, OldInputs: oldIn, Inputs: in})
	require.NoError(c.t, err)
	return resp
}

// invoke calls a function.
func (c *testCloud) invoke(token string, args obj) obj {
	c.t.Helper()
	resp, err := c.prov.Invoke(context.Background(), p.InvokeRequest{Token: tokensType(token), Args: fromPlain(args, nil)})
	require.NoError(c.t, err)
	out, _ := toPlain(resp.Return)
	return out
}

// state loads the state file.
func (c *testCloud) state() *State {
	c.t.Helper()
	s, err := LoadState(c.path)
	require.NoError(c.t, err)
	return s
}

// requireCode asserts that err is an APIError with the given code.
func requireCode(t *testing.T, err error, code string) {
	t.Helper()
	require.Error(t, err, "expected refusal %s", code)
	var api *APIError
	require.True(t, errors.As(err, &api), "error %v is not an APIError", err)
	require.Equal(t, code, api.Code, "unexpected refusal: %v", err)
}

// network builds a VPC, a vSwitch and a security group in zone cn-hangzhou-h.
type network struct {
	vpc, vsw, sg string
}

func (c *testCloud) network(prefix, vpcCidr, vswCidr string) network {
	c.t.Helper()
	vpc, _ := c.create(TokenNetwork, prefix+"-vpc", obj{"cidrBlock": vpcCidr, "vpcName": prefix})
	vsw, _ := c.create(TokenSwitch, prefix+"-vsw", obj{"vpcId": vpc, "cidrBlock": vswCidr, "zoneId": "cn-hangzhou-h"})
	sg, _ := c.create(TokenSecurityGroup, prefix+"-sg", obj{"vpcId": vpc})
	return network{vpc: vpc, vsw: vsw, sg: sg}
}

// instance creates an instance of the given type and status in a vSwitch.
func (c *testCloud) instance(name, typ, status string, n network) (string, obj) {
	c.t.Helper()
	return c.create(TokenInstance, name, obj{"instanceType": typ, "status": status, "vswitchId": n.vsw, "securityGroups": []any{n.sg}, "imageId": "aliyun_3_x64_20G_alibase_20240819.vhd"})
}

// eni creates an ENI in the network's vSwitch.
func (c *testCloud) eni(name string, n network, extra obj) (string, obj) {
	c.t.Helper()
	in := obj{"vswitchId": n.vsw, "securityGroupIds": []any{n.sg}}
	for k, v := range extra {
		in[k] = v
	}
	return c.create(TokenEni, name, in)
}

func configureRequest(args property.Map) p.ConfigureRequest { return p.ConfigureRequest{Args: args} }
