package dev.tether.redis;

import dev.tether.core.pipe.Handshake.Refused;
import dev.tether.core.pipe.PipeException;
import dev.tether.core.pipe.Handshake.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The handshake the pipe runs on every (re)connect before callers may use the connection
 * (docs/redis-client.md, 'The handshake'): HELLO 3 with AUTH and SETNAME, falling back to RESP2's AUTH / CLIENT
 * SETNAME when the server answers NOPROTO or does not know HELLO; then SELECT and a final PING.
 * Errors are classified: the server refusing this client ({@link Refused}: the pipe stops, no
 * retry storm; with rotating credentials a refusal that {@linkplain Refused#retry() is retried}
 * by the backoff policy; callers get {@code HANDSHAKE_REFUSED} either way) versus a transient
 * state worth retrying (an IOException: backoff). A dropped connection or the connect timeout
 * surfaces as the pipe's own exception: backoff too.
 */
final class Handshake implements dev.tether.core.pipe.Handshake<RedisRequest<?>> {

    private final RedisOptions options;
    /** The protocol spoken on the last connection: 3, or 2 after the fallback; 0 before any. */
    private volatile int protocol;

    Handshake(RedisOptions options) {
        this.options = options;
    }

    int protocol() {
        return protocol;
    }

    @Override
    public void run(Session session) throws Exception {
        try {
            protocol = negotiate(session);
        } catch (PipeException e) {
            throw new IOException(e.reason() == PipeException.Reason.TIMEOUT
                    ? "the handshake with " + session.peer() + " did not finish within " + options.connectTimeout().toMillis()
                            + " ms"
                    : "the connection to " + session.peer() + " closed during the handshake: " + e.getMessage(), e);
        } catch (Refused e) {
            if (options.rotatingCredentials()) {
                // The supplier may hand out a new password on the next attempt: back off and retry.
                throw new Refused(e.getMessage(), null, true);
            }
            throw e;
        }
    }

    private int negotiate(Session session) throws Refused, IOException {
        Credentials credentials = options.credentials() == null ? null : options.credentials().get();
        if (options.protocol() == 3) {
            List<String> hello = new ArrayList<>(List.of("HELLO", "3"));
            if (credentials != null) {
                hello.add("AUTH");
                hello.add(credentials.username() == null ? "default" : credentials.username());
                hello.add(credentials.password());
            }
            if (options.clientName() != null) {
                hello.add("SETNAME");
                hello.add(options.clientName());
            }
            Object reply = roundTrip(session, List.of(hello)).get(0);
            if (!(reply instanceof RedisError error)) {
                finish(session, new ArrayList<>());
                return 3;
            }
            if (!helloUnsupported(error)) {
                classify("HELLO", error);
            }
        }
        List<List<String>> commands = new ArrayList<>();
        if (credentials != null) {
            commands.add(credentials.username() == null
                    ? List.of("AUTH", credentials.password())
                    : List.of("AUTH", credentials.username(), credentials.password()));
        }
        if (options.clientName() != null) {
            commands.add(List.of("CLIENT", "SETNAME", options.clientName()));
        }
        finish(session, commands);
        return 2;
    }

    /**
     * SELECT, then a PING that proves the server serves commands: HELLO and AUTH are answered
     * even while a restarted server still loads its data set, when every command would fail with
     * LOADING; the PING turns that into a transient handshake failure, retried with backoff.
     */
    private void finish(Session session, List<List<String>> commands) throws Refused, IOException {
        if (options.database() != 0) {
            commands.add(List.of("SELECT", Integer.toString(options.database())));
        }
        if (options.readOnlyReplica()) {
            commands.add(List.of("READONLY")); // a cluster replica that serves reads
        }
        commands.add(List.of("PING"));
        if (options.sentinel() != null) {
            commands.add(List.of("ROLE")); // the sentinels' word is checked with the node's own
        }
        List<Object> replies = roundTrip(session, commands);
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i) instanceof RedisError error) {
                String name = commands.get(i).get(0);
                classify(name + (name.equals("CLIENT") ? " SETNAME" : ""), error);
            }
        }
        if (options.sentinel() != null) {
            String role = RespShapes.text(RespShapes.elements((dev.tether.redis.resp.RespValue) replies.getLast())
                    .stream().findFirst().orElse(null));
            if (!"master".equals(role)) {
                throw new IOException(session.peer() + ", named by the sentinels as the primary of '"
                        + options.sentinel().serviceName() + "', answers ROLE with " + role
                        + ": trying again (the sentinels are asked again unless a failover just named this node)");
            }
        }
    }

    /** The commands in one write; their raw replies, errors as {@link RedisError} values. */
    private static List<Object> roundTrip(Session session, List<List<String>> commands) {
        List<Command<?>> list = new ArrayList<>(commands.size());
        for (List<String> c : commands) {
            list.add(Command.of(c.toArray(String[]::new)));
        }
        return session.call(new RedisRequest.Pipeline(List.copyOf(list), null));
    }

    private static boolean helloUnsupported(RedisError error) {
        String m = error.message().toLowerCase(Locale.ROOT);
        return error.code().equals("NOPROTO") || m.startsWith("err unknown command");
    }

    /**
     * Always throws: WRONGPASS, NOAUTH, NOPERM, a bad database and other configuration errors
     * refuse us ({@link Refused}); LOADING, BUSY and "max clients" pass (IOException, retried).
     */
    private static void classify(String step, RedisError error) throws Refused, IOException {
        String m = error.message();
        String lower = m.toLowerCase(Locale.ROOT);
        boolean transientState = switch (error.code()) {
            case "LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN" -> true;
            default -> lower.contains("max number of clients");
        };
        if (transientState) {
            throw new IOException("the server is not ready (" + step + "): " + m);
        }
        throw new Refused("the server refused " + step + ": " + m, null);
    }
}
