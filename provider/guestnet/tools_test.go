package guestnet

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tool returns the path of a command-line tool or fails the test.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := lookPath(name)
	require.NoError(t, err, "%s must be on PATH: scripts/ensure-apt.sh installs the packages of scripts/apt-packages.txt", name)
	return p
}

// netplanGenerate runs netplan generate on a root of its own holding files (names under
// /etc/netplan) and returns the directory it writes the networkd files to, with a reader of them.
func netplanGenerate(t *testing.T, files map[string]string) (dir string, read func(name string) string) {
	t.Helper()
	netplan := tool(t, "netplan")
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "etc/netplan"), 0o755))
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(root, "etc/netplan", name), []byte(content), 0o600))
	}
	out, err := exec.Command(netplan, "generate", "--root-dir", root).CombinedOutput()
	require.NoError(t, err, "netplan generate: %s", out)
	dir = filepath.Join(root, "run/systemd/network")
	return dir, func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		return string(b)
	}
}

func renderSample(t *testing.T, cfg Config) Result {
	t.Helper()
	r, err := Render(cfg)
	require.NoError(t, err)
	return r
}

func TestCloudConfigPassesCloudInitSchema(t *testing.T) {
	ci := tool(t, "cloud-init")
	for _, s := range sampleConfigs {
		t.Run(s.name, func(t *testing.T) {
			r := renderSample(t, s.cfg)
			path := filepath.Join(t.TempDir(), "cloud-config.yaml")
			require.NoError(t, os.WriteFile(path, []byte(r.CloudConfig), 0o600))
			out, err := exec.Command(ci, "schema", "-c", path).CombinedOutput()
			require.NoError(t, err, "cloud-init schema: %s", out)
			assert.Contains(t, string(out), "Valid cloud-config")
		})
	}
}

// mergedUserData merges the cloud-config parts of userData with cloud-init's
// own user-data processor and part handler.
func mergedUserData(t *testing.T, userData string) map[string]any {
	t.Helper()
	ci := tool(t, "cloud-init")
	head, err := os.ReadFile(ci)
	require.NoError(t, err)
	python := strings.TrimSpace(strings.TrimPrefix(strings.SplitN(string(head), "\n", 2)[0], "#!"))
	dir := t.TempDir()
	path := filepath.Join(dir, "user-data")
	require.NoError(t, os.WriteFile(path, []byte(userData), 0o600))
	out, err := exec.Command(python, "testdata/merge_user_data.py", path, dir).Output()
	require.NoError(t, err, "merge: %s", out)
	var merged map[string]any
	require.NoError(t, json.Unmarshal(out, &merged), string(out))
	return merged
}

func TestUserDataKeepsBothPartsWriteFilesAndRuncmd(t *testing.T) {
	user := "#cloud-config\nhostname: web-1\nruncmd:\n  - [echo, from-user]\nwrite_files:\n  - path: /etc/from-user\n    content: hello\n"
	r := renderSample(t, Config{UserData: user})
	merged := mergedUserData(t, r.UserData)
	assert.Equal(t, "web-1", merged["hostname"])
	runcmd, _ := json.Marshal(merged["runcmd"])
	assert.Contains(t, string(runcmd), `["echo","from-user"]`)
	assert.Contains(t, string(runcmd), `["`+ProgramPath+`"]`)
	files, _ := json.Marshal(merged["write_files"])
	assert.Contains(t, string(files), `"/etc/from-user"`)
	assert.Contains(t, string(files), `"`+ProgramPath+`"`)
	assert.Contains(t, string(files), `"`+timerPath+`"`)

	// Control: without the merge rules cloud-init replaces the lists, which is
	// what the rules prevent.
	stripped := strings.ReplaceAll(r.UserData, "Merge-Type:", "X-Ignored:")
	merged = mergedUserData(t, stripped)
	runcmd, _ = json.Marshal(merged["runcmd"])
	assert.NotContains(t, string(runcmd), ProgramPath)
}

