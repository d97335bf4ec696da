package guestnet

import (
	_ "embed"
	"io/fs"
)

// Paths of the files the cloud-init document installs.
const (
	// ProgramPath is where the guest program is installed.
	ProgramPath = "/usr/local/sbin/eipkit-guestnet"
	// ServiceName is the systemd service that runs the program once.
	ServiceName = "eipkit-guestnet.service"
	// TimerName is the systemd timer that starts the service every minute.
	TimerName = "eipkit-guestnet.timer"
	// StateDir holds, on the instance, the record of what the program added
	// and its lock; it is emptied at every boot.
	StateDir = "/run/eipkit-guestnet"
	// LibDir holds, on the instance, the map MAC -> route table that keeps
	// each ENI's table across runs and reboots.
	LibDir = "/var/lib/eipkit-guestnet"

	servicePath    = "/etc/systemd/system/" + ServiceName
	timerPath      = "/etc/systemd/system/" + TimerName
	udevRulePath   = "/etc/udev/rules.d/90-eipkit-guestnet.rules"
	dispatcherPath = "/etc/NetworkManager/dispatcher.d/90-eipkit-guestnet"
	networkdPath   = "/etc/systemd/networkd.conf.d/90-eipkit-guestnet.conf"
	// networkdService reads networkdPath only when it starts.
	networkdService = "systemd-networkd.service"
	// run-parts runs only names without dots.
	ifupPath = "/etc/network/if-up.d/eipkit-guestnet"
)

var (
	//go:embed files/eipkit-guestnet.service
	serviceUnit string
	//go:embed files/eipkit-guestnet.timer
	timerUnit string
	// udevRule starts the service, without waiting for it, when a NIC appears
	// or goes.
	//go:embed files/90-eipkit-guestnet.rules
	udevRule string
	// dispatcherHook starts the service when NetworkManager brings a link up,
	// renews a DHCP lease (which may replace addresses) or reapplies a
	// profile (which removes the addresses NetworkManager did not add).
	//go:embed files/90-eipkit-guestnet.dispatcher
	dispatcherHook string
	// ifupHook starts the service when ifupdown brings a link up (the link
	// was down: its addresses and routes are gone).
	//go:embed files/90-eipkit-guestnet.ifup
	ifupHook string
	// networkdConf keeps systemd-networkd from removing the rules and routes
	// of other programs when it starts or reconfigures a link.
	//go:embed files/90-eipkit-guestnet.networkd.conf
	networkdConf string
)

// File is one file of the guest's installation.
type File struct {
	// Path is the absolute path on the instance.
	Path string `json:"path" yaml:"path"`
	// Mode is the file's permission bits.
	Mode fs.FileMode `json:"mode" yaml:"mode"`
	// Content is the file's content.
	Content string `json:"content" yaml:"content"`
}

// installFiles lists the files that make the guest program persistent: the
// program, its service and timer, the udev rule, the NetworkManager and
// ifupdown hooks and the systemd-networkd setting.
func installFiles(script string) []File {
	return []File{
		{Path: ProgramPath, Mode: 0o755, Content: script},
		{Path: servicePath, Mode: 0o644, Content: serviceUnit},
		{Path: timerPath, Mode: 0o644, Content: timerUnit},
		{Path: udevRulePath, Mode: 0o644, Content: udevRule},
		{Path: dispatcherPath, Mode: 0o755, Content: dispatcherHook},
		{Path: ifupPath, Mode: 0o755, Content: ifupHook},
		{Path: networkdPath, Mode: 0o644, Content: networkdConf},
	}
}

// restartNetworkd restarts systemd-networkd when it runs (not every image
// has it): from then on it leaves the program's rules and routes alone.
// Otherwise, until it next starts, it removes them whenever it configures a
// link, a hot-plugged ENI's too.
var restartNetworkd = []string{"sh", "-c", "! systemctl is-active -q " + networkdService + " || systemctl restart " + networkdService}

// installCommands are the commands that activate the installed files and run
// the program once, in order.
func installCommands() [][]string {
	return [][]string{
		{"systemctl", "daemon-reload"},
		{"udevadm", "control", "--reload-rules"},
		restartNetworkd,
		{"systemctl", "enable", ServiceName, TimerName},
		{"systemctl", "start", "--no-block", TimerName},
		{ProgramPath},
	}
}
