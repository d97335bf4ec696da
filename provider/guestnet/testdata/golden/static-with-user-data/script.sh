#!/bin/sh
# eipkit-guestnet: source-based policy routing for the addresses of Alibaba
# Cloud elastic network interfaces (ENIs). Rendered by eipkit; edit the eipkit
# configuration instead of this file.
#
# For every managed ENI (found by MAC) it brings the link up, adds the primary
# address when DHCP did not, adds the secondary addresses with the vSwitch
# prefix length, fills the ENI's own route table (subnet route and default
# route via the vSwitch gateway) and adds one "from <address> lookup <table>"
# rule per address. It changes only what differs from the wanted state, records
# what it added in $EIPKIT_STATE_DIR/owned and removes only recorded items that
# are no longer wanted. It never touches the main table or the primary
# address of the primary ENI.
#
# Environment: EIPKIT_METADATA_URL overrides the metadata base URL;
# EIPKIT_STATE_DIR (default /run/eipkit-guestnet) holds the record and lock.
set -u
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}
export PATH
umask 022

MODE='static'
MD_URL=${EIPKIT_METADATA_URL:-'http://100.100.100.200/latest/meta-data'}
STATE_DIR=${EIPKIT_STATE_DIR:-/run/eipkit-guestnet}
TABLE_BASE=5000
MTU=1500
USE_PRIMARY=0
DEFAULT_SOURCE=''
PRIMARY_MAC=''
TOKEN=""
PRIMARY_DEV=""
DS_DEV=""
DS_GW=""
CHANGES=0
ERRORS=0
WORK=""

log() {
	printf 'eipkit-guestnet: %s\n' "$*" >&2
}

fail() {
	ERRORS=$((ERRORS + 1))
	log "error: $*"
}

# want appends one wanted item to the list of the wanted state.
want() {
	printf '%s\n' "$*" >>"$WORK/want"
}

# dev_by_mac prints the name of the first interface whose MAC is $1.
dev_by_mac() {
	ip -o link show 2>/dev/null | awk -v mac="$1" '{
		for (i = 1; i < NF; i++) {
			if ($i == "link/ether" && tolower($(i + 1)) == mac) {
				name = $2; sub(/:$/, "", name); sub(/@.*/, "", name)
				print name; exit
			}
		}
	}'
}

# ifindex_by_dev prints the kernel interface index of device $1.
ifindex_by_dev() {
	ip -o link show dev "$1" 2>/dev/null | awk -F: '{ print $1; exit }'
}

is_ipv4() {
	case $1 in
	'' | *[!0-9.]* | .* | *. | *..*) return 1 ;;
	esac
	return 0
}

is_ipv6() {
	case $1 in
	'' | *[!0-9a-f:.]* | *:*:*:*:*:*:*:*:*:*) return 1 ;;
	*:*) return 0 ;;
	esac
	return 1
}

is_num() {
	case $1 in
	'' | *[!0-9]*) return 1 ;;
	esac
	return 0
}

# json_list turns a metadata list ("[\"a\",\"b\"]" or one item per line)
# into one lowercase item per line.
json_list() {
	printf '%s\n' "$1" | tr -d '[]" \r\t' | tr ',' '\n' | tr 'A-F' 'a-f' | sed '/^$/d'
}

http_get() {
	if command -v curl >/dev/null 2>&1; then
		if [ -n "$TOKEN" ]; then
			curl -fsS --connect-timeout 3 --max-time 10 --retry 2 -H "X-aliyun-ecs-metadata-token: $TOKEN" "$1"
		else
			curl -fsS --connect-timeout 3 --max-time 10 --retry 2 "$1"
		fi
	else
		if [ -n "$TOKEN" ]; then
			wget -q -T 10 -t 2 -O - --header="X-aliyun-ecs-metadata-token: $TOKEN" "$1"
		else
			wget -q -T 10 -t 2 -O - "$1"
		fi
	fi
}

http_put_token() {
	if command -v curl >/dev/null 2>&1; then
		curl -fsS --connect-timeout 3 --max-time 10 -X PUT -H "X-aliyun-ecs-metadata-token-ttl-seconds: 300" "$1"
	else
		wget -q -T 10 -t 1 -O - --method=PUT --header="X-aliyun-ecs-metadata-token-ttl-seconds: 300" "$1"
	fi
}

# md prints the metadata item $1 or fails.
md() {
	http_get "$MD_URL/$1"
}

