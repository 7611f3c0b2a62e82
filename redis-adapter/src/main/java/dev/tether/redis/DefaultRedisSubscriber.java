package dev.tether.redis;

import dev.tether.connection.ConnectionEvent;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.StartFailedException;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.StallException;
import dev.tether.redis.RedisConnectionException.Reason;
import dev.tether.redis.Subscription.Kind;
import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespSimpleString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber behind {@link RedisSubscriber}: a {@link Pipe} with the subscriber's codec
 * ({@link PubSubFrames}), a dedicated reader (so backpressure blocks no caller), the handshake
 * that resubscribes ({@link SubscriberHandshake}), and the {@link DeliveryQueue} in front of the
 * listeners. Its state is the {@link SubscriptionRegistry}.
 *
 * <p>Changes to the registry and the commands they need are made together under {@link #sendLock},
 * so the server hears SUBSCRIBE and UNSUBSCRIBE in the order the registry changed: a channel one
 * subscription closes while another takes it is never left unsubscribed.
 */
final class DefaultRedisSubscriber implements RedisSubscriber {

    private static final Logger log = LoggerFactory.getLogger(DefaultRedisSubscriber.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final Command<String> PING = Command.of(DefaultRedisSubscriber::pong, "PING");

    private final RedisOptions options;
    private final String name;
    private final SubscriptionRegistry registry = new SubscriptionRegistry();
    private final DeliveryQueue delivery;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Under Sentinel, where the subscriber's node is found; null for a fixed address. */
    private volatile SentinelDiscovery sentinel;
    /** Reports the subscriber's commands, and its messages delivered and dropped. */
    private final CommandObserver observer;
    private final Pipe<RedisRequest<?>> pipe;
    private volatile boolean handshaking;
    /** Told, on the reader, of a shard channel the server unsubscribed by itself (its slot moved); may be null. */
    private volatile Consumer<String> evicted;
    private volatile boolean resubscribeDue;

    private DefaultRedisSubscriber(RedisOptions options, DeliveryPolicy policy) {
        this.options = options;
        this.name = "redis-subscriber-" + IDS.incrementAndGet();
        this.observer = new CommandObserver(options.commandListener(), () -> {
            SentinelDiscovery d = this.sentinel;
            return d != null && d.primary() != null ? d.primary() : options.address();
        }, "primary");
        this.delivery = new DeliveryQueue(policy, registry, name, observer);
        Pipe.Builder<RedisRequest<?>> builder = RedisPipe.builder(options,
                        () -> new RespCodec(options.respLimits(), true),
                        new SubscriberHandshake(new Handshake(options), this), this::onPush, delivery::flush,
                        this::onEvent)
                .dedicatedReader(true);
        SentinelDiscovery discovery = SentinelDiscovery.install(options, builder);
        this.sentinel = discovery;
        Pipe<RedisRequest<?>> started;
        try {
            started = options.syncConnect() ? builder.startConnected() : builder.start();
        } catch (StartFailedException e) {
            delivery.close();
            throw RedisPipe.startFailed(options, e);
        } catch (RuntimeException | Error e) {
            delivery.close(); // its thread must not outlive a subscriber that never started
            throw e;
        }
        this.pipe = started;
        pipe.stopped().whenComplete((reason, error) -> delivery.finish());
        if (discovery != null) {
            discovery.follow(pipe, true);
        }
    }

    static RedisSubscriber connect(RedisOptions options, DeliveryPolicy policy) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(policy, "delivery policy");
        return new DefaultRedisSubscriber(options, policy);
    }

    // ---------------------------------------------------------------- the public face

    @Override
    public Subscription subscribe(Collection<String> channels, SubscriptionListener listener) {
        return SyncWait.await(subscribeAsync(channels, listener));
    }

    @Override
    public Subscription psubscribe(Collection<String> patterns, SubscriptionListener listener) {
        return SyncWait.await(psubscribeAsync(patterns, listener));
    }

    @Override
    public Subscription ssubscribe(Collection<String> shardChannels, SubscriptionListener listener) {
        return SyncWait.await(ssubscribeAsync(shardChannels, listener));
    }

    @Override
    public CompletableFuture<Subscription> subscribeAsync(Collection<String> channels, SubscriptionListener listener) {
        return subscribe(Kind.CHANNEL, channels, listener);
    }

    @Override
    public CompletableFuture<Subscription> psubscribeAsync(Collection<String> patterns, SubscriptionListener listener) {
        return subscribe(Kind.PATTERN, patterns, listener);
    }

    @Override
    public CompletableFuture<Subscription> ssubscribeAsync(Collection<String> shardChannels, SubscriptionListener listener) {
        return subscribe(Kind.SHARD_CHANNEL, shardChannels, listener);
    }

    @Override
    public String ping() {
        checkOpen();
        return pipe.call(new RedisRequest.Single<>(PING, null));
    }

    @Override
    public long droppedMessages() {
        return delivery.dropped();
    }

    @Override
    public ConnectionState state() {
        return pipe.state();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            registry.subscriptions().forEach(DefaultSubscription::markClosed);
            pipe.close();
            delivery.close();
        }
    }

    @Override
    public String toString() {
        return "RedisSubscriber[" + pipe.name() + ", " + options.address() + ", " + pipe.state() + "]";
    }

    // ---------------------------------------------------------------- subscribing

    private CompletableFuture<Subscription> subscribe(Kind kind, Collection<String> names, SubscriptionListener listener) {
        List<String> list = validated(kind, names, listener);
        DefaultSubscription sub = new DefaultSubscription(this, kind, list, listener);
        List<PubSubCommand> commands = PubSubCommand.chunked(kind, true, list);
        CompletableFuture<List<Object>> sent;
        sendLock.lock();
        try {
            checkOpen();
            registry.add(sub, list);
            sent = send(commands, results -> confirmed(sub, commands, results));
        } finally {
            sendLock.unlock();
        }
        return sent.handle((results, error) -> {
            if (error != null) {
                abandon(sub);
                return CompletableFuture.<Subscription>failedFuture(unwrap(error));
            }
            List<PubSubCommand> refused = new ArrayList<>();
            List<RedisError> errors = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) instanceof RedisError e) {
                    refused.add(commands.get(i));
                    errors.add(e);
                }
            }
            return refused.isEmpty() ? CompletableFuture.<Subscription>completedFuture(sub)
                    : findRefused(sub, refused, errors);
        }).thenCompose(f -> f);
    }

    /**
     * Redis refuses a whole command with NOPERM when one of its names is not allowed: subscribe
     * those names one by one to learn which. The subscription fails only if nothing was allowed.
     */
    private CompletableFuture<Subscription> findRefused(DefaultSubscription sub, List<PubSubCommand> refused,
                                                        List<RedisError> errors) {
        List<String> retry = new ArrayList<>();
        for (int i = 0; i < refused.size(); i++) {
            PubSubCommand c = refused.get(i);
            RedisError error = errors.get(i);
            if (error.code().equals("NOPERM") && c.names().size() > 1) {
                retry.addAll(c.names());
            } else {
                c.names().forEach(name -> refuse(sub, name, error));
            }
        }
        CompletableFuture<List<Object>> sent;
        if (retry.isEmpty()) {
            sent = CompletableFuture.completedFuture(List.of());
        } else {
            List<PubSubCommand> singles = PubSubCommand.oneByOne(sub.kind(), retry);
            sendLock.lock();
            try {
                sent = send(singles, results -> {
                    confirmed(sub, singles, results);
                    for (int i = 0; i < results.size(); i++) {
                        if (results.get(i) instanceof RedisError e) {
                            refuse(sub, singles.get(i).names().get(0), e);
                        }
                    }
                });
            } finally {
                sendLock.unlock();
            }
        }
        return sent.handle((results, error) -> {
            if (error != null) {
                abandon(sub);
                throw new CompletionException(unwrap(error));
            }
            if (sub.held().isEmpty()) {
                sub.markClosed();
                throw new RedisErrorException(errors.get(0));
            }
            return sub;
        });
    }

    /** On the reader, as the confirmations arrive: the listener hears "subscribed" before any message after them. */
    private void confirmed(DefaultSubscription sub, List<PubSubCommand> commands, List<Object> results) {
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof long[] counts) {
                PubSubCommand c = commands.get(i);
                for (int j = 0; j < counts.length; j++) {
                    delivery.notice(sub, new PubSubNotice.Subscribed(sub.kind(), c.names().get(j), counts[j]));
                }
                sub.confirm();
            }
        }
    }

    /** The server refused {@code name} for {@code sub}: it holds it no more, and its listener is told. */
    void refuse(DefaultSubscription sub, String name, RedisError error) {
        sub.refuse(name);
        registry.remove(sub, List.of(name));
        delivery.notice(sub, new PubSubNotice.SubscribeFailed(sub.kind(), name, error));
    }

    /** A subscribe that got no answer is not kept; what the server may have subscribed is undone. */
    private void abandon(DefaultSubscription sub) {
        sub.markClosed();
        sendLock.lock();
        try {
            List<String> unheld = registry.remove(sub, new ArrayList<>(sub.held()));
            if (!unheld.isEmpty() && pipe.state() == ConnectionState.CONNECTED && !closed.get()) {
                send(PubSubCommand.chunked(sub.kind(), false, unheld), null);
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** {@link Subscription#closeAsync()}: stops its deliveries now, unsubscribes what nobody else holds. */
    CompletableFuture<Void> unsubscribe(DefaultSubscription sub) {
        if (!sub.markClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<List<Object>> sent;
        sendLock.lock();
        try {
            List<String> unheld = registry.remove(sub, new ArrayList<>(sub.held()));
            if (unheld.isEmpty() || closed.get()) {
                return CompletableFuture.completedFuture(null);
            }
            sent = send(PubSubCommand.chunked(sub.kind(), false, unheld), null);
        } finally {
            sendLock.unlock();
        }
        return sent.handle((results, error) -> {
            Throwable cause = error == null ? null : unwrap(error);
            if (cause == null || cause instanceof RedisConnectionException e && e.reason() != Reason.TIMEOUT
                    && e.reason() != Reason.OVERLOADED) {
                return null; // done, or the connection is gone and the server forgot with it
            }
            throw new CompletionException(cause);
        });
    }

    private CompletableFuture<List<Object>> send(List<PubSubCommand> commands, Consumer<List<Object>> onReply) {
        try {
            CommandObserver.Observation seen = observer.observe(commands.stream().<Command<?>>map(PubSubCommand::command)
                    .toList(), false);
            CompletableFuture<List<Object>> sent = pipe.callAsync(new RedisRequest.PubSub(commands, null, onReply));
            return seen == null ? sent : seen.attach(sent);
        } catch (RedisConnectionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---------------------------------------------------------------- from the connection

    /** Pushes, on the reader: messages to the queue (waiting for room unless mid-handshake). */
    private void onPush(Object frame) {
        if (frame instanceof PubSubMessage m) {
            delivery.message(m, !handshaking);
        } else if (frame instanceof dev.tether.redis.resp.RespPush p && evicted != null
                && "sunsubscribe".equalsIgnoreCase(p.kind()) && p.elements().size() == 3
                && p.elements().get(1) instanceof RespBulkString channel) {
            evicted.accept(channel.asString()); // a cluster node no longer serves the channel's slot
        } else {
            log.debug("{}: ignored a push nobody asked for: {}", name, frame);
        }
    }

    /** Lifecycle events, on the loop: a drop is every listener's business. Never blocks. */
    private void onEvent(ConnectionEvent event) {
        if (event instanceof ConnectionEvent.Disconnected d) {
            resubscribeDue = true;
            Throwable cause = d.info() instanceof Throwable t ? t : new java.io.IOException(String.valueOf(d.info()));
            RedisConnectionException reason = cause instanceof StallException
                    ? new RedisConnectionException(Reason.HEALTH_CHECK, cause.getMessage(), cause)
                    : new RedisConnectionException(Reason.DISCONNECTED, "the connection to " + options.address()
                            + " dropped: " + cause, cause);
            delivery.noticeAll(new PubSubNotice.Disconnected(reason));
        }
    }

    /** Who hears of shard channels the server unsubscribed by itself (the cluster client's sharded Pub/Sub). */
    void onEvicted(Consumer<String> listener) {
        evicted = listener;
    }

    SubscriptionRegistry registry() {
        return registry;
    }

    DeliveryQueue delivery() {
        return delivery;
    }

    void handshaking(boolean on) {
        handshaking = on;
    }

    /**
     * After a disconnect, tells every confirmed subscription that its names are back; once per
     * disconnect (a handshake that fails halfway leaves it for the next one).
     */
    void announceResubscribed() {
        if (!resubscribeDue) {
            return;
        }
        resubscribeDue = false;
        for (DefaultSubscription s : registry.subscriptions()) {
            if (s.confirmed()) {
                delivery.notice(s, new PubSubNotice.Resubscribed(s.kind(), s.held()));
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private List<String> validated(Kind kind, Collection<String> names, SubscriptionListener listener) {
        String what = switch (kind) {
            case CHANNEL -> "channel";
            case PATTERN -> "pattern";
            case SHARD_CHANNEL -> "shard channel";
        };
        Objects.requireNonNull(names, what + "s");
        Objects.requireNonNull(listener, "listener");
        if (names.isEmpty()) {
            throw new IllegalArgumentException("subscribing needs at least one " + what + ", got none");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        int i = 0;
        for (String name : names) {
            if (name == null) {
                throw new NullPointerException(what + " at index " + i + " is null");
            }
            distinct.add(name);
            i++;
        }
        checkOpen();
        return List.copyOf(distinct);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the subscriber is closed");
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** PING's reply on a subscriber's connection: +PONG, or RESP2's {@code ["pong", ""]} once subscribed. */
    private static String pong(dev.tether.redis.resp.RespValue reply) {
        return switch (Replies.unwrap(reply)) {
            case RespSimpleString s -> s.value();
            case RespArray a when a.size() == 2 && a.get(0) instanceof RespBulkString b -> b.asString().toUpperCase(Locale.ROOT);
            default -> throw new IllegalStateException("PING answered " + reply);
        };
    }
}
