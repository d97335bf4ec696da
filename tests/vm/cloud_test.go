package vm

import (
	"context"
	"path/filepath"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
)

// cloud drives the emulator in-process on a state file, as the engine would.
type cloud struct {
	t    *testing.T
	prov p.Provider
	path string
}

func newCloud(t *testing.T) *cloud {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cloud.json")
	prov := emulator.New(emulator.Options{StatePath: path})
	require.NoError(t, prov.Configure(context.Background(), p.ConfigureRequest{
		Args: property.NewMap(map[string]property.Value{"region": property.New("cn-hangzhou")})}))
	return &cloud{t: t, prov: prov, path: path}
}

func urn(token, name string) presource.URN {
	return presource.URN("urn:pulumi:test::eipkit::" + token + "::" + name)
}

// create creates a resource and returns its id and outputs.
func (c *cloud) create(token, name string, in map[string]any) (string, property.Map) {
	c.t.Helper()
	checked, err := c.prov.Check(context.Background(), p.CheckRequest{Urn: urn(token, name), Inputs: emulator.PropertyMap(in)})
	require.NoError(c.t, err)
	require.Empty(c.t, checked.Failures)
	resp, err := c.prov.Create(context.Background(), p.CreateRequest{Urn: urn(token, name), Properties: checked.Inputs})
	require.NoError(c.t, err, "create %s %s", token, name)
	return resp.ID, resp.Properties
}

// update updates a resource from oldIn to in.
func (c *cloud) update(token, name, id string, oldIn, in map[string]any) {
	c.t.Helper()
	read, err := c.prov.Read(context.Background(), p.ReadRequest{ID: id, Urn: urn(token, name)})
	require.NoError(c.t, err)
	_, err = c.prov.Update(context.Background(), p.UpdateRequest{ID: id, Urn: urn(token, name), State: read.Properties,
		Inputs: emulator.PropertyMap(in), OldInputs: emulator.PropertyMap(oldIn)})
	require.NoError(c.t, err, "update %s %s", token, name)
}

func (c *cloud) state() *emulator.State {
	c.t.Helper()
	st, err := emulator.LoadState(c.path)
	require.NoError(c.t, err)
	return st
}

func str(m property.Map, k string) string {
	v, _ := m.GetOk(k)
	if v.IsString() {
		return v.AsString()
	}
	return ""
}

// delete deletes a resource.
func (c *cloud) delete(token, name, id string) {
	c.t.Helper()
	read, err := c.prov.Read(context.Background(), p.ReadRequest{ID: id, Urn: urn(token, name)})
	require.NoError(c.t, err)
	require.NoError(c.t, c.prov.Delete(context.Background(), p.DeleteRequest{ID: id, Urn: urn(token, name),
		Properties: read.Properties}), "delete %s %s", token, name)
}