# md_opt prints the metadata item $1, nothing when the metadata answers with
# an HTTP error (the item does not exist), and fails when it cannot be read.
md_opt() {
	md_out=$(md "$1" 2>/dev/null)
	md_rc=$?
	case $md_rc in
	0) printf '%s\n' "$md_out" ;;
	8 | 22) return 0 ;;
	*)
		log "cannot read metadata item $1 (exit status $md_rc)"
		return 1
		;;
	esac
}

md_init() {
	token_url="${MD_URL%/meta-data}/api/token"
	TOKEN=$(http_put_token "$token_url" 2>/dev/null) || TOKEN=""
	case $TOKEN in
	*[!A-Za-z0-9._=+/-]*) TOKEN="" ;;
	esac
}

find_primary_dev() {
	if [ -n "$PRIMARY_MAC" ]; then
		PRIMARY_DEV=$(dev_by_mac "$PRIMARY_MAC")
	fi
	if [ -z "$PRIMARY_DEV" ] && ip link show dev eth0 >/dev/null 2>&1; then
		PRIMARY_DEV=eth0
	fi
	if [ -z "$PRIMARY_DEV" ]; then
		PRIMARY_DEV=$(ip -4 route show table main default 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')
	fi
}

# want_eni ROLE MAC TABLE CIDR GATEWAY PRIMARY_IP SECONDARY_IPS CIDR6 GATEWAY6 IPV6S
# ROLE is primary (only the secondary addresses get rules) or secondary.
want_eni() {
	we_role=$1 we_mac=$2 we_table=$3 we_cidr=$4 we_gw=$5 we_pip=$6 we_sips=$7
	we_cidr6=$8 we_gw6=$9 we_ip6s=${10}
	we_dev=$(dev_by_mac "$we_mac")
	if [ -z "$we_dev" ]; then
		log "no interface has MAC $we_mac yet; skipped until the next run"
		return 0
	fi
	if [ "$we_role" = secondary ] && [ "$we_dev" = "$PRIMARY_DEV" ]; then
		log "MAC $we_mac is the primary interface $we_dev; managed as primary"
		we_role=primary
	fi
	we_len=${we_cidr#*/}
	if ! is_num "$we_len" || ! is_ipv4 "${we_cidr%/*}" || ! is_ipv4 "$we_gw"; then
		fail "ENI $we_mac: unusable vSwitch CIDR '$we_cidr' or gateway '$we_gw'; skipped"
		return 0
	fi
	if [ "$we_role" = secondary ]; then
		want link "$we_dev" "$MTU"
		want sysctl "net/ipv4/conf/$we_dev/rp_filter" 2
		want sysctl "net/ipv4/conf/$we_dev/promote_secondaries" 1
		if is_ipv4 "$we_pip"; then
			want addr4 "$we_dev" "$we_pip/$we_len"
		fi
	fi
	for we_ip in $we_sips; do
		is_ipv4 "$we_ip" || continue
		[ "$we_ip" = "$we_pip" ] && continue
		want addr4 "$we_dev" "$we_ip/$we_len"
	done
	want route4 "$we_table" "$we_cidr" "$we_dev" - -
	want route4 "$we_table" default "$we_dev" "$we_gw" -
	if [ "$we_role" = secondary ] && is_ipv4 "$we_pip"; then
		want rule4 "$we_table" "$we_table" "$we_pip" - -
		[ "$we_pip" = "$DEFAULT_SOURCE" ] && DS_DEV=$we_dev DS_GW=$we_gw
	fi
	for we_ip in $we_sips; do
		is_ipv4 "$we_ip" || continue
		[ "$we_ip" = "$we_pip" ] && continue
		want rule4 "$we_table" "$we_table" "$we_ip" - -
		[ "$we_ip" = "$DEFAULT_SOURCE" ] && DS_DEV=$we_dev DS_GW=$we_gw
	done
	printf '%s %s\n' "$we_cidr" "$we_dev" >>"$WORK/subnets"
	we_len6=${we_cidr6#*/}
	if [ -n "$we_ip6s" ] && is_num "$we_len6" && is_ipv6 "${we_cidr6%/*}" && is_ipv6 "$we_gw6"; then
		for we_ip in $we_ip6s; do
			is_ipv6 "$we_ip" || continue
			want addr6 "$we_dev" "$we_ip/$we_len6"
		done
		want route6 "$we_table" "$we_cidr6" "$we_dev" - -
		want route6 "$we_table" default "$we_dev" "$we_gw6" -
		for we_ip in $we_ip6s; do
			is_ipv6 "$we_ip" || continue
			want rule6 "$we_table" "$we_table" "$we_ip" - -
		done
	fi
}

# want_extra MAC TABLE ADDRESS PREFIX_LENGTH NETWORK GATEWAY
want_extra() {
	wx_dev=$(dev_by_mac "$1")
	if [ -z "$wx_dev" ]; then
		log "no interface has MAC $1 yet; extra address $3 skipped until the next run"
		return 0
	fi
	want addr4 "$wx_dev" "$3/$4"
	want route4 "$2" "$5" "$wx_dev" - -
	want route4 "$2" default "$wx_dev" "$6" -
	want rule4 "$2" "$2" "$3" - -
	[ "$3" = "$DEFAULT_SOURCE" ] && DS_DEV=$wx_dev DS_GW=$6
	return 0
}

# md_eni ROLE MAC TABLE reads one ENI from the metadata.
md_eni() {
	me_base="network/interfaces/macs/$2"
	me_pip=$(md "$me_base/primary-ip-address") || return 1
	me_cidr=$(md "$me_base/vswitch-cidr-block") || return 1
	me_gw=$(md "$me_base/gateway") || return 1
	me_list=$(md_opt "$me_base/private-ipv4s") || return 1
	me_sips=$(json_list "$me_list")
	me_list=$(md_opt "$me_base/ipv6s") || return 1
	me_ip6s=$(json_list "$me_list")
	me_gw6=$(md_opt "$me_base/ipv6-gateway") || return 1
	me_cidr6=$(md_opt "$me_base/vswitch-ipv6-cidr-block") || return 1
	me_role=$1
	[ "$2" = "$PRIMARY_MAC" ] && me_role=primary
	want_eni "$me_role" "$2" "$3" "$me_cidr" "$me_gw" "$me_pip" "$me_sips" \
		"$(printf '%s' "$me_cidr6" | tr 'A-F' 'a-f')" "$(printf '%s' "$me_gw6" | tr 'A-F' 'a-f')" "$me_ip6s"
}

collect_metadata() {
	md_init
	cm_primary=$(md mac) || return 1
	PRIMARY_MAC=$(printf '%s' "$cm_primary" | tr 'A-F' 'a-f')
	find_primary_dev
	if [ "$USE_PRIMARY" = 1 ] && [ -n "$PRIMARY_MAC" ]; then
		md_eni primary "$PRIMARY_MAC" "$TABLE_BASE" || return 1
	fi
	cm_macs=$(md network/interfaces/macs/) || return 1
	: >"$WORK/order"
	for cm_mac in $cm_macs; do
		cm_mac=$(printf '%s' "${cm_mac%/}" | tr 'A-F' 'a-f')
		[ "$cm_mac" = "$PRIMARY_MAC" ] && continue
		cm_dev=$(dev_by_mac "$cm_mac")
		if [ -z "$cm_dev" ]; then
			log "no interface has MAC $cm_mac yet; skipped until the next run"
			continue
		fi
		printf '%s %s\n' "$(ifindex_by_dev "$cm_dev")" "$cm_mac" >>"$WORK/order"
	done
	cm_order=0
	sort -n "$WORK/order" >"$WORK/order.sorted"
	while read -r cm_index cm_mac; do
		cm_order=$((cm_order + 1))
		if [ "$cm_order" -gt 63 ]; then
			fail "more than 63 secondary ENIs; $cm_mac (interface index $cm_index) skipped"
			continue
		fi
		md_eni secondary "$cm_mac" $((TABLE_BASE + cm_order)) || return 1
	done <"$WORK/order.sorted"
	return 0
}

collect_static() {
	find_primary_dev
	want_eni secondary '00:16:3e:00:00:02' 1001 '10.0.1.0/24' '10.0.1.253' '10.0.1.20' '' '' '' ''
	return 0
}

collect_extras() {
	return 0
}

# collect_arp sets arp_ignore=1 and arp_announce=2 on every managed interface
# (the primary one included) whose IPv4 subnet another of them shares.
collect_arp() {
	if [ -n "$PRIMARY_DEV" ]; then
		ip -4 route show table main scope link dev "$PRIMARY_DEV" 2>/dev/null |
			awk -v dev="$PRIMARY_DEV" '$1 ~ /\// { print $1, dev }' >>"$WORK/subnets"
	fi
	for ca_dev in $(sort -u "$WORK/subnets" | awk '{ n[$1]++; d[$1] = d[$1] " " $2 } END { for (c in n) if (n[c] > 1) print d[c] }' | tr ' ' '\n' | sort -u); do
		want sysctl "net/ipv4/conf/$ca_dev/arp_ignore" 1
		want sysctl "net/ipv4/conf/$ca_dev/arp_announce" 2
	done
}

# collect_default_source makes DEFAULT_SOURCE the source of unbound traffic.
collect_default_source() {
	[ -n "$DEFAULT_SOURCE" ] || return 0
	if [ -z "$DS_DEV" ]; then
		log "default source $DEFAULT_SOURCE is on no managed interface yet; skipped"
		return 0
	fi
	ds_table=$((TABLE_BASE + 250))
	if [ -n "$PRIMARY_DEV" ]; then
		for ds_ip in $(ip -o -4 addr show dev "$PRIMARY_DEV" scope global 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "inet") { sub(/\/.*/, "", $(i + 1)); print $(i + 1) } }'); do
			want rule4 "$ds_table" main "$ds_ip" - -
		done
	fi
	want rule4 "$ds_table" main all 100.100.0.0/16 -
	want rule4 $((ds_table + 1)) main all - 0
	want route4 "$ds_table" default "$DS_DEV" "$DS_GW" "$DEFAULT_SOURCE"
	want rule4 $((ds_table + 2)) "$ds_table" all - -
}

# present KIND ARGS... succeeds when the item is in the kernel state.
present() {
	case $1 in
	link)
		ip -o link show dev "$2" 2>/dev/null | grep -q '[<,]UP[,>]' || return 1
		[ "$3" = 0 ] && return 0
		ip -o link show dev "$2" 2>/dev/null | grep -q " mtu $3 "
		;;
	sysctl)
		[ "$(cat "/proc/sys/$2" 2>/dev/null)" = "$3" ]
		;;
	addr4 | addr6)
		pr_word=inet
		[ "$1" = addr6 ] && pr_word=inet6
		ip -o "-${1#addr}" addr show dev "$2" 2>/dev/null | grep -qF " $pr_word $3 "
		;;
	route4 | route6)
		pr_line="$3"
		[ "$5" = - ] || pr_line="$pr_line via $5"
		pr_line="$pr_line dev $4 "
		ip "-${1#route}" route show table "$2" exact "$3" 2>/dev/null | tr -s ' \t' '  ' | sed 's/ *$/ /' |
			while IFS= read -r pr_got; do
				case $pr_got in
				"$pr_line"*) ;;
				*) continue ;;
				esac
				if [ "$6" = - ]; then
					echo found
				else
					case $pr_got in
					*" src $6 "*) echo found ;;
					esac
				fi
			done | grep -q found
		;;
	rule4 | rule6)
		pr_line="$2: from $4"
		[ "$5" = - ] || pr_line="$pr_line to $5"
		pr_line="$pr_line lookup $3"
		[ "$6" = - ] || pr_line="$pr_line suppress_prefixlength $6"
		ip "-${1#rule}" rule show 2>/dev/null | tr -s ' \t' '  ' | sed 's/ *$//' | grep -qxF "$pr_line"
		;;
	*) return 1 ;;
	esac
}

