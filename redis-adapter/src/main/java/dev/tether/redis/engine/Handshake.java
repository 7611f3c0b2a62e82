package dev.tether.redis.engine;

import dev.tether.core.net.SocketLink;
import dev.tether.redis.Credentials;
import dev.tether.redis.RedisOptions;
import dev.tether.redis.resp.RespEncoder;
import dev.tether.redis.resp.RespError;
import dev.tether.redis.resp.RespOutput;
import dev.tether.redis.resp.RespValue;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handshake run inside connect on every (re)connect (REDIS-SPEC section 2): HELLO 3 with AUTH
 * and SETNAME, falling back to RESP2's AUTH / CLIENT SETNAME when the server answers NOPROTO or
 * does not know HELLO; then SELECT. Errors are classified: the server refusing this client
 * ({@link Refused}) versus a transient state worth retrying (an IOException).
 */
final class Handshake {

    /** The server refused this client: wrong credentials, missing permission, bad database. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final RedisOptions options;
    private final SocketLink link;
    private final ReplyRouter router;
    private final long deadlineNanos;

    private Handshake(RedisOptions options, SocketLink link, ReplyRouter router, long deadlineNanos) {
        this.options = options;
        this.link = link;
        this.router = router;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Runs the handshake; returns the protocol version spoken from now on.
     *
     * @throws Refused if the server refused the client
     * @throws IOException if the link failed, the handshake timed out, or the server is in a
     *     transient state (LOADING, BUSY, too many clients)
     */
    static int run(RedisOptions options, SocketLink link, ReplyRouter router, long deadlineNanos)
            throws Refused, IOException {
        return new Handshake(options, link, router, deadlineNanos).run();
    }

    private int run() throws Refused, IOException {
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
            RespValue reply = roundTrip(List.of(hello)).get(0);
            if (!(reply instanceof RespError error)) {
                finish(new ArrayList<>());
                return 3;
            }
            if (!helloUnsupported(error)) {
                classify("HELLO", error);
            }
        }
        resp2(credentials);
        return 2;
    }

    private void resp2(Credentials credentials) throws Refused, IOException {
        List<List<String>> commands = new ArrayList<>();
        if (credentials != null) {
            commands.add(credentials.username() == null
                    ? List.of("AUTH", credentials.password())
                    : List.of("AUTH", credentials.username(), credentials.password()));
        }
        if (options.clientName() != null) {
            commands.add(List.of("CLIENT", "SETNAME", options.clientName()));
        }
        finish(commands);
    }

    /**
     * SELECT, then a PING that proves the server serves commands: HELLO and AUTH are answered
     * even while a restarted server still loads its data set, when every command would fail with
     * LOADING; the PING turns that into a transient handshake failure, retried with backoff.
     */
    private void finish(List<List<String>> commands) throws Refused, IOException {
        if (options.database() != 0) {
            commands.add(List.of("SELECT", Integer.toString(options.database())));
        }
        commands.add(List.of("PING"));
        check(commands, roundTrip(commands));
    }

    private static void check(List<List<String>> commands, List<RespValue> replies) throws Refused, IOException {
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i) instanceof RespError error) {
                classify(commands.get(i).get(0) + (commands.get(i).get(0).equals("CLIENT") ? " SETNAME" : ""), error);
            }
        }
    }

    private static boolean helloUnsupported(RespError error) {
        String m = error.message().toLowerCase(Locale.ROOT);
        return error.code().equals("NOPROTO") || m.startsWith("err unknown command");
    }

    /**
     * Always throws: WRONGPASS, NOAUTH, NOPERM, a bad database and other configuration errors
     * refuse us ({@link Refused}); LOADING, BUSY and "max clients" pass (IOException, retried).
     */
    private static void classify(String step, RespError error) throws Refused, IOException {
        String m = error.message();
        String lower = m.toLowerCase(Locale.ROOT);
        boolean transientState = switch (error.code()) {
            case "LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN" -> true;
            default -> lower.contains("max number of clients");
        };
        if (transientState) {
            throw new IOException("the server is not ready (" + step + "): " + m);
        }
        throw new Refused("the server refused " + step + ": " + m);
    }

    private List<RespValue> roundTrip(List<List<String>> commands) throws IOException {
        if (commands.isEmpty()) {
            return List.of();
        }
        RespEncoder encoder = new RespEncoder(new RespOutput(256));
        List<Pending.Internal> replies = new ArrayList<>(commands.size());
        for (List<String> command : commands) {
            encoder.writeCommand(command.toArray(String[]::new));
            Pending.Internal p = new Pending.Internal();
            router.expect(p);
            replies.add(p);
        }
        RespOutput out = encoder.output();
        try {
            link.write(out.array(), 0, out.size());
        } catch (IOException e) {
            closedDuringHandshake(e);
        }
        List<RespValue> values = new ArrayList<>(replies.size());
        for (Pending.Internal p : replies) {
            values.add(await(p));
        }
        return values;
    }

    /** The link died mid-handshake: report the server's own refusal if it sent one first. */
    private void closedDuringHandshake(Throwable cause) throws IOException {
        RespError refusal = router.unsolicitedError();
        if (refusal != null) {
            try {
                classify("the connection", refusal);
            } catch (Refused r) {
                throw new IOException(r.getMessage(), r);
            }
        }
        throw new IOException("the connection to " + options.address() + " closed during the handshake"
                + (cause == null ? "" : ": " + cause), cause);
    }

    private RespValue await(Pending.Internal p) throws IOException {
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("the handshake with " + options.address() + " did not finish within "
                        + options.connectTimeout().toMillis() + " ms");
            }
            try {
                return p.reply.get(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (!link.isOpen()) {
                    closedDuringHandshake(null);
                }
            } catch (ExecutionException e) {
                closedDuringHandshake(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted during the handshake");
            }
        }
    }
}
