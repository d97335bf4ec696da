#!/bin/sh
# eipkit-guestnet: source-based policy routing for the addresses of Alibaba
# Cloud elastic network interfaces (ENIs), rendered by eipkit. This header
# holds the configuration; the functions after it are the same on every
# instance. Edit the eipkit configuration instead of this file.
set -u
MODE=static
METADATA_URL='http://100.100.100.200/latest/meta-data'
TABLE_BASE=7100
MAX_ORDER=63
MTU=0
USE_PRIMARY=1
PRIMARY_MAC='00:16:3e:00:00:01'
DEFAULT_SOURCE='203.0.113.11'
DEFAULT_SOURCE_TABLE=7350
SUPPRESS_PRIORITY=7099
SUBNET_PRIORITY=7098
# Metadata mode: the managed ENIs as "MAC table" pairs; empty manages every
# secondary ENI the metadata lists, each with a table of its own.
LISTED=''
# Metadata mode: the ENIs whose EIP is bound in cut-through mode, as "MAC
# table gateway" triples (- for the gateway of DHCP's default route): their
# address comes from DHCP, not the metadata.
CUT_THROUGH=''
# Static mode: eni ROLE MAC TABLE CIDR GATEWAY PRIMARY_IP SECONDARY_IPS
# IPV6_CIDR IPV6_GATEWAY IPV6S (lists joined by commas, - for none).
ENIS='
eni primary 00:16:3e:00:00:01 7100 192.168.0.0/24 192.168.0.253 - 192.168.0.7 - - -
eni secondary 00:16:3e:00:00:02 7101 192.168.0.0/24 192.168.0.253 192.168.0.252 192.168.0.1,192.168.0.2 - - -
eni secondary 00:16:3e:00:00:03 7102 203.0.113.8/29 203.0.113.13 203.0.113.10 203.0.113.11 2001:db8:8::/64 2001:db8:8::1 2001:db8:8::10
'
# Extra addresses: extra MAC TABLE ADDRESS PREFIX_LENGTH NETWORK GATEWAY.
EXTRAS='
extra 00:16:3e:00:00:03 7200 192.0.2.50 24 192.0.2.0/24 192.0.2.1
'
# shellcheck shell=sh
# shellcheck disable=SC2154 # the configuration variables are set by the rendered header
#
# eipkit-guestnet: the functions of the guest program. The rendered program is
# a short header holding the configuration, this file, and a call of main.
#
# Each run reads the kernel state once (links, addresses, rules, routes),
# computes in one awk pass what differs from the wanted state, and applies
# the changes with one `ip -batch` per address family; when changes fail, it
# reads the kernel state again before it counts them as errors. It records
# what it added in $STATE_DIR/owned and removes only recorded items that are
# no longer wanted. Each ENI keeps its route table for as long as it is
# attached (the map MAC -> table in $LIB_DIR/tables). It never touches the
# main table's routes or the primary address of the primary ENI.
#
# Environment: EIPKIT_METADATA_URL overrides the metadata base URL;
# EIPKIT_STATE_DIR (default /run/eipkit-guestnet) holds the record and lock;
# EIPKIT_LIB_DIR (default /var/lib/eipkit-guestnet) holds the table map;
# EIPKIT_FIREWALL (auto, nft, iptables or none) chooses the tool that marks
# forwarded connections; EIPKIT_NETIF_DIR (default /run/systemd/netif/links)
# and EIPKIT_NETWORKD_DIR (default /etc/systemd/network) are where
# systemd-networkd keeps its links' state and where its drop-ins go.

PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}
export PATH
umask 022

MD_URL=${EIPKIT_METADATA_URL:-$METADATA_URL}
STATE_DIR=${EIPKIT_STATE_DIR:-/run/eipkit-guestnet}
LIB_DIR=${EIPKIT_LIB_DIR:-/var/lib/eipkit-guestnet}
FIREWALL=${EIPKIT_FIREWALL:-auto}
NETIF_DIR=${EIPKIT_NETIF_DIR:-/run/systemd/netif/links}
NETWORKD_DIR=${EIPKIT_NETWORKD_DIR:-/etc/systemd/network}
NETWORKD_DROPIN=90-eipkit-guestnet.conf
# Metadata: seconds per request, attempts per item, and the time after which
# a run stops retrying (the timer runs the program again a minute later).
MD_TIMEOUT=3
MD_ATTEMPTS=4
MD_DEADLINE=25
# Connection marks of forwarded connections use these bits of the mark.
MARK_MASK=0xffff
NFT_TABLE=eipkit_guestnet
IPT_CHAIN=EIPKIT-GUESTNET
# Exit status of a run that kept the state because the metadata did not answer.
EX_TEMPFAIL=75
TOKEN=""
CHECK=0
ERRORS=0
CHANGES=0
HELD=0
WORK=""
START=0
UPTIME=0

log() {
	printf 'eipkit-guestnet: %s\n' "$*" >&2
}

fail() {
	ERRORS=$((ERRORS + 1))
	log "error: $*"
}

# uptime_now sets UPTIME to the seconds since boot (no fork).
uptime_now() {
	read -r UPTIME _ </proc/uptime
	UPTIME=${UPTIME%.*}
}

## Metadata -----------------------------------------------------------------

md_init() {
	token_url="${MD_URL%/meta-data}/api/token"
	if command -v curl >/dev/null 2>&1; then
		TOKEN=$(curl -fsS --connect-timeout 2 --max-time "$MD_TIMEOUT" -X PUT -H "X-aliyun-ecs-metadata-token-ttl-seconds: 300" "$token_url" 2>/dev/null) || TOKEN=""
	else
		TOKEN=$(wget -q -T "$MD_TIMEOUT" -t 1 -O - --method=PUT --header="X-aliyun-ecs-metadata-token-ttl-seconds: 300" "$token_url" 2>/dev/null) || TOKEN=""
	fi
	case $TOKEN in
	*[!A-Za-z0-9._=+/-]*) TOKEN="" ;;
	esac
}

