#!/bin/sh
# Starts Varnish in front of the site with deploy/varnish/catalogue.vcl, in the foreground.
#
#   SITE_URL        the canonical origin, e.g. https://shop.example.com (required): every
#                   request reaches the origin with this host and scheme
#   EDGE_ORIGIN     the site's host:port (default 127.0.0.1:8000)
#   EDGE_ADDRESS    where Varnish listens (default 127.0.0.1:8080)
#   EDGE_PURGERS    comma-separated addresses or networks allowed to BAN (default loopback)
#   EDGE_WORKDIR    Varnish's working directory (-n); site.vcl is written there too
#   EDGE_STORAGE    the cache storage (default malloc,256m)
#   DJANGO_ADMIN_URL  the admin's path, as the site reads it (default admin/)
set -o errexit -o nounset
# Debian installs varnishd in /usr/sbin, outside an unprivileged user's PATH.
PATH="$PATH:/usr/sbin"

here=$(cd "$(dirname "$0")" && pwd)
origin=${EDGE_ORIGIN:-127.0.0.1:8000}
address=${EDGE_ADDRESS:-127.0.0.1:8080}
purgers=${EDGE_PURGERS:-127.0.0.1,::1}
workdir=${EDGE_WORKDIR:-${TMPDIR:-/tmp}/catalogue-edge}
storage=${EDGE_STORAGE:-malloc,256m}
admin=${DJANGO_ADMIN_URL:-admin/}

site=${SITE_URL:?SITE_URL is required: the canonical origin, e.g. https://shop.example.com}
scheme=${site%%://*}
host=$(printf '%s' "${site#*://}" | sed 's:/*$::; s:\.*$::' | tr '[:upper:]' '[:lower:]')
case "$scheme" in http | https) ;; *)
	echo "SITE_URL must start with http:// or https:// (got $site)" >&2
	exit 2
	;;
esac
case "$host" in *[!a-z0-9.:-]* | "")
	echo "SITE_URL's host is not a host name (got $host)" >&2
	exit 2
	;;
esac
case "$admin" in *[!A-Za-z0-9_/-]*)
	echo "DJANGO_ADMIN_URL may hold letters, digits, _, - and / only (got $admin)" >&2
	exit 2
	;;
esac
admin=$(printf '%s' "$admin" | sed 's:^/*::; s:/*$::')

mkdir -p "$workdir"
{
	echo 'vcl 4.1;'
	echo "backend origin {"
	echo "    .host = \"${origin%:*}\";"
	echo "    .port = \"${origin##*:}\";"
	echo "    .first_byte_timeout = 30s;"
	echo "    .probe = {"
	echo "        .request = \"GET /health/ HTTP/1.1\" \"Host: $host\" \"Connection: close\";"
	echo "        .interval = 5s;"
	echo "        .timeout = 2s;"
	echo "        .window = 5;"
	echo "        .threshold = 3;"
	echo "    }"
	echo "}"
	echo "acl purgers {"
	printf '%s\n' "$purgers" | tr ',' '\n' | sed '/^ *$/d' | while read -r entry; do
		case "$entry" in
		*/*) echo "    \"${entry%/*}\"/${entry##*/};" ;;
		*) echo "    \"$entry\";" ;;
		esac
	done
	echo "}"
	echo "sub site_request {"
	echo "    set req.http.Host = \"$host\";"
	echo "    set req.http.X-Forwarded-Proto = \"$scheme\";"
	echo "}"
	echo "sub site_private {"
	echo "    if (req.url ~ \"^/$admin([/?]|\$)\") {"
	echo "        set req.http.X-Edge-Private = \"1\";"
	echo "    }"
	echo "}"
} >"$workdir/site.vcl.new"
mv "$workdir/site.vcl.new" "$workdir/site.vcl"

exec varnishd -F -n "$workdir" -a "$address" \
	-p "vcl_path=$workdir:$here" -f "$here/catalogue.vcl" -s "$storage"