func TestUserDataWithShellScriptKeepsTheScriptPart(t *testing.T) {
	r := renderSample(t, Config{UserData: "#!/bin/sh\necho hi\n"})
	assert.Contains(t, r.UserData, "Content-Type: text/x-shellscript")
	assert.Contains(t, r.UserData, "\r\n#!/bin/sh\necho hi\n")
	merged := mergedUserData(t, r.UserData)
	runcmd, _ := json.Marshal(merged["runcmd"])
	assert.Contains(t, string(runcmd), ProgramPath)
}

func TestNetplanGeneratesTablesAndRules(t *testing.T) {
	r := renderSample(t, sampleConfigs[2].cfg)
	require.NotEmpty(t, r.Netplan)
	dir, read := netplanGenerate(t, map[string]string{
		// The image's own file for eth0, as cloud-init writes it.
		"50-cloud-init.yaml": "network:\n  version: 2\n  ethernets:\n    eth0:\n      match:\n        macaddress: \"00:16:3e:00:00:01\"\n      dhcp4: true\n      set-name: eth0\n",
		"90-eipkit.yaml":     r.Netplan,
	})
	eni1 := read("10-netplan-eipkit-eni1.network")
	assert.Contains(t, eni1, "MACAddress=00:16:3e:00:00:02")
	assert.Contains(t, eni1, "Address=192.168.0.252/24")
	assert.Contains(t, eni1, "Address=192.168.0.2/24")
	assert.Contains(t, eni1, "[Route]\nDestination=0.0.0.0/0\nGateway=192.168.0.253\nTable=7101\n")
	assert.Contains(t, eni1, "[Route]\nDestination=192.168.0.0/24\nScope=link\nTable=7101\n")
	for _, ip := range []string{"192.168.0.252", "192.168.0.1", "192.168.0.2"} {
		assert.Contains(t, eni1, "[RoutingPolicyRule]\nFrom="+ip+"\nTable=7101\nPriority=7101\n")
	}
	eni2 := read("10-netplan-eipkit-eni2.network")
	assert.Contains(t, eni2, "Gateway=203.0.113.13\nTable=7102\n")
	assert.Contains(t, eni2, "Gateway=2001:db8:8::1\nTable=7102\n")
	assert.Contains(t, eni2, "[RoutingPolicyRule]\nFrom=2001:db8:8::10\nTable=7102\nPriority=7102\n")
	assert.Contains(t, eni2, "Gateway=192.0.2.1\nTable=7200\n")
	assert.Contains(t, eni2, "[RoutingPolicyRule]\nFrom=192.0.2.50\nTable=7200\nPriority=7200\n")
	_, err := os.Stat(filepath.Join(dir, "10-netplan-eipkit-eni0.network"))
	assert.True(t, os.IsNotExist(err), "the primary ENI is left to the image's own netplan file")
}

func TestScriptAndHookPassShellcheck(t *testing.T) {
	// The program's functions and the hook as the files they are, then every rendered program.
	shellcheckRendered(t, []string{"lib.sh", "files/90-eipkit-guestnet.dispatcher", "files/90-eipkit-guestnet.ifup", "files/delivery-part.sh"},
		func(r Result) string { return r.Script })
}

// shellcheckRendered runs shellcheck over files and over part of the rendering of every sample
// configuration, and fails on any finding.
func shellcheckRendered(t *testing.T, files []string, part func(Result) string) {
	t.Helper()
	sc := tool(t, "shellcheck")
	dir := t.TempDir()
	for _, s := range sampleConfigs {
		p := filepath.Join(dir, s.name+".sh")
		require.NoError(t, os.WriteFile(p, []byte(part(renderSample(t, s.cfg))), 0o600))
		files = append(files, p)
	}
	out, err := exec.Command(sc, append([]string{"--shell=sh", "--severity=info"}, files...)...).CombinedOutput()
	require.NoError(t, err, "shellcheck:\n%s", out)
	assert.Empty(t, string(out))
}