# md_fetch LIST fetches every "key path kind" line of LIST into
# $WORK/md/<key> and writes "status URL" lines (status 000: no answer) to
# LIST.status. curl asks for all items at once, so a service that does not
# answer costs one timeout per attempt, not one per item.
md_fetch() {
	: >"$1.status"
	if command -v curl >/dev/null 2>&1; then
		set -- "$1"
		while read -r mf_key mf_path _; do
			: >"$WORK/md/$mf_key"
			set -- "$@" -o "$WORK/md/$mf_key" "$MD_URL/$mf_path"
		done <"$1"
		mf_list=$1
		shift
		[ $# -gt 0 ] || return 0
		if [ -n "$TOKEN" ]; then
			set -- -H "X-aliyun-ecs-metadata-token: $TOKEN" "$@"
		fi
		set -- -sS --connect-timeout 2 --max-time "$MD_TIMEOUT" -w '%{http_code} %{url_effective}\n' "$@"
		curl --parallel --parallel-max 16 "$@" >"$mf_list.status" 2>/dev/null
		# curl before 7.66 does not know --parallel (status 2): one item after the other.
		[ $? -eq 2 ] && [ ! -s "$mf_list.status" ] && curl "$@" >"$mf_list.status" 2>/dev/null
		return 0
	fi
	while read -r mf_key mf_path _; do
		: >"$WORK/md/$mf_key"
		if [ -n "$TOKEN" ]; then
			wget -S -q -T "$MD_TIMEOUT" -t 1 -O "$WORK/md/$mf_key" --header="X-aliyun-ecs-metadata-token: $TOKEN" "$MD_URL/$mf_path" 2>"$WORK/md/headers"
		else
			wget -S -q -T "$MD_TIMEOUT" -t 1 -O "$WORK/md/$mf_key" "$MD_URL/$mf_path" 2>"$WORK/md/headers"
		fi
		awk -v url="$MD_URL/$mf_path" '$1 ~ /^HTTP\// { c = $2 } END { print (c == "" ? "000" : c), url }' "$WORK/md/headers" >>"$1.status"
	done <"$1"
}

# md_classify LIST judges the answers of md_fetch. It appends to
# $WORK/md/results one line per key: "ok key value", "absent key" (a
# definite 404) or "bad key reason" (any other status, no answer, an empty or
# malformed body), and lists the keys to fetch again in LIST.retry.
md_classify() {
	awk -v list="$1" -v dir="$WORK/md" -v retry="$1.retry" -v base="$MD_URL" '
	function body(key,   f, line, s) {
		f = dir "/" key; s = ""
		while ((getline line < f) > 0) s = s line "\n"
		close(f)
		gsub(/\r/, "", s)
		return s
	}
	function ip4(s,   n, p, i) {
		if (s !~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/) return 0
		n = split(s, p, ".")
		for (i = 1; i <= n; i++) if (p[i] + 0 > 255) return 0
		return 1
	}
	function ip6(s) { return s ~ /^[0-9a-f:.]+$/ && s ~ /:/ }
	function cidr4(s,   l) { l = s; sub(/^.*\//, "", l); return s ~ /\// && ip4(substr(s, 1, index(s, "/") - 1)) && l ~ /^[0-9]+$/ && l + 0 <= 32 }
	function cidr6(s,   l) { l = s; sub(/^.*\//, "", l); return s ~ /\// && ip6(substr(s, 1, index(s, "/") - 1)) && l ~ /^[0-9]+$/ && l + 0 <= 128 }
	function trim(s) { gsub(/^[ \t\n]+|[ \t\n]+$/, "", s); return s }
	# judge prints the normalized value of body b of kind k, or "" when malformed.
	function judge(k, b,   n, items, i, v, out) {
		b = trim(b)
		if (k == "mac") { b = tolower(b); return b ~ /^[0-9a-f][0-9a-f](:[0-9a-f][0-9a-f])(:[0-9a-f][0-9a-f])(:[0-9a-f][0-9a-f])(:[0-9a-f][0-9a-f])(:[0-9a-f][0-9a-f])$/ ? b : "" }
		if (k == "ip4") return ip4(b) ? b : ""
		if (k == "cidr4") return cidr4(b) ? b : ""
		if (k == "ip6") { b = tolower(b); return ip6(b) ? b : "" }
		if (k == "cidr6") { b = tolower(b); return cidr6(b) ? b : "" }
		if (k == "maclist" || k == "list4" || k == "list6") {
			if (b == "") return ""
			if (k != "maclist") {
				if (b !~ /^\[.*\]$/) return ""
				b = substr(b, 2, length(b) - 2)
				gsub(/[" \t\n]/, "", b)
				if (b == "") return "-"
				n = split(b, items, ",")
			} else {
				n = split(b, items, /[ \t\n]+/)
			}
			out = ""
			for (i = 1; i <= n; i++) {
				v = tolower(items[i])
				if (k == "maclist") { sub(/\/$/, "", v); if (judge("mac", v) == "") return "" }
				else if (k == "list4" && !ip4(v)) return ""
				else if (k == "list6" && !ip6(v)) return ""
				out = out (out == "" ? "" : ",") v
			}
			return out
		}
		return ""
	}
	BEGIN {
		n = 0
		while ((getline line < list) > 0) { n++; split(line, f, " "); key[n] = f[1]; path[n] = f[2]; kind[n] = f[3] }
		close(list)
		while ((getline line < (list ".status")) > 0) { split(line, f, " "); status[f[2]] = f[1] }
		printf "" > retry
		for (i = 1; i <= n; i++) {
			u = base "/" path[i]
			c = (u in status) ? status[u] : "000"
			if (c == "200") {
				v = judge(kind[i], body(key[i]))
				if (v != "") { print "ok", key[i], v; continue }
				why = "an empty or malformed answer"
			} else if (c == "404") {
				print "absent", key[i]; continue
			} else if (c == "000") {
				why = "no answer"
			} else {
				why = "HTTP status " c
			}
			print "bad", key[i], why
			printf "metadata item %s: %s\n", path[i], why > "/dev/stderr"
			print key[i], path[i], kind[i] > retry
		}
	}' >>"$WORK/md/results"
}

# md_get LIST fetches LIST and retries what is uncertain with backoff until
# every item is judged or the run's metadata deadline passes.
md_get() {
	mg_list=$1
	mg_delay=1
	mg_try=1
	while :; do
		md_fetch "$mg_list"
		md_classify "$mg_list" 2>"$WORK/md/why"
		[ -s "$mg_list.retry" ] || return 0
		while IFS= read -r mg_why; do
			log "$mg_why (attempt $mg_try of $MD_ATTEMPTS)"
		done <"$WORK/md/why"
		uptime_now
		if [ "$mg_try" -ge "$MD_ATTEMPTS" ] || [ $((UPTIME + mg_delay - START)) -gt "$MD_DEADLINE" ]; then
			return 1
		fi
		sleep "$mg_delay"
		# Without a token a hardened metadata service refuses every item: ask again.
		[ -n "$TOKEN" ] || md_init
		mg_delay=$((mg_delay * 2))
		mg_try=$((mg_try + 1))
		mv -f "$mg_list.retry" "$WORK/md/again"
		mg_list=$WORK/md/again
	done
}

# collect_metadata writes the wanted ENIs ($WORK/spec) from the metadata. An
# ENI with an uncertain answer is held: its recorded state is kept.
collect_metadata() {
	[ -d "$WORK/md" ] || mkdir -p "$WORK/md"
	: >"$WORK/md/results"
	md_init
	printf 'mac mac mac\nmacs network/interfaces/macs/ maclist\n' >"$WORK/md/list1"
	if ! md_get "$WORK/md/list1"; then
		log "cannot read the list of ENIs from the instance metadata at $MD_URL; nothing changed"
		return 1
	fi
	# The ENIs to read: listed ones, or every one the metadata lists that has an interface.
	awk -v listed="$LISTED" -v cut="$CUT_THROUGH" -v use_primary="$USE_PRIMARY" -v base="$TABLE_BASE" -v links="$WORK/state4" \
		-v items="$WORK/md/list2" -v primary_file="$WORK/md/primary" '
	$1 == "ok" { v[$2] = $3 }
	END {
		# Cut-through ENIs are not read from the metadata (collect_cut_through).
		n = split(cut, f, " ")
		for (i = 1; i <= n; i += 3) cutmac[f[i]] = 1
		while ((getline l < links) > 0) {
			n = split(l, f, " ")
			for (i = 1; i < n; i++) if (f[i] == "link/ether") have[tolower(f[i + 1])] = 1
		}
		primary = v["mac"]
		print "primary", primary > primary_file
		n = split(v["macs"], f, ",")
		for (i = 1; i <= n; i++) listed_now[f[i]] = 1
		if (use_primary == 1) want[++k] = primary " " base " primary"
		printf "" > items
		if (listed != "") {
			n = split(listed, f, " ")
			for (i = 1; i + 1 <= n; i += 2) {
				# A listed ENI the metadata no longer lists is detached: its state goes.
				if (f[i] in listed_now) want[++k] = f[i] " " f[i + 1] " secondary"
				else print "MAC " f[i] " is not attached (the metadata does not list it)" > "/dev/stderr"
			}
		} else {
			n = split(v["macs"], f, ",")
			for (i = 1; i <= n; i++) {
				if (f[i] == primary || (f[i] in cutmac)) continue
				if (!(f[i] in have)) { print "absent", f[i]; continue }
				want[++k] = f[i] " auto secondary"
			}
		}
		for (i = 1; i <= k; i++) {
			split(want[i], w, " ")
			print "eni", i, want[i]
			p = "network/interfaces/macs/" w[1] "/"
			print i ".pip", p "primary-ip-address", "ip4" > items
			print i ".cidr", p "vswitch-cidr-block", "cidr4" > items
			print i ".gw", p "gateway", "ip4" > items
			print i ".ips", p "private-ipv4s", "list4" > items
			print i ".ip6s", p "ipv6s", "list6" > items
			print i ".gw6", p "ipv6-gateway", "ip6" > items
			print i ".cidr6", p "vswitch-ipv6-cidr-block", "cidr6" > items
		}
	}' "$WORK/md/results" >"$WORK/md/enis" 2>"$WORK/md/why"
	while IFS= read -r cm_why; do log "$cm_why"; done <"$WORK/md/why"
	read -r _ PRIMARY_MAC <"$WORK/md/primary" || PRIMARY_MAC=""
	md_get "$WORK/md/list2" || log "some metadata answers stayed uncertain; the state of those ENIs is kept"
	awk -v enis="$WORK/md/enis" '
	$1 == "ok" { st[$2] = "ok"; v[$2] = $3 }
	$1 == "absent" { st[$2] = "absent"; v[$2] = "-" }
	$1 == "bad" { st[$2] = "bad" }
	END {
		while ((getline l < enis) > 0) {
			n = split(l, f, " ")
			if (f[1] == "absent") { print "keep", f[2], "auto"; continue }
			i = f[2]; mac = f[3]; table = f[4]; role = f[5]
			held = 0
			# Required items: a 404 for a listed ENI is not a definite answer either.
			if (st[i ".pip"] != "ok" || st[i ".cidr"] != "ok" || st[i ".gw"] != "ok") held = 1
			if (st[i ".ips"] != "ok" && st[i ".ips"] != "absent") held = 1
			if (st[i ".ip6s"] != "ok" && st[i ".ip6s"] != "absent") held = 1
			v6 = (st[i ".ip6s"] == "ok" && v[i ".ip6s"] != "-")
			if (v6 && ((st[i ".gw6"] != "ok" && st[i ".gw6"] != "absent") || (st[i ".cidr6"] != "ok" && st[i ".cidr6"] != "absent"))) held = 1
			if (held) { print "hold", mac, table; continue }
			ips = v[i ".ips"]; ip6s = v[i ".ip6s"]; gw6 = v[i ".gw6"]; cidr6 = v[i ".cidr6"]
			if (!v6 || gw6 == "-" || cidr6 == "-") { ip6s = "-"; gw6 = "-"; cidr6 = "-" }
			print "eni", role, mac, table, v[i ".cidr"], v[i ".gw"], v[i ".pip"], (ips == "" ? "-" : ips), cidr6, gw6, ip6s
		}
	}' "$WORK/md/results" >"$WORK/spec"
	return 0
}

# collect_cut_through prints the wanted state of each cut-through ENI
# (CUT_THROUGH) from what DHCP configured on its interface: the address DHCP
# gave it (dynamic, scope global), the kernel's subnet route of that address,
# and the configured gateway or else the gateway of the main table's default
# route through the interface. An interface DHCP has not configured yet is
# held: its recorded state is kept.
collect_cut_through() {
	[ -n "$CUT_THROUGH" ] || return 0
	awk -v cut="$CUT_THROUGH" '
	$2 ~ /:$/ && $3 ~ /^</ {
		name = $2; sub(/:$/, "", name); sub(/@.*/, "", name)
		for (i = 4; i < NF; i++) if ($i == "link/ether") { m = tolower($(i + 1)); if (!(m in dev)) dev[m] = name }
		next
	}
	$3 == "inet" && / scope global / && / dynamic / {
		d = $2; sub(/@.*/, "", d)
		if (!(d in addr)) addr[d] = $4
		next
	}
	$1 ~ /\// || $1 == "default" {
		d = ""; via = ""; src = ""; tbl = "main"; link = 0
		for (i = 2; i <= NF; i++) {
			if ($i == "dev") d = $(i + 1)
			else if ($i == "via") via = $(i + 1)
			else if ($i == "src") src = $(i + 1)
			else if ($i == "table") tbl = $(i + 1)
			else if ($i == "scope" && $(i + 1) == "link") link = 1
		}
		if (tbl != "main" || d == "") next
		if ($1 == "default" && via != "" && !(d in gw)) gw[d] = via
		if ($1 ~ /\// && link && src != "") net[d, src] = $1
	}
	END {
		n = split(cut, f, " ")
		for (i = 1; i + 2 <= n; i += 3) {
			mac = f[i]; table = f[i + 1]; d = dev[mac]
			if (f[i + 2] != "-") gw[d] = f[i + 2]
			if (d == "") { print "no interface has MAC " mac " yet; skipped until the next run" > "/dev/stderr"; continue }
			a = addr[d]; ip = a; sub(/\/.*/, "", ip)
			if (a == "" || gw[d] == "" || !((d, ip) in net)) {
				print "cut-through ENI " mac " (" d "): DHCP has not configured it yet (no DHCP address or no default route through it); keeping what was recorded" > "/dev/stderr"
				print "hold", mac, table
				continue
			}
			print "eni", "secondary", mac, table, net[d, ip], gw[d], ip, "-", "-", "-", "-"
		}
	}' "$WORK/state4"
}

## Kernel state and plan ----------------------------------------------------

# read_kernel4 reads the links and the IPv4 addresses, rules and routes with
# one ip process into $WORK/state4.
read_kernel4() {
	printf 'link show\naddress show\nrule show\nroute show table all\n' >"$WORK/show4"
	ip -4 -o -force -batch "$WORK/show4" >"$WORK/state4" 2>/dev/null
}

# read_kernel6 reads the IPv6 addresses, rules and routes into $WORK/state6
# when an ENI has IPv6 addresses or the record holds IPv6 items.
read_kernel6() {
	: >"$WORK/state6"
	need_ipv6 || return 0
	printf 'address show\nrule show\nroute show table all\n' >"$WORK/show6"
	ip -6 -o -force -batch "$WORK/show6" >"$WORK/state6" 2>/dev/null
}

need_ipv6() {
	[ -e /proc/net/if_inet6 ] || return 1
	while read -r n6_kind _ _ _ _ _ _ _ _ _ n6_ip6s; do
		[ "$n6_kind" = eni ] && [ "${n6_ip6s:--}" != - ] && return 0
	done <"$WORK/spec"
	[ -f "$STATE_DIR/owned" ] || return 1
	while read -r n6_kind _; do
		case $n6_kind in
		addr6 | route6 | rule6) return 0 ;;
		esac
	done <"$STATE_DIR/owned"
	return 1
}

# plan compares the wanted state ($WORK/spec, the configuration, the record of
# owned items and the table map) with the kernel state in one pass. It writes
# the commands ($WORK/batch4, $WORK/batch6, with the item of each line in
# $WORK/items4, $WORK/items6), the sysctls to set, the owned items to keep,
# the new table map, the wanted connection marks, coexistence notes, and a
# summary line.
plan() {
	awk -v mode="$MODE" -v base="$TABLE_BASE" -v max_order="$MAX_ORDER" -v mtu="$MTU" \
		-v use_primary="$USE_PRIMARY" -v primary_mac="$PRIMARY_MAC" -v ds="$DEFAULT_SOURCE" \
		-v ds_table="$DEFAULT_SOURCE_TABLE" -v supp_prio="$SUPPRESS_PRIORITY" -v subnet_prio="$SUBNET_PRIORITY" \
		-v mark_mask="$MARK_MASK" -v w="$WORK" -v old_notes="$STATE_DIR/notes" \
		-v owned_file="$STATE_DIR/owned" -v tables_file="$LIB_DIR/tables" '
	function table_num(t) { return (t in tname) ? tname[t] : t }
	function want(item) {
		if (item in wanted) return
		wanted[item] = 1
		worder[++nw] = item
	}
	function note(s) {
		if (s in noted) return
		noted[s] = 1
		notes[++nn] = s
	}
	function parse_rule(fam,   prio, from, to, tbl, supp, mark, i, ok, key) {
		prio = $1; sub(/:$/, "", prio)
		from = "all"; to = "-"; tbl = ""; supp = "-"; mark = "-"; ok = 1
		for (i = 2; i <= NF; i++) {
			if ($i == "from") from = $(++i)
			else if ($i == "to") to = $(++i)
			else if ($i == "lookup" || $i == "table") tbl = table_num($(++i))
			else if ($i == "suppress_prefixlength") supp = $(++i)
			else if ($i == "fwmark") mark = $(++i)
			else ok = 0
		}
		key = "rule" fam " " prio " " tbl " " from " " to " " supp (mark == "-" ? "" : " " mark)
		if (ok) have[key] = 1
		nkr++; krule[nkr] = key; krule_line[nkr] = $0; krule_prio[nkr] = prio + 0
		krule_tbl[nkr] = tbl; krule_from[nkr] = from
	}
	function parse_route(fam,   i, j, dst, via, dev, tbl, src, key) {
		i = 1
		if ($1 ~ /^(unicast|local|broadcast|multicast|anycast|unreachable|blackhole|prohibit|throw|nat)$/) i = 2
		dst = $i; via = "-"; dev = "-"; tbl = "main"; src = "-"
		for (j = i + 1; j <= NF; j++) {
			if ($j == "via") { via = $(j + 1); if (via == "inet" || via == "inet6") via = $(j + 2) }
			else if ($j == "dev") dev = $(j + 1)
			else if ($j == "table") tbl = table_num($(j + 1))
			else if ($j == "src") src = $(j + 1)
		}
		if (tbl == "local") return
		key = "route" fam " " tbl " " dst " " dev " " via
		rsrc[key] = rsrc[key] " " src " "
		if (tbl != "main" && tbl != "default") { tbl_used[tbl] = 1; nkt++; kroute[nkt] = key; kroute_tbl[nkt] = tbl; kroute_line[nkt] = $0; sub(/[ \t]+$/, "", kroute_line[nkt]) }
		if (fam == 4 && tbl == "main" && dst ~ /\// && $0 ~ / scope link/) { nml++; mainlink[nml] = dst " " dev " " src }
		if (fam == 4 && tbl == "main" && dst == "default" && main_default_dev == "") main_default_dev = dev
	}
	function present(item,   f, n, key) {
		if (item in have) return 1
		n = split(item, f, " ")
		if (f[1] == "link") return (f[2] in devup) && devup[f[2]] && (f[3] == 0 || devmtu[f[2]] == f[3])
		if (f[1] == "route4" || f[1] == "route6") {
			key = f[1] " " f[2] " " f[3] " " f[4] " " f[5]
			if (!(key in rsrc)) return 0
			return f[6] == "-" || index(rsrc[key], " " f[6] " ") > 0
		}
		return 0
	}
	# cmd prints the ip command for op (add or del) of an item, or "".
	function cmd(op, item,   f, n, c, a) {
		n = split(item, f, " ")
		if (f[1] == "link") {
			if (op != "add") return ""
			c = "link set dev " f[2] " up"
			if (f[3] != 0) c = c "\nlink set dev " f[2] " mtu " f[3]
			return c
		}
		if (f[1] == "addr4") {
			if (op == "del") return "address del " f[3] " dev " f[2]
			split(f[3], a, "/")
			return "address add " f[3] (a[2] + 0 >= 31 ? "" : " brd +") " dev " f[2]
		}
		if (f[1] == "addr6") return "address " op " " f[3] " dev " f[2] (op == "add" ? " nodad" : "")
		if (f[1] == "route4" || f[1] == "route6") {
			c = "route " (op == "add" ? "replace" : "del") " " f[3]
			if (f[5] != "-") c = c " via " f[5]
			c = c " dev " f[4] " table " f[2]
			if (f[6] != "-") c = c " src " f[6]
			return c
		}
		if (f[1] == "rule4" || f[1] == "rule6") {
			c = "rule " op " priority " f[2] " from " f[4]
			if (f[5] != "-") c = c " to " f[5]
			if (n >= 7) c = c " fwmark " f[7]
			c = c " table " f[3]
			if (f[6] != "-") c = c " suppress_prefixlength " f[6]
			return c
		}
		return ""
	}
	# emit queues one command (possibly several lines) for item in the
	# batch of its family; class orders the batch.
	function emit(op, item, class,   fam, c, n, l, i) {
		c = cmd(op, item)
		if (c == "") return
		fam = (item ~ /^(addr6|route6|rule6) /) ? 6 : 4
		n = split(c, l, "\n")
		for (i = 1; i <= n; i++) {
			nq[fam, class]++
			q[fam, class, nq[fam, class]] = l[i]
			qi[fam, class, nq[fam, class]] = op " " item
		}
	}
	function ip4(s) { return s ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/ }
	function bits(c) { sub(/^.*\//, "", c); return c }
	function mark_of(t) { return sprintf("0x%x/%s", t, mark_mask) }
	# eni wants the state of one ENI (the fields of its spec line).
	function eni(role, mac, table, cidr, gw, pip, sips, cidr6, gw6, ip6s,   dev, len, n, s, i, len6) {
		dev = macdev[mac]
		if (dev == "") { print "no interface has MAC " mac " yet; skipped until the next run" > (w "/log"); return }
		if (role == "secondary" && dev == pdev) { print "MAC " mac " is the primary interface " dev "; managed as primary" > (w "/log"); role = "primary" }
		len = bits(cidr)
		enidev[table] = dev
		if (role == "secondary") {
			want("link " dev " " mtu)
			sysctl["net/ipv4/conf/" dev "/rp_filter"] = 2
			sysctl["net/ipv4/conf/" dev "/promote_secondaries"] = 1
			if (ip4(pip)) want("addr4 " dev " " pip "/" len)
		}
		n = split(sips == "-" ? "" : sips, s, ",")
		for (i = 1; i <= n; i++) if (ip4(s[i]) && s[i] != pip) want("addr4 " dev " " s[i] "/" len)
		want("route4 " table " " cidr " " dev " - -")
		want("route4 " table " default " dev " " gw " -")
		if (role == "secondary" && ip4(pip)) { ruled(table, dev, cidr, pip, gw) }
		for (i = 1; i <= n; i++) if (ip4(s[i]) && s[i] != pip) ruled(table, dev, cidr, s[i], gw)
		if (role == "secondary") { marked[++nm] = dev " " table " -"; want("rule4 " table " " table " all - - " mark_of(table)) }
		nsub++; subnet[nsub] = cidr " " dev
		if (ip6s != "-" && cidr6 != "-" && gw6 != "-") {
			len6 = bits(cidr6)
			n = split(ip6s, s, ",")
			for (i = 1; i <= n; i++) want("addr6 " dev " " s[i] "/" len6)
			want("route6 " table " " cidr6 " " dev " - -")
			want("route6 " table " default " dev " " gw6 " -")
			for (i = 1; i <= n; i++) { want("rule6 " table " " table " " s[i] " - -"); managed[s[i]] = 1; any6 = 1 }
		}
	}
	function ruled(table, dev, cidr, ip, gw) {
		want("rule4 " table " " table " " ip " - -")
		managed[ip] = 1
		nra++; ruled_ip[nra] = ip; ruled_tbl[nra] = table; ruled_cidr[nra] = cidr
		if (ip == ds) { ds_dev = dev; ds_gw = gw }
	}
	BEGIN {
		tname["unspec"] = 0
		rtf = "/etc/iproute2/rt_tables"
		while ((getline l < rtf) > 0) {
			split(l, a, " ")
			if (a[1] ~ /^[0-9]+$/ && a[2] != "" && a[2] !~ /^(main|local|default)$/) tname[a[2]] = a[1]
		}
		close(rtf)
		while ((getline l < old_notes) > 0) old_note[++non] = l
		close(old_notes)
		# Items of older versions of the program are read as they are.
		while ((getline l < owned_file) > 0) if (l != "" && !(l in owned)) { owned[l] = 1; oorder[++no] = l }
		close(owned_file)
		while ((getline l < tables_file) > 0) if (split(l, a, " ") == 2) { map[a[1]] = a[2]; morder[++nmap] = a[1] }
		close(tables_file)
	}
	FILENAME == w "/spec" { if (NF > 0) spec[++ns] = $0; next }
	# ip -o prints links ("N: name: <FLAGS> ..."), addresses ("N: name inet
	# ..."), rules ("PRIORITY:<tab>from ...") and routes.
	$2 ~ /:$/ && $3 ~ /^</ {
		idx = $1; sub(/:$/, "", idx)
		name = $2; sub(/:$/, "", name); sub(/@.*/, "", name)
		devup[name] = ($3 ~ /[<,]UP[,>]/)
		devidx[name] = idx
		for (i = 4; i < NF; i++) {
			if ($i == "mtu") devmtu[name] = $(i + 1)
			if ($i == "link/ether") { m = tolower($(i + 1)); if (!(m in macdev)) macdev[m] = name }
		}
		next
	}
	$3 == "inet" || $3 == "inet6" {
		dev = $2; sub(/@.*/, "", dev)
		fam = ($3 == "inet6") ? 6 : 4
		have["addr" fam " " dev " " $4] = 1
		if (fam == 4 && $0 ~ / scope global/) { ga = $4; sub(/\/.*/, "", ga); globals[dev] = globals[dev] " " ga }
		next
	}
	FILENAME == w "/state4" && $1 ~ /^[0-9]+:$/ { parse_rule(4); next }
	FILENAME == w "/state6" && $1 ~ /^[0-9]+:$/ { parse_rule(6); next }
	FILENAME == w "/state4" { parse_route(4); next }
	FILENAME == w "/state6" { parse_route(6); next }
	END {
		# The primary interface.
		if (primary_mac != "") pdev = macdev[primary_mac]
		if (pdev == "" && ("eth0" in devidx)) pdev = "eth0"
		if (pdev == "") pdev = main_default_dev

		# Tables: explicit ones first, then the ENIs of the map, then new ENIs
		# in interface order take the lowest free table.
		for (i = 1; i <= ns; i++) {
			split(spec[i], f, " ")
			if (f[1] == "eni") { mac = f[3]; t = f[4] } else if (f[1] == "hold" || f[1] == "keep") { mac = f[2]; t = f[3]; if (f[1] == "hold") held = 1 } else continue
			known[mac] = 1
			if (t != "auto") { taken[t] = mac; tbl[mac] = t }
		}
		for (mac in known) if (!(mac in tbl) && (mac in map) && !(map[mac] in taken) && map[mac] > base && map[mac] <= base + max_order) { taken[map[mac]] = mac; tbl[mac] = map[mac] }
		for (own in owned) { split(own, f, " "); if (f[1] ~ /^route/) owned_tbl[f[2]] = 1 }
		while (1) {
			best = ""
			for (i = 1; i <= ns; i++) {
				split(spec[i], f, " ")
				if (f[1] != "eni" || f[4] != "auto" || (f[3] in tbl) || macdev[f[3]] == "") continue
				if (best == "" || devidx[macdev[f[3]]] + 0 < devidx[macdev[best]] + 0) best = f[3]
			}
			if (best == "") break
			for (t = base + 1; t <= base + max_order; t++) {
				if (t in taken) continue
				if ((t in tbl_used) && !(t in owned_tbl)) { print "table " t " holds routes eipkit did not add; not used for the new ENI " best > (w "/log"); continue }
				break
			}
			if (t > base + max_order) { print "error: no free route table for MAC " best " (tables " base + 1 " to " base + max_order " are used)" > (w "/log"); errors++; tbl[best] = "none"; continue }
			taken[t] = best; tbl[best] = t
		}
		for (mac in known) if (tbl[mac] != "none" && (mac in tbl)) newmap[mac] = tbl[mac]

		# The wanted state.
		for (i = 1; i <= ns; i++) {
			n = split(spec[i], f, " ")
			if (f[1] == "eni" && tbl[f[3]] != "none") eni(f[2], f[3], tbl[f[3]], f[5], f[6], f[7], f[8], f[9], f[10], f[11])
			if (f[1] == "extra") {
				dev = macdev[f[2]]
				if (dev == "") { print "no interface has MAC " f[2] " yet; extra address " f[4] " skipped until the next run" > (w "/log"); continue }
				want("addr4 " dev " " f[4] "/" f[5])
				want("route4 " f[3] " " f[6] " " dev " - -")
				want("route4 " f[3] " default " dev " " f[7] " -")
				want("rule4 " f[3] " " f[3] " " f[4] " - -")
				want("rule4 " f[3] " " f[3] " all - - " mark_of(f[3]))
				marked[++nm] = dev " " f[3] " " f[4]
				managed[f[4]] = 1
				if (f[4] == ds) { ds_dev = dev; ds_gw = f[7] }
			}
		}

		# ARP isolation and same-subnet rules where managed interfaces share a subnet.
		for (i = 1; i <= nml; i++) { split(mainlink[i], f, " "); if (f[2] == pdev) { nsub++; subnet[nsub] = mainlink[i] } }
		for (i = 1; i <= nsub; i++) {
			split(subnet[i], f, " ")
			if (!((f[1], f[2]) in seen_sub)) { seen_sub[f[1], f[2]] = 1; subdevs[f[1]]++ }
		}
		for (i = 1; i <= nsub; i++) {
			split(subnet[i], f, " ")
			if (subdevs[f[1]] > 1) { sysctl["net/ipv4/conf/" f[2] "/arp_ignore"] = 1; sysctl["net/ipv4/conf/" f[2] "/arp_announce"] = 2 }
		}
		for (i = 1; i <= nra; i++) if (subdevs[ruled_cidr[i]] > 1) want("rule4 " subnet_prio " " ruled_tbl[i] " " ruled_ip[i] " " ruled_cidr[i] " -")
		# The own addresses of the primary interface toward a subnet it shares
		# with an ENI leave by it: the main table may hold the subnet route of
		# every such interface with the same metric, the first one wins, and
		# the DHCP lease of the ENI can come first. The table of the primary ENI
		# (tableBase+0) holds the route.
		ptable = base
		for (t in enidev) if (enidev[t] == pdev) ptable = t
		for (i = 1; i <= nml; i++) {
			split(mainlink[i], f, " ")
			if (f[2] != pdev || subdevs[f[1]] < 2 || !ip4(f[3]) || (f[3] in managed)) continue
			enidev[ptable] = pdev
			want("route4 " ptable " " f[1] " " pdev " - -")
			want("rule4 " subnet_prio " " ptable " " f[3] " " f[1] " -")
		}

		# Specific routes of the main table (container bridges, VPNs) come first.
		want("rule4 " supp_prio " main all - 0")
		if (any6) want("rule6 " supp_prio " main all - 0")

		# The default source.
		if (ds != "" && ds_dev == "") print "default source " ds " is on no managed interface yet; skipped" > (w "/log")
		if (ds != "" && ds_dev != "") {
			n = split(globals[pdev], a, " ")
			for (i = 1; i <= n; i++) want("rule4 " ds_table " main " a[i] " - -")
			want("rule4 " ds_table " main all 100.100.0.0/16 -")
			want("rule4 " ds_table + 1 " main all - 0")
			want("route4 " ds_table " default " ds_dev " " ds_gw " " ds)
			want("rule4 " ds_table + 2 " " ds_table " all - -")
		}

		# Compare.
		printf "" > (w "/owned.keep")
		for (i = 1; i <= nw; i++) {
			item = worder[i]
			if (present(item)) { if (item in owned) { print item > (w "/owned.keep"); nkeep++ }; continue }
			split(item, f, " ")
			emit("add", item, f[1] == "link" ? 1 : f[1] ~ /^addr/ ? 2 : f[1] ~ /^route/ ? 3 : 4)
		}
		for (i = 1; i <= no; i++) {
			item = oorder[i]
			if (item in wanted) continue
			split(item, f, " ")
			if (held) { print item > (w "/owned.keep"); nkeep++; continue }
			if (!present(item)) continue
			emit("del", item, f[1] ~ /^rule/ ? -3 : f[1] ~ /^route/ ? -2 : -1)
		}
		if (held && no > 0) print "keeping every recorded item this run: some metadata answers were uncertain" > (w "/log")
		nchg = 0
		for (fam = 4; fam <= 6; fam += 2) {
			printf "" > (w "/batch" fam); printf "" > (w "/items" fam)
			for (class = -3; class <= 4; class++) for (j = 1; j <= nq[fam, class]; j++) {
				print q[fam, class, j] > (w "/batch" fam)
				print qi[fam, class, j] > (w "/items" fam)
				nchg++
			}
		}
		printf "" > (w "/sysctls")
		for (p in sysctl) {
			sf = "/proc/sys/" p
			v = ""
			if ((getline v < sf) <= 0) v = ""
			close(sf)
			if (v != sysctl[p]) { print p, sysctl[p] > (w "/sysctls"); nchg++ }
		}

		# Connection marks of forwarded connections, by incoming ENI.
		printf "" > (w "/marks.want")
		for (i = 1; i <= nm; i++) print marked[i] > (w "/marks.want")

		# The table map.
		printf "" > (w "/tables.new")
		tchg = 0
		for (i = 1; i <= nmap; i++) {
			mac = morder[i]
			if (mac in newmap) { print mac, newmap[mac] > (w "/tables.new"); if (newmap[mac] != map[mac]) tchg = 1; done_map[mac] = 1 }
			else if (held) { print mac, map[mac] > (w "/tables.new"); done_map[mac] = 1 }
			else { print "freed table " map[mac] " of MAC " mac " (no longer attached)" > (w "/log"); tchg = 1 }
		}
		for (i = 1; i <= ns; i++) {
			split(spec[i], f, " ")
			mac = (f[1] == "eni") ? f[3] : ""
			if (mac == "" || (mac in done_map) || !(mac in newmap)) continue
			done_map[mac] = 1; tchg = 1
			print mac, newmap[mac] > (w "/tables.new")
		}

		# Coexistence: the DHCP default route of a secondary ENI ahead of the primary ENI.
		if (main_default_dev != "" && pdev != "" && main_default_dev != pdev) for (t in enidev) if (enidev[t] == main_default_dev) {
			note("the default route of the main table leaves by " main_default_dev ", a secondary ENI, not by " pdev " (its DHCP client came first); give the DHCP of " main_default_dev " a route metric behind the one of " pdev "; left alone")
			break
		}
		# Coexistence: rules and routes of other tools in the ranges used here.
		for (i = 1; i <= nkr; i++) {
			k = krule[i]; p = krule_prio[i]
			if ((k in wanted) || (k in owned)) continue
			if (p >= 30200 && p <= 30599) note("NetworkManager nm-cloud-setup (or another tool) routes by policy here too: rule \"" krule_line[i] "\"")
			else if ((krule_tbl[i] in taken) || (krule_tbl[i] in enidev) || (p >= subnet_prio && p <= base + 252)) note("rule \"" krule_line[i] "\" is in a table or priority eipkit uses and was not added by eipkit; left alone")
			else if (krule_from[i] in managed) note("another tool routes " krule_from[i] " too: rule \"" krule_line[i] "\"")
		}
		for (i = 1; i <= nkt; i++) {
			k = kroute[i]
			if (!(kroute_tbl[i] in enidev) && !(kroute_tbl[i] >= base && kroute_tbl[i] <= base + 252)) continue
			split(k, f, " ")
			if (((k " -") in wanted) || ((k " -") in owned) || ((k " " ds) in wanted)) continue
			note("table " kroute_tbl[i] " holds route \"" kroute_line[i] "\" that eipkit did not add; left alone")
		}
		printf "" > (w "/notes")
		same = (nn == non)
		for (i = 1; i <= nn; i++) { print notes[i] > (w "/notes"); if (notes[i] != old_note[i]) same = 0 }
		print nchg, tchg, (same ? 0 : 1), errors + 0, (nkeep == no ? 0 : 1) > (w "/summary")
	}' "$WORK/state4" "$WORK/state6" "$WORK/spec"
}

## Apply --------------------------------------------------------------------

# run_batch FAMILY applies $WORK/batchFAMILY and logs each item; the changes
# that failed go to $WORK/failed ("op item<TAB>message") for recheck.
run_batch() {
	[ -s "$WORK/batch$1" ] || return 0
	ip "-$1" -force -batch "$WORK/batch$1" >"$WORK/err$1" 2>&1
	awk -v items="$WORK/items$1" -v keep="$WORK/owned.keep" -v failed_file="$WORK/failed" '
	/^Command failed / { line = $3; sub(/^.*:/, "", line); bad[line + 0] = msg; next }
	{ msg = $0 }
	END {
		i = 0
		while ((getline l < items) > 0) {
			i++
			op = substr(l, 1, 3); item = substr(l, 5)
			if (i in bad) {
				# A failed line of a multi-line item fails the whole item.
				failed[item] = bad[i]
			}
			if (!(item in order)) { order[item] = ++n; it[n] = item; ops[n] = op }
		}
		for (j = 1; j <= n; j++) {
			item = it[j]; op = ops[j]; split(item, f, " ")
			if (item in failed) {
				printf "%s %s\t%s\n", op, item, failed[item] >> failed_file
				if (op == "del") print item >> keep
				continue
			}
			printf "%s %s\n", op == "add" ? "added" : "removed", item
			if (op == "add" && f[1] != "link") print item >> keep
		}
	}' "$WORK/err$1" >"$WORK/applied$1"
	while IFS= read -r rb_line; do
		CHANGES=$((CHANGES + 1))
		log "$rb_line"
	done <"$WORK/applied$1"
}

# recheck reads the kernel state again after changes of the batches failed
# ($WORK/failed): another program may have made the same change between the
# program's read and its batch, as a DHCP client adds the address it leased
# to a hot-plugged interface. When a plan over the new state asks for no
# change but failed ones, a failed change it no longer asks for is not needed
# any more (an address another program added stays unrecorded: the program
# never removes it); the others are errors, and all are when the new plan
# asks for other changes too (the state moved on; the next run goes on).
recheck() {
	rc_work=$WORK
	WORK=$rc_work/recheck
	[ -d "$WORK" ] || mkdir -p "$WORK"
	rc_sure=0
	awk -F '\t' '{ print $1 }' "$rc_work/failed" >"$WORK/failed"
	if cp "$rc_work/spec" "$WORK/spec" && read_kernel4 && read_kernel6 && plan; then
		cat "$WORK/items4" "$WORK/items6" | grep -qvxF -f "$WORK/failed" || rc_sure=1
	fi
	WORK=$rc_work
	rc_tab=$(printf '\t')
	while IFS=$rc_tab read -r rc_change rc_why; do
		rc_item=${rc_change#* }
		if [ "${rc_change%% *}" = del ]; then
			rc_op=remove
			rc_done="it went meanwhile"
		else
			rc_op=add
			rc_done="another program made the change meanwhile (a DHCP client adds the address it leased); not recorded as added"
		fi
		if [ "$rc_sure" = 1 ] && ! grep -qxF "$rc_change" "$WORK/recheck/items4" "$WORK/recheck/items6"; then
			log "could not $rc_op $rc_item ($rc_why), but the kernel state read again needs it no more: $rc_done"
		else
			fail "could not $rc_op $rc_item: $rc_why"
		fi
	done <"$WORK/failed"
}

apply_sysctls() {
	while read -r as_path as_value; do
		if printf '%s\n' "$as_value" >"/proc/sys/$as_path" 2>/dev/null; then
			CHANGES=$((CHANGES + 1))
			log "added sysctl $as_path $as_value"
		else
			fail "could not add sysctl $as_path $as_value"
		fi
	done <"$WORK/sysctls"
}

## Connection marks of forwarded connections ---------------------------------

# firewall prints the tool that marks forwarded connections: nft, iptables or
# none.
firewall() {
	case $FIREWALL in
	nft | iptables | none)
		printf '%s\n' "$FIREWALL"
		return 0
		;;
	esac
	if command -v nft >/dev/null 2>&1; then
		echo nft
	elif command -v iptables-restore >/dev/null 2>&1 && command -v iptables >/dev/null 2>&1; then
		echo iptables
	else
		echo none
	fi
}

# marks_rules TOOL prints the ruleset that marks new connections by incoming
# ENI ($WORK/marks.want: "device table [address|-]") and restores the mark
# on their replies, so that the "fwmark" rule of the ENI's table routes them.
marks_rules() {
	if [ "$1" = nft ]; then
		printf 'table ip %s {\n\tchain prerouting {\n\t\ttype filter hook prerouting priority mangle; policy accept;\n' "$NFT_TABLE"
		while read -r mr_dev mr_table mr_addr; do
			mr_match="iifname \"$mr_dev\""
			[ "$mr_addr" = - ] || mr_match="$mr_match ip daddr $mr_addr"
			printf '\t\t%s ct direction original ct state new ct mark set ct mark and 0x%x or 0x%x\n' "$mr_match" $((~MARK_MASK & 0xffffffff)) "$mr_table"
		done <"$WORK/marks.want"
		printf '\t\tct direction reply ct mark and %s != 0 meta mark set ct mark and %s\n\t}\n}\n' "$MARK_MASK" "$MARK_MASK"
		return 0
	fi
	printf '*mangle\n:%s - [0:0]\n' "$IPT_CHAIN"
	while read -r mr_dev mr_table mr_addr; do
		mr_match="-i $mr_dev"
		[ "$mr_addr" = - ] || mr_match="$mr_match -d $mr_addr/32"
		printf -- '-A %s %s -m conntrack --ctstate NEW --ctdir ORIGINAL -j CONNMARK --set-xmark 0x%x/%s\n' "$IPT_CHAIN" "$mr_match" "$mr_table" "$MARK_MASK"
	done <"$WORK/marks.want"
	printf -- '-A %s -m conntrack --ctdir REPLY -m connmark ! --mark 0x0/%s -j CONNMARK --restore-mark --nfmask %s --ctmask %s\nCOMMIT\n' "$IPT_CHAIN" "$MARK_MASK" "$MARK_MASK" "$MARK_MASK"
}

# marks_present TOOL succeeds when the ruleset of TOOL is installed.
marks_present() {
	if [ "$1" = nft ]; then
		nft list table ip "$NFT_TABLE" >/dev/null 2>&1
	else
		iptables -w 5 -t mangle -C PREROUTING -j "$IPT_CHAIN" >/dev/null 2>&1
	fi
}

marks_remove() {
	if [ "$1" = nft ]; then
		nft delete table ip "$NFT_TABLE"
	else
		iptables -w 5 -t mangle -D PREROUTING -j "$IPT_CHAIN" &&
			iptables -w 5 -t mangle -F "$IPT_CHAIN" &&
			iptables -w 5 -t mangle -X "$IPT_CHAIN"
	fi
}

marks_install() {
	if [ "$1" = nft ]; then
		{
			printf 'table ip %s {}\ndelete table ip %s\n' "$NFT_TABLE" "$NFT_TABLE"
			cat "$WORK/marks.rules"
		} >"$WORK/marks.nft"
		nft -f "$WORK/marks.nft"
	else
		iptables-restore -w 5 --noflush <"$WORK/marks.rules" || return 1
		iptables -w 5 -t mangle -C PREROUTING -j "$IPT_CHAIN" >/dev/null 2>&1 ||
			iptables -w 5 -t mangle -I PREROUTING 1 -j "$IPT_CHAIN"
	fi
}

# apply_marks installs, updates or removes the connection marks. They are
# wanted only while the host forwards IPv4 (containers, VMs, DNAT): on other
# hosts connection tracking is not loaded for them.
apply_marks() {
	# dash's read reports a failure on /proc files even when it read the value.
	am_forward=0
	read -r am_forward </proc/sys/net/ipv4/ip_forward 2>/dev/null || :
	[ "$am_forward" = 1 ] || : >"$WORK/marks.want"
	am_old=""
	[ -f "$STATE_DIR/marks" ] && read -r am_old _ <"$STATE_DIR/marks"
	if [ ! -s "$WORK/marks.want" ]; then
		[ -n "$am_old" ] || return 0
		[ "$CHECK" = 1 ] && { log "would remove the connection marks ($am_old)"; return 0; }
		if marks_present "$am_old" && ! marks_remove "$am_old"; then
			fail "could not remove the connection marks ($am_old)"
			return 0
		fi
		rm -f "$STATE_DIR/marks"
		CHANGES=$((CHANGES + 1))
		log "removed the connection marks of forwarded connections ($am_old)"
		return 0
	fi
	am_tool=$(firewall)
	if [ "$am_tool" = none ]; then
		if [ ! -f "$STATE_DIR/nofirewall" ]; then
			log "neither nft nor iptables is installed: replies of forwarded connections (DNAT, containers) to ENI addresses leave by the main table's default route; install nftables or iptables"
			: >"$STATE_DIR/nofirewall"
		fi
		return 0
	fi
	rm -f "$STATE_DIR/nofirewall"
	{
		printf '%s\n' "$am_tool"
		marks_rules "$am_tool"
	} >"$WORK/marks.new"
	marks_rules "$am_tool" >"$WORK/marks.rules"
	if [ -f "$STATE_DIR/marks" ] && cmp -s "$WORK/marks.new" "$STATE_DIR/marks" && marks_present "$am_tool"; then
		return 0
	fi
	if [ "$CHECK" = 1 ]; then
		log "would install the connection marks with $am_tool"
		return 0
	fi
	if [ -n "$am_old" ] && [ "$am_old" != "$am_tool" ] && marks_present "$am_old"; then
		marks_remove "$am_old" || fail "could not remove the connection marks ($am_old)"
	fi
	if marks_install "$am_tool" >"$WORK/marks.err" 2>&1; then
		mv -f "$WORK/marks.new" "$STATE_DIR/marks"
		CHANGES=$((CHANGES + 1))
		log "added the connection marks of forwarded connections ($am_tool)"
	else
		fail "could not install the connection marks with $am_tool: $(cat "$WORK/marks.err")"
	fi
}

## systemd-networkd -----------------------------------------------------------

# networkd_keep keeps systemd-networkd from removing the addresses this
# program added: networkd removes every address it did not make itself
# whenever it starts or reconfigures a link (a restart, `networkctl
# reconfigure`, `netplan apply`), unless the link's .network file says
# KeepConfiguration=static. For every interface holding a recorded address
# and managed by networkd (its state file under $NETIF_DIR names the .network
# file), it writes that setting as a drop-in of the .network file under
# $NETWORKD_DIR, which networkd reads when it next loads its configuration
# (at boot, on a restart, `networkctl reload` or `netplan apply`); it removes
# the drop-ins it wrote ($LIB_DIR/networkd, kept across reboots like the
# drop-ins) that are no longer wanted, and nothing else.
networkd_keep() {
	[ -d "$NETIF_DIR" ] || [ -s "$LIB_DIR/networkd" ] || return 0
	# networkd's state describes the links of the service manager's network
	# namespace: in another one (a test, a container) an interface index means
	# another link.
	if [ -z "${EIPKIT_NETIF_DIR:-}" ] && [ "$(readlink /proc/1/ns/net 2>/dev/null)" != "$(readlink /proc/self/ns/net 2>/dev/null)" ]; then
		return 0
	fi
	awk -v netif="$NETIF_DIR" -v dir="$NETWORKD_DIR" -v name="$NETWORKD_DROPIN" -v rec="$LIB_DIR/networkd" -v owned="$STATE_DIR/owned" '
	BEGIN {
		while ((getline l < owned) > 0) { split(l, w, " "); if (w[1] == "addr4" || w[1] == "addr6") devs[w[2]] = 1 }
		close(owned)
		for (d in devs) {
			idx = ""
			f = "/sys/class/net/" d "/ifindex"
			if ((getline idx < f) <= 0) idx = ""
			close(f)
			if (idx == "") continue
			f = netif "/" idx; nf = ""
			while ((getline l < f) > 0) if (l ~ /^NETWORK_FILE=./) { nf = substr(l, 14) }
			close(f)
			if (nf == "") continue
			sub(/^.*\//, "", nf)
			p = dir "/" nf ".d/" name
			want[p] = d
			present = ((getline l < p) > 0); close(p)
			print (present ? "keep" : "add"), p, d
		}
		while ((getline l < rec) > 0) { split(l, w, " "); if (!(w[1] in want)) print "del", w[1], w[2] }
	}' >"$WORK/networkd.plan" || return 0
	[ -s "$WORK/networkd.plan" ] || [ -f "$LIB_DIR/networkd" ] || return 0
	: >"$WORK/networkd.rec"
	while read -r nk_op nk_path nk_dev; do
		case $nk_op in
		keep) printf '%s %s\n' "$nk_path" "$nk_dev" >>"$WORK/networkd.rec" ;;
		add)
			if [ "$CHECK" = 1 ]; then
				log "would write $nk_path (systemd-networkd keeps the addresses of $nk_dev)"
				continue
			fi
			if mkdir -p "${nk_path%/*}" && printf '%s\n' "# Written by eipkit-guestnet: systemd-networkd keeps the static addresses" \
				"# eipkit-guestnet added to $nk_dev when it restarts or reconfigures the link." \
				"[Network]" "KeepConfiguration=static" >"$nk_path"; then
				printf '%s %s\n' "$nk_path" "$nk_dev" >>"$WORK/networkd.rec"
				CHANGES=$((CHANGES + 1))
				log "added $nk_path (systemd-networkd keeps the addresses of $nk_dev)"
			else
				fail "could not write $nk_path"
			fi
			;;
		del)
			if [ "$CHECK" = 1 ]; then
				log "would remove $nk_path"
				printf '%s %s\n' "$nk_path" "$nk_dev" >>"$WORK/networkd.rec"
				continue
			fi
			if rm -f "$nk_path"; then
				rmdir "${nk_path%/*}" 2>/dev/null || :
				CHANGES=$((CHANGES + 1))
				log "removed $nk_path"
			else
				fail "could not remove $nk_path"
				printf '%s %s\n' "$nk_path" "$nk_dev" >>"$WORK/networkd.rec"
			fi
			;;
		esac
	done <"$WORK/networkd.plan"
	[ "$CHECK" = 1 ] && return 0
	if [ -s "$WORK/networkd.rec" ]; then
		[ -d "$LIB_DIR" ] || mkdir -p "$LIB_DIR"
		cmp -s "$WORK/networkd.rec" "$LIB_DIR/networkd" || mv -f "$WORK/networkd.rec" "$LIB_DIR/networkd"
	else
		rm -f "$LIB_DIR/networkd"
	fi
}

## Main -----------------------------------------------------------------------

lock() {
	command -v flock >/dev/null 2>&1 || return 0
	exec 9>"$STATE_DIR/lock"
	if ! flock -w 120 9; then
		log "another run holds $STATE_DIR/lock"
		exit 1
	fi
}

main() {
	case ${1:-} in
	--check) CHECK=1 ;;
	'') ;;
	*)
		log "usage: eipkit-guestnet [--check]"
		exit 2
		;;
	esac
	uptime_now
	START=$UPTIME
	[ -d "$STATE_DIR" ] || mkdir -p "$STATE_DIR" || exit 1
	lock
	WORK=$STATE_DIR/work
	[ "$CHECK" = 1 ] && WORK=$STATE_DIR/check
	[ -d "$WORK" ] || mkdir -p "$WORK" || exit 1
	read_kernel4
	if [ "$MODE" = metadata ]; then
		if ! collect_metadata; then
			exit "$EX_TEMPFAIL"
		fi
		collect_cut_through >>"$WORK/spec" 2>"$WORK/cut.log"
		while IFS= read -r cm_line; do log "$cm_line"; done <"$WORK/cut.log"
		while read -r cm_kind _; do
			[ "$cm_kind" = hold ] && HELD=1
		done <"$WORK/spec"
	else
		printf '%s\n' "$ENIS" >"$WORK/spec"
	fi
	printf '%s\n' "$EXTRAS" >>"$WORK/spec"
	read_kernel6
	: >"$WORK/log"
	if ! plan; then
		fail "could not compare the wanted state with the kernel state"
		exit 1
	fi
	while IFS= read -r m_line; do
		case $m_line in
		error:*) fail "${m_line#error: }" ;;
		*) log "$m_line" ;;
		esac
	done <"$WORK/log"
	read -r m_changes m_tables m_notes m_errors m_owned <"$WORK/summary"
	ERRORS=$((ERRORS + m_errors))
	if [ "$m_notes" = 1 ] || [ "$CHECK" = 1 ]; then
		while IFS= read -r m_line; do
			log "coexistence: $m_line"
		done <"$WORK/notes"
	fi
	if [ "$CHECK" = 1 ]; then
		while IFS= read -r m_line; do log "would set sysctl $m_line"; done <"$WORK/sysctls"
		while IFS= read -r m_line; do log "would run: ip -4 $m_line"; done <"$WORK/batch4"
		while IFS= read -r m_line; do log "would run: ip -6 $m_line"; done <"$WORK/batch6"
		apply_marks
		networkd_keep
		[ "$m_changes" -eq 0 ] && log "no change needed"
		exit 0
	fi
	[ "$m_notes" = 1 ] && mv -f "$WORK/notes" "$STATE_DIR/notes"
	: >"$WORK/failed"
	if [ "$m_changes" -gt 0 ]; then
		apply_sysctls
		run_batch 4
		run_batch 6
		mv -f "$WORK/owned.keep" "$STATE_DIR/owned"
	elif [ "$m_owned" = 1 ]; then
		mv -f "$WORK/owned.keep" "$STATE_DIR/owned"
	fi
	if [ "$m_tables" = 1 ]; then
		[ -d "$LIB_DIR" ] || mkdir -p "$LIB_DIR"
		cp "$WORK/tables.new" "$LIB_DIR/tables.tmp" && mv -f "$LIB_DIR/tables.tmp" "$LIB_DIR/tables"
	fi
	[ -s "$WORK/failed" ] && recheck
	# An ENI held for an uncertain metadata answer keeps its marks too.
	[ "$HELD" = 1 ] || apply_marks
	networkd_keep
	if [ "$CHANGES" -eq 0 ] && [ "$ERRORS" -eq 0 ]; then
		log "no change"
	else
		log "$CHANGES change(s), $ERRORS error(s)"
	fi
	[ "$ERRORS" -eq 0 ] || exit 1
	[ "$HELD" = 0 ] || exit "$EX_TEMPFAIL"
	exit 0
}

main "$@"
