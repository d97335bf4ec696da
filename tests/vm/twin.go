package vm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/netns"
)

// Addresses of the twin's internet: the remote host and the router's side
// of the link to it.
const (
	// RemoteIP is the address of the remote host (a network namespace).
	RemoteIP    = "198.51.100.10"
	routerWanIP = "198.51.100.1"
	wanPrefix   = 24
	natTable    = "eipkit_twin"
	syncEvery   = 300 * time.Millisecond
)

// Twin is the network of the emulated cloud around one instance, built from
// the emulator's state: a router (a network namespace) whose bridge holds
// every vSwitch gateway and one port per NIC of the instance, the instance
// metadata service on 100.100.100.200:80, a DHCP server giving every ENI its
// primary address by MAC, and 1:1 NAT between each NAT-mode EIP and its
// private address towards a remote host (another namespace) on the twin's
// internet. It follows the state: NAT rules and DHCP hosts change when the
// state does.
type Twin struct {
	// Router and Remote are the names of the two network namespaces.
	Router, Remote string
	// Metadata is the metadata service the router serves.
	Metadata *emulator.Metadata

	statePath, instanceID, dir string
	srv                        *http.Server
	dnsmasq                    *exec.Cmd
	stop, done                 chan struct{}

	mu       sync.Mutex
	ports    map[string]string // MAC -> router-side device
	nat      string            // last applied NAT ruleset
	hosts    string            // last written DHCP hosts
	gateways []emulator.Nic    // one NIC per vSwitch block on the bridge
	syncErr  error
}

