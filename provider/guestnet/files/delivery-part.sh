#!/bin/sh
# shellcheck disable=SC2154 # d, h, sum, k, n and piece are set by the lines written above this file
# One Cloud Assistant command of a guest installation. The lines above this comment set
# d (where the pieces wait), h (the installation's short hash), sum (its SHA-256), k (this
# part, from 0), n (the parts) and piece (this part's share of the compressed installation,
# in Base64). Every part stores its piece; the last one then waits for the others, checks
# the whole against sum, runs it once and removes the pieces.
set -eu

mkdir -p "$d"
printf '%s' "$piece" >"$d/$h.$k.tmp"
mv -f "$d/$h.$k.tmp" "$d/$h.$k"
[ "$k" -eq "$((n - 1))" ] || exit 0

j=0
while [ "$j" -lt "$n" ]; do
	i=0
	while [ ! -f "$d/$h.$j" ]; do
		i=$((i + 1))
		if [ "$i" -gt 300 ]; then
			echo "eipkit: part $((j + 1)) of the guest installation has not arrived" >&2
			exit 1
		fi
		sleep 1
	done
	j=$((j + 1))
done

j=0
while [ "$j" -lt "$n" ]; do
	cat "$d/$h.$j"
	j=$((j + 1))
done | base64 -d | gzip -dc >"$d/$h.sh"
echo "$sum  $d/$h.sh" | sha256sum -c - >/dev/null
rc=0
sh "$d/$h.sh" || rc=$?
rm -f "$d/$h".*
exit "$rc"
