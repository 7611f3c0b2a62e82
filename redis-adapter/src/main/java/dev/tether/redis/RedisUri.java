package dev.tether.redis;

import dev.tether.core.net.TlsOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a Redis URI into a {@link RedisOptions.Builder}: {@code redis://}, {@code rediss://}
 * (TLS) and {@code unix://}, credentials, database and query parameters. Every error names the
 * part of the URI that is wrong and the value found there: "bad port in the Redis URI
 * redis://***@host:70000: port must be in 1..65535, got 70000". Passwords never appear in its
 * error messages (the user info is shown as {@code ***}).
 */
final class RedisUri {

    private static final String SCHEMES = "redis, rediss, unix, redis-sentinel or rediss-sentinel";
    private static final String PARAMETERS = "database, db, clientName, client_name or protocol";

    private RedisUri() {
    }

    /** Sets on {@code b} what {@code uri} names; see {@link RedisOptions#fromUri}. */
    static void apply(String uri, RedisOptions.Builder b) {
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            // Not chained: the exception's own message holds the whole URI, password and all.
            throw bad(uri, "syntax", e.getReason() + where(uri, e.getIndex()));
        }
        String scheme = u.getScheme();
        if (scheme == null) {
            throw bad(uri, "scheme", "none given (expected " + SCHEMES + ")");
        }
        switch (scheme) {
            case "redis-sentinel", "rediss-sentinel" -> {
                String authority = u.getRawAuthority();
                if (authority == null || authority.isEmpty()) {
                    throw bad(uri, "sentinel addresses", "none given (redis-sentinel://host:26379/mymaster)");
                }
                int at = authority.lastIndexOf('@');
                String path = u.getPath();
                if (path == null || path.length() < 2) {
                    throw bad(uri, "service name", "none given: it is the path (redis-sentinel://host:26379/mymaster)");
                }
                SentinelOptions.Builder sentinel = SentinelOptions.builder(decode(path.substring(1)));
                for (String host : authority.substring(at + 1).split(",", -1)) {
                    set(uri, "sentinel address", () -> sentinel.sentinel(decode(host)));
                }
                if ("rediss-sentinel".equals(scheme)) {
                    sentinel.tls(TlsOptions.systemDefault());
                    b.tls(TlsOptions.systemDefault());
                }
                b.sentinel(sentinel.build());
            }
            case "redis", "rediss" -> {
                if (u.getHost() == null) {
                    // java.net.URI drops the host too when the port is not a number: say which it was.
                    String authority = u.getRawAuthority();
                    String hostPort = authority == null ? "" : authority.substring(authority.lastIndexOf('@') + 1);
                    int colon = hostPort.lastIndexOf(':');
                    String port = colon > 0 && !hostPort.endsWith("]") ? hostPort.substring(colon + 1) : "";
                    if (!port.isEmpty() && !port.matches("[0-9]+")) {
                        throw bad(uri, "port", "must be a number, got '" + port + "'");
                    }
                    if (port.length() > 5) {
                        throw bad(uri, "port", "must be in 1..65535, got " + port);
                    }
                    throw bad(uri, "host", hostPort.isEmpty() ? "none given (redis://host:port/database)"
                            : "'" + hostPort + "' is not a host name or address");
                }
                b.host(u.getHost());
                if (u.getPort() != -1) {
                    set(uri, "port", () -> b.port(u.getPort()));
                }
                if ("rediss".equals(scheme)) {
                    b.tls(TlsOptions.systemDefault());
                }
                String path = u.getPath();
                if (path != null && path.length() > 1) {
                    int database = parseInt(uri, "database", path.substring(1));
                    set(uri, "database", () -> b.database(database));
                }
            }
            case "unix" -> {
                if (u.getPath() == null || u.getPath().isEmpty()) {
                    throw bad(uri, "socket path", "none given (unix:///path/to/redis.sock)");
                }
                b.unixSocket(Path.of(u.getPath()));
            }
            default -> throw bad(uri, "scheme", "'" + scheme + "' (expected " + SCHEMES + ")");
        }
        String userInfo = u.getRawUserInfo();
        if (userInfo == null && scheme.endsWith("-sentinel") && u.getRawAuthority().lastIndexOf('@') >= 0) {
            // several hosts make the authority registry-based, so java.net.URI gives no user info
            userInfo = u.getRawAuthority().substring(0, u.getRawAuthority().lastIndexOf('@'));
        }
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? null : decodeUserInfo(uri, userInfo.substring(0, colon));
            String pass = decodeUserInfo(uri, colon < 0 ? userInfo : userInfo.substring(colon + 1));
            b.credentials(new Credentials(user == null || user.isEmpty() ? null : user, pass));
        }
        if (u.getRawQuery() != null) {
            for (String pair : u.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (key) {
                    case "database", "db" -> {
                        int database = parseInt(uri, key, value);
                        set(uri, key, () -> b.database(database));
                    }
                    case "clientName", "client_name" -> set(uri, key, () -> b.clientName(value));
                    case "protocol" -> {
                        int protocol = parseInt(uri, key, value);
                        set(uri, key, () -> b.protocol(protocol));
                    }
                    default -> throw bad(uri, "query parameter", "unknown parameter '" + key + "' (expected "
                            + PARAMETERS + ")");
                }
            }
        }
    }

    /** "bad {part} in the Redis URI {uri, redacted}: {detail}". */
    private static IllegalArgumentException bad(String uri, String part, String detail) {
        return new IllegalArgumentException("bad " + part + " in the Redis URI " + redact(uri) + ": " + detail);
    }

    /** Runs a builder setter, naming {@code part} of {@code uri} if it refuses the value. */
    private static void set(String uri, String part, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw bad(uri, part, e.getMessage());
        }
    }

    private static int parseInt(String uri, String part, String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw bad(uri, part, "must be a whole number (at most " + Integer.MAX_VALUE + "), got '" + s + "'");
        }
    }

    /** Where a syntax error is: the character, unless it is in the user info, which is never shown. */
    private static String where(String uri, int index) {
        int start = uri.indexOf("//");
        int at = start < 0 ? -1 : uri.indexOf('@', start);
        int slash = start < 0 ? -1 : uri.indexOf('/', start + 2);
        boolean inUserInfo = at >= 0 && (slash < 0 || at < slash) && index > start && index <= at;
        if (index < 0 || index >= uri.length()) {
            return "";
        }
        return inUserInfo ? " (in the user info)" : " (at '" + uri.charAt(index) + "')";
    }

    /** Percent-decodes a path segment; '+' stays '+' (only query values are form-encoded). */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String decodeUserInfo(String uri, String s) {
        try {
            return decode(s);
        } catch (IllegalArgumentException e) {
            throw bad(uri, "user info", "a malformed %-escape (not shown)"); // the decoder's message would show it
        }
    }

    private static String redact(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }
}
