package vm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// kernelArgs is the guest kernel's command line: the serial console, the
// root disk, and eth0, eth1... as on Alibaba's images.
const kernelArgs = "console=ttyS0 root=/dev/vda rw net.ifnames=0 biosdevname=0"

// NIC is one network card of a VM: the ENI's MAC and the tap (in the
// namespace QEMU runs in) it is plugged into.
type NIC struct {
	MAC, Tap string
}

// VMOptions describe a VM booted from a guest image.
type VMOptions struct {
	// Image is the image folder (rootfs.img, vmlinuz, initrd.img) that
	// tests/vm/image/ensure.sh prints. The VM writes to a qcow2 overlay, never
	// to the image.
	Image string
	// Dir holds the overlay, the console log and QEMU's output.
	Dir string
	// Netns is the network namespace QEMU runs in (the twin's router, which
	// holds the taps); empty for the current one.
	Netns string
	// NICs are the network cards at boot, eth0 first.
	NICs []NIC
	// Seed is the NoCloud seed disk (WriteSeed).
	Seed string
	// MemoryMB is the guest memory; default 1024.
	MemoryMB int
	// CPUs is the number of vCPUs; default 2.
	CPUs int
}

// VM is a running QEMU guest: its monitor (QMP), its guest agent, and its
// serial console logged to a file.
type VM struct {
	// QMP is the monitor; Agent the guest agent.
	QMP   *QMP
	Agent *Agent
	// Console is the file the serial console is written to.
	Console string
	// Accel is the accelerator in use, "kvm" or "tcg".
	Accel string

	opts    VMOptions
	sockets string
	cmd     *exec.Cmd
	exited  chan struct{}
	waitErr error

	mu   sync.Mutex
	nics []NIC // in plug order
	seq  int
}

// StartVM boots a VM; Stop ends it.
func StartVM(opts VMOptions) (*VM, error) {
	if opts.MemoryMB == 0 {
		opts.MemoryMB = 1024
	}
	if opts.CPUs == 0 {
		opts.CPUs = 2
	}
	for _, f := range []string{"rootfs.img", "vmlinuz", "initrd.img"} {
		if _, err := os.Stat(filepath.Join(opts.Image, f)); err != nil {
			return nil, fmt.Errorf("guest image %s lacks %s: build it with tests/vm/image/ensure.sh: %w", opts.Image, f, err)
		}
	}
	overlay := filepath.Join(opts.Dir, "disk.qcow2")
	if out, err := exec.Command("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b",
		filepath.Join(opts.Image, "rootfs.img"), overlay).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("qemu-img create overlay: %w: %s", err, out)
	}
	// Unix socket paths are limited to 108 bytes: keep them in a short folder.
	sockets, err := os.MkdirTemp("", "eipkit-vm-")
	if err != nil {
		return nil, err
	}
	accel := Accel()
	vm := &VM{QMP: &QMP{path: filepath.Join(sockets, "qmp")}, Agent: &Agent{path: filepath.Join(sockets, "qga")},
		Console: filepath.Join(opts.Dir, "console.log"), Accel: accel, opts: opts, sockets: sockets, exited: make(chan struct{})}
	args := []string{"nice", "-n", "5", "qemu-system-x86_64", "-name", "eipkit-guest", "-machine", "pc", "-accel", accel,
		"-cpu", map[string]string{"kvm": "host", "tcg": "qemu64"}[accel],
		"-smp", fmt.Sprint(opts.CPUs), "-m", fmt.Sprint(opts.MemoryMB), "-display", "none", "-vga", "none", "-nodefaults",
		"-kernel", filepath.Join(opts.Image, "vmlinuz"), "-initrd", filepath.Join(opts.Image, "initrd.img"), "-append", kernelArgs,
		"-drive", "file=" + overlay + ",if=virtio,format=qcow2,cache=unsafe",
		"-serial", "file:" + vm.Console,
		"-qmp", "unix:" + vm.QMP.path + ",server=on,wait=off",
		"-chardev", "socket,id=qga0,path=" + vm.Agent.path + ",server=on,wait=off",
		"-device", "virtio-serial-pci,id=vser0", "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
		"-device", "virtio-rng-pci"}
	if opts.Seed != "" {
		args = append(args, "-drive", "file="+opts.Seed+",if=virtio,format=raw,readonly=on")
	}
	for _, n := range opts.NICs {
		id := vm.nextID()
		args = append(args, "-netdev", fmt.Sprintf("tap,id=%s,ifname=%s,script=no,downscript=no", "net"+id, n.Tap),
			"-device", fmt.Sprintf("virtio-net-pci,netdev=net%s,mac=%s,id=nic%s", id, n.MAC, id))
		vm.nics = append(vm.nics, n)
	}
	if opts.Netns != "" {
		args = append([]string{"ip", "netns", "exec", opts.Netns}, args...)
	}
	out, err := os.Create(filepath.Join(opts.Dir, "qemu.out"))
	if err != nil {
		return nil, err
	}
	vm.cmd = exec.Command(args[0], args[1:]...)
	vm.cmd.Stdout, vm.cmd.Stderr = out, out
	vm.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := vm.cmd.Start(); err != nil {
		out.Close()
		return nil, fmt.Errorf("starting qemu: %w", err)
	}
	go func() {
		vm.waitErr = vm.cmd.Wait()
		out.Close()
		close(vm.exited)
	}()
	// QEMU creates the monitor socket once it is ready.
	for start := time.Now(); ; time.Sleep(100 * time.Millisecond) {
		if _, err := vm.QMP.Execute("query-status", nil); err == nil {
			break
		}
		select {
		case <-vm.exited:
			return nil, fmt.Errorf("qemu exited: %v\n%s", vm.waitErr, vm.Output())
		default:
		}
		if time.Since(start) > 30*time.Second {
			vm.Stop()
			return nil, fmt.Errorf("qemu's monitor did not answer in 30s\n%s", vm.Output())
		}
	}
	return vm, nil
}

