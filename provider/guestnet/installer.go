package guestnet

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// renderInstaller renders a POSIX sh program that installs files and runs the
// install commands, as the cloud-config does, for delivery by other means
// (Cloud Assistant, any run-command tool). It is idempotent: a file whose
// content and mode are already in place is left alone, and the service
// manager is reloaded only when a file changed. EIPKIT_ROOT, when set, is
// prefixed to every path (for tests).
func renderInstaller(files []File) (string, error) {
	var b strings.Builder
	b.WriteString(`#!/bin/sh
# eipkit-guestnet installer: installs the guest program, its systemd service
# and timer, the udev rule and the NetworkManager hook (the files the
# cloud-config installs), then runs the program. Files already in place are
# left alone; the service manager is reloaded only when a file changed.
set -eu
umask 022
ROOT=${EIPKIT_ROOT:-}
CHANGED=0

# install_file PATH MODE installs standard input at PATH unless it is there.
install_file() {
	if_path=$ROOT$1
	if_new=$if_path.eipkit-new
	mkdir -p "${if_path%/*}"
	cat >"$if_new"
	chmod "$2" "$if_new"
	if [ -f "$if_path" ] && cmp -s "$if_new" "$if_path" && [ "$(stat -c %a "$if_path")" = "$(stat -c %a "$if_new")" ]; then
		rm -f "$if_new"
		return 0
	fi
	mv -f "$if_new" "$if_path"
	CHANGED=$((CHANGED + 1))
	echo "eipkit-guestnet installer: installed $1"
}

`)
	for _, f := range files {
		if !strings.HasSuffix(f.Content, "\n") {
			return "", fmt.Errorf("installer: %s does not end with a newline", f.Path)
		}
		sum := sha256.Sum256([]byte(f.Content))
		eof := "EIPKIT_EOF_" + hex.EncodeToString(sum[:6])
		if strings.Contains(f.Content, "\n"+eof+"\n") || strings.HasPrefix(f.Content, eof+"\n") {
			return "", fmt.Errorf("installer: %s contains its own end marker", f.Path)
		}
		fmt.Fprintf(&b, "install_file %s %04o <<'%s'\n%s%s\n", shellQuote(f.Path), f.Mode.Perm(), eof, f.Content, eof)
	}
	b.WriteString(`
if [ "$CHANGED" -gt 0 ]; then
	echo "eipkit-guestnet installer: $CHANGED file(s) changed"
fi
`)
	for _, c := range installCommands() {
		quoted := make([]string, len(c))
		for i, w := range c {
			quoted[i] = shellQuote(w)
		}
		line := strings.Join(quoted, " ")
		switch {
		case c[0] == ProgramPath:
			line = `exec "$ROOT"` + shellQuote(ProgramPath)
		case c[0] == "systemctl" && c[1] == "daemon-reload", c[0] == "udevadm", slices.Equal(c, restartNetworkd):
			line = `[ "$CHANGED" -eq 0 ] || ` + line
		}
		b.WriteString(line + "\n")
	}
	return b.String(), nil
}
