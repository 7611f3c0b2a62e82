package dev.tether.redis.engine;

import dev.tether.connection.CallTimeoutException;
import dev.tether.connection.ConnectionException;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.ConnectionStoppedException;
import dev.tether.connection.MailboxFullException;
import dev.tether.connection.StartFailedException;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;
import dev.tether.redis.Command;
import dev.tether.redis.RedisAsync;
import dev.tether.redis.RedisClient;
import dev.tether.redis.RedisConnectionException;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client behind {@link RedisClient}: validates on the caller's thread, then hands requests to
 * one {@link RedisConnection} running on the Tether runtime.
 */
public final class DefaultRedisClient implements RedisClient {

    private static final AtomicLong IDS = new AtomicLong();
    private static final Duration FOREVER = Duration.ofDays(365 * 100);

    private final RedisOptions options;
    private final ConnectionRef<RedisRequest, Object> ref;
    private final boolean dedicated;
    private final RedisAsync async = new Async();

    private DefaultRedisClient(RedisOptions options, ConnectionRef<RedisRequest, Object> ref, boolean dedicated) {
        this.options = options;
        this.ref = ref;
        this.dedicated = dedicated;
    }

    /** Starts a client; see {@link RedisClient#connect(RedisOptions)}. */
    public static RedisClient connect(RedisOptions options) {
        return start(options, false);
    }

    private static DefaultRedisClient start(RedisOptions options, boolean dedicated) {
        Objects.requireNonNull(options, "options");
        String name = "redis-" + IDS.incrementAndGet();
        RedisConnection behaviour = new RedisConnection(options, new PushDispatcher(options.pushListener(), name));
        ConnectionOptions.Builder runtime = ConnectionOptions.builder()
                .callTimeout(options.commandTimeout())
                .backoffPolicy(options.backoffPolicy())
                .errorTranslator(DefaultRedisClient::translate);
        if (options.holdQueueSize() > 0) {
            runtime.postponeCapacity(options.holdQueueSize());
        }
        options.listeners().forEach(runtime::listener);
        ConnectionOptions built = runtime.build();
        try {
            ConnectionRef<RedisRequest, Object> ref = options.syncConnect() || dedicated
                    ? Tether.startConnected(behaviour, built)
                    : Tether.start(behaviour, built);
            return new DefaultRedisClient(options, ref, dedicated);
        } catch (StartFailedException e) {
            throw new RedisConnectionException(Reason.CLOSED, "could not connect to " + options.address() + ": "
                    + e.reason().describe(), e.reason().cause() != null ? e.reason().cause() : e);
        }
    }

    /** The runtime's own errors, as the one exception type Redis callers see. */
    private static RuntimeException translate(ConnectionException e) {
        return switch (e) {
            case CallTimeoutException t -> new RedisConnectionException(Reason.TIMEOUT,
                    "no reply within " + t.timeout().toMillis() + " ms; the command may or may not have run", t);
            case ConnectionStoppedException s -> new RedisConnectionException(Reason.STOPPED,
                    "the client is stopped: " + s.reason().describe(), s);
            case MailboxFullException m -> new RedisConnectionException(Reason.OVERLOADED, m.getMessage(), m);
            default -> e;
        };
    }

    private Duration timeoutFor(Command<?> command) {
        Duration server = command.serverTimeout();
        if (server == null) {
            return options.commandTimeout();
        }
        return server.isZero() ? FOREVER : options.commandTimeout().plus(server);
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
        CommandRules.check(command.name(), command.restriction(), dedicated);
        return command;
    }

    private List<Command<?>> checked(List<? extends Command<?>> commands) {
        Objects.requireNonNull(commands, "commands");
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a pipeline or transaction needs at least one command");
        }
        List<Command<?>> copy = new ArrayList<>(commands.size());
        for (Command<?> c : commands) {
            copy.add(checked(c));
        }
        return List.copyOf(copy);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T execute(Command<T> command) {
        checked(command);
        return (T) ref.call(new RedisRequest.Single(command), timeoutFor(command));
    }

    @Override
    public RedisAsync async() {
        return async;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Object> pipeline(List<? extends Command<?>> commands) {
        List<Command<?>> list = checked(commands);
        return (List<Object>) ref.call(new RedisRequest.Pipeline(list), timeoutFor(list));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Object> transaction(List<? extends Command<?>> commands) {
        List<Command<?>> list = checked(commands);
        List<Object> result = (List<Object>) ref.call(new RedisRequest.Transaction(list), timeoutFor(list));
        if (result == null) {
            // Only a WATCH makes EXEC answer null, and WATCH is refused on the shared connection.
            throw new IllegalStateException("EXEC answered null without WATCH");
        }
        return result;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<List<Object>> watchTransaction(Collection<String> keys, WatchBody body) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(body, "body");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("watchTransaction needs at least one key to WATCH");
        }
        DefaultRedisClient own = start(options, true);
        try {
            List<String> watch = new ArrayList<>(keys.size() + 1);
            watch.add("WATCH");
            watch.addAll(keys);
            own.execute(Command.of(watch.toArray(String[]::new)));
            List<Command<?>> commands = own.checked(body.build(own));
            List<Object> result = (List<Object>) own.ref.call(new RedisRequest.Transaction(commands),
                    own.timeoutFor(commands));
            return Optional.ofNullable(result);
        } finally {
            own.close();
        }
    }

    @Override
    public void fireAndForget(Command<?> command) {
        checked(command);
        ref.cast(new RedisRequest.FireAndForget(command));
    }

    @Override
    public ConnectionState state() {
        return ref.state();
    }

    @Override
    public void close() {
        ref.stop();
    }

    @Override
    public String toString() {
        return "RedisClient[" + ref.name() + ", " + options.address() + ", " + ref.state() + "]";
    }

    private final class Async implements RedisAsync {
        @Override
        @SuppressWarnings("unchecked")
        public <T> CompletableFuture<T> executeAsync(Command<T> command) {
            checked(command);
            return (CompletableFuture<T>) submit(new RedisRequest.Single(command), timeoutFor(command));
        }

        @Override
        @SuppressWarnings("unchecked")
        public CompletableFuture<List<Object>> pipelineAsync(List<? extends Command<?>> commands) {
            List<Command<?>> list = checked(commands);
            return (CompletableFuture<List<Object>>) submit(new RedisRequest.Pipeline(list), timeoutFor(list));
        }

        @Override
        @SuppressWarnings("unchecked")
        public CompletableFuture<List<Object>> transactionAsync(List<? extends Command<?>> commands) {
            List<Command<?>> list = checked(commands);
            return (CompletableFuture<List<Object>>) submit(new RedisRequest.Transaction(list), timeoutFor(list));
        }

        /**
         * The async face reports a closed or overloaded client through the future, as its javadoc
         * promises; only bad input (checked before) throws at once.
         */
        private CompletableFuture<?> submit(RedisRequest request, Duration timeout) {
            try {
                return ref.callAsync(request, timeout);
            } catch (RedisConnectionException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }
}
