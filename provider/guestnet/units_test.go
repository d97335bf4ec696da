package guestnet

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var udevKey = regexp.MustCompile(`([A-Z]+)(==|!=|\+=|=)"([^"]*)"`)

// udevMatch reports whether value matches a udev pattern: alternatives separated by "|",
// each a glob as fnmatch(3) reads it without flags, so "*" matches "/" too.
func udevMatch(t *testing.T, pattern, value string) bool {
	require.NotContains(t, pattern, "[", "udevMatch does not read character classes")
	for _, alt := range strings.Split(pattern, "|") {
		var re strings.Builder
		for _, r := range alt {
			switch r {
			case '*':
				re.WriteString(".*")
			case '?':
				re.WriteString(".")
			default:
				re.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		if regexp.MustCompile("^" + re.String() + "$").MatchString(value) {
			return true
		}
	}
	return false
}

// udevEvent is what a udev rule can match of an event.
type udevEvent struct{ action, subsystem, kernel, devpath string }

// udevRuns returns the RUN programs the rules start for an event.
func udevRuns(t *testing.T, rules string, ev udevEvent) []string {
	t.Helper()
	event := map[string]string{"ACTION": ev.action, "SUBSYSTEM": ev.subsystem, "KERNEL": ev.kernel, "DEVPATH": ev.devpath}
	var runs []string
	for _, line := range strings.Split(rules, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		matched, run := true, []string{}
		for _, kv := range udevKey.FindAllStringSubmatch(line, -1) {
			key, op, value := kv[1], kv[2], kv[3]
			switch op {
			case "==", "!=":
				v, known := event[key]
				require.True(t, known, "the rule matches %s, which this test does not know", key)
				if udevMatch(t, value, v) != (op == "==") {
					matched = false
				}
			default:
				require.Equal(t, "RUN", key, "the rule only starts programs")
				run = append(run, value)
			}
		}
		if matched {
			runs = append(runs, run...)
		}
	}
	return runs
}

// TestUdevRuleStartsTheServiceOnAddAndRemove: the udev rule starts the
// service, without blocking udev, when a network interface on a bus appears
// (a hot-plugged ENI gets its addresses and rules) and when one goes (the rules
// and table the program made for an unplugged ENI go at once), and for
// nothing else: not for the virtual interfaces a container runtime adds and
// removes with every container.
func TestUdevRuleStartsTheServiceOnAddAndRemove(t *testing.T) {
	start := "/bin/sh -c 'PATH=/usr/bin:/bin:/usr/sbin:/sbin systemctl --no-block start " + ServiceName + "'"
	const eni = "/devices/pci0000:00/0000:00:06.0/virtio3/net/"
	for _, action := range []string{"add", "remove"} {
		assert.Equal(t, []string{start}, udevRuns(t, udevRule, udevEvent{action, "net", "eth2", eni + "eth2"}), action)
	}
	for _, ev := range []udevEvent{
		{"change", "net", "eth2", eni + "eth2"}, {"move", "net", "ens5", eni + "ens5"},
		{"add", "net", "lo", "/devices/virtual/net/lo"}, {"remove", "net", "lo", "/devices/virtual/net/lo"},
		{"add", "block", "vdb", "/devices/pci0000:00/0000:00:07.0/virtio4/block/vdb"},
		{"add", "net", "veth3f2a1b0", "/devices/virtual/net/veth3f2a1b0"}, {"remove", "net", "veth3f2a1b0", "/devices/virtual/net/veth3f2a1b0"},
		{"add", "net", "docker0", "/devices/virtual/net/docker0"}, {"add", "net", "cni0", "/devices/virtual/net/cni0"},
		{"add", "net", "flannel.1", "/devices/virtual/net/flannel.1"},
	} {
		assert.Empty(t, udevRuns(t, udevRule, ev), "%v", ev)
	}
}