# change add|del KIND ARGS... changes the kernel state.
change() {
	ch_op=$1
	shift
	case $1 in
	link)
		[ "$ch_op" = add ] || return 0
		ip link set dev "$2" up || return 1
		[ "$3" = 0 ] || ip link set dev "$2" mtu "$3"
		;;
	sysctl)
		[ "$ch_op" = add ] || return 0
		printf '%s\n' "$3" >"/proc/sys/$2"
		;;
	addr4)
		if [ "$ch_op" = del ]; then
			ip -4 addr del "$3" dev "$2"
		elif [ "${3#*/}" -ge 31 ]; then
			ip -4 addr add "$3" dev "$2"
		else
			ip -4 addr add "$3" brd + dev "$2"
		fi
		;;
	addr6)
		if [ "$ch_op" = del ]; then
			ip -6 addr del "$3" dev "$2"
		else
			ip -6 addr add "$3" dev "$2" nodad
		fi
		;;
	route4 | route6)
		ch_fam="-${1#route}" ch_table=$2 ch_dst=$3 ch_dev=$4 ch_gw=$5 ch_src=$6
		ch_verb=replace
		[ "$ch_op" = del ] && ch_verb=del
		set -- route "$ch_verb" "$ch_dst"
		[ "$ch_gw" = - ] || set -- "$@" via "$ch_gw"
		set -- "$@" dev "$ch_dev" table "$ch_table"
		[ "$ch_src" = - ] || set -- "$@" src "$ch_src"
		ip "$ch_fam" "$@"
		;;
	rule4 | rule6)
		ch_fam="-${1#rule}" ch_prio=$2 ch_table=$3 ch_from=$4 ch_to=$5 ch_supp=$6
		set -- rule "$ch_op" priority "$ch_prio" from "$ch_from"
		[ "$ch_to" = - ] || set -- "$@" to "$ch_to"
		set -- "$@" table "$ch_table"
		[ "$ch_supp" = - ] || set -- "$@" suppress_prefixlength "$ch_supp"
		ip "$ch_fam" "$@"
		;;
	*) return 1 ;;
	esac
}

