package dev.tether.core.pipe;

import dev.tether.connection.ConnectionRef;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.Tether;
import dev.tether.core.loop.Engine;
import dev.tether.core.net.SocketOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A pipelined request/reply connection for any protocol: give it a {@link Codec} and a socket,
 * and it keeps one connection up, lets every thread send requests over it at once, and matches
 * replies to requests in order. The handle is thread-safe; share one per server.
 *
 * <pre>{@code
 * Pipe<McRequest<?>> pipe = Pipe.builder(new McCodec(), SocketOptions.tcp("127.0.0.1", 11211)).start();
 * byte[] value = pipe.call(new Get("user:42"));     // typed by the request: no casts
 * CompletableFuture<Boolean> stored = pipe.callAsync(new Set("user:42", bytes));
 * pipe.close();
 * }</pre>
 *
 * <h2>What the pipe does, so the protocol does not</h2>
 * <ul>
 *   <li><b>Pipelining.</b> Requests from many threads are written back to back (combined into
 *       one write when they meet) and replies are matched to them in order.</li>
 *   <li><b>No hand-offs on the hot path.</b> While connected, a caller writes its own request and,
 *       if nobody is reading, reads its own reply; see {@code Lane} in the sources.</li>
 *   <li><b>Delivery.</b> A request that was never written fails with
 *       {@link PipeException.Reason#CLOSED} (safe to retry); one written and unanswered when the
 *       connection drops fails with {@link PipeException.Reason#DISCONNECTED} (it may have run)
 *       and is never replayed. Past its deadline a caller gets
 *       {@link PipeException.Reason#TIMEOUT} and the late reply is dropped. Whatever the reason,
 *       {@link PipeException#written()} says whether this request was written, so may have run.
 *       A refused handshake fails requests with {@link PipeException.Reason#HANDSHAKE_REFUSED}.
 *       A synchronous caller's exception is made on its own thread, so its stack trace shows the
 *       caller's line; the failure as the pipe saw it is its cause.</li>
 *   <li><b>Reconnects.</b> After a drop the pipe backs off by the policy in its
 *       {@link ConnectionOptions} and connects again (or stops, with
 *       {@link Builder#stopOnDisconnect}). A request made while down triggers an early
 *       attempt, at most once per window (50 ms for the first second of an outage, then doubling
 *       with each failure, with jitter, up to the policy's cap); it waits for that attempt's
 *       outcome. An early attempt is
 *       the next scheduled one brought forward, so it counts once against the policy's limits.
 *       A request made while an attempt (its handshake included) runs waits at most until that
 *       attempt ends, never across attempts: if it fails, so does the request, with
 *       {@link PipeException.Reason#CLOSED} (held requests excepted: they wait up to their
 *       deadline).</li>
 *   <li><b>Stall check.</b> A reply overdue by {@link Builder#stallInterval} past its request's
 *       deadline, even with bytes trickling in, tears the connection down (the disconnect's cause
 *       is a {@link StallException}): a dead peer or a
 *       half-open socket cannot keep callers timing out one after another.</li>
 *   <li><b>Overload.</b> At most {@link Builder#maxInFlight} requests may be unfinished; past it
 *       a caller gets {@link PipeException.Reason#OVERLOADED} at once.</li>
 * </ul>
 *
 * <p><b>Time.</b> Request deadlines, the stall check, the early-connect window and write
 * deadlines are measured on the {@link ConnectionOptions#ticker() ticker} of the connection
 * options, and timers run on its scheduler, so a fake clock given as both drives them. Blocking
 * waits stay in real time: a synchronous caller looks at the ticker again at least once a second,
 * and the write watchdog every few tens of milliseconds.
 *
 * <p>Futures from {@link #callAsync} never run dependent stages on the thread that read the
 * reply: non-async stages run on the connection's completion executor.
 *
 * <p>Past 400 lines on purpose: most of it is the builder, whose every option documents its
 * default, and the class javadoc, which is the layer's contract. The engine is in {@code Lane}
 * and {@code PipeConnection}.
 *
 * @param <B> the protocol's request type
 */
public final class Pipe<B extends Request<?>> implements AutoCloseable {

    /** Everything a pipe was built with; read by the engine. */
    record Settings<B extends Request<?>>(Supplier<? extends Codec<B>> codecs, Class<B> requestType,
                                          SocketOptions socket, ConnectionOptions connection,
                                          int maxInFlight, int holdQueue, Duration stallInterval,
                                          boolean earlyConnect, Duration earlyConnectWindow,
                                          boolean stopOnDisconnect, B idlePing,
                                          Consumer<Object> pushListener, Runnable afterPushes,
                                          Handshake<B> handshake,
                                          Function<PipeException, ? extends RuntimeException> errorTranslator,
                                          int readBufferSize, int maxFrameBytes, boolean dedicatedReader,
                                          AddressResolver resolver) {
    }

    private final Settings<B> settings;
    private final PipeConnection<B> engine;
    private final ConnectionRef<Exchange<?>, Void> ref;

    private Pipe(Settings<B> settings, boolean connected) {
        this.settings = settings;
        this.engine = new PipeConnection<>(settings);
        this.ref = connected ? Tether.startConnected(engine, settings.connection())
                : Tether.start(engine, settings.connection());
    }

    /**
     * A builder for a pipe to {@code socket} that speaks the codec {@code codecs} makes: one
     * fresh codec per connection (pass the codec's constructor, {@code MyCodec::new}), so a
     * codec's decoding state never outlives its connection.
     */
    public static <B extends Request<?>> Builder<B> builder(Supplier<? extends Codec<B>> codecs, SocketOptions socket) {
        return new Builder<>(codecs, socket);
    }

    /**
     * Sends {@code request} and waits for its reply, within the request's own timeout or else
     * the call timeout of the connection options.
     *
     * @throws PipeException (or what the error translator made of it) if there was no reply
     * @throws IllegalArgumentException if {@code request} is not of the codec's request type
     */
    public <T> T call(Request<T> request) {
        return call(request, null);
    }

    /**
     * As {@link #call(Request)} with an explicit timeout, which wins over the request's own; a
     * null timeout means the request's own, or else the call timeout.
     */
    public <T> T call(Request<T> request, Duration timeout) {
        Exchange<T> x = new Exchange<>(checked(request), deadline(request, timeout), Thread.currentThread(), null,
                engine);
        if (admit(x)) {
            send(x);
        }
        while (!x.isSettled()) {
            Lane<?> lane = x.lane;
            if (lane != null) {
                lane.await(x);
                break;
            }
            long left = x.deadline - engine.now();
            if (left <= 0) {
                x.fail(engine.timeout(x));
            } else {
                java.util.concurrent.locks.LockSupport.parkNanos(this, Math.min(left, Lane.MAX_PARK_NANOS));
            }
        }
        return x.result();
    }

    /** Sends {@code request} and returns a future of its reply; see {@link #call(Request)}. */
    public <T> CompletableFuture<T> callAsync(Request<T> request) {
        return callAsync(request, null);
    }

    /**
     * As {@link #callAsync(Request)} with an explicit timeout (null: as for {@link #call(Request, Duration)}).
     * The future completes exactly once.
     */
    public <T> CompletableFuture<T> callAsync(Request<T> request, Duration timeout) {
        CompletableFuture<T> future = Engine.completionFuture(settings.connection().completionExecutor());
        long deadline = deadline(checked(request), timeout);
        Exchange<T> x = new Exchange<>(request, deadline, null, future, engine);
        if (admit(x)) {
            x.timer = settings.connection().scheduler().schedule(Duration.ofNanos(deadline - engine.now()),
                    () -> x.fail(engine.timeout(x)));
            if (x.isDone()) {
                x.timer.cancel();
            }
            send(x);
        }
        return future;
    }

    private boolean admit(Exchange<?> x) {
        if (engine.unfinished.incrementAndGet() > settings.maxInFlight()) {
            x.fail(engine.error(PipeException.Reason.OVERLOADED, settings.maxInFlight()
                    + " requests are unfinished on " + engine.describe() + " (maxInFlight)", null));
            return false; // fail() gave the count back
        }
        // Counted first, then checked: a drain that began before the count is seen here, and one
        // that began after it waits for this request.
        if (engine.draining.get() != null) {
            x.fail(engine.error(PipeException.Reason.STOPPED, "the pipe to " + engine.describe()
                    + " is closing: it takes no new requests", null));
            return false;
        }
        return true;
    }

    private void send(Exchange<?> x) {
        Lane<B> lane = engine.live;
        if (lane != null && !lane.isClosed() && engine.rerouting.get() == 0) {
            lane.submit(x);
        } else {
            engine.reroute(x);
        }
    }

    private <T> Request<T> checked(Request<T> request) {
        Objects.requireNonNull(request, "request");
        if (!settings.requestType().isInstance(request)) {
            throw new IllegalArgumentException(request.getClass().getName() + " is not a "
                    + settings.requestType().getName() + ", the request type of this pipe's codec");
        }
        return request;
    }

    private long deadline(Request<?> request, Duration timeout) {
        Duration t = timeout != null ? timeout : request.timeout() != null ? request.timeout()
                : settings.connection().callTimeout();
        if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + t);
        }
        return engine.now() + t.toNanos();
    }

    /** The pipe's name (given in the connection options, or generated). */
    public String name() {
        return ref.name();
    }

    /** Where the connection is in its life. */
    public ConnectionState state() {
        return ref.state();
    }

    /** Requests sent and not finished yet (in flight, queued, or waiting for a connection). */
    public int unfinished() {
        return engine.unfinished.get();
    }

    /** Requests waiting in the hold queue for a connection (0 without a hold queue); for gauges. */
    public int held() {
        return engine.heldCount;
    }

    /** Completes with the reason once the pipe has stopped and every caller was answered. */
    public CompletableFuture<StopReason> stopped() {
        return ref.stopped();
    }

    /**
     * Drops the connection now, if there is one, and connects again at once, without backing off
     * (with a {@linkplain Builder#resolver resolver}, to wherever it says now): for a server that
     * is known to have stopped being the right one (a primary that was demoted). Requests in
     * flight fail with {@link PipeException.Reason#DISCONNECTED}, as on any drop; while down, the
     * pending backoff is cut short. {@code why} is the disconnect's reason for listeners and logs.
     */
    public void reconnect(String why) {
        Objects.requireNonNull(why, "why");
        engine.reconnect(ref, why);
    }

    /**
     * Closes the connection: requests in flight or waiting fail with
     * {@link PipeException.Reason#STOPPED}. Idempotent.
     */
    @Override
    public void close() {
        ref.stop();
    }

    /**
     * Closes the connection after letting unfinished requests finish, for up to {@code drain}:
     * from the moment this is called, new requests fail at once with
     * {@link PipeException.Reason#STOPPED} ("closing"); those already made (written and awaiting
     * their replies, queued, or held for a connection) go on as usual until the last of them
     * finishes or {@code drain} has passed, whichever comes first; then the pipe closes as
     * {@link #close()} does, and whatever is still unfinished fails with STOPPED. Returns once the
     * pipe has stopped: within {@code drain} plus the stop timeout of the connection options. A
     * zero drain is {@link #close()}. Idempotent; callers closing at once all wait for the same drain,
     * each up to its own {@code drain}. An interrupt ends the wait early (and stays set).
     *
     * @throws NullPointerException if {@code drain} is null
     * @throws IllegalArgumentException if {@code drain} is negative
     */
    public void close(Duration drain) {
        Objects.requireNonNull(drain, "drain");
        if (drain.isNegative()) {
            throw new IllegalArgumentException("drain must not be negative, got " + drain);
        }
        if (!drain.isZero()) {
            engine.draining.compareAndSet(null, new CompletableFuture<>());
            CompletableFuture<Void> drained = engine.draining.get();
            if (engine.unfinished.get() == 0) {
                drained.complete(null); // nothing to wait for; a request counted after this is refused
            }
            try {
                drained.get(drain.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // the drain time is up: what is left fails with STOPPED below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a drain never fails", e);
            }
        }
        ref.stop();
    }

    /**
     * Configures and starts a {@link Pipe}. Each option may be set once; a bad value is refused
     * with a message saying why. Defaults are stated on each setter.
     *
     * @param <B> the protocol's request type
     */
    public static final class Builder<B extends Request<?>> {
        private final Supplier<? extends Codec<B>> codecs;
        private final Class<B> requestType;
        private final SocketOptions socket;
        private ConnectionOptions connection = ConnectionOptions.defaults();
        private int maxInFlight = 65_536;
        private int holdQueue;
        private Duration stallInterval = Duration.ofMillis(500);
        private boolean earlyConnect = true;
        private Duration earlyConnectWindow = Duration.ofMillis(50);
        private boolean stopOnDisconnect;
        private B idlePing;
        private Consumer<Object> pushListener;
        private Runnable afterPushes;
        private Handshake<B> handshake;
        private Function<PipeException, ? extends RuntimeException> errorTranslator = Function.identity();
        private int readBufferSize = 8 * 1024;
        private int maxFrameBytes = 64 * 1024 * 1024;
        private boolean dedicatedReader;
        private AddressResolver resolver;
        private final java.util.Set<String> set = new java.util.HashSet<>();

        private Builder(Supplier<? extends Codec<B>> codecs, SocketOptions socket) {
            this.codecs = Objects.requireNonNull(codecs, "codecs");
            this.socket = Objects.requireNonNull(socket, "socket");
            Codec<B> sample = Objects.requireNonNull(codecs.get(), "the codec factory returned null");
            this.requestType = Objects.requireNonNull(sample.requestType(), "requestType() of " + sample);
        }

        private void once(String option) {
            if (!set.add(option)) {
                throw new IllegalStateException(option + " was already set");
            }
        }

        private static int positive(String option, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(option + " must be at least 1, got " + value);
            }
            return value;
        }

        /**
         * The runtime options: name, call timeout (the default deadline of a request), backoff
         * policy, listeners, ticker, scheduler and completion executor. Default
         * {@link ConnectionOptions#defaults()}. Their error translator must be left alone: a pipe's
         * callers see {@link PipeException}s, translated by {@link #errorTranslator} instead.
         *
         * @throws IllegalArgumentException if {@code options} carry an error translator
         */
        public Builder<B> connection(ConnectionOptions options) {
            once("connection");
            Objects.requireNonNull(options, "connection");
            if (options.errorTranslator() != Function.<dev.tether.connection.ConnectionException>identity()) {
                throw new IllegalArgumentException("the connection options carry an errorTranslator; a pipe's callers"
                        + " see PipeExceptions: set Pipe.Builder.errorTranslator instead");
            }
            this.connection = options;
            return this;
        }

        /** Unfinished requests allowed at once before callers get OVERLOADED; default 65,536. */
        public Builder<B> maxInFlight(int requests) {
            once("maxInFlight");
            this.maxInFlight = positive("maxInFlight", requests);
            return this;
        }

        /**
         * Requests kept while disconnected, written (before any new request) once a connection
         * is up, each within its own deadline; default 0: fail fast with CLOSED instead.
         */
        public Builder<B> holdQueue(int requests) {
            once("holdQueue");
            if (requests < 0) {
                throw new IllegalArgumentException("holdQueue must not be negative, got " + requests);
            }
            this.holdQueue = requests;
            return this;
        }

        /**
         * How long past the oldest request's deadline, with no complete reply, before the connection
         * is presumed dead; also the period of that check. Default 500 ms.
         */
        public Builder<B> stallInterval(Duration interval) {
            once("stallInterval");
            Objects.requireNonNull(interval, "stallInterval");
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("stallInterval must be at least 1 ms, got " + interval);
            }
            this.stallInterval = interval;
            return this;
        }

        /** Whether a request made while down may bring the next attempt forward; default true. */
        public Builder<B> earlyConnect(boolean on) {
            once("earlyConnect");
            this.earlyConnect = on;
            return this;
        }

        /**
         * The first early-connect window: after a failed attempt, requests bring the next one
         * forward at most once per window. The window keeps this size for the first second of an
         * outage, then doubles with each failure, with equal jitter, up to nine tenths of the
         * backoff policy's cap, so an early attempt always comes before the scheduled one would.
         * Default 50 ms.
         */
        public Builder<B> earlyConnectWindow(Duration first) {
            once("earlyConnectWindow");
            Objects.requireNonNull(first, "earlyConnectWindow");
            if (first.toMillis() < 1) {
                throw new IllegalArgumentException("earlyConnectWindow must be at least 1 ms, got " + first);
            }
            this.earlyConnectWindow = first;
            return this;
        }

        /**
         * A request written on a connection that was idle (nothing in flight, nothing read) for a
         * whole {@link #stallInterval}, at most once per interval; its reply is dropped, and a
         * peer that does not answer it within the call timeout is found by the stall check. So a
         * half-open idle connection (a dead peer, a blackholed path) is noticed without a caller.
         * Default none: then only a peer that closes the connection is noticed while it is idle
         * (at once: a quiet connection always has a reader).
         */
        public Builder<B> idlePing(B request) {
            once("idlePing");
            this.idlePing = Objects.requireNonNull(request, "idlePing");
            return this;
        }

        /**
         * Whether the pipe stops, instead of reconnecting, when an established connection drops
         * (a failed read or write, the peer closing, the stall check): requests in flight fail
         * with DISCONNECTED as always, and everything after with STOPPED. For callers that must
         * not silently continue on a new connection (state tied to one server session). A failed
         * connect attempt still backs off as usual. Default false.
         */
        public Builder<B> stopOnDisconnect(boolean on) {
            once("stopOnDisconnect");
            this.stopOnDisconnect = on;
            return this;
        }

        /**
         * Receives frames the codec marked as {@link Codec.Push}, on the thread that read them:
         * do not block, unless the pipe has a {@link #dedicatedReader}. Default: none; such frames are logged at debug level and dropped.
         */
        public Builder<B> pushListener(Consumer<Object> listener) {
            once("pushListener");
            this.pushListener = Objects.requireNonNull(listener, "pushListener");
            return this;
        }

        /**
         * As {@link #pushListener(Consumer)}, plus {@code afterRead}, run on the same thread once
         * the frames of one read were handed over, if at least one of them was a push: a listener
         * that queues frames for another thread can wake that thread once per read, not once per
         * frame.
         */
        public Builder<B> pushListener(Consumer<Object> listener, Runnable afterRead) {
            pushListener(listener);
            this.afterPushes = Objects.requireNonNull(afterRead, "afterRead");
            return this;
        }

        /** What to say on every new connection before callers may use it; default nothing. */
        public Builder<B> handshake(Handshake<B> handshake) {
            once("handshake");
            this.handshake = Objects.requireNonNull(handshake, "handshake");
            return this;
        }

        /** Turns every {@link PipeException} into the exception callers see; default identity. */
        public Builder<B> errorTranslator(Function<PipeException, ? extends RuntimeException> translator) {
            once("errorTranslator");
            this.errorTranslator = Objects.requireNonNull(translator, "errorTranslator");
            return this;
        }

        /** The initial read buffer; it grows for a larger frame, up to maxFrameBytes. Default 8 KiB. */
        public Builder<B> readBufferSize(int bytes) {
            once("readBufferSize");
            this.readBufferSize = positive("readBufferSize", bytes);
            return this;
        }

        /** The largest frame the read buffer grows to hold; a larger one is a protocol error. Default 64 MiB. */
        public Builder<B> maxFrameBytes(int bytes) {
            once("maxFrameBytes");
            this.maxFrameBytes = positive("maxFrameBytes", bytes);
            return this;
        }

        /**
         * Whether each connection keeps one reader thread (a platform thread) for its whole life,
         * and callers only wait, instead of callers reading their own replies. For a connection
         * that mostly receives pushes, whose push listener may block the reader to apply
         * backpressure (a Pub/Sub subscriber): then no caller is ever stuck reading for others, and
         * while the reader is blocked in the push listener the stall check and the idle ping
         * wait, since the silence is the client's own doing. Default false.
         */
        public Builder<B> dedicatedReader(boolean on) {
            once("dedicatedReader");
            this.dedicatedReader = on;
            return this;
        }

        /**
         * Asks {@code resolver} for the address before every connect attempt, instead of using
         * the socket options' own (which then only names the service in messages until the first
         * resolution). Default none.
         */
        public Builder<B> resolver(AddressResolver resolver) {
            once("resolver");
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Starts the pipe and returns at once; the first connect runs in the background. */
        public Pipe<B> start() {
            return new Pipe<>(settings(), false);
        }

        /**
         * Starts the pipe and returns once its first connect (and handshake) succeeded.
         *
         * @throws dev.tether.connection.StartFailedException if it did not; nothing is left running
         */
        public Pipe<B> startConnected() {
            return new Pipe<>(settings(), true);
        }

        private Settings<B> settings() {
            if (readBufferSize > maxFrameBytes) {
                throw new IllegalArgumentException("readBufferSize (" + readBufferSize + ") is larger than maxFrameBytes ("
                        + maxFrameBytes + ")");
            }
            Consumer<Object> pushes = pushListener != null ? pushListener
                    : frame -> org.slf4j.LoggerFactory.getLogger(Pipe.class).debug("dropped a push frame: {}", frame);
            return new Settings<>(codecs, requestType, socket, connection, maxInFlight, holdQueue, stallInterval, earlyConnect,
                    earlyConnectWindow, stopOnDisconnect, idlePing, pushes, afterPushes, handshake, errorTranslator, readBufferSize, maxFrameBytes,
                    dedicatedReader, resolver);
        }
    }

    @Override
    public String toString() {
        return "Pipe[" + name() + ", " + engine.describe() + ", " + state() + "]";
    }
}
