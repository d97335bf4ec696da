// Package guestnet renders the guest side of public addresses on Alibaba Cloud
// elastic network interfaces (ENIs): one POSIX sh program that gives every
// managed ENI its addresses, its own route table and one source rule per
// address, plus the cloud-init document, systemd units, udev rule,
// NetworkManager and ifupdown hooks that run it at boot (before
// network-online.target), on NIC hot-plug, when a network manager
// reconfigures a NIC, and every minute, and the systemd-networkd settings
// that keep networkd from removing what it added.
//
// The program is a short rendered header holding the configuration followed
// by lib.sh, the same functions on every instance; the units, the udev rule,
// the hooks and the networkd setting are the files under files/.
// Result.Files lists the installed files.
//
// The program is idempotent: it reads the wanted state (from the instance
// metadata, or from addresses rendered into it), reads the kernel state once,
// compares both in one pass and applies what differs with one `ip -batch`. It
// records what it added under /run/eipkit-guestnet and later removes only
// those records, so addresses, routes and rules made by DHCP, cloud-init or
// other tools are never removed; an uncertain metadata answer removes nothing.
// It never changes the main table's routes or the primary address of the
// primary ENI. A rule "lookup main suppress_prefixlength 0" ahead of the
// per-ENI rules keeps the main table's specific routes (container bridges)
// first, and connection marks send the replies of forwarded connections back
// through the ENI they came in by.
//
// Route tables: the ENI with device order n (0 is the primary ENI) uses table
// TableBase+n (default 7100+n); in metadata mode without a list each ENI
// takes the lowest free table when it appears and keeps it while attached (a
// map under /var/lib/eipkit-guestnet). Where the primary interface shares a
// subnet with an ENI, table TableBase+0 (or the primary ENI's own table)
// also holds the subnet route through the primary interface, and a rule sends
// the primary interface's own addresses to that subnet there, so they never
// leave by the ENI whose DHCP subnet route came first in the main table.
// Extra addresses use TableBase+100+k;
// the default-source feature uses table TableBase+250. The numbers avoid the
// ranges other tools use (10000+ of amazon-ec2-net-utils, 30200-30400 of
// nm-cloud-setup, 1000+ifindex of Alibaba's own examples and terway). The
// priority of each source rule equals its table number, so every rule sits
// before the main table's rule (32766).
//
// Nothing here depends on Pulumi; Render is a pure function of Config.
package guestnet
