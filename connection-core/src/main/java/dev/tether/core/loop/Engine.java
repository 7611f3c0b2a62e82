package dev.tether.core.loop;

import java.util.random.RandomGenerator;
import java.util.function.Function;
import java.util.concurrent.ThreadFactory;
import java.util.List;
import java.time.Duration;
import dev.tether.connection.Ticker;
import dev.tether.connection.ConnectionListener;
import dev.tether.connection.ConnectionException;
import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.ConnectionRef;
import dev.tether.connection.Scheduler;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The one door from the runtime's public packages ({@code dev.tether.core},
 * {@code dev.tether.core.net}, {@code dev.tether.core.pipe}) into the engine. Everything else in
 * {@code dev.tether.core.loop} is package-private.
 *
 * <p><b>Not API.</b> This class is public only because Java has no "friend" packages: the
 * module does not export {@code dev.tether.core.loop}, so code outside {@code dev.tether.core}
 * cannot reach it on the module path, and code on the class path must not use it. It offers
 * exactly what the public packages need of the engine, nothing more, and may change at any time.
 */
public final class Engine {

    private Engine() {
    }

    /**
     * Starts a connection process: registers its name, starts its loop thread and waits for init
     * (and, if {@code awaitFirstConnect}, for the first connect). Used by {@code Tether}.
     */
    public static <Q, R> ConnectionRef<Q, R> start(Connection<Q, R> behaviour, Settings options,
                                                   boolean awaitFirstConnect) {
        return new ConnectionLoop<>(behaviour, options, awaitFirstConnect).start();
    }

    /** The running connection registered under {@code name}. */
    public static Optional<ConnectionRef<?, ?>> whereis(String name) {
        return NameRegistry.lookup(Objects.requireNonNull(name, "name"));
    }

    /**
     * How a socket reader hands events to {@code owner}. For a connection of this runtime the
     * events bypass the mailbox bound (the reader bounds itself: at most one outstanding event per
     * link, and an event it dropped would be lost for good); any other context gets them through
     * {@code owner.self().send}.
     */
    public static <E> Consumer<E> deliveryTo(ConnectionContext<?, ?> owner) {
        Objects.requireNonNull(owner, "owner");
        if (owner instanceof LoopContext<?, ?> context) {
            LoopHandle<?, ?> handle = context.handle();
            return handle::deliver;
        }
        return event -> owner.self().send(event);
    }

    /** The scheduler shared by every connection that was not given one (one daemon thread). */
    public static Scheduler scheduler() {
        return SystemScheduler.shared();
    }

    /**
     * A future whose dependent stages run on {@code executor}, never on the thread that completes
     * it (a loop or a reader); see docs/behaviour-contract.md, 'Completion threads'.
     */
    public static <T> CompletableFuture<T> completionFuture(Executor executor) {
        return new CompletionFuture<>(Objects.requireNonNull(executor, "executor"));
    }

    /** Records an open socket, for leak checks; {@code resource} is compared by identity. */
    public static void addSocket(Object resource, String description) {
        LiveRegistry.add(LiveRegistry.Kind.SOCKET, resource, description);
    }

    /** Records that a socket recorded with {@link #addSocket} is closed. */
    public static void removeSocket(Object resource) {
        LiveRegistry.remove(LiveRegistry.Kind.SOCKET, resource);
    }

    /** Records a running reader (or drainer) thread, for leak checks; compared by identity. */
    public static void addReader(Object resource, String description) {
        LiveRegistry.add(LiveRegistry.Kind.READER, resource, description);
    }

    /** Records that a reader recorded with {@link #addReader} has ended. */
    public static void removeReader(Object resource) {
        LiveRegistry.remove(LiveRegistry.Kind.READER, resource);
    }

    /** The loops running now, one description each. */
    public static List<String> liveLoops() {
        return LiveRegistry.list(LiveRegistry.Kind.LOOP);
    }

    /** The socket readers running now, one description each. */
    public static List<String> liveReaders() {
        return LiveRegistry.list(LiveRegistry.Kind.READER);
    }

    /** The sockets open now, one description each. */
    public static List<String> liveSockets() {
        return LiveRegistry.list(LiveRegistry.Kind.SOCKET);
    }

    /**
     * What a loop is started with: the options of {@code dev.tether.core.ConnectionOptions}, which
     * {@code Tether} copies in, so that the engine never refers back to the public package that
     * starts it (no import cycle between the two). Validated there.
     */
    public record Settings(
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
    }
}
