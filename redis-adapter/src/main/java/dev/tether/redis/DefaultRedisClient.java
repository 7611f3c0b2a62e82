package dev.tether.redis;

import dev.tether.connection.ConnectionState;
import dev.tether.connection.StartFailedException;
import dev.tether.core.pipe.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client behind {@link RedisClient}: validates on the caller's thread, then sends requests
 * over one {@link Pipe} speaking RESP (see {@link RedisPipe} for how the options map onto it).
 * What would hold that shared connection up (blocking commands, watch transactions) goes to
 * its {@link DedicatedConnections}, each a client of this class made with {@code dedicated} set.
 */
final class DefaultRedisClient implements RedisClient {

    private static final Logger log = LoggerFactory.getLogger(DefaultRedisClient.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** The deadline of a command that blocks until data arrives (block time 0): effectively forever. */
    private static final Duration FOREVER = Duration.ofDays(365 * 10);

    private final RedisOptions options;
    private final Pipe<RedisRequest<?>> pipe;
    private final Handshake handshake;
    private final boolean dedicated;
    /** Sentinel discovery, or null for a server at a fixed address. */
    private final SentinelDiscovery discovery;
    /** The connections blocking commands and watch transactions go to; null on a dedicated connection. */
    private final DedicatedConnections others;
    /** Reports commands to the listener and JFR; observes nothing when neither listens. */
    private final CommandObserver observer;
    /** Set on a dedicated connection left in an unknown state: it is closed, not lent again. */
    private volatile boolean spoiled;
    private final RedisAsync async = new Async();

    private DefaultRedisClient(RedisOptions options, Pipe<RedisRequest<?>> pipe, Handshake handshake, boolean dedicated,
                               SentinelDiscovery discovery, String role) {
        this.options = options;
        this.pipe = pipe;
        this.handshake = handshake;
        this.dedicated = dedicated;
        this.discovery = discovery;
        this.observer = new CommandObserver(options.commandListener(), discovery == null
                ? options::address : () -> Objects.requireNonNullElse(discovery.primary(), options.address()), role);
        // Under Sentinel an idle dedicated connection is lent only while it is on the primary the shared one follows.
        this.others = dedicated ? null : new DedicatedConnections(options, () -> start(options, true, role),
                c -> discovery == null || Objects.equals(c.discovery.primary(), discovery.primary()));
    }

    /** Starts a client; see {@link RedisClient#connect(RedisOptions)}. */
    static RedisClient connect(RedisOptions options) {
        DefaultRedisClient client = start(options, false, options.readOnlyReplica() ? "replica" : "primary");
        if (client.discovery != null && client.discovery.readsFromReplicas()) {
            return new SentinelReplicaReads(client, options, client.discovery);
        }
        return client;
    }

    /** Starts a client on a replica (Sentinel's replica reads): its commands are reported with role replica. */
    static RedisClient connectReplica(RedisOptions options) {
        return start(options, false, "replica");
    }

    private static DefaultRedisClient start(RedisOptions options, boolean dedicated, String role) {
        Objects.requireNonNull(options, "options");
        String name = "redis-" + IDS.incrementAndGet();
        PushDispatcher pushes = new PushDispatcher(options.pushListener(), name);
        Handshake handshake = new Handshake(options);
        Pipe.Builder<RedisRequest<?>> builder = RedisPipe.builder(options, handshake, pushes);
        SentinelDiscovery discovery = SentinelDiscovery.install(options, builder);
        Pipe<RedisRequest<?>> pipe;
        try {
            pipe = options.syncConnect() || dedicated ? builder.startConnected() : builder.start();
        } catch (StartFailedException e) {
            pushes.close();
            if (discovery != null) {
                discovery.close();
            }
            throw RedisPipe.startFailed(options, e);
        }
        pipe.stopped().whenComplete((reason, error) -> pushes.close());
        if (discovery != null) {
            discovery.follow(pipe, !dedicated);
        }
        return new DefaultRedisClient(options, pipe, handshake, dedicated, discovery, role);
    }

    private Duration timeoutFor(Command<?> command) {
        Duration server = command.serverTimeout();
        Duration base = server == null ? options.commandTimeout()
                : server.isZero() ? FOREVER : options.commandTimeout().plus(server);
        long slack = CommandRules.sizeSlackNanos(command);
        return slack == 0 ? base : base.plusNanos(slack);
    }

    private Duration timeoutFor(List<Command<?>> commands) {
        Duration longest = options.commandTimeout();
        for (Command<?> c : commands) {
            Duration t = timeoutFor(c);
            if (t.compareTo(longest) > 0) {
                longest = t;
            }
        }
        return longest;
    }

    private Command<?> checked(Command<?> command) {
        Objects.requireNonNull(command, "command");
        CommandRules.check(command, dedicated);
        CommandRules.checkBlock(command, options.allowInfiniteBlocking());
        CommandRules.checkSize(command, options.respLimits().maxBulkLength());
        return command;
    }

    private List<Command<?>> checked(List<? extends Command<?>> commands) {
        Objects.requireNonNull(commands, "commands");
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a pipeline or transaction needs at least one command");
        }
        // One copy, taken before checking, so a caller changing its list meanwhile changes nothing here.
        List<Command<?>> copy = List.copyOf(commands); // throws on a null element
        for (Command<?> c : copy) {
            checked(c);
        }
        return copy;
    }

