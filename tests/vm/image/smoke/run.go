package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/eipkit/pulumi-alicloud-eip/provider/guestnet"
	"github.com/eipkit/pulumi-alicloud-eip/tests/emulator"
	"github.com/eipkit/pulumi-alicloud-eip/tests/vm"
)

const (
	servicePort = "8080"
	// bulk is the size of each answer of the echo service: large enough that
	// the port a reply leaves by stands out in the router's counters.
	bulk = 256 << 10
)

// echoUserData is the user's own part of the user data: an echo service on
// every address that answers with the caller's address, then bulk bytes.
var echoUserData = fmt.Sprintf(`#cloud-config
write_files:
  - path: /usr/local/bin/eipkit-echo
    permissions: "0755"
    content: |
      #!/usr/bin/python3
      import http.server
      PAD = b"x" * %d
      class Handler(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              body = (self.client_address[0] + "\n").encode() + PAD
              self.send_response(200)
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args):
              pass
      http.server.ThreadingHTTPServer(("0.0.0.0", %s), Handler).serve_forever()
runcmd:
  - [systemd-run, --unit=eipkit-echo, /usr/local/bin/eipkit-echo]
`, bulk, servicePort)

// triggers are what each stack does to the NICs in its life, run in the
// guest one after the other once every EIP is served.
var triggers = map[string][]struct{ name, cmd string }{
	"ifupdown": {
		{"ifdown and ifup of eth1", "ifdown eth1; ifup eth1"},
		{"restart of networking.service", "systemctl restart networking.service"},
	},
	"networkmanager": {
		{"reapply of eth1", "nmcli device reapply eth1"},
		{"profile of eth1 up again", `nmcli connection up "$(nmcli -g GENERAL.CONNECTION device show eth1)"`},
		{"restart of NetworkManager", "systemctl restart NetworkManager.service"},
	},
	"networkd": {
		{"DHCP renewal on eth1", "networkctl renew eth1"},
		{"networkctl reconfigure eth1", "networkctl reconfigure eth1"},
		{"netplan apply", "netplan apply"},
		{"restart of systemd-networkd", "systemctl restart systemd-networkd.service"},
	},
}

type run struct {
	stack, image, dir string
	failed            int

	tw    *vm.Twin
	qemu  *exec.Cmd
	agent *agent
	inst  instance
	mu    sync.Mutex
	done  time.Duration // boot to cloud-init done
}

func (r *run) printf(format string, args ...any) {
	l := fmt.Sprintf(format, args...)
	fmt.Println(r.stack + ": " + l)
}

func (r *run) check(ok bool, format string, args ...any) {
	if ok {
		r.printf("ok   "+format, args...)
		return
	}
	r.failed++
	r.printf("FAIL "+format, args...)
}