// StartTwin builds the twin of an instance of the emulated cloud in
// statePath; dir holds its files. Close removes it.
func StartTwin(dir, statePath, instanceID string) (tw *Twin, err error) {
	tw = &Twin{Router: netns.UniqueName("rt"), Remote: netns.UniqueName("rm"), statePath: statePath, instanceID: instanceID,
		dir: dir, ports: map[string]string{}, stop: make(chan struct{}), done: make(chan struct{}),
		Metadata: emulator.NewMetadata(statePath, instanceID)}
	defer func() {
		if err != nil {
			tw.Close()
		}
	}()
	wanR, wanM := netns.UniqueName("wr"), netns.UniqueName("wm")
	steps := [][]string{
		{"ip", "netns", "add", tw.Router}, {"ip", "netns", "add", tw.Remote},
		{"ip", "-n", tw.Router, "link", "set", "lo", "up"}, {"ip", "-n", tw.Remote, "link", "set", "lo", "up"},
		{"ip", "netns", "exec", tw.Router, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"},
		{"ip", "-n", tw.Router, "link", "add", "br0", "type", "bridge"},
		{"ip", "-n", tw.Router, "link", "set", "br0", "up"},
		{"ip", "-n", tw.Router, "addr", "add", emulator.MetadataAddress + "/32", "dev", "lo"},
		{"ip", "link", "add", wanR, "netns", tw.Router, "type", "veth", "peer", "name", wanM, "netns", tw.Remote},
		{"ip", "-n", tw.Router, "link", "set", wanR, "name", "wan0"},
		{"ip", "-n", tw.Remote, "link", "set", wanM, "name", "eth0"},
		{"ip", "-n", tw.Router, "addr", "add", fmt.Sprintf("%s/%d", routerWanIP, wanPrefix), "dev", "wan0"},
		{"ip", "-n", tw.Remote, "addr", "add", fmt.Sprintf("%s/%d", RemoteIP, wanPrefix), "dev", "eth0"},
		{"ip", "-n", tw.Router, "link", "set", "wan0", "up"}, {"ip", "-n", tw.Remote, "link", "set", "eth0", "up"},
		{"ip", "-n", tw.Remote, "route", "add", "default", "via", routerWanIP},
	}
	for _, s := range steps {
		if _, err := netns.Run(s...); err != nil {
			return nil, err
		}
	}
	ln, err := netns.Listen(tw.Router, emulator.MetadataAddress+":80")
	if err != nil {
		return nil, err
	}
	tw.srv = &http.Server{Handler: tw.Metadata, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = tw.srv.Serve(ln) }()
	if err := tw.sync(); err != nil {
		return nil, err
	}
	tw.mu.Lock()
	err = tw.startDHCP()
	tw.mu.Unlock()
	if err != nil {
		return nil, err
	}
	go tw.follow()
	return tw, nil
}

// startDHCP runs dnsmasq on the bridge: static leases only, by MAC, with
// the vSwitch gateway as router, one range per vSwitch of the gateways.
// The caller holds tw.mu.
func (tw *Twin) startDHCP() error {
	gws := tw.gateways
	args := []string{"netns", "exec", tw.Router, "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=0",
		"--user=root", "--interface=br0", "--bind-interfaces", "--dhcp-authoritative",
		"--dhcp-hostsfile=" + filepath.Join(tw.dir, "dhcp-hosts"), "--dhcp-leasefile=" + filepath.Join(tw.dir, "leases"),
		"--pid-file=" + filepath.Join(tw.dir, "dnsmasq.pid"), "--log-dhcp", "--log-facility=" + filepath.Join(tw.dir, "dnsmasq.log")}
	for _, n := range gws {
		args = append(args, fmt.Sprintf("--dhcp-range=%s,static,%s,1h", n.Prefix.Masked().Addr(), netipMask(n.Prefix)))
	}
	if len(gws) == 1 {
		args = append(args, "--dhcp-option=option:router,"+gws[0].Gateway.String())
	}
	tw.dnsmasq = exec.Command("ip", args...)
	out, err := os.OpenFile(filepath.Join(tw.dir, "dnsmasq.out"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	tw.dnsmasq.Stdout, tw.dnsmasq.Stderr = out, out
	if err := tw.dnsmasq.Start(); err != nil {
		return fmt.Errorf("starting dnsmasq: %w", err)
	}
	return nil
}

// follow re-reads the state until Close and applies what changed.
func (tw *Twin) follow() {
	defer close(tw.done)
	t := time.NewTicker(syncEvery)
	defer t.Stop()
	for {
		select {
		case <-tw.stop:
			return
		case <-t.C:
			err := tw.sync()
			tw.mu.Lock()
			tw.syncErr = err
			tw.mu.Unlock()
		}
	}
}

// Err returns the last error of following the state, or nil.
func (tw *Twin) Err() error {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	return tw.syncErr
}

// sync applies the state once: gateways on the bridge, DHCP hosts, NAT.
func (tw *Twin) sync() error {
	st, err := emulator.LoadState(tw.statePath)
	if err != nil {
		return err
	}
	nics := emulator.InstanceNics(st, tw.instanceID)
	tw.mu.Lock()
	defer tw.mu.Unlock()
	var hosts strings.Builder
	vswitches := len(tw.gateways)
	for _, n := range nics {
		fmt.Fprintf(&hosts, "%s,%s\n", n.MAC, n.PrimaryIP)
		if n.Prefix.IsValid() && !slices.ContainsFunc(tw.gateways, func(g emulator.Nic) bool { return g.Prefix == n.Prefix }) {
			gw := fmt.Sprintf("%s/%d", n.Gateway, n.Prefix.Bits())
			if _, err := netns.Run("ip", "-n", tw.Router, "addr", "add", gw, "dev", "br0"); err != nil {
				return err
			}
			tw.gateways = append(tw.gateways, n)
		}
	}
	if h := hosts.String(); h != tw.hosts {
		if err := os.WriteFile(filepath.Join(tw.dir, "dhcp-hosts"), []byte(h), 0o644); err != nil {
			return err
		}
		if tw.dnsmasq != nil && tw.dnsmasq.Process != nil {
			_ = tw.dnsmasq.Process.Signal(syscall.SIGHUP)
		}
		tw.hosts = h
	}
	// dnsmasq reads its ranges only when it starts: a new vSwitch (a
	// VisibleEip's, in a secondary CIDR block) needs a restart for its ENIs
	// to get a lease, as they do on Alibaba Cloud.
	if len(tw.gateways) != vswitches && tw.dnsmasq != nil && tw.dnsmasq.Process != nil {
		_ = tw.dnsmasq.Process.Kill()
		_ = tw.dnsmasq.Wait()
		if err := tw.startDHCP(); err != nil {
			return err
		}
	}
	nat := natRuleset(emulator.NatBindings(st, tw.instanceID))
	if nat != tw.nat {
		cmd := exec.Command("ip", "netns", "exec", tw.Router, "nft", "-f", "-")
		cmd.Stdin = strings.NewReader("table ip " + natTable + "\ndelete table ip " + natTable + "\n" + nat)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("nft: %w: %s\n%s", err, out, nat)
		}
		tw.nat = nat
	}
	return nil
}

// natRuleset renders 1:1 NAT for the bindings: the EIP is translated to its
// private address on the way in, and the private address to the EIP on the
// way out to the internet.
func natRuleset(bs []emulator.NatBinding) string {
	var in, out strings.Builder
	for _, b := range bs {
		fmt.Fprintf(&in, "\t\tip daddr %s dnat to %s\n", b.PublicIP, b.PrivateIP)
		fmt.Fprintf(&out, "\t\toifname \"wan0\" ip saddr %s snat to %s\n", b.PrivateIP, b.PublicIP)
	}
	return "table ip " + natTable + " {\n" +
		"\tchain prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n" + in.String() + "\t}\n" +
		"\tchain postrouting {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n" + out.String() + "\t}\n}\n"
}

// NatRules returns the NAT ruleset the router holds now, as nft lists it.
func (tw *Twin) NatRules() (string, error) {
	return netns.Exec(tw.Router, "nft", "list", "table", "ip", natTable)
}

// AddVeth adds a port for a NIC with the given MAC to the bridge as a veth
// pair and moves the NIC's end, named name, into the namespace guest.
func (tw *Twin) AddVeth(mac, guest, name string) (string, error) {
	port, peer := netns.UniqueName("vp"), netns.UniqueName("vg")
	return tw.addPort(mac, port,
		[]string{"ip", "link", "add", port, "netns", tw.Router, "type", "veth", "peer", "name", peer, "netns", guest},
		[]string{"ip", "-n", guest, "link", "set", peer, "name", name, "address", mac},
		[]string{"ip", "-n", tw.Router, "link", "set", port, "master", "br0", "up"})
}

// AddTap adds a tap device on the bridge for a VM's NIC with the given MAC;
// QEMU, run in the router's namespace, opens it by name.
func (tw *Twin) AddTap(mac string) (string, error) {
	tap := netns.UniqueName("tp")
	return tw.addPort(mac, tap,
		[]string{"ip", "-n", tw.Router, "tuntap", "add", "dev", tap, "mode", "tap"},
		[]string{"ip", "-n", tw.Router, "link", "set", tap, "master", "br0", "up"})
}

// addPort runs the commands that put port on the router's bridge and records it as the port
// of the NIC with the given MAC.
func (tw *Twin) addPort(mac, port string, commands ...[]string) (string, error) {
	for _, c := range commands {
		if _, err := netns.Run(c...); err != nil {
			return "", err
		}
	}
	tw.mu.Lock()
	tw.ports[strings.ToLower(mac)] = port
	tw.mu.Unlock()
	return port, nil
}

// RemoveTap deletes the tap of the NIC with the given MAC (after QEMU has
// released it).
func (tw *Twin) RemoveTap(mac string) error {
	tw.mu.Lock()
	tap := tw.ports[strings.ToLower(mac)]
	delete(tw.ports, strings.ToLower(mac))
	tw.mu.Unlock()
	if tap == "" {
		return fmt.Errorf("no tap for MAC %s", mac)
	}
	_, err := netns.Run("ip", "-n", tw.Router, "link", "del", tap)
	return err
}

// Port returns the router-side device of the NIC with the given MAC.
func (tw *Twin) Port(mac string) string {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	return tw.ports[strings.ToLower(mac)]
}

// PortCounters returns, per MAC, the bytes the router's port received from
// the NIC (what the guest sent out of it).
func (tw *Twin) PortCounters() (map[string]int64, error) {
	tw.mu.Lock()
	ports := make(map[string]string, len(tw.ports))
	for m, p := range tw.ports {
		ports[m] = p
	}
	tw.mu.Unlock()
	out := map[string]int64{}
	for mac, dev := range ports {
		rx, _, err := netns.Counters(tw.Router, dev)
		if err != nil {
			return nil, err
		}
		out[mac] = rx
	}
	return out, nil
}

// RemoteRun runs a command on the remote host.
func (tw *Twin) RemoteRun(args ...string) (string, error) { return netns.Exec(tw.Remote, args...) }

// Close stops the services and removes the namespaces.
func (tw *Twin) Close() {
	select {
	case <-tw.stop:
	default:
		close(tw.stop)
	}
	if tw.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_ = tw.srv.Shutdown(ctx)
		cancel()
		<-tw.done
	}
	if tw.dnsmasq != nil && tw.dnsmasq.Process != nil {
		_ = tw.dnsmasq.Process.Kill()
		_ = tw.dnsmasq.Wait()
	}
	for _, ns := range []string{tw.Router, tw.Remote} {
		_, _ = netns.Run("ip", "netns", "del", ns)
	}
}

// DHCPLog returns dnsmasq's log.
func (tw *Twin) DHCPLog() string {
	b, err := os.ReadFile(filepath.Join(tw.dir, "dnsmasq.log"))
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	return string(b)
}

// netipMask renders a prefix's mask in dotted form.
func netipMask(p netip.Prefix) string {
	var b [4]byte
	for i := range p.Bits() {
		b[i/8] |= 0x80 >> (i % 8)
	}
	return netip.AddrFrom4(b).String()
}
