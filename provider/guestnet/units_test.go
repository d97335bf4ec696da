package guestnet

import (
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var udevKey = regexp.MustCompile(`([A-Z]+)(==|!=|\+=|=)"([^"]*)"`)

// udevMatch reports whether value matches a udev pattern: shell globs,
// alternatives separated by "|".
func udevMatch(pattern, value string) bool {
	for _, alt := range strings.Split(pattern, "|") {
		if ok, _ := path.Match(alt, value); ok {
			return true
		}
	}
	return false
}

// udevRuns returns the RUN programs the rules start for an event of device
// kernel in subsystem.
func udevRuns(t *testing.T, rules, action, subsystem, kernel string) []string {
	t.Helper()
	event := map[string]string{"ACTION": action, "SUBSYSTEM": subsystem, "KERNEL": kernel}
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
				if udevMatch(value, v) != (op == "==") {
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
// service, without blocking udev, when a network interface appears (a
// hot-plugged ENI gets its addresses and rules) and when one goes (the rules
// and table the program made for an unplugged ENI go at once), and for
// nothing else.
func TestUdevRuleStartsTheServiceOnAddAndRemove(t *testing.T) {
	start := "/bin/sh -c 'PATH=/usr/bin:/bin:/usr/sbin:/sbin systemctl --no-block start " + ServiceName + "'"
	for _, action := range []string{"add", "remove"} {
		assert.Equal(t, []string{start}, udevRuns(t, udevRule, action, "net", "eth2"), action)
	}
	for _, ev := range [][3]string{{"change", "net", "eth2"}, {"move", "net", "ens5"}, {"add", "net", "lo"}, {"remove", "net", "lo"}, {"add", "block", "vdb"}} {
		assert.Empty(t, udevRuns(t, udevRule, ev[0], ev[1], ev[2]), "%v", ev)
	}
}