func (r *run) do() error {
	c, err := newCloud(r.dir)
	if err != nil {
		return err
	}
	res, err := guestnet.Render(guestnet.Config{Mode: guestnet.ModeMetadata, UserData: echoUserData})
	if err != nil {
		return err
	}
	if r.inst, err = buildInstance(c, res.UserData); err != nil {
		return err
	}
	if r.tw, err = vm.StartTwin(r.dir, c.path, r.inst.id); err != nil {
		return err
	}
	r.tw.Metadata.RequireToken(true)
	st, err := emulator.LoadState(c.path)
	if err != nil {
		return err
	}
	nics := emulator.InstanceNics(st, r.inst.id)
	if err := r.seed(emulator.InstanceUserData(st, r.inst.id)); err != nil {
		return err
	}
	args := []string{"netns", "exec", r.tw.Router, "nice", "-n", "5", "qemu-system-x86_64",
		"-accel", "tcg,thread=multi", "-cpu", "max", "-smp", "2", "-m", "1024", "-nodefaults", "-display", "none", "-no-reboot",
		"-kernel", filepath.Join(r.image, "vmlinuz"), "-initrd", filepath.Join(r.image, "initrd.img"),
		"-append", "root=/dev/vda rw console=ttyS0 net.ifnames=0",
		"-drive", "file=" + filepath.Join(r.dir, "disk.qcow2") + ",if=virtio,format=qcow2",
		"-drive", "file=" + filepath.Join(r.dir, "seed.iso") + ",if=virtio,format=raw,readonly=on",
		"-serial", "file:" + filepath.Join(r.dir, "console.log"),
		"-chardev", "socket,id=qga0,path=" + filepath.Join(r.dir, "qga.sock") + ",server=on,wait=off",
		"-device", "virtio-serial-pci", "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0"}
	for i, n := range nics {
		tap, err := r.tw.AddTap(n.MAC)
		if err != nil {
			return err
		}
		args = append(args, "-netdev", fmt.Sprintf("tap,id=n%d,ifname=%s,script=no,downscript=no", i, tap),
			"-device", fmt.Sprintf("virtio-net-pci,netdev=n%d,mac=%s", i, n.MAC))
	}
	if out, err := exec.Command("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", filepath.Join(r.image, "rootfs.img"),
		filepath.Join(r.dir, "disk.qcow2")).CombinedOutput(); err != nil {
		return fmt.Errorf("qemu-img: %w: %s", err, out)
	}
	t0 := time.Now()
	r.qemu = exec.Command("ip", args...)
	qout, err := os.Create(filepath.Join(r.dir, "qemu.out"))
	if err != nil {
		return err
	}
	r.qemu.Stdout, r.qemu.Stderr = qout, qout
	if err := r.qemu.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- r.qemu.Wait() }()
	go r.watchConsole(t0)

	// Every EIP served, each through its NIC.
	served := false
	for time.Since(t0) < 8*time.Minute && !served {
		select {
		case err := <-exited:
			return fmt.Errorf("qemu exited: %v: %s", err, tail(filepath.Join(r.dir, "qemu.out"), 20))
		case <-time.After(3 * time.Second):
		}
		served = r.servedAll(1) == nil
	}
	r.check(served, "every EIP served through its NIC %s after QEMU started", since(t0))
	r.mu.Lock()
	r.printf("boot to cloud-init done: %.0fs", r.done.Seconds())
	r.mu.Unlock()
	r.agent = &agent{path: filepath.Join(r.dir, "qga.sock")}
	if err := r.agent.wait(2 * time.Minute); err != nil {
		return err
	}
	if !served {
		err := r.servedAll(1)
		r.diagnose()
		return fmt.Errorf("not served: %v", err)
	}
	before, err := r.eth0()
	if err != nil {
		return err
	}
	r.invariants(before, "after boot")
	for _, tr := range triggers[r.stack] {
		out, code, err := r.agent.sh(tr.cmd, 2*time.Minute)
		if err != nil {
			return fmt.Errorf("%s: %w", tr.name, err)
		}
		if code != 0 {
			r.printf("note: %q exited %d: %s", tr.cmd, code, strings.TrimSpace(out))
		}
		// Give the stack time to finish what it started (DHCP, foreign config removal).
		time.Sleep(10 * time.Second)
		t1 := time.Now()
		err = r.servedAll(1)
		r.check(err == nil, "after %s: every EIP still served (%v)", tr.name, err)
		if err != nil {
			r.diagnose()
			err = r.servedAll(40)
			r.printf("after %s: served again %s later (%v)", tr.name, since(t1), err)
		}
		r.invariants(before, "after "+tr.name)
	}
	return nil
}

// seed writes the NoCloud seed disk with the instance's user data.
func (r *run) seed(userData string) error {
	sd := filepath.Join(r.dir, "seed")
	if err := os.MkdirAll(sd, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(sd, "user-data"), []byte(userData), 0o644); err != nil {
		return err
	}
	meta := "instance-id: " + r.inst.id + "\nlocal-hostname: eipkit-guest\n"
	if err := os.WriteFile(filepath.Join(sd, "meta-data"), []byte(meta), 0o644); err != nil {
		return err
	}
	out, err := exec.Command("genisoimage", "-quiet", "-output", filepath.Join(r.dir, "seed.iso"), "-volid", "cidata", "-joliet", "-rock",
		filepath.Join(sd, "user-data"), filepath.Join(sd, "meta-data")).CombinedOutput()
	if err != nil {
		return fmt.Errorf("genisoimage: %w: %s", err, out)
	}
	return nil
}

