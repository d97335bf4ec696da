#!/usr/bin/env bash
# Builds one guest image of the VM tests on the shared root file system of base.sh:
#   build.sh STACK BASEDIR OUTDIR
# writes OUTDIR/rootfs.img (ext4, the root file system), OUTDIR/vmlinuz and OUTDIR/initrd.img
# (direct kernel boot) and OUTDIR/ok last. STACK is the network stack, one of the stacks of
# Alibaba Cloud's images; on each, every NIC (eth0 and secondary ENIs, hot-plugged ones too)
# gets its address by DHCP, as the cloud's images do:
#   ifupdown        ifupdown and the ISC DHCP client (Debian, older images); cloud-init renders
#                   eth0 in /etc/network/interfaces.d, the image has allow-hotplug DHCP stanzas
#                   for eth1 to eth9 with a default route metric behind eth0's
#   networkmanager  NetworkManager (Alibaba Cloud Linux 3, CentOS/RHEL 8+); cloud-init renders
#                   eth0 as a NetworkManager profile, NetworkManager's default wired connection
#                   takes every other NIC by DHCP
#   networkd        netplan, systemd-networkd and D-Bus (Ubuntu); cloud-init renders eth0 in
#                   /etc/netplan/50-cloud-init.yaml, the image's netplan file gives eth1 to eth9
#                   DHCP with a default route metric behind eth0's
# The recipe is lib.sh, base.sh, this file and STACK: ensure.sh names the cache folder by their
# hash. Needs root and e2fsprogs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
stack=$1 base=$2 out=$3
case $stack in
ifupdown) pkgs=(ifupdown isc-dhcp-client) renderer=eni ;;
networkmanager) pkgs=(network-manager) renderer=network-manager ;;
networkd) pkgs=(netplan.io dbus) renderer=netplan ;;
*)
	echo "build.sh: unknown network stack $stack (ifupdown, networkmanager or networkd)" >&2
	exit 2
	;;
esac

scratch_root "$out"

echo "==> copying the base $base"
cp -a "$base/root" "$root"
mount_root "$root"
echo "==> installing ${pkgs[*]}"
retry apt_install "$root" "${pkgs[@]}"
in_root "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/*

echo "==> configuring the $stack stack"
# cloud-init renders the network config of eth0 (its fallback: DHCP on the first NIC) for this stack.
printf 'system_info:\n  network:\n    renderers: [ %s ]\n    activators: [ %s ]\n' "$renderer" "$renderer" \
	>"$root/etc/cloud/cloud.cfg.d/92-eipkit-network-stack.cfg"
case $stack in
ifupdown)
	printf 'auto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n' >"$root/etc/network/interfaces"
	mkdir -p "$root/etc/network/interfaces.d"
	# A secondary ENI's DHCP default route gets a metric behind eth0's: without one, the NIC
	# whose lease comes first takes the main table's only default route.
	for i in 1 2 3 4 5 6 7 8 9; do
		printf 'allow-hotplug eth%d\niface eth%d inet dhcp\n\tmetric %d\n\n' "$i" "$i" $((100 * i))
	done >"$root/etc/network/interfaces.d/60-secondary-enis"
	;;
networkmanager)
	# Debian's default: NetworkManager ignores ifupdown's interfaces and makes a DHCP profile
	# ("Wired connection N") for every ethernet NIC without one, as RHEL's does.
	in_root "$root" systemctl enable NetworkManager.service NetworkManager-wait-online.service >/dev/null
	;;
networkd)
	mkdir -p "$root/etc/netplan"
	cat >"$root/etc/netplan/60-secondary-enis.yaml" <<'YAML'
network:
  version: 2
  ethernets:
    secondary-enis:
      match:
        name: "eth[1-9]*"
      dhcp4: true
      dhcp4-overrides:
        route-metric: 2048
YAML
	chmod 600 "$root/etc/netplan/60-secondary-enis.yaml"
	in_root "$root" systemctl enable systemd-networkd.service systemd-networkd-wait-online.service >/dev/null
	;;
esac
umount_root "$root"

cp "$(readlink -f "$root/vmlinuz")" "$work/vmlinuz"
cp "$(readlink -f "$root/initrd.img")" "$work/initrd.img"
echo "==> making the ext4 disk"
mkfs.ext4 -q -F -L root -d "$root" "$work/rootfs.img" 3G
mkdir -p "$out"
mv "$work/rootfs.img" "$work/vmlinuz" "$work/initrd.img" "$out/"
echo "$stack" >"$out/stack"
date -u +%FT%TZ >"$out/ok"
echo "==> $stack image ready in $out"
