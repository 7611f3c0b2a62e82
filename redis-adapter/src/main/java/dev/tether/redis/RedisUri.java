package dev.tether.redis;

import dev.tether.core.net.TlsOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a Redis URI into a {@link RedisOptions.Builder}: {@code redis://}, {@code rediss://}
 * (TLS) and {@code unix://}, credentials, database and query parameters. Passwords never appear
 * in its error messages.
 */
final class RedisUri {

    private RedisUri() {
    }

    /** Sets on {@code b} what {@code uri} names; see {@link RedisOptions#fromUri}. */
    static void apply(String uri, RedisOptions.Builder b) {
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid Redis URI: " + redact(uri), e);
        }
        String scheme = u.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("a Redis URI needs a scheme (redis, rediss, unix or redis-sentinel): "
                    + redact(uri));
        }
        switch (scheme) {
            case "redis-sentinel", "rediss-sentinel" -> {
                String authority = u.getRawAuthority();
                if (authority == null || authority.isEmpty()) {
                    throw new IllegalArgumentException("a redis-sentinel URI needs at least one sentinel: " + redact(uri));
                }
                int at = authority.lastIndexOf('@');
                String path = u.getPath();
                if (path == null || path.length() < 2) {
                    throw new IllegalArgumentException("a redis-sentinel URI needs the service name as its path"
                            + " (redis-sentinel://host:26379/mymaster): " + redact(uri));
                }
                SentinelOptions.Builder sentinel = SentinelOptions.builder(decode(path.substring(1)));
                for (String host : authority.substring(at + 1).split(",", -1)) {
                    sentinel.sentinel(decode(host));
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
                    if (colon > 0 && !hostPort.endsWith("]") && !hostPort.substring(colon + 1).matches("[0-9]+")) {
                        throw new IllegalArgumentException("the port of a Redis URI must be a number, got '"
                                + hostPort.substring(colon + 1) + "': " + redact(uri));
                    }
                    throw new IllegalArgumentException("a Redis URI needs a host: " + redact(uri));
                }
                b.host(u.getHost());
                if (u.getPort() != -1) {
                    b.port(u.getPort());
                }
                if ("rediss".equals(scheme)) {
                    b.tls(TlsOptions.systemDefault());
                }
                String path = u.getPath();
                if (path != null && path.length() > 1) {
                    b.database(parseInt("database", path.substring(1)));
                }
            }
            case "unix" -> {
                if (u.getPath() == null || u.getPath().isEmpty()) {
                    throw new IllegalArgumentException("a unix URI needs a socket path: " + redact(uri));
                }
                b.unixSocket(Path.of(u.getPath()));
            }
            default -> throw new IllegalArgumentException("unknown Redis URI scheme '" + scheme
                    + "' (expected redis, rediss, unix, redis-sentinel or rediss-sentinel)");
        }
        String userInfo = u.getRawUserInfo();
        if (userInfo == null && scheme.endsWith("-sentinel") && u.getRawAuthority().lastIndexOf('@') >= 0) {
            // several hosts make the authority registry-based, so java.net.URI gives no user info
            userInfo = u.getRawAuthority().substring(0, u.getRawAuthority().lastIndexOf('@'));
        }
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? null : decode(userInfo.substring(0, colon));
            String pass = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
            b.credentials(new Credentials(user == null || user.isEmpty() ? null : user, pass));
        }
        if (u.getRawQuery() != null) {
            for (String pair : u.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (key) {
                    case "database", "db" -> b.database(parseInt(key, value));
                    case "clientName", "client_name" -> b.clientName(value);
                    case "protocol" -> b.protocol(parseInt(key, value));
                    default -> throw new IllegalArgumentException("unknown Redis URI parameter '" + key + "'");
                }
            }
        }
    }

    private static int parseInt(String what, String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " in the Redis URI must be a number, got '" + s + "'");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String redact(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }
}