# apply adds every missing wanted item and records the ones it added.
apply() {
	awk '!seen[$0]++' "$WORK/want" >"$WORK/want.uniq"
	: >"$WORK/owned.new"
	while read -r ap_kind ap_a ap_b ap_c ap_d ap_e; do
		ap_item="$ap_kind $ap_a $ap_b${ap_c:+ $ap_c}${ap_d:+ $ap_d}${ap_e:+ $ap_e}"
		# shellcheck disable=SC2086 # the item is a list of words by design
		if present $ap_item; then
			if grep -qxF "$ap_item" "$WORK/owned.old"; then
				printf '%s\n' "$ap_item" >>"$WORK/owned.new"
			fi
			continue
		fi
		# shellcheck disable=SC2086
		if change add $ap_item; then
			CHANGES=$((CHANGES + 1))
			log "added $ap_item"
			case $ap_kind in
			link | sysctl) ;;
			*) printf '%s\n' "$ap_item" >>"$WORK/owned.new" ;;
			esac
		else
			fail "could not add $ap_item"
		fi
	done <"$WORK/want.uniq"
}

# remove_stale deletes recorded items that are no longer wanted: rules first,
# then routes, then addresses.
remove_stale() {
	for rs_kind in rule route addr; do
		grep "^$rs_kind" "$WORK/owned.old" >"$WORK/stale.$rs_kind" || true
		while IFS= read -r rs_item; do
			grep -qxF "$rs_item" "$WORK/want.uniq" && continue
			# shellcheck disable=SC2086
			present $rs_item || continue
			# shellcheck disable=SC2086
			if change del $rs_item; then
				CHANGES=$((CHANGES + 1))
				log "removed $rs_item"
			else
				fail "could not remove $rs_item"
				printf '%s\n' "$rs_item" >>"$WORK/owned.new"
			fi
		done <"$WORK/stale.$rs_kind"
	done
}

