package dev.tether.core;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionException;
import dev.tether.connection.ConnectionListener;
import dev.tether.connection.Scheduler;
import dev.tether.connection.Ticker;
import dev.tether.core.loop.SystemScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * How the runtime runs one connection. Immutable; built by {@link #builder()}, which rejects an
 * option set twice or out of range with a message saying why. Each default is stated once, on its
 * accessor.
 *
 * @param name see {@link Builder#name(String)}; null for a generated, unregistered name
 * @param mailboxCapacity messages the mailbox holds before senders get MailboxFullException; default 65,536
 * @param postponeCapacity messages Postpone may hold; default 10,000
 * @param callTimeout the timeout of {@code call(request)} and {@code callAsync(request)}; default 5 s
 * @param stopTimeout how long {@code stop()} waits for terminate; default 5 s
 * @param backoffPolicy the policy behind {@code Backoff.byPolicy()}; default {@link BackoffPolicy#defaultPolicy()}
 * @param listeners lifecycle listeners, called on the loop; default none
 * @param ticker the clock of deadlines and backoff; default {@link Ticker#system()}
 * @param scheduler the timers; default one shared daemon timer thread that only enqueues messages
 * @param threadFactory makes the loop thread; null (default) for a virtual thread named {@code tether-<name>}
 * @param completionExecutor runs dependent stages of returned futures; default a new virtual thread per task
 * @param jitter the source of backoff jitter; null (default) for {@code ThreadLocalRandom}
 * @param errorTranslator turns the runtime's own errors (call timeout, stopped, mailbox full) into
 *     the exception callers see; default identity
 */
public record ConnectionOptions(
        String name,
        int mailboxCapacity,
        int postponeCapacity,
        Duration callTimeout,
        Duration stopTimeout,
        BackoffPolicy backoffPolicy,
        List<ConnectionListener> listeners,
        Ticker ticker,
        Scheduler scheduler,
        ThreadFactory threadFactory,
        Executor completionExecutor,
        RandomGenerator jitter,
        Function<ConnectionException, ? extends RuntimeException> errorTranslator) {

    private static final ConnectionOptions DEFAULTS = builder().build();

    public ConnectionOptions {
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(backoffPolicy, "backoffPolicy");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(completionExecutor, "completionExecutor");
        Objects.requireNonNull(errorTranslator, "errorTranslator");
    }

    /** Every option at its default. */
    public static ConnectionOptions defaults() {
        return DEFAULTS;
    }

    /** A builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options; options already set here may be set again once. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.mailboxCapacity = mailboxCapacity;
        b.postponeCapacity = postponeCapacity;
        b.callTimeout = callTimeout;
        b.stopTimeout = stopTimeout;
        b.backoffPolicy = backoffPolicy;
        b.listeners.addAll(listeners);
        b.ticker = ticker;
        b.scheduler = scheduler;
        b.threadFactory = threadFactory;
        b.completionExecutor = completionExecutor;
        b.jitter = jitter;
        b.errorTranslator = errorTranslator;
        return b;
    }

    /** Builds {@link ConnectionOptions}; each option may be set once. */
    public static final class Builder {
        private final java.util.Set<String> set = new java.util.HashSet<>();
        private String name;
        private int mailboxCapacity = 65_536;
        private int postponeCapacity = 10_000;
        private Duration callTimeout = Duration.ofSeconds(5);
        private Duration stopTimeout = Duration.ofSeconds(5);
        private BackoffPolicy backoffPolicy = BackoffPolicy.defaultPolicy();
        private final List<ConnectionListener> listeners = new ArrayList<>();
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler = SystemScheduler.shared();
        private ThreadFactory threadFactory;
        private Executor completionExecutor = VirtualThreadExecutor.INSTANCE;
        private RandomGenerator jitter;
        private Function<ConnectionException, ? extends RuntimeException> errorTranslator = Function.identity();

        private Builder() {
        }

        private void once(String option) {
            if (!set.add(option)) {
                throw new IllegalStateException(option + " was already set on this builder");
            }
        }

        private static Duration positive(String option, Duration value) {
            Objects.requireNonNull(value, option);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(option + " must be positive, got " + value);
            }
            return value;
        }

        /**
         * Names the connection and registers it, so {@link Tether#whereis(String)} finds it while
         * it runs. Starting a second connection with a live name fails. Default: a generated name,
         * not registered.
         */
        public Builder name(String name) {
            once("name");
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /** Mailbox capacity; default 65,536. */
        public Builder mailboxCapacity(int capacity) {
            once("mailboxCapacity");
            if (capacity < 1) {
                throw new IllegalArgumentException("mailboxCapacity must be at least 1, got " + capacity);
            }
            this.mailboxCapacity = capacity;
            return this;
        }

        /** How many messages Postpone may hold; default 10,000. */
        public Builder postponeCapacity(int capacity) {
            once("postponeCapacity");
            if (capacity < 1) {
                throw new IllegalArgumentException("postponeCapacity must be at least 1, got " + capacity);
            }
            this.postponeCapacity = capacity;
            return this;
        }

        /** Timeout of calls made without one; default 5 s. */
        public Builder callTimeout(Duration timeout) {
            once("callTimeout");
            this.callTimeout = positive("callTimeout", timeout);
            return this;
        }

        /** How long {@code stop()} waits; default 5 s. */
        public Builder stopTimeout(Duration timeout) {
            once("stopTimeout");
            this.stopTimeout = positive("stopTimeout", timeout);
            return this;
        }

        /** The policy behind {@code Backoff.byPolicy()}; default {@link BackoffPolicy#defaultPolicy()}. */
        public Builder backoffPolicy(BackoffPolicy policy) {
            once("backoffPolicy");
            this.backoffPolicy = Objects.requireNonNull(policy, "backoffPolicy");
            return this;
        }

        /** Adds a lifecycle listener; may be called many times. */
        public Builder listener(ConnectionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The clock of deadlines and backoff; default {@link Ticker#system()}. Set with {@link #scheduler}. */
        public Builder ticker(Ticker ticker) {
            once("ticker");
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** The timers; default a shared daemon timer thread. */
        public Builder scheduler(Scheduler scheduler) {
            once("scheduler");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Makes the loop thread; default a virtual thread named {@code tether-<name>}. */
        public Builder threadFactory(ThreadFactory factory) {
            once("threadFactory");
            this.threadFactory = Objects.requireNonNull(factory, "threadFactory");
            return this;
        }

        /** Runs dependent stages of returned futures; default a virtual thread per task. */
        public Builder completionExecutor(Executor executor) {
            once("completionExecutor");
            this.completionExecutor = Objects.requireNonNull(executor, "completionExecutor");
            return this;
        }

        /** The source of backoff jitter; default {@code ThreadLocalRandom}. */
        public Builder jitter(RandomGenerator random) {
            once("jitter");
            this.jitter = Objects.requireNonNull(random, "jitter");
            return this;
        }

        /**
         * Turns the runtime's own errors ({@link dev.tether.connection.CallTimeoutException},
         * {@link dev.tether.connection.ConnectionStoppedException},
         * {@link dev.tether.connection.MailboxFullException}) into the exception callers see, so a
         * protocol can present one exception type of its own. Default: identity.
         */
        public Builder errorTranslator(Function<ConnectionException, ? extends RuntimeException> translator) {
            once("errorTranslator");
            this.errorTranslator = Objects.requireNonNull(translator, "errorTranslator");
            return this;
        }

        /** The options. */
        public ConnectionOptions build() {
            return new ConnectionOptions(name, mailboxCapacity, postponeCapacity, callTimeout, stopTimeout,
                    backoffPolicy, listeners, ticker, scheduler, threadFactory, completionExecutor, jitter,
                    errorTranslator);
        }
    }

    /** The default completion executor: one new virtual thread per dependent stage. */
    private enum VirtualThreadExecutor implements Executor {
        INSTANCE;

        private static final ThreadFactory FACTORY = Thread.ofVirtual().name("tether-completion-", 0).factory();

        @Override
        public void execute(Runnable command) {
            FACTORY.newThread(command).start();
        }
    }
}
