package guestnet

import (
	"net/netip"
	"strings"
)

// Render validates cfg and renders the guest program, its cloud-init
// document, the user data, the netplan document (static mode) and the
// commands that verify the result. The output is deterministic: the same
// Config always gives the same bytes.
func Render(cfg Config) (Result, error) {
	p, err := validate(cfg)
	if err != nil {
		return Result{}, err
	}
	script, err := renderScript(p)
	if err != nil {
		return Result{}, err
	}
	files := installFiles(script)
	cloudConfig, err := renderCloudConfig(files)
	if err != nil {
		return Result{}, err
	}
	installer, err := renderInstaller(files)
	if err != nil {
		return Result{}, err
	}
	userData, err := renderUserData(cloudConfig, p.userData)
	if err != nil {
		return Result{}, err
	}
	netplan := ""
	if p.mode == ModeStatic {
		if netplan, err = renderNetplan(p); err != nil {
			return Result{}, err
		}
	}
	return Result{
		Script:         script,
		CloudConfig:    cloudConfig,
		UserData:       userData,
		Netplan:        netplan,
		VerifyCommands: verifyCommands(p),
		Files:          files,
		Installer:      installer,
	}, nil
}

// joinAddrs joins addresses with sep.
func joinAddrs(as []netip.Addr, sep string) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, sep)
}
