# shellcheck shell=bash
# Functions shared by base.sh and build.sh.

# retry CMD... runs CMD up to four times, waiting longer after each failure
# (mirrors sometimes fail for a while).
retry() {
	local attempt
	for attempt in 1 2 3 4; do
		"$@" && return 0
		echo "'$*' failed (attempt $attempt), retrying in $((attempt * 15))s" >&2
		sleep $((attempt * 15))
	done
	return 1
}

# mount_root ROOT mounts /proc, /sys and /dev into ROOT and keeps services
# from starting inside it; umount_root undoes it.
mount_root() {
	mount -t proc proc "$1/proc"
	mount -t sysfs sys "$1/sys"
	mount --bind /dev "$1/dev"
	mount --bind /dev/pts "$1/dev/pts"
	printf '#!/bin/sh\nexit 101\n' >"$1/usr/sbin/policy-rc.d"
	chmod 755 "$1/usr/sbin/policy-rc.d"
}

umount_root() {
	local m
	rm -f "$1/usr/sbin/policy-rc.d"
	for m in dev/pts dev sys proc; do
		if mountpoint -q "$1/$m" 2>/dev/null; then umount -l "$1/$m"; fi
	done
}

# in_root ROOT CMD... runs CMD in the chroot ROOT without prompts.
in_root() {
	local root=$1
	shift
	chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"
}

# apt_install ROOT PACKAGE... installs packages without recommends.
apt_install() {
	local root=$1
	shift
	in_root "$root" apt-get update -qq && in_root "$root" apt-get install -y -qq --no-install-recommends "$@"
}

# scratch_root OUT sets work, a scratch folder next to OUT, and root, the root file system
# built in it, and removes both (unmounting what mount_root mounted) when the script exits.
scratch_root() {
	work=$(mktemp -d "${1%/}.build.XXXXXX")
	root=$work/root
	trap 'umount_root "$root"; rm -rf "$work"' EXIT
}