// watchConsole records when cloud-init reports it finished.
func (r *run) watchConsole(t0 time.Time) {
	path := filepath.Join(r.dir, "console.log")
	for time.Since(t0) < 10*time.Minute {
		time.Sleep(time.Second)
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		found := false
		for sc.Scan() {
			if strings.Contains(sc.Text(), "Cloud-init v.") && strings.Contains(sc.Text(), "finished at") {
				found = true
			}
		}
		f.Close()
		if found {
			r.mu.Lock()
			r.done = time.Since(t0)
			r.mu.Unlock()
			return
		}
	}
}

// servedAll asks the echo service through every EIP from the remote host,
// up to tries times a second apart, and checks each answer: the remote's
// address seen, the answer leaving by the NIC holding the EIP's private
// address (router port counters).
func (r *run) servedAll(tries int) error {
	var last error
	for i := 0; i < tries; i++ {
		if i > 0 {
			time.Sleep(time.Second)
		}
		last = nil
		for public, mac := range r.inst.served {
			if err := r.served(public, mac); err != nil {
				last = err
				break
			}
		}
		if last == nil {
			return nil
		}
	}
	return last
}

func (r *run) served(public, mac string) error {
	before, err := r.tw.PortCounters()
	if err != nil {
		return err
	}
	out, err := r.tw.RemoteRun("curl", "-sS", "--max-time", "10", "http://"+public+":"+servicePort+"/")
	after, cerr := r.tw.PortCounters()
	if cerr != nil {
		return cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %v", public, err)
	}
	if !strings.HasPrefix(out, vm.RemoteIP+"\n") || len(out) < bulk {
		return fmt.Errorf("%s: the service saw %.40q, want the remote's address %s", public, out, vm.RemoteIP)
	}
	mac = strings.ToLower(mac)
	for m := range after {
		d := after[m] - before[m]
		if m == mac && d < bulk {
			return fmt.Errorf("%s: only %d bytes left by NIC %s", public, d, mac)
		}
		if m != mac && d >= bulk/4 {
			return fmt.Errorf("%s: the answer left by NIC %s (%d bytes), not %s", public, m, d, mac)
		}
	}
	return nil
}

// eth0 returns eth0's addresses and the main table's default routes.
func (r *run) eth0() (string, error) {
	out, _, err := r.agent.sh("ip -4 -o addr show dev eth0 | awk '{print $4}'; ip -4 route show table main default", 30*time.Second)
	return out, err
}

// invariants checks that eth0 keeps its address and that the main table's
// preferred default route still leaves by eth0.
func (r *run) invariants(before, when string) {
	now, err := r.eth0()
	if err != nil {
		r.check(false, "%s: reading eth0: %v", when, err)
		return
	}
	lines := strings.Split(strings.TrimSpace(now), "\n")
	first := ""
	for _, l := range lines {
		if strings.HasPrefix(l, "default ") {
			first = l
			break
		}
	}
	r.check(now == before && strings.Contains(first, " dev eth0"), "%s: eth0's address and the main table's default routes as after boot: %q", when,
		strings.ReplaceAll(strings.TrimSpace(now), "\n", "; "))
}

// diagnose prints the guest's network state and the program's log.
func (r *run) diagnose() {
	out, _, err := r.agent.sh("ip -4 -o addr; ip rule; ip -4 route show table all | grep -v '^local\\|^broadcast'; journalctl -b -u eipkit-guestnet --no-pager | tail -n 15", time.Minute)
	if err != nil {
		out = err.Error()
	}
	fmt.Fprintf(os.Stderr, "---- guest state\n%s----\n", out)
}

func (r *run) close() {
	if r.agent != nil {
		r.agent.close()
	}
	if r.qemu != nil && r.qemu.Process != nil {
		_ = r.qemu.Process.Kill()
		// The QEMU process runs under `ip netns exec`: it ends with it.
		time.Sleep(time.Second)
	}
	if r.tw != nil {
		r.tw.Close()
	}
}
