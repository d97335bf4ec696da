package vm

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/netns"
)

// echoService is echoProgram's service for a guest namespace: it answers every request
// with the caller's address on the first line, then EchoBulk bytes.
func echoService() http.Handler {
	pad := strings.Repeat("x", EchoBulk)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		fmt.Fprintf(w, "%s\n%s", host, pad)
	})
}

// requireServedThrough asks the service for each public address from the
// remote host and checks that the service saw the remote's address and that
// the answer left through the NIC with the given MAC (the router's port
// counters). It retries for up to wait, then fails.
func requireServedThrough(t *testing.T, tw *Twin, want map[string]string, wait time.Duration) {
	t.Helper()
	for public, mac := range want {
		requireAnsweredThrough(t, tw, tw.RemoteRun, RemoteIP, public, mac, wait)
	}
}

// requireVpcAnsweredThrough asks the service at a private address from the
// twin's router, a host of the VPC, and checks that the answer left through
// the NIC with the given MAC.
func requireVpcAnsweredThrough(t *testing.T, tw *Twin, private, mac string, wait time.Duration) {
	t.Helper()
	router := func(args ...string) (string, error) { return netns.Exec(tw.Router, args...) }
	requireAnsweredThrough(t, tw, router, "", private, mac, wait)
}

// requireAnsweredThrough asks the service at addr with run (curl on a host
// of the twin) and checks that the service saw caller (any address when
// empty) and that the whole answer left through the NIC with mac and nothing
// like it through another NIC (the router's port counters). It retries for up
// to wait, then fails.
func requireAnsweredThrough(t *testing.T, tw *Twin, run func(args ...string) (string, error), caller, addr, mac string, wait time.Duration) {
	t.Helper()
	deadline := time.Now().Add(wait)
	var last string
	for {
		before, err := tw.PortCounters()
		require.NoError(t, err)
		out, err := run("curl", "-sS", "--max-time", "10", "http://"+addr+":"+fmt.Sprint(EchoPort)+"/")
		after, cerr := tw.PortCounters()
		require.NoError(t, cerr)
		last = fmt.Sprintf("curl: %v %.80s; counters before %v after %v", err, out, before, after)
		first, _, _ := strings.Cut(out, "\n")
		ok := err == nil && first != "" && (caller == "" || first == caller) && len(out) >= EchoBulk
		for m := range after {
			delta := after[m] - before[m]
			if m == strings.ToLower(mac) && delta < EchoBulk {
				ok = false
			}
			if m != strings.ToLower(mac) && delta >= EchoBulk/4 {
				ok = false
			}
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			require.Failf(t, "not served", "%s through NIC %s: %s\nNAT:\n%s", addr, mac, last, natOrErr(tw))
		}
		time.Sleep(time.Second)
	}
}

func natOrErr(tw *Twin) string {
	s, err := tw.NatRules()
	if err != nil {
		return err.Error()
	}
	return s
}