func (vm *VM) nextID() string {
	vm.seq++
	return fmt.Sprint(vm.seq)
}

// Output returns what QEMU printed.
func (vm *VM) Output() string {
	b, _ := os.ReadFile(filepath.Join(vm.opts.Dir, "qemu.out"))
	return string(b)
}

// ConsoleLog returns the serial console so far.
func (vm *VM) ConsoleLog() string {
	b, _ := os.ReadFile(vm.Console)
	return string(b)
}

// NICs returns the plugged NICs, in plug order.
func (vm *VM) NICs() []NIC {
	vm.mu.Lock()
	defer vm.mu.Unlock()
	return slices.Clone(vm.nics)
}

// Plug hot-plugs a NIC with the given MAC on the given tap (netdev_add,
// device_add), as attaching an ENI to a running instance does.
func (vm *VM) Plug(n NIC) error {
	vm.mu.Lock()
	id := vm.nextID()
	vm.mu.Unlock()
	if _, err := vm.QMP.Execute("netdev_add", map[string]any{"type": "tap", "id": "net" + id, "ifname": n.Tap,
		"script": "no", "downscript": "no"}); err != nil {
		return err
	}
	if _, err := vm.QMP.Execute("device_add", map[string]any{"driver": "virtio-net-pci", "netdev": "net" + id,
		"mac": n.MAC, "id": "nic" + id}); err != nil {
		return err
	}
	vm.mu.Lock()
	vm.nics = append(vm.nics, n)
	vm.mu.Unlock()
	return nil
}

// Unplug removes the NIC with the given MAC (device_del, then netdev_del
// once the guest has released the device), as detaching an ENI does. The
// guest must acknowledge the removal within wait.
func (vm *VM) Unplug(mac string, wait time.Duration) error {
	id, err := vm.deviceID(mac)
	if err != nil {
		return err
	}
	if _, err := vm.QMP.Execute("device_del", map[string]any{"id": "nic" + id}); err != nil {
		return err
	}
	for deadline := time.Now().Add(wait); ; time.Sleep(250 * time.Millisecond) {
		ids, err := vm.QMP.peripherals()
		if err != nil {
			return err
		}
		if !slices.Contains(ids, "nic"+id) {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the guest did not release NIC %s within %s", mac, wait)
		}
	}
	if _, err := vm.QMP.Execute("netdev_del", map[string]any{"id": "net" + id}); err != nil {
		return err
	}
	vm.mu.Lock()
	vm.nics = slices.DeleteFunc(vm.nics, func(n NIC) bool { return strings.EqualFold(n.MAC, mac) })
	vm.mu.Unlock()
	return nil
}

// deviceID finds the id suffix of the NIC device with the given MAC.
func (vm *VM) deviceID(mac string) (string, error) {
	ids, err := vm.QMP.peripherals()
	if err != nil {
		return "", err
	}
	for _, id := range ids {
		if !strings.HasPrefix(id, "nic") {
			continue
		}
		out, err := vm.QMP.Execute("qom-get", map[string]any{"path": "/machine/peripheral/" + id, "property": "mac"})
		if err != nil {
			return "", err
		}
		if strings.EqualFold(strings.Trim(string(out), `"`), mac) {
			return strings.TrimPrefix(id, "nic"), nil
		}
	}
	return "", fmt.Errorf("no NIC with MAC %s in the VM", mac)
}

// Reset reboots the VM at once (system_reset), as the cloud's hard reboot.
func (vm *VM) Reset() error {
	_, err := vm.QMP.Execute("system_reset", nil)
	return err
}

// Stop ends QEMU (quit, then kill) and removes its sockets.
func (vm *VM) Stop() {
	select {
	case <-vm.exited:
	default:
		_, _ = vm.QMP.Execute("quit", nil)
		select {
		case <-vm.exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-vm.cmd.Process.Pid, syscall.SIGKILL)
			<-vm.exited
		}
	}
	_ = os.RemoveAll(vm.sockets)
}

var (
	accelOnce sync.Once
	accel     string
)

// Accel returns the accelerator VMs use: "kvm" when a probe boot under KVM
// works on this machine, "tcg" otherwise (KVM can be present but fail, e.g.
// nested without the CPU features QEMU needs). EIPKIT_VM_ACCEL=kvm or tcg
// skips the probe.
func Accel() string {
	accelOnce.Do(func() {
		accel = os.Getenv("EIPKIT_VM_ACCEL")
		if accel == "" {
			accel = "tcg"
			if probeKVM() == nil {
				accel = "kvm"
			}
		}
	})
	return accel
}

// probeKVM boots the cached guest kernel under KVM without a root disk: a
// kernel that starts, finds no root and panics (and QEMU exits, with
// -no-reboot and panic=-1) shows that KVM runs a guest here. KVM internal
// errors stop the guest instead, which the timeout catches.
func probeKVM() error {
	if _, err := os.Stat("/dev/kvm"); err != nil {
		return err
	}
	img, err := EnsureImage(context.Background(), "")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, "qemu-system-x86_64", "-accel", "kvm", "-cpu", "host", "-m", "256", "-display", "none",
		"-vga", "none", "-nodefaults", "-no-reboot", "-serial", "stdio", "-kernel", filepath.Join(img, "vmlinuz"),
		"-append", "console=ttyS0 panic=-1")
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	if err == nil && strings.Contains(out.String(), "Kernel panic") && !strings.Contains(out.String(), "KVM internal error") {
		return nil
	}
	return errors.Join(errors.New("KVM probe failed"), err)
}
