//go:build root

package guestnet

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeServiceManager puts systemctl and udevadm stand-ins first on PATH that
// log their arguments to the returned file.
func fakeServiceManager(t *testing.T) (path, calls string) {
	t.Helper()
	bin := t.TempDir()
	calls = filepath.Join(t.TempDir(), "calls")
	for _, name := range []string{"systemctl", "udevadm"} {
		require.NoError(t, os.WriteFile(filepath.Join(bin, name),
			[]byte("#!/bin/sh\necho \""+name+" $*\" >>"+shellQuote(calls)+"\n"), 0o755))
	}
	return bin + ":" + os.Getenv("PATH"), calls
}

// runInstaller runs the installer in the guest namespace with root as the
// file system root, and returns its log.
func runInstaller(t *testing.T, tp topology, installer, root, path, stateDir string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "install.sh")
	require.NoError(t, os.WriteFile(file, []byte(installer), 0o755))
	out, err := nsRun(tp.guest, "env", "PATH="+path, "EIPKIT_ROOT="+root, "EIPKIT_STATE_DIR="+stateDir,
		"EIPKIT_LIB_DIR="+tp.lib, "EIPKIT_METADATA_URL=http://"+metadataHost+"/latest/meta-data", "/bin/sh", file)
	require.NoError(t, err, "installer failed:\n%s", out)
	return out
}

// TestInstallerPersistsLikeTheCloudConfig delivers the guest configuration the
// way Cloud Assistant does, by running Result.Installer: it installs exactly the
// files the cloud-config installs, enables the service and timer, and runs the
// program (the EIPs of a multi-EIP-to-ENI ENI reach their interface). Run again
// it changes no file and reloads nothing; after a reboot (a fresh namespace) the
// installed program, as its service starts it, restores the same state.
func TestInstallerPersistsLikeTheCloudConfig(t *testing.T) {
	requireRoot(t)
	e := eniPublic(true)
	c := routingCase{enis: []testEni{e}}
	res, err := Render(c.config(ModeMetadata, ""))
	require.NoError(t, err)
	md := c.metadata()
	tp := c.start(t, md)
	root := t.TempDir()
	path, calls := fakeServiceManager(t)
	stateDir := t.TempDir()

	log1 := runInstaller(t, tp, res.Installer, root, path, stateDir)
	t.Log(log1)
	for _, f := range res.Files {
		got, err := os.ReadFile(filepath.Join(root, f.Path))
		require.NoError(t, err, "%s is installed", f.Path)
		assert.Equal(t, f.Content, string(got), "%s holds what the cloud-config installs", f.Path)
		st, err := os.Stat(filepath.Join(root, f.Path))
		require.NoError(t, err)
		assert.Equal(t, f.Mode.Perm(), st.Mode().Perm(), "%s has the cloud-config's mode", f.Path)
		assert.Contains(t, log1, "installed "+f.Path)
	}
	service, err := os.ReadFile(filepath.Join(root, servicePath))
	require.NoError(t, err)
	assert.Contains(t, string(service), "ExecStart="+ProgramPath, "the service runs the installed program")
	rule := readFile(t, filepath.Join(root, udevRulePath))
	for _, action := range []string{"add", "remove"} {
		assert.NotEmpty(t, udevRuns(t, rule, udevEvent{action, "net", e.dev, "/devices/pci0000:00/0000:00:06.0/virtio3/net/" + e.dev}), "the installed udev rule starts the service on %s", action)
	}
	first, err := os.ReadFile(calls)
	require.NoError(t, err)
	assert.Equal(t, "systemctl daemon-reload\nudevadm control --reload-rules\nsystemctl is-active -q "+networkdService+
		"\nsystemctl restart "+networkdService+"\nsystemctl enable "+ServiceName+" "+TimerName+
		"\nsystemctl start --no-block "+TimerName+"\n", string(first), "the cloud-config's commands, in order")
	assert.Contains(t, nsSh(t, tp.guest, "ip", "-4", "-o", "addr", "show", "dev", e.dev), " inet 192.0.2.50/24 ",
		"the program ran: the extra address is on its ENI")
	state := snapshot(t, tp)

	require.NoError(t, os.Truncate(calls, 0))
	log2 := runInstaller(t, tp, res.Installer, root, path, stateDir)
	assert.NotContains(t, log2, "installed", "a second delivery changes no file")
	assert.Contains(t, log2, "no change")
	again, err := os.ReadFile(calls)
	require.NoError(t, err)
	assert.NotContains(t, string(again), "daemon-reload", "nothing to reload when no file changed")
	assert.Equal(t, state, snapshot(t, tp))

	// A reboot: the enabled service starts the installed program.
	tp2 := c.start(t, md)
	tp2.lib = tp.lib
	runScript(t, tp2, readFile(t, filepath.Join(root, ProgramPath)), t.TempDir())
	assert.Equal(t, state, snapshot(t, tp2), "the installed program restores the state after a reboot")
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}