// TestGuestProgramAgainstTheTwin runs the rendered guest program (metadata
// mode, hardened metadata) in a network namespace standing for the
// instance, wired to the twin's router: it reads its ENIs from the metadata
// service, and the remote host then reaches the service through every EIP,
// each answer leaving by the ENI holding the EIP's private address. A
// private IP and an EIP added to the cloud are served after the next run.
func TestGuestProgramAgainstTheTwin(t *testing.T) {
	c := newCloud(t)
	vpc, _ := c.create(emulator.TokenNetwork, "vpc", map[string]any{"cidrBlock": "192.168.0.0/16", "vpcName": "twin"})
	vsw, _ := c.create(emulator.TokenSwitch, "vsw", map[string]any{"vpcId": vpc, "cidrBlock": "192.168.1.0/24", "zoneId": "cn-hangzhou-h"})
	sg, _ := c.create(emulator.TokenSecurityGroup, "sg", map[string]any{"vpcId": vpc})
	vm, _ := c.create(emulator.TokenInstance, "vm", map[string]any{"instanceType": "ecs.c6.large", "vswitchId": vsw,
		"securityGroups": []string{sg}, "imageId": "debian_12"})
	eniIn := map[string]any{"vswitchId": vsw, "securityGroupIds": []string{sg}, "privateIpAddresses": []string{"192.168.1.20", "192.168.1.21"}}
	eni, eniOut := c.create(emulator.TokenEni, "eni", eniIn)
	c.create(emulator.TokenAttachment, "att", map[string]any{"instanceId": vm, "networkInterfaceId": eni})
	eniMAC := str(eniOut, "mac")
	want := map[string]string{}
	associate := func(name, ip string) {
		id, out := c.create(emulator.TokenEip, name, map[string]any{})
		c.create(emulator.TokenEipAssociation, name, map[string]any{"allocationId": id, "instanceId": eni, "instanceType": "NetworkInterface", "privateIpAddress": ip})
		want[str(out, "ipAddress")] = eniMAC
	}
	associate("e0", str(eniOut, "primaryIpAddress"))
	associate("e1", "192.168.1.20")
	associate("e2", "192.168.1.21")
	nics := emulator.InstanceNics(c.state(), vm)
	require.Len(t, nics, 2)

	dir := t.TempDir()
	tw, err := StartTwin(dir, c.path, vm)
	require.NoError(t, err)
	t.Cleanup(tw.Close)
	tw.Metadata.RequireToken(true)

	guest := netns.UniqueName("gs")
	_, err = netns.Run("ip", "netns", "add", guest)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = netns.Run("ip", "netns", "del", guest) })
	for i, n := range nics {
		_, err := tw.AddVeth(n.MAC, guest, fmt.Sprintf("eth%d", i))
		require.NoError(t, err)
	}
	// eth0 as DHCP leaves it; the secondary ENI is up without an address.
	for _, s := range [][]string{
		{"ip", "-n", guest, "link", "set", "lo", "up"},
		{"ip", "-n", guest, "addr", "add", nics[0].PrimaryIP + "/24", "dev", "eth0"},
		{"ip", "-n", guest, "link", "set", "eth0", "up"}, {"ip", "-n", guest, "link", "set", "eth1", "up"},
		{"ip", "-n", guest, "route", "add", "default", "via", nics[0].Gateway.String(), "dev", "eth0"},
	} {
		_, err := netns.Run(s...)
		require.NoError(t, err)
	}
	ln, err := netns.Listen(guest, "0.0.0.0:"+fmt.Sprint(EchoPort))
	require.NoError(t, err)
	srv := &http.Server{Handler: echoService(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	res, err := guestnet.Render(guestnet.Config{Mode: guestnet.ModeMetadata})
	require.NoError(t, err)
	script := filepath.Join(dir, "eipkit-guestnet")
	require.NoError(t, os.WriteFile(script, []byte(res.Script), 0o755))
	runProgram := func() {
		t.Helper()
		out, err := netns.Exec(guest, "env", "EIPKIT_STATE_DIR="+filepath.Join(dir, "run"), "EIPKIT_LIB_DIR="+filepath.Join(dir, "lib"), "sh", script)
		require.NoError(t, err, out)
	}
	routeBefore, err := netns.Exec(guest, "ip", "-4", "route", "show", "default")
	require.NoError(t, err)

	runProgram()
	assert.Positive(t, tw.Metadata.Requests(), "the program asked the metadata service")
	requireServedThrough(t, tw, want, 10*time.Second)

	// A private IP and an EIP on it, added to the cloud: served after the next run.
	c.update(emulator.TokenEni, "eni", eni, eniIn, map[string]any{"vswitchId": vsw, "securityGroupIds": []string{sg},
		"privateIpAddresses": []string{"192.168.1.20", "192.168.1.21", "192.168.1.22"}})
	associate("e3", "192.168.1.22")
	runProgram()
	requireServedThrough(t, tw, want, 10*time.Second)

	routeAfter, err := netns.Exec(guest, "ip", "-4", "route", "show", "default")
	require.NoError(t, err)
	assert.Equal(t, routeBefore, routeAfter, "eth0's default route is untouched")
	addrs, err := netns.Exec(guest, "ip", "-4", "-o", "addr", "show", "dev", "eth0")
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(addrs, " inet "), "eth0 keeps its one address: %s", addrs)
	require.NoError(t, tw.Err())
}
