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
)

var (
	//go:embed files/eipkit-guestnet.service
	serviceUnit string
	//go:embed files/eipkit-guestnet.timer
	timerUnit string
	// udevRule starts the service, without waiting for it, when a NIC appears.
	//go:embed files/90-eipkit-guestnet.rules
	udevRule string
	// dispatcherHook starts the service when NetworkManager brings a link up
	// or renews a DHCP lease (which may replace addresses).
	//go:embed files/90-eipkit-guestnet.dispatcher
	dispatcherHook string
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
// program, its service and timer, the udev rule and the NetworkManager hook.
func installFiles(script string) []File {
	return []File{
		{Path: ProgramPath, Mode: 0o755, Content: script},
		{Path: servicePath, Mode: 0o644, Content: serviceUnit},
		{Path: timerPath, Mode: 0o644, Content: timerUnit},
		{Path: udevRulePath, Mode: 0o644, Content: udevRule},
		{Path: dispatcherPath, Mode: 0o755, Content: dispatcherHook},
	}
}

// installCommands are the commands that activate the installed files and run
// the program once, in order.
func installCommands() [][]string {
	return [][]string{
		{"systemctl", "daemon-reload"},
		{"udevadm", "control", "--reload-rules"},
		{"systemctl", "enable", ServiceName, TimerName},
		{"systemctl", "start", "--no-block", TimerName},
		{ProgramPath},
	}
}