    @Override
    public <T> T execute(Command<T> command) {
        checked(command);
        try {
            if (others != null && CommandRules.routesToDedicated(command)) {
                return others.run(command.name(), own -> own.execute(command)); // reported there
            }
            return call(new RedisRequest.Single<>(command, timeoutFor(command)), observer.observe(command));
        } catch (RedisErrorException e) {
            throw watched(e);
        }
    }

    /**
     * Sends {@code request} and waits, reporting to {@code seen} (null: nobody listens): every
     * blocking command of this client waits here. A failure is thrown with this thread's frames:
     * the pipe translates a connection failure on this thread; a server error reply, converted by
     * whichever thread read it, is copied here ({@link SyncWait#forCaller}).
     */
    private <T> T call(RedisRequest<T> request, CommandObserver.Observation seen) {
        T reply;
        try {
            reply = pipe.call(request);
        } catch (RuntimeException e) {
            if (seen != null) {
                seen.failed(e);
            }
            throw e instanceof RedisConnectionException ? e : SyncWait.forCaller(e);
        }
        if (seen != null) {
            seen.succeeded(reply);
        }
        return reply;
    }

    /** Under Sentinel, a READONLY reply means the primary was demoted under us: move. */
    private <E extends RedisErrorException> E watched(E e) {
        if (discovery != null && e.error().code().equals("READONLY")) {
            discovery.demoted();
        }
        return e;
    }

    private List<Object> watched(List<Object> replies) {
        if (discovery != null && replies != null) {
            for (Object r : replies) {
                if (r instanceof RedisError error && error.code().equals("READONLY")) {
                    discovery.demoted();
                    break;
                }
            }
        }
        return replies;
    }

