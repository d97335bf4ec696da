package guestnet

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestInstallerPassesShellcheck(t *testing.T) {
	shellcheckRendered(t, nil, func(r Result) string { return r.Installer })
}

// TestInstallerChangesOnlyWithTheFiles: the installer is a function of the
// installed files, so a delivery keyed by its hash is repeated only when they
// change; the user's own user data is not part of it.
func TestInstallerChangesOnlyWithTheFiles(t *testing.T) {
	cfg := sampleConfigs[3].cfg
	a := renderSample(t, cfg)
	cfg.UserData = "#cloud-config\nruncmd:\n  - [echo, other]\n"
	b := renderSample(t, cfg)
	assert.Equal(t, a.Installer, b.Installer)
	cfg.Interfaces = append([]Interface(nil), cfg.Interfaces...)
	cfg.Interfaces[0].PrimaryIP = "10.0.1.21"
	c := renderSample(t, cfg)
	assert.NotEqual(t, a.Installer, c.Installer)
	assert.True(t, strings.HasPrefix(a.Installer, "#!/bin/sh\n"))
}
