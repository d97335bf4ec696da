#!/usr/bin/env bash
# Builds the Debian 12 guest image of the VM tests from Debian's archive:
#   build.sh OUTDIR
# writes OUTDIR/rootfs.img (ext4, the root file system), OUTDIR/vmlinuz and OUTDIR/initrd.img
# (direct kernel boot) and OUTDIR/ok last. The network stack is ifupdown with the ISC DHCP
# client, cloud-init (NoCloud only) configures it, qemu-guest-agent runs commands from the host.
# This file is the recipe: its hash names the cache folder (see ensure.sh), so any change here
# builds a new image. Needs root, debootstrap and e2fsprogs.
set -euo pipefail
out=$1
mirror=${EIPKIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
base_pkgs=systemd,systemd-sysv,udev,iproute2,curl,kmod,procps,ifupdown,isc-dhcp-client,ca-certificates
extra_pkgs=(linux-image-cloud-amd64 cloud-init qemu-guest-agent python3 nftables)

retry() {
	local attempt
	for attempt in 1 2 3 4; do
		"$@" && return 0
		echo "'$*' failed (attempt $attempt), retrying in $((attempt * 15))s" >&2
		sleep $((attempt * 15))
	done
	return 1
}

work=$(mktemp -d "${out%/}.build.XXXXXX")
root=$work/root
cleanup() {
	for m in dev/pts dev sys proc; do
		mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
	done
	rm -rf "$work"
}
trap cleanup EXIT

bootstrap() {
	rm -rf "$root"
	debootstrap --variant=minbase --include="$base_pkgs" "$suite" "$root" "$mirror"
}
echo "==> debootstrap $suite from $mirror"
retry bootstrap

mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
in_root() { chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }
install_extra() { in_root apt-get update -qq && in_root apt-get install -y -qq --no-install-recommends "${extra_pkgs[@]}"; }
echo "==> installing ${extra_pkgs[*]}"
retry install_extra
in_root apt-get clean
rm -f "$root/usr/sbin/policy-rc.d"
rm -rf "$root"/var/lib/apt/lists/*

echo "==> configuring"
echo eipkit-guest >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 eipkit-guest\n' >"$root/etc/hosts"
printf '/dev/vda / ext4 defaults 0 1\n' >"$root/etc/fstab"
printf 'auto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n' >"$root/etc/network/interfaces"
mkdir -p "$root/etc/network/interfaces.d"
# NoCloud only: the seed is a disk labelled cidata made from the instance's user data.
printf 'datasource_list: [ NoCloud, None ]\n' >"$root/etc/cloud/cloud.cfg.d/90-eipkit-datasource.cfg"
# The image has no locales package: keep the built-in C.UTF-8, or cloud-init's locale module fails.
printf 'locale: C.UTF-8\n' >"$root/etc/cloud/cloud.cfg.d/91-eipkit-locale.cfg"
# No password and no console login are needed: the host runs commands through the guest agent.
passwd -R "$root" -d root >/dev/null
in_root systemctl enable serial-getty@ttyS0.service >/dev/null 2>&1 || true

for m in dev/pts dev sys proc; do umount -l "$root/$m"; done
cp "$(readlink -f "$root/vmlinuz")" "$work/vmlinuz"
cp "$(readlink -f "$root/initrd.img")" "$work/initrd.img"
echo "==> making the ext4 disk"
mkfs.ext4 -q -F -L root -d "$root" "$work/rootfs.img" 3G
mkdir -p "$out"
mv "$work/rootfs.img" "$work/vmlinuz" "$work/initrd.img" "$out/"
date -u +%FT%TZ >"$out/ok"
echo "==> image ready in $out"
