package vm

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// WriteSeed writes a cloud-init NoCloud seed to path: an ISO 9660 disk
// labelled cidata holding user-data (the instance's user data as the cloud
// serves it) and meta-data (the instance id, which tells cloud-init a first
// boot from a later one, and the host name). It needs genisoimage.
func WriteSeed(path, instanceID, hostname, userData string) error {
	dir, err := os.MkdirTemp(filepath.Dir(path), "seed-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	meta := fmt.Sprintf("instance-id: %s\nlocal-hostname: %s\n", instanceID, hostname)
	if err := os.WriteFile(filepath.Join(dir, "meta-data"), []byte(meta), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "user-data"), []byte(userData), 0o644); err != nil {
		return err
	}
	out, err := exec.Command("genisoimage", "-quiet", "-output", path, "-volid", "cidata", "-joliet", "-rock",
		filepath.Join(dir, "user-data"), filepath.Join(dir, "meta-data")).CombinedOutput()
	if err != nil {
		return fmt.Errorf("genisoimage (install it with scripts/ensure-apt.sh genisoimage): %w: %s", err, out)
	}
	return nil
}
