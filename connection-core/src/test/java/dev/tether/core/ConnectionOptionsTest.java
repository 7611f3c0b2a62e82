package dev.tether.core;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionException;
import dev.tether.connection.ConnectionListener;
import dev.tether.connection.Scheduler;
import dev.tether.connection.Ticker;
import dev.tether.core.loop.Engine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The options of a connection: documented defaults, set-once builder, validation. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConnectionOptionsTest {

    private static final Ticker TICKER = () -> 42L;
    private static final Scheduler SCHEDULER = (delay, task) -> () -> false;
    private static final ThreadFactory THREADS = Thread.ofPlatform().factory();
    private static final Executor EXECUTOR = Runnable::run;
    private static final Function<ConnectionException, RuntimeException> TRANSLATOR = IllegalStateException::new;

    /** Every option that may be set once, with a valid value. */
    private static final Map<String, Consumer<ConnectionOptions.Builder>> SETTERS = Map.ofEntries(
            Map.entry("name", b -> b.name("orders")),
            Map.entry("mailboxCapacity", b -> b.mailboxCapacity(10)),
            Map.entry("postponeCapacity", b -> b.postponeCapacity(10)),
            Map.entry("callTimeout", b -> b.callTimeout(Duration.ofSeconds(1))),
            Map.entry("stopTimeout", b -> b.stopTimeout(Duration.ofSeconds(1))),
            Map.entry("backoffPolicy", b -> b.backoffPolicy(BackoffPolicy.constant(Duration.ofSeconds(1)))),
            Map.entry("ticker", b -> b.ticker(TICKER)),
            Map.entry("scheduler", b -> b.scheduler(SCHEDULER)),
            Map.entry("threadFactory", b -> b.threadFactory(THREADS)),
            Map.entry("completionExecutor", b -> b.completionExecutor(EXECUTOR)),
            Map.entry("jitter", b -> b.jitter(new SplittableRandom(1))),
            Map.entry("errorTranslator", b -> b.errorTranslator(TRANSLATOR)));

    @Test
    void the_defaults_are_as_documented() {
        ConnectionOptions options = ConnectionOptions.defaults();
        assertNull(options.name(), "a generated, unregistered name");
        assertEquals(65_536, options.mailboxCapacity());
        assertEquals(10_000, options.postponeCapacity());
        assertEquals(Duration.ofSeconds(5), options.callTimeout());
        assertEquals(Duration.ofSeconds(5), options.stopTimeout());
        assertSame(BackoffPolicy.defaultPolicy(), options.backoffPolicy());
        assertEquals(List.of(), options.listeners());
        assertSame(Engine.scheduler(), options.scheduler());
        assertNull(options.threadFactory(), "a virtual thread per loop");
        assertNull(options.jitter(), "ThreadLocalRandom");
        ConnectionException error = new ConnectionException("x");
        assertSame(error, options.errorTranslator().apply(error), "identity");
        long before = System.nanoTime();
        long read = options.ticker().nanoTime();
        assertTrue(read >= before && read <= System.nanoTime(), "the system ticker");
        assertEquals(options, ConnectionOptions.builder().build());
    }

    @Test
    void the_default_completion_executor_runs_each_stage_on_a_new_virtual_thread() throws Exception {
        CompletableFuture<Thread> first = new CompletableFuture<>();
        CompletableFuture<Thread> second = new CompletableFuture<>();
        Executor executor = ConnectionOptions.defaults().completionExecutor();
        assertNotNull(executor);

        executor.execute(() -> first.complete(Thread.currentThread()));
        executor.execute(() -> second.complete(Thread.currentThread()));

        Thread a = first.get(5, TimeUnit.SECONDS);
        Thread b = second.get(5, TimeUnit.SECONDS);
        assertTrue(a.isVirtual() && b.isVirtual());
        assertTrue(a != b, "a new thread per task");
        assertTrue(a.getName().startsWith("tether-completion-"), a.getName());
    }

    @Test
    void every_option_is_kept_as_set() {
        ConnectionOptions.Builder builder = ConnectionOptions.builder();
        SETTERS.values().forEach(setter -> setter.accept(builder));
        ConnectionListener listener = event -> { };
        ConnectionOptions options = builder.listener(listener).build();

        assertEquals("orders", options.name());
        assertEquals(10, options.mailboxCapacity());
        assertEquals(10, options.postponeCapacity());
        assertEquals(Duration.ofSeconds(1), options.callTimeout());
        assertEquals(Duration.ofSeconds(1), options.stopTimeout());
        assertEquals(BackoffPolicy.Strategy.CONSTANT, options.backoffPolicy().strategy());
        assertSame(TICKER, options.ticker());
        assertSame(SCHEDULER, options.scheduler());
        assertSame(THREADS, options.threadFactory());
        assertSame(EXECUTOR, options.completionExecutor());
        assertNotNull(options.jitter());
        assertSame(TRANSLATOR, options.errorTranslator());
        assertEquals(List.of(listener), options.listeners());
    }

    @Test
    void setting_an_option_twice_fails_with_a_message_naming_it() {
        assertAll(SETTERS.entrySet().stream().map(e -> (Executable) () -> {
            ConnectionOptions.Builder builder = ConnectionOptions.builder();
            e.getValue().accept(builder);
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> e.getValue().accept(builder));
            assertEquals(e.getKey() + " was already set on this builder", error.getMessage());
        }));
    }

    @Test
    void listeners_may_be_added_many_times_and_the_built_list_is_a_frozen_copy() {
        ConnectionListener a = event -> { };
        ConnectionListener b = event -> { };
        ConnectionOptions.Builder builder = ConnectionOptions.builder().listener(a).listener(b);
        ConnectionOptions options = builder.build();
        builder.listener(event -> { });

        assertEquals(List.of(a, b), options.listeners());
        assertThrows(UnsupportedOperationException.class, () -> options.listeners().add(a));
    }

    @Test
    void invalid_values_are_rejected_with_a_message_saying_why() {
        assertAll(
                rejects(IllegalArgumentException.class, "name must not be blank", b -> b.name("  ")),
                rejects(NullPointerException.class, "name", b -> b.name(null)),
                rejects(IllegalArgumentException.class, "mailboxCapacity must be at least 1, got 0",
                        b -> b.mailboxCapacity(0)),
                rejects(IllegalArgumentException.class, "postponeCapacity must be at least 1, got -1",
                        b -> b.postponeCapacity(-1)),
                rejects(IllegalArgumentException.class, "callTimeout must be positive, got PT0S",
                        b -> b.callTimeout(Duration.ZERO)),
                rejects(IllegalArgumentException.class, "stopTimeout must be positive, got PT-1S",
                        b -> b.stopTimeout(Duration.ofSeconds(-1))),
                rejects(NullPointerException.class, "callTimeout", b -> b.callTimeout(null)),
                rejects(NullPointerException.class, "backoffPolicy", b -> b.backoffPolicy(null)),
                rejects(NullPointerException.class, "ticker", b -> b.ticker(null)),
                rejects(NullPointerException.class, "scheduler", b -> b.scheduler(null)),
                rejects(NullPointerException.class, "threadFactory", b -> b.threadFactory(null)),
                rejects(NullPointerException.class, "completionExecutor", b -> b.completionExecutor(null)),
                rejects(NullPointerException.class, "jitter", b -> b.jitter(null)),
                rejects(NullPointerException.class, "errorTranslator", b -> b.errorTranslator(null)),
                rejects(NullPointerException.class, "listener", b -> b.listener(null)));
    }

    @Test
    void the_canonical_constructor_rejects_the_values_the_builder_rejects() {
        assertAll(
                () -> assertThrows(IllegalArgumentException.class, () -> defaultsWith("mailboxCapacity", 0)),
                () -> assertThrows(IllegalArgumentException.class, () -> defaultsWith("postponeCapacity", -1)),
                () -> assertThrows(IllegalArgumentException.class, () -> defaultsWith("callTimeout", Duration.ZERO)),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> defaultsWith("stopTimeout", Duration.ofSeconds(-1))),
                () -> assertThrows(IllegalArgumentException.class, () -> defaultsWith("name", " ")));
    }

    /** The defaults with one record component replaced, through the public canonical constructor. */
    private static ConnectionOptions defaultsWith(String component, Object value) throws Throwable {
        ConnectionOptions defaults = ConnectionOptions.defaults();
        RecordComponent[] components = ConnectionOptions.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = components[i].getName().equals(component) ? value : components[i].getAccessor().invoke(defaults);
        }
        try {
            return ConnectionOptions.class.getConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Executable rejects(Class<? extends RuntimeException> type, String message,
                                      Consumer<ConnectionOptions.Builder> setter) {
        return () -> assertEquals(message,
                assertThrows(type, () -> setter.accept(ConnectionOptions.builder())).getMessage());
    }

    @Test
    void toBuilder_starts_from_the_options_and_lets_each_be_set_once_more() {
        ConnectionOptions original = ConnectionOptions.builder().name("orders").mailboxCapacity(10).build();

        ConnectionOptions.Builder builder = original.toBuilder().mailboxCapacity(20);
        ConnectionOptions changed = builder.build();

        assertEquals("orders", changed.name());
        assertEquals(20, changed.mailboxCapacity());
        assertEquals(10, original.mailboxCapacity(), "immutable");
        assertEquals(original.toBuilder().build(), original);
        assertThrows(IllegalStateException.class, () -> builder.mailboxCapacity(30));
    }
}