    private <T> CompletableFuture<T> watched(CompletableFuture<T> future) {
        if (discovery == null) {
            return future;
        }
        return future.whenComplete((value, error) -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof RedisErrorException e) {
                watched(e);
            } else if (value instanceof List<?> list) {
                @SuppressWarnings("unchecked")
                List<Object> replies = (List<Object>) list;
                watched(replies);
            }
        });
    }

    @Override
    public RedisAsync async() {
        return async;
    }

    @Override
    public List<Object> pipeline(List<? extends Command<?>> commands) {
        List<Command<?>> list = checked(commands);
        if (others != null && CommandRules.routesToDedicated(list)) {
            List<Object> replies = others.run("a pipeline holding a blocking command", own -> own.pipeline(list));
            return watched(replies);
        }
        return watched(call(new RedisRequest.Pipeline(list, timeoutFor(list)), observer.observe(list, false)));
    }

    @Override
    public List<Object> transaction(List<? extends Command<?>> commands) {
        List<Command<?>> list = checked(commands);
        List<Object> result;
        try {
            result = watched(call(new RedisRequest.Transaction(list, timeoutFor(list)), observer.observe(list, true)));
        } catch (RedisErrorException e) {
            throw watched(e);
        }
        if (result == null) {
            // Only a WATCH makes EXEC answer null, and WATCH is refused on the shared connection.
            throw new IllegalStateException("EXEC answered null without WATCH");
        }
        return result;
    }

    @Override
    public Optional<List<Object>> watchTransaction(Collection<String> keys, WatchBody body) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(body, "body");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("watchTransaction needs at least one key to WATCH");
        }
        if (others == null) {
            throw new IllegalStateException("watchTransaction cannot run inside another watch transaction's body");
        }
        List<String> watch = new ArrayList<>(keys.size() + 1);
        watch.add("WATCH");
        watch.addAll(keys);
        Command<?> watchKeys = Command.of(watch.toArray(String[]::new)); // throws on a null key, before borrowing
        return others.run("watchTransaction", own -> own.watchAndExec(watchKeys, body));
    }

    /**
     * On a dedicated connection: WATCH, the body, MULTI ... EXEC. EXEC (run or aborted) unwatches;
     * if it never ran, UNWATCH resets the connection for reuse, or it is closed. The database and
     * the client name need no reset: SELECT and CLIENT SETNAME are refused on every connection.
     */
    private Optional<List<Object>> watchAndExec(Command<?> watchKeys, WatchBody body) {
        execute(watchKeys); // on a connection failure the pool closes the connection: nothing to reset
        List<Command<?>> commands;
        try {
            commands = checked(body.build(this));
        } catch (RuntimeException | Error e) {
            unwatchOrSpoil();
            throw e;
        }
        return Optional.ofNullable(call(new RedisRequest.Transaction(commands, timeoutFor(commands)),
                observer.observe(commands, true)));
    }

    /** After a body that failed or built nothing runnable: UNWATCH, or mark the connection not reusable. */
    private void unwatchOrSpoil() {
        try {
            if ("OK".equals(execute(Command.of(Replies::string, "UNWATCH")))) {
                return;
            }
        } catch (RuntimeException e) {
            log.debug("UNWATCH after an unfinished watch transaction failed: {}", e.toString());
        }
        spoiled = true; // still watching, or inside a MULTI the body opened
    }

    /** Whether this dedicated connection may be lent again: connected, and left in a known state. */
    boolean reusable() {
        return !spoiled && pipe.state() == ConnectionState.CONNECTED;
    }

    @Override
    public void fireAndForget(Command<?> command) {
        checked(command);
        if (command.serverTimeout() != null) {
            throw new IllegalArgumentException(command.name() + " blocks on the server: fire-and-forget would hold a"
                    + " connection up with no one waiting for the reply; use execute or async()");
        }
        try {
            CommandObserver.Observation seen = observer.observe(command);
            CompletableFuture<?> sent = pipe.callAsync(new RedisRequest.FireAndForget(command));
            if (seen != null) {
                seen.attach(sent);
            }
            sent.whenComplete((ignored, e) -> {
                if (e != null) {
                    log.debug("fire-and-forget {} lost: {}", command, e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            log.debug("fire-and-forget {} not sent: {}", command, e.getMessage());
        }
    }

    @Override
    public ConnectionState state() {
        return pipe.state();
    }

    @Override
    public int inFlight() {
        return pipe.unfinished();
    }

    @Override
    public int held() {
        return pipe.held();
    }

    @Override
    public void close() {
        if (others != null) {
            others.close();
        }
        pipe.close();
    }

    @Override
    public void close(Duration drain) {
        if (Closing.checked(drain).isZero()) {
            close();
        } else if (others == null) {
            pipe.close(drain);
        } else {
            Closing.concurrently(List.of(() -> others.close(drain), () -> pipe.close(drain)));
        }
    }

    @Override
    public String toString() {
        int protocol = handshake.protocol();
        return "RedisClient[" + pipe.name() + ", " + options.address() + ", " + pipe.state()
                + (protocol != 0 ? ", RESP" + protocol : "") + (others != null ? ", " + others.size() + " dedicated" : "") + "]";
    }

    private final class Async implements RedisAsync {
        @Override
        public <T> CompletableFuture<T> executeAsync(Command<T> command) {
            checked(command);
            if (others != null && CommandRules.routesToDedicated(command)) {
                return watched(others.runAsync(command.name(), own -> own.async.executeAsync(command)));
            }
            return submit(new RedisRequest.Single<>(command, timeoutFor(command)), observer.observe(command));
        }

        @Override
        public CompletableFuture<List<Object>> pipelineAsync(List<? extends Command<?>> commands) {
            List<Command<?>> list = checked(commands);
            if (others != null && CommandRules.routesToDedicated(list)) {
                return watched(others.runAsync("a pipeline holding a blocking command",
                        own -> own.async.pipelineAsync(list)));
            }
            return submit(new RedisRequest.Pipeline(list, timeoutFor(list)), observer.observe(list, false));
        }

        @Override
        public CompletableFuture<List<Object>> transactionAsync(List<? extends Command<?>> commands) {
            List<Command<?>> list = checked(commands);
            return submit(new RedisRequest.Transaction(list, timeoutFor(list)), observer.observe(list, true));
        }

        /**
         * The async face reports a closed or overloaded client through the future, as its javadoc
         * promises; only bad input (checked before) throws at once.
         */
        private <T> CompletableFuture<T> submit(RedisRequest<T> request, CommandObserver.Observation seen) {
            CompletableFuture<T> sent;
            try {
                sent = pipe.callAsync(request);
            } catch (RedisConnectionException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            return watched(seen == null ? sent : seen.attach(sent));
        }
    }
}
