package guestnet

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// piecePattern finds the piece of the installation a delivered command carries.
var piecePattern = regexp.MustCompile(`piece='([A-Za-z0-9+/=]*)'`)

// writeParts writes the decoded commands of a delivery as files and returns their paths.
func writeParts(t *testing.T, parts []DeliveryPart) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for k, p := range parts {
		script, err := base64.StdEncoding.DecodeString(p.Content)
		require.NoError(t, err)
		path := filepath.Join(dir, fmt.Sprintf("part%d.sh", k+1))
		require.NoError(t, os.WriteFile(path, script, 0o755))
		paths = append(paths, path)
	}
	return paths
}

// partCommand runs the delivered command at path as Cloud Assistant would, its pieces kept
// under root.
func partCommand(path, root string) *exec.Cmd {
	cmd := exec.Command("sh", path)
	cmd.Env = append(os.Environ(), "EIPKIT_DELIVERY_DIR="+filepath.Join(root, "delivery"))
	return cmd
}

// TestCloudAssistantDeliveryRunsTheInstallerOnce runs the commands of a delivery as Cloud
// Assistant would, the last one first: it waits for the other pieces, checks the whole and
// runs it once, then cleans up; a damaged piece is refused and nothing runs.
func TestCloudAssistantDeliveryRunsTheInstallerOnce(t *testing.T) {
	installer := "#!/bin/sh\necho installer-ran >>\"$EIPKIT_DELIVERY_DIR/../log\"\n# " + strings.Repeat("x", 40000) + "\n"
	parts, err := CloudAssistantDelivery("svc", installer)
	require.NoError(t, err)
	require.Len(t, parts, DeliveryParts)
	for _, p := range parts {
		assert.LessOrEqual(t, len(p.Content), MaxCommandContent)
		assert.Regexp(t, `^svc-guestnet-[0-9a-f]{10}-\d$`, p.Name)
	}
	paths := writeParts(t, parts)
	root := t.TempDir()
	last := partCommand(paths[len(paths)-1], root)
	var out bytes.Buffer
	last.Stdout, last.Stderr = &out, &out
	require.NoError(t, last.Start())
	done := make(chan error, 1)
	go func() { done <- last.Wait() }()
	// The last part stores its own piece, then waits for the others: once the piece is there,
	// the others may run.
	ownPiece := filepath.Join(root, "delivery", fmt.Sprintf("*.%d", DeliveryParts-1))
	require.Eventually(t, func() bool {
		m, _ := filepath.Glob(ownPiece)
		return len(m) > 0
	}, time.Minute, 5*time.Millisecond, "the last part stores its piece")
	select {
	case err := <-done:
		t.Fatalf("the last part ended before the others ran (%v): %s", err, out.String())
	default:
	}
	for _, p := range paths[:len(paths)-1] {
		b, err := partCommand(p, root).CombinedOutput()
		require.NoError(t, err, "%s", b)
	}
	require.NoError(t, <-done, "%s", out.String())
	log, err := os.ReadFile(filepath.Join(root, "log"))
	require.NoError(t, err)
	assert.Equal(t, "installer-ran\n", string(log), "the installation runs once")
	left, _ := os.ReadDir(filepath.Join(root, "delivery"))
	assert.Empty(t, left, "the pieces are removed")

	// A damaged piece: the checksum refuses it.
	damaged := append([]DeliveryPart(nil), parts...)
	script, _ := base64.StdEncoding.DecodeString(damaged[0].Content)
	broken := piecePattern.ReplaceAllStringFunc(string(script), func(s string) string { return strings.Replace(s, "A", "B", 1) })
	require.NotEqual(t, string(script), broken)
	damaged[0].Content = base64.StdEncoding.EncodeToString([]byte(broken))
	root2 := t.TempDir()
	var failed error
	for _, p := range writeParts(t, damaged) {
		_, failed = partCommand(p, root2).CombinedOutput()
	}
	require.Error(t, failed, "a damaged installation is not run")
	_, err = os.Stat(filepath.Join(root2, "log"))
	assert.True(t, os.IsNotExist(err), "nothing ran")
}

// TestCloudAssistantDeliveryFitsTheCommandLimit renders real installations (static mode, many
// addresses) and checks that each command stays within Cloud Assistant's 18 KB, that the
// installation is the guest installer, and that it does not depend on the user's user data.
func TestCloudAssistantDeliveryFitsTheCommandLimit(t *testing.T) {
	var ifaces []Interface
	for e := range 4 {
		in := Interface{MAC: fmt.Sprintf("00:16:3e:00:00:%02x", e+2), CIDR: "192.168.0.0/24",
			PrimaryIP: fmt.Sprintf("192.168.0.%d", 100+e*20)}
		for i := 1; i < 20; i++ {
			in.SecondaryIPs = append(in.SecondaryIPs, fmt.Sprintf("192.168.0.%d", 100+e*20+i))
		}
		ifaces = append(ifaces, in)
	}
	r, err := Render(Config{Mode: ModeStatic, Interfaces: ifaces})
	require.NoError(t, err)
	parts, err := CloudAssistantDelivery("svc", r.Installer)
	require.NoError(t, err, "4 ENIs x 20 addresses fit the commands")
	assert.Len(t, parts, DeliveryParts)
	_, err = CloudAssistantDelivery("svc", strings.Repeat("random-ish "+fmt.Sprint(time.Now().UnixNano()), 1)+randomText(200000))
	assert.ErrorContains(t, err, "over Cloud Assistant's 18432 per command")
}

// randomText is n bytes that do not compress.
func randomText(n int) string {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = 'a' + byte(x%26)
	}
	return string(b)
}
