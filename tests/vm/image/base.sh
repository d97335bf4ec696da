#!/usr/bin/env bash
# Builds the root file system all guest images share, from Debian's archive:
#   base.sh OUTDIR
# writes OUTDIR/root (Debian 12 minbase with systemd, udev, iproute2, curl, nftables, python3,
# cloud-init with the NoCloud datasource only, qemu-guest-agent and linux-image-cloud-amd64;
# no network stack yet, see build.sh) and OUTDIR/ok last. Needs root and debootstrap.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
out=$1
mirror=${EIPKIT_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
base_pkgs=systemd,systemd-sysv,udev,iproute2,curl,kmod,procps,ca-certificates
# cloud-init in --include fails on python3-cryptography's virtual dependencies: apt installs it.
extra_pkgs=(linux-image-cloud-amd64 cloud-init qemu-guest-agent python3 nftables)

scratch_root "$out"

bootstrap() {
	rm -rf "$root"
	debootstrap --variant=minbase --include="$base_pkgs" "$suite" "$root" "$mirror"
}
echo "==> debootstrap $suite from $mirror"
retry bootstrap

mount_root "$root"
echo "==> installing ${extra_pkgs[*]}"
retry apt_install "$root" "${extra_pkgs[@]}"
in_root "$root" apt-get clean
umount_root "$root"

echo "==> configuring"
echo eipkit-guest >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 eipkit-guest\n' >"$root/etc/hosts"
printf '/dev/vda / ext4 defaults 0 1\n' >"$root/etc/fstab"
# NoCloud only: the seed is a disk labelled cidata made from the instance's user data.
printf 'datasource_list: [ NoCloud, None ]\n' >"$root/etc/cloud/cloud.cfg.d/90-eipkit-datasource.cfg"
# The image has no locales package: keep the built-in C.UTF-8, or cloud-init's locale module fails.
printf 'locale: C.UTF-8\n' >"$root/etc/cloud/cloud.cfg.d/91-eipkit-locale.cfg"
# No password and no console login are needed: the host runs commands through the guest agent.
passwd -R "$root" -d root >/dev/null
in_root "$root" systemctl enable serial-getty@ttyS0.service >/dev/null 2>&1 || true

mkdir -p "$out"
mv "$root" "$out/root"
date -u +%FT%TZ >"$out/ok"
echo "==> base ready in $out"
