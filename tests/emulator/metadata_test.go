package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mdGet asks the metadata service for a path from a source address and
// returns the status and body.
func mdGet(t *testing.T, m *Metadata, path, from string, header ...string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://"+MetadataAddress+path, nil)
	req.RemoteAddr = from + ":40000"
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

// mdOK asks for a path and requires a 200.
func mdOK(t *testing.T, m *Metadata, path string) string {
	t.Helper()
	code, body := mdGet(t, m, path, "10.9.9.9")
	require.Equal(t, http.StatusOK, code, "GET %s: %s", path, body)
	return body
}

func TestMetadataFollowsTheCloudLive(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("md", "192.168.0.0/16", "192.168.1.0/24")
	vm, _ := c.instance("vm", "ecs.c6.large", "Running", n)
	m := NewMetadata(c.path, vm)
	st := c.state()
	primary := primaryEni(st, st.Resources[vm])
	pmac, pip := str(primary.Attrs, "mac"), str(primary.Attrs, "primaryIpAddress")

	assert.Equal(t, vm, mdOK(t, m, "/latest/meta-data/instance-id"))
	assert.Equal(t, pmac, mdOK(t, m, "/latest/meta-data/mac"))
	assert.Equal(t, pip, mdOK(t, m, "/latest/meta-data/private-ipv4"))
	assert.Equal(t, "192.168.0.0/16", mdOK(t, m, "/latest/meta-data/vpc-cidr-block"))
	assert.Equal(t, "ecs.c6.large", mdOK(t, m, "/latest/meta-data/instance/instance-type"))
	assert.Contains(t, strings.Fields(mdOK(t, m, "/latest/meta-data/")), "instance-id")
	assert.Equal(t, pmac+"/\n", mdOK(t, m, "/latest/meta-data/network/interfaces/macs/"))
	code, _ := mdGet(t, m, "/latest/meta-data/eipv4", "10.9.9.9")
	assert.Equal(t, http.StatusNotFound, code, "no EIP yet")

	// A secondary ENI attached to the running instance shows at once.
	eni, eout := c.eni("eni1", n, obj{"privateIpAddresses": []any{"192.168.1.20"}})
	att, _ := c.create(TokenAttachment, "att1", obj{"instanceId": vm, "networkInterfaceId": eni})
	mac := str(eout, "mac")
	assert.Equal(t, pmac+"/\n"+mac+"/\n", mdOK(t, m, "/latest/meta-data/network/interfaces/macs/"), "ENIs in device order")
	base := "/latest/meta-data/network/interfaces/macs/" + mac + "/"
	eip := str(eout, "primaryIpAddress")
	assert.Equal(t, eni, mdOK(t, m, base+"network-interface-id"))
	assert.Equal(t, eip, mdOK(t, m, base+"primary-ip-address"))
	assert.Equal(t, "255.255.255.0", mdOK(t, m, base+"netmask"))
	assert.Equal(t, "192.168.1.253", mdOK(t, m, base+"gateway"))
	assert.Equal(t, "192.168.1.0/24", mdOK(t, m, base+"vswitch-cidr-block"))
	assert.Equal(t, n.vsw, mdOK(t, m, base+"vswitch-id"))
	assert.Equal(t, n.vpc, mdOK(t, m, base+"vpc-id"))
	assert.Equal(t, "192.168.0.0/16", mdOK(t, m, base+"vpc-cidr-block"))
	var ips []string
	require.NoError(t, json.Unmarshal([]byte(mdOK(t, m, base+"private-ipv4s")), &ips))
	assert.Equal(t, []string{eip, "192.168.1.20"}, ips, "primary first, then the secondaries")
	assert.Contains(t, mdOK(t, m, base), "private-ipv4s\n")
	code, _ = mdGet(t, m, base+"ipv6s", "10.9.9.9")
	assert.Equal(t, http.StatusNotFound, code, "no IPv6 addresses: a definite 404")

	// A private IP added shows at once.
	oldIn := obj{"vswitchId": n.vsw, "securityGroupIds": []any{n.sg}, "privateIpAddresses": []any{"192.168.1.20"}}
	newIn := obj{"vswitchId": n.vsw, "securityGroupIds": []any{n.sg}, "privateIpAddresses": []any{"192.168.1.20", "192.168.1.21"}}
	_, err := c.tryUpdate(TokenEni, "eni1", eni, oldIn, newIn)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal([]byte(mdOK(t, m, base+"private-ipv4s")), &ips))
	assert.Equal(t, []string{eip, "192.168.1.20", "192.168.1.21"}, ips)

	// An EIP associated shows at once: on the primary address as eipv4, and as a NAT binding.
	e1, e1out := c.create(TokenEip, "e1", obj{})
	c.create(TokenEipAssociation, "a1", obj{"allocationId": e1, "instanceId": vm})
	assert.Equal(t, str(e1out, "ipAddress"), mdOK(t, m, "/latest/meta-data/eipv4"))
	e2, e2out := c.create(TokenEip, "e2", obj{})
	c.create(TokenEipAssociation, "a2", obj{"allocationId": e2, "instanceId": eni, "instanceType": "NetworkInterface", "privateIpAddress": "192.168.1.21"})
	assert.Equal(t, []NatBinding{
		{AllocationID: e1, PublicIP: str(e1out, "ipAddress"), PrivateIP: pip, EniID: primary.ID, MAC: pmac},
		{AllocationID: e2, PublicIP: str(e2out, "ipAddress"), PrivateIP: "192.168.1.21", EniID: eni, MAC: mac},
	}, NatBindings(c.state(), vm))

	// Detached: the MAC and its items are gone at once.
	require.NoError(t, c.del(TokenEipAssociation, "a2", e2+":"+eni))
	require.NoError(t, c.del(TokenAttachment, "att1", att))
	assert.Equal(t, pmac+"/\n", mdOK(t, m, "/latest/meta-data/network/interfaces/macs/"))
	code, _ = mdGet(t, m, base+"primary-ip-address", "10.9.9.9")
	assert.Equal(t, http.StatusNotFound, code, "a detached ENI's items are gone")
	assert.Len(t, InstanceNics(c.state(), vm), 1)
}

