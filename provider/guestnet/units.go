package guestnet

// Paths and contents of the files the cloud-init document installs.
const (
	// ProgramPath is where the guest program is installed.
	ProgramPath = "/usr/local/sbin/eipkit-guestnet"
	// ServiceName is the systemd service that runs the program once.
	ServiceName = "eipkit-guestnet.service"
	// TimerName is the systemd timer that starts the service every minute.
	TimerName = "eipkit-guestnet.timer"

	servicePath    = "/etc/systemd/system/" + ServiceName
	timerPath      = "/etc/systemd/system/" + TimerName
	udevRulePath   = "/etc/udev/rules.d/90-eipkit-guestnet.rules"
	dispatcherPath = "/etc/NetworkManager/dispatcher.d/90-eipkit-guestnet"
)

const serviceUnit = `[Unit]
Description=eipkit policy routing for the addresses of secondary ENIs
Documentation=https://github.com/eipkit/pulumi-alicloud-eip
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
ExecStart=` + ProgramPath + `
TimeoutStartSec=300

[Install]
WantedBy=multi-user.target
`

const timerUnit = `[Unit]
Description=Re-check eipkit ENI policy routing every minute
Documentation=https://github.com/eipkit/pulumi-alicloud-eip

[Timer]
OnBootSec=1min
OnUnitActiveSec=1min
AccuracySec=10s

[Install]
WantedBy=timers.target
`

// udevRule starts the service, without waiting for it, when a NIC appears.
const udevRule = `# Start eipkit-guestnet (without blocking udev) when a network interface appears.
ACTION=="add", SUBSYSTEM=="net", KERNEL!="lo", RUN+="/bin/sh -c 'PATH=/usr/bin:/bin:/usr/sbin:/sbin systemctl --no-block start ` + ServiceName + `'"
`

// dispatcherHook starts the service when NetworkManager brings a link up or
// renews a DHCP lease (which may replace addresses).
const dispatcherHook = `#!/bin/sh
# Start eipkit-guestnet when NetworkManager brings an interface up or renews DHCP.
case "${2:-}" in
up | dhcp4-change | dhcp6-change)
	systemctl --no-block start ` + ServiceName + `
	;;
esac
exit 0
`
