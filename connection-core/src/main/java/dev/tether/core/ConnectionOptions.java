package dev.tether.core;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionException;
import dev.tether.connection.ConnectionListener;
import dev.tether.connection.Scheduler;
import dev.tether.connection.Ticker;
import dev.tether.core.loop.Engine;
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
 * @param ticker the clock of deadlines and backoff, and of a pipe's stall check, early-connect window
 *     and write deadlines; default {@link Ticker#system()}
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

    /**
     * Checks every option: a non-blank name or none, capacities of at least 1, positive timeouts,
     * and no null where a value is required; copies the listeners.
     */
    public ConnectionOptions {
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (mailboxCapacity < 1) {
            throw new IllegalArgumentException("mailboxCapacity must be at least 1, got " + mailboxCapacity);
        }
        if (postponeCapacity < 1) {
            throw new IllegalArgumentException("postponeCapacity must be at least 1, got " + postponeCapacity);
        }
        Builder.positive("callTimeout", callTimeout);
        Builder.positive("stopTimeout", stopTimeout);
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
        private Scheduler scheduler = Engine.scheduler();
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
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            once("name");
            this.name = name;
            return this;
        }

        /** Mailbox capacity; default 65,536. */
        public Builder mailboxCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("mailboxCapacity must be at least 1, got " + capacity);
            }
            once("mailboxCapacity");
            this.mailboxCapacity = capacity;
            return this;
        }

        /** How many messages Postpone may hold; default 10,000. */
        public Builder postponeCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("postponeCapacity must be at least 1, got " + capacity);
            }
            once("postponeCapacity");
            this.postponeCapacity = capacity;
            return this;
        }

        /** Timeout of calls made without one; default 5 s. */
        public Builder callTimeout(Duration timeout) {
            var checked = positive("callTimeout", timeout);
            once("callTimeout");
            this.callTimeout = checked;
            return this;
        }

        /** How long {@code stop()} waits; default 5 s. */
        public Builder stopTimeout(Duration timeout) {
            var checked = positive("stopTimeout", timeout);
            once("stopTimeout");
            this.stopTimeout = checked;
            return this;
        }

        /** The policy behind {@code Backoff.byPolicy()}; default {@link BackoffPolicy#defaultPolicy()}. */
        public Builder backoffPolicy(BackoffPolicy policy) {
            var checked = Objects.requireNonNull(policy, "backoffPolicy");
            once("backoffPolicy");
            this.backoffPolicy = checked;
            return this;
        }

        /** Adds a lifecycle listener; may be called many times. */
        public Builder listener(ConnectionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The clock of deadlines and backoff, and of a pipe's stall check, early-connect window and
         * write deadlines; default {@link Ticker#system()}. Set with {@link #scheduler}.
         */
        public Builder ticker(Ticker ticker) {
            var checked = Objects.requireNonNull(ticker, "ticker");
            once("ticker");
            this.ticker = checked;
            return this;
        }

        /** The timers; default a shared daemon timer thread. */
        public Builder scheduler(Scheduler scheduler) {
            var checked = Objects.requireNonNull(scheduler, "scheduler");
            once("scheduler");
            this.scheduler = checked;
            return this;
        }

        /** Makes the loop thread; default a virtual thread named {@code tether-<name>}. */
        public Builder threadFactory(ThreadFactory factory) {
            var checked = Objects.requireNonNull(factory, "threadFactory");
            once("threadFactory");
            this.threadFactory = checked;
            return this;
        }

        /** Runs dependent stages of returned futures; default a virtual thread per task. */
        public Builder completionExecutor(Executor executor) {
            var checked = Objects.requireNonNull(executor, "completionExecutor");
            once("completionExecutor");
            this.completionExecutor = checked;
            return this;
        }

        /** The source of backoff jitter; default {@code ThreadLocalRandom}. */
        public Builder jitter(RandomGenerator random) {
            var checked = Objects.requireNonNull(random, "jitter");
            once("jitter");
            this.jitter = checked;
            return this;
        }

        /**
         * Turns the runtime's own errors ({@link dev.tether.connection.CallTimeoutException},
         * {@link dev.tether.connection.ConnectionStoppedException},
         * {@link dev.tether.connection.MailboxFullException}) into the exception callers see, so a
         * protocol can present one exception type of its own. Default: identity.
         */
        public Builder errorTranslator(Function<ConnectionException, ? extends RuntimeException> translator) {
            var checked = Objects.requireNonNull(translator, "errorTranslator");
            once("errorTranslator");
            this.errorTranslator = checked;
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
