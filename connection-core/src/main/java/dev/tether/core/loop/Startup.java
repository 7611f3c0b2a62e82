package dev.tether.core.loop;

import dev.tether.connection.StartFailedException;
import dev.tether.connection.StopReason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What a starting thread waits for: init to return and, for {@code Tether.startConnected}, the
 * first connect to succeed. The loop completes both; {@link #await} is the starter's side.
 */
final class Startup {

    private final String name;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> firstConnect;

    Startup(String name, boolean awaitFirstConnect) {
        this.name = name;
        this.firstConnect = awaitFirstConnect ? new CompletableFuture<>() : null;
    }

    /** init returned and the process runs (a runtime error before that counts too). */
    void initReturned() {
        started.complete(null);
    }

    /** init did not start the process; the starter gets {@code error}. */
    void initFailed(RuntimeException error) {
        started.completeExceptionally(error);
    }

    /** The connection is up: a starter waiting for the first connect may go. */
    void connected() {
        if (firstConnect != null) {
            firstConnect.complete(null);
        }
    }

    /** True while a synchronous start still waits for its first connect. */
    boolean awaitingFirstConnect() {
        return firstConnect != null && !firstConnect.isDone();
    }

    /** The process stopped: a starter still waiting for the first connect is told why. */
    void stopped(StopReason reason) {
        if (awaitingFirstConnect()) {
            firstConnect.completeExceptionally(new StartFailedException(name, reason));
        }
    }

    /**
     * The starter's side: waits, uninterruptibly, for init and, if asked, the first connect; if
     * that failed, waits (a while) for {@code loopThread} to finish stopping, then throws.
     */
    void await(Thread loopThread) {
        awaitUninterruptibly(started);
        if (firstConnect != null) {
            try {
                awaitUninterruptibly(firstConnect);
            } catch (StartFailedException e) {
                joinQuietly(loopThread);
                throw e;
            }
        }
    }

    private static void awaitUninterruptibly(CompletableFuture<Void> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