main() {
	mkdir -p "$STATE_DIR" || exit 1
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$STATE_DIR/lock"
		if ! flock -w 120 9; then
			log "another run holds $STATE_DIR/lock"
			exit 1
		fi
	fi
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/eipkit-guestnet.XXXXXX") || exit 1
	trap 'rm -rf "$WORK"' EXIT
	trap 'exit 1' HUP INT TERM
	: >"$WORK/want"
	: >"$WORK/subnets"
	: >"$WORK/owned.old"
	[ -f "$STATE_DIR/owned" ] && cat "$STATE_DIR/owned" >"$WORK/owned.old"
	if [ "$MODE" = metadata ]; then
		if ! collect_metadata; then
			log "error: cannot read the instance metadata at $MD_URL; nothing changed"
			exit 1
		fi
	else
		collect_static
	fi
	collect_extras
	collect_arp
	collect_default_source
	apply
	remove_stale
	sort -u "$WORK/owned.new" >"$STATE_DIR/owned.tmp" && mv -f "$STATE_DIR/owned.tmp" "$STATE_DIR/owned"
	if [ "$CHANGES" -eq 0 ] && [ "$ERRORS" -eq 0 ]; then
		log "no change"
	else
		log "$CHANGES change(s), $ERRORS error(s)"
	fi
	[ "$ERRORS" -eq 0 ]
}

main "$@"