// TestUnitsPassSystemdAnalyzeVerify installs the units and the program into a
// root directory holding a copy of this system's unit directory, so
// systemd-analyze verify resolves the targets the units name.
func TestUnitsPassSystemdAnalyzeVerify(t *testing.T) {
	sa := tool(t, "systemd-analyze")
	root := t.TempDir()
	out, err := exec.Command("cp", "-a", "/usr/lib/systemd/system", filepath.Join(root, "usrlib")).CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.NoError(t, os.MkdirAll(filepath.Join(root, "usr/lib/systemd"), 0o755))
	require.NoError(t, os.Rename(filepath.Join(root, "usrlib"), filepath.Join(root, "usr/lib/systemd/system")))
	for _, f := range []struct {
		path, content string
		mode          os.FileMode
	}{{servicePath, serviceUnit, 0o644}, {timerPath, timerUnit, 0o644}, {ProgramPath, "#!/bin/sh\n", 0o755}} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, filepath.Dir(f.path)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, f.path), []byte(f.content), f.mode))
	}
	out, err = exec.Command(sa, "verify", "--man=no", "--root="+root, servicePath, timerPath).CombinedOutput()
	require.NoError(t, err, "systemd-analyze verify: %s", out)
	assert.Empty(t, string(out), "systemd-analyze verify must not warn")

	// Boot order: the addresses come before network-online.target, after the
	// wait-online services, with cloud-init's units in the same transaction
	// and no ordering cycle.
	for _, stub := range []string{"usr/bin/cloud-init", "lib/systemd/systemd-networkd-wait-online"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, filepath.Dir(stub)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, stub), []byte("#!/bin/sh\n"), 0o755))
	}
	out, err = exec.Command(sa, "verify", "--man=no", "--root="+root, servicePath, "/usr/lib/systemd/system/network-online.target",
		"/usr/lib/systemd/system/cloud-init.service", "/usr/lib/systemd/system/cloud-config.service",
		"/usr/lib/systemd/system/systemd-networkd-wait-online.service").CombinedOutput()
	require.NoError(t, err, "systemd-analyze verify: %s", out)
	assert.NotContains(t, string(out), "cycle")
	unit := unitSections(serviceUnit)
	assert.Contains(t, unit["Before"], "network-online.target")
	assert.NotContains(t, unit["After"], "network-online.target")
	for _, wait := range []string{"systemd-networkd-wait-online.service", "NetworkManager-wait-online.service", "ifupdown-wait-online.service"} {
		assert.Contains(t, unit["After"], wait, "eth0 is configured (the metadata answers) before the program runs")
	}
	assert.Equal(t, []string{"75"}, unit["SuccessExitStatus"], "a run that kept the state for the timer does not fail the boot")
	out, err = exec.Command("systemctl", "--root="+root, "enable", ServiceName, TimerName).CombinedOutput()
	require.NoError(t, err, "systemctl enable: %s", out)
	for _, link := range []string{"network-online.target.wants/" + ServiceName, "multi-user.target.wants/" + ServiceName, "timers.target.wants/" + TimerName} {
		_, err := os.Lstat(filepath.Join(root, "etc/systemd/system", link))
		assert.NoError(t, err, "enabling links %s", link)
	}

	// Control: the same check reports a broken unit.
	bad := "/etc/systemd/system/eipkit-broken.service"
	require.NoError(t, os.WriteFile(filepath.Join(root, bad), []byte("[Service]\nExecStart=/usr/local/sbin/missing\nNoSuchKey=1\n"), 0o644))
	out, err = exec.Command(sa, "verify", "--man=no", "--root="+root, bad).CombinedOutput()
	assert.Error(t, err)
	assert.Contains(t, string(out), "NoSuchKey")
}

// unitSections returns the values of every key of a unit file, split on spaces.
func unitSections(unit string) map[string][]string {
	out := map[string][]string{}
	for _, line := range strings.Split(unit, "\n") {
		k, v, ok := strings.Cut(line, "=")
		if ok && !strings.HasPrefix(line, "#") {
			out[k] = append(out[k], strings.Fields(v)...)
		}
	}
	return out
}
