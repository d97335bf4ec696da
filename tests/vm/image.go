package vm

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/eipkit/pulumi-alicloud-eip/tests/harness"
)

// EnsureImage returns the folder of the guest image of a network stack
// ("ifupdown", the default when empty, "networkmanager", "networkd"),
// building it with tests/vm/image/ensure.sh unless it is cached. The build
// log goes to standard error.
func EnsureImage(ctx context.Context, stack string) (string, error) {
	root, err := harness.RepoRoot()
	if err != nil {
		return "", err
	}
	args := []string{filepath.Join(root, "tests", "vm", "image", "ensure.sh")}
	if stack != "" {
		args = append(args, stack)
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, "nice", append([]string{"-n", "5"}, args...)...)
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("guest image %q: %s: %w", stack, strings.Join(args, " "), err)
	}
	return strings.TrimSpace(out.String()), nil
}