func TestMetadataTellsInstancesApartBySource(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("md", "192.168.0.0/16", "192.168.1.0/24")
	a, _ := c.instance("a", "ecs.c6.large", "Running", n)
	b, _ := c.instance("b", "ecs.c6.large", "Running", n)
	m := NewMetadata(c.path, "")
	for _, id := range []string{a, b} {
		nics := InstanceNics(c.state(), id)
		require.Len(t, nics, 1)
		assert.Equal(t, 0, nics[0].DeviceIndex)
		assert.Equal(t, "192.168.1.253", nics[0].Gateway.String())
		code, body := mdGet(t, m, "/latest/meta-data/instance-id", nics[0].PrimaryIP)
		assert.Equal(t, http.StatusOK, code)
		assert.Equal(t, id, body, "a request from %s is answered for its instance", nics[0].PrimaryIP)
	}
	code, _ := mdGet(t, m, "/latest/meta-data/instance-id", "192.168.1.99")
	assert.Equal(t, http.StatusNotFound, code, "an address no instance holds")
}

func TestMetadataHardenedMode(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("md", "192.168.0.0/16", "192.168.1.0/24")
	vm, _ := c.instance("vm", "ecs.c6.large", "Running", n)
	m := NewMetadata(c.path, vm)
	srv := httptest.NewServer(m)
	defer srv.Close()
	do := func(method, path string, h ...string) (int, string) {
		req, err := http.NewRequest(method, srv.URL+path, nil)
		require.NoError(t, err)
		for i := 0; i+1 < len(h); i += 2 {
			req.Header.Set(h[i], h[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, _ := do(http.MethodPut, "/latest/api/token")
	assert.Equal(t, http.StatusBadRequest, code, "a token needs a TTL")
	code, _ = do(http.MethodPut, "/latest/api/token", MetadataTokenTTLHeader, "21601")
	assert.Equal(t, http.StatusBadRequest, code, "TTL above 21600 s")
	code, _ = do(http.MethodGet, "/latest/api/token", MetadataTokenTTLHeader, "60")
	assert.Equal(t, http.StatusMethodNotAllowed, code, "tokens come from PUT")
	code, tok := do(http.MethodPut, "/latest/api/token", MetadataTokenTTLHeader, "60")
	require.Equal(t, http.StatusOK, code)
	require.NotEmpty(t, tok)

	code, _ = do(http.MethodGet, "/latest/meta-data/instance-id")
	assert.Equal(t, http.StatusOK, code, "normal mode: no token needed")
	code, _ = do(http.MethodGet, "/latest/meta-data/instance-id", MetadataTokenHeader, "forged")
	assert.Equal(t, http.StatusUnauthorized, code, "an unknown token is refused")

	m.RequireToken(true)
	code, _ = do(http.MethodGet, "/latest/meta-data/instance-id")
	assert.Equal(t, http.StatusUnauthorized, code, "hardened mode: no token, no answer")
	code, body := do(http.MethodGet, "/latest/meta-data/instance-id", MetadataTokenHeader, tok)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, vm, body)

	m.SetDown(true)
	code, _ = do(http.MethodGet, "/latest/meta-data/instance-id", MetadataTokenHeader, tok)
	assert.Equal(t, http.StatusServiceUnavailable, code)
	m.SetDown(false)
	code, _ = do(http.MethodGet, "/latest/meta-data/instance-id", MetadataTokenHeader, tok)
	assert.Equal(t, http.StatusOK, code)
}

func TestMetadataUserData(t *testing.T) {
	c := newTestCloud(t, "", nil)
	n := c.network("md", "192.168.0.0/16", "192.168.1.0/24")
	plain := "#cloud-config\nruncmd: [true]\n"
	in := obj{"instanceType": "ecs.c6.large", "vswitchId": n.vsw, "securityGroups": []any{n.sg}, "imageId": "img"}
	bare, _ := c.create(TokenInstance, "bare", in)
	in["userData"] = plain
	withPlain, _ := c.create(TokenInstance, "plain", in)
	in["userData"] = "I2Nsb3VkLWNvbmZpZwpydW5jbWQ6IFt0cnVlXQo=" // the same, base64
	withB64, _ := c.create(TokenInstance, "b64", in)
	for _, id := range []string{withPlain, withB64} {
		code, body := mdGet(t, NewMetadata(c.path, id), "/latest/user-data", "10.9.9.9")
		assert.Equal(t, http.StatusOK, code)
		assert.Equal(t, plain, body)
		assert.Equal(t, plain, InstanceUserData(c.state(), id))
	}
	code, _ := mdGet(t, NewMetadata(c.path, bare), "/latest/user-data", "10.9.9.9")
	assert.Equal(t, http.StatusNotFound, code)
}

func TestGatewayOf(t *testing.T) {
	for cidr, want := range map[string]string{
		"192.168.1.0/24": "192.168.1.253", "10.0.0.0/16": "10.0.255.253", "172.16.8.8/29": "172.16.8.13",
		"2001:db8:1:2::/64": "2001:db8:1:2:ffff:ffff:ffff:fffd",
	} {
		assert.Equal(t, want, gatewayOf(netip.MustParsePrefix(cidr)).String(), cidr)
	}
}
