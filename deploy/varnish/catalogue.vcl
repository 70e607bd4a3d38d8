vcl 4.1;

# The self-hosted edge in front of the site: it keeps what the origin marks
# `Cache-Control: public, s-maxage=N` and nothing else, for every visitor alike. A page's
# bytes depend on its URL alone (the store is in the path), so the key is the URL with the
# canonical host, the allow-listed query parameters sorted, and no cookies.
#
# start.sh writes site.vcl at start, from the environment: the `origin` backend, the
# `purgers` ACL, and the subroutines `site_request` (canonical Host and scheme) and
# `site_private` (the admin path, which is configurable).

import cookie;
import std;

include "site.vcl";

sub vcl_recv {
    if (req.restarts == 0) {
        unset req.http.X-Edge-Refetch;
        unset req.http.X-Edge-Stale;
        unset req.http.X-Edge-Private;
    }
    if (req.method == "BAN") {
        call edge_ban;
    }
    set req.backend_hint = origin;
    call site_request;
    # A client's own forwarding headers would change the origin's links for everyone.
    unset req.http.X-Forwarded-Host;
    unset req.http.Forwarded;

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in staff see the origin's page for them, and it is never kept for others.
    cookie.parse(req.http.Cookie);
    if (req.http.Authorization || cookie.isset("sessionid")) {
        return (pass);
    }
    call site_private;
    # Forms, accounts, operations, the store switch and the staff's API: never kept,
    # cookies intact.
    if (req.http.X-Edge-Private
        || req.url ~ "^/(alerts|accounts|health|metrics|beacon|store)([/?]|$)"
        || req.url ~ "^/api/v1/(runs|watchlists|imports)([/?]|$)") {
        return (pass);
    }
    # The store-less entry points redirect by the store cookie, then the browser's
    # languages: a private answer, for which the origin needs exactly those two.
    if (req.url ~ "^/((search|collections)/)?(\?.*)?$") {
        cookie.keep("store");
        set req.http.Cookie = regsub(cookie.get_string(), ";\s*$", "");
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
        return (pass);
    }

    unset req.http.Cookie;
    unset req.http.Accept-Language;
    call edge_query;
    if (req.http.X-Edge-Refetch && !req.http.X-Edge-Stale) {
        set req.grace = 0s;
    }
    return (hash);
}

# The query allow-list, the same as CloudFront's (its page cache policy and its API query
# function, in deploy/edge.yaml): the parameters the storefront's pages, the sitemaps (`p`)
# and the public API read; a test holds all three to the site's own. Any other
# parameter (utm_*, fbclid, gclid, junk) is dropped from the key and from the request the
# origin sees; what is left is sorted.
sub edge_query {
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, {"(?x)
            (?<=[?&])
            (?!(?:
                q|page|sort|category|brand|min_price|max_price|availability|marketplace|p
                |asin|cursor|depth|featured|ordering|page_size|parent|search|since|until
            )(?:=|&|$))
            [^&]*(?:&|$)"}, "");
        set req.url = regsub(req.url, "[?&]+$", "");
        set req.url = std.querysort(req.url);
    }
}

# BAN with `Surrogate-Key: key1 key2 ...` invalidates every object carrying any of them.
sub edge_ban {
    if (client.ip !~ purgers) {
        return (synth(403, "Forbidden"));
    }
    if (req.http.Surrogate-Key !~ "^\s*[A-Za-z0-9_-]+(\s+[A-Za-z0-9_-]+)*\s*$") {
        return (synth(400, "Expected Surrogate-Key: one or more keys"));
    }
    set req.http.X-Edge-Keys = regsuball(
        regsuball(req.http.Surrogate-Key, "^\s+|\s+$", ""), "\s+", "|");
    if (std.ban("obj.http.Surrogate-Key ~ (^|\s)(" + req.http.X-Edge-Keys + ")(\s|$)")) {
        return (synth(200, "Banned"));
    }
    return (synth(400, std.ban_error()));
}

sub vcl_hit {
    # Past stale-while-revalidate, a stale copy is served only under stale-if-error: while
    # the origin is up, this visitor waits for a fresh page instead.
    if (obj.ttl <= 0s
        && obj.ttl + std.duration(obj.http.X-Edge-Revalidate + "s", 0s) <= 0s
        && !req.http.X-Edge-Stale
        && std.healthy(req.backend_hint)) {
        set req.http.X-Edge-Refetch = "1";
        return (restart);
    }
}

sub vcl_backend_response {
    # An error while revalidating keeps the stale copy (stale-if-error).
    if (beresp.status >= 500 && (bereq.is_bgfetch || bereq.http.X-Edge-Refetch)) {
        return (abandon);
    }
    # Only what the origin says every visitor may share; a header-less answer is not kept.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || beresp.http.Cache-Control !~ "(?i)(s-maxage|public)"
        || beresp.http.Vary == "*") {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # The origin computes s-maxage, stale-while-revalidate and stale-if-error so that no
    # copy, stale or not, shows a price older than 24 hours: grace covers the longer of
    # the two windows, and vcl_hit tells them apart.
    set beresp.http.X-Edge-Revalidate = "0";
    if (beresp.http.Cache-Control ~ "(?i)stale-while-revalidate=[0-9]+") {
        set beresp.http.X-Edge-Revalidate = regsub(
            beresp.http.Cache-Control, "(?i)^.*stale-while-revalidate=([0-9]+).*$", "\1");
    }
    set beresp.grace = std.duration(beresp.http.X-Edge-Revalidate + "s", 0s);
    if (beresp.http.Cache-Control ~ "(?i)stale-if-error=[0-9]+") {
        set beresp.http.X-Edge-Error = regsub(
            beresp.http.Cache-Control, "(?i)^.*stale-if-error=([0-9]+).*$", "\1");
        if (std.duration(beresp.http.X-Edge-Error + "s", 0s) > beresp.grace) {
            set beresp.grace = std.duration(beresp.http.X-Edge-Error + "s", 0s);
        }
        unset beresp.http.X-Edge-Error;
    }
    set beresp.keep = 0s;
    # As CloudFront compresses (deploy/edge.yaml, Compress): text is kept gzipped once,
    # sent so to clients that accept it and unpacked for the others.
    if (beresp.http.Content-Type ~ "(?i)^(text/|application/([a-z+]*json|[a-z+]*xml|javascript))") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_backend_error {
    if (bereq.is_bgfetch || bereq.http.X-Edge-Refetch) {
        return (abandon);
    }
}

sub vcl_synth {
    # The origin failed this visitor's revalidation: the stale copy, within stale-if-error.
    if (resp.status == 503 && req.http.X-Edge-Refetch && !req.http.X-Edge-Stale) {
        set req.http.X-Edge-Stale = "1";
        return (restart);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    set resp.http.X-Cache-Hits = obj.hits;
    unset resp.http.X-Edge-Revalidate;
    unset resp.http.Surrogate-Key;
}
