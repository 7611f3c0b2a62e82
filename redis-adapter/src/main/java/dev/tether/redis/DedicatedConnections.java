package dev.tether.redis;

import dev.tether.redis.RedisConnectionException.Reason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The dedicated connections a client keeps beside its shared one, for what would hold the shared
 * one up: blocking commands and watch transactions. At most
 * {@link RedisOptions#maxDedicatedConnections()} are open (lent plus idle plus opening); a caller
 * finding them all busy waits within its command timeout, then fails with
 * {@link Reason#OVERLOADED}, and at most {@link #MAX_WAITING} callers wait at once. An idle one
 * closes after {@link RedisOptions#dedicatedIdleTimeout()}; the most recently used is lent first,
 * so a quieter load lets the rest expire.
 *
 * <p>When a connection goes back: after a reply (a server error reply included) it is reused;
 * after a {@link RedisConnectionException} (a TIMEOUT above all) it is closed, never reused: a
 * blocking pop answered after its caller gave up would otherwise be read and dropped, and the
 * element lost. A server error saying the node changed role (READONLY, UNBLOCKED) closes it too.
 * Whatever else a piece of work leaves on its connection (a WATCH) it resets itself, or closes
 * the connection.
 */
final class DedicatedConnections {

    /** Callers waiting at once for a free connection; one more fails at once with OVERLOADED. */
    static final int MAX_WAITING = 1024;
    private static final Executor REAPER = r -> Thread.ofVirtual().name("tether-dedicated-reaper").start(r);

    private final RedisOptions options;
    private final Supplier<DefaultRedisClient> opener;
    /** Whether an idle connection may still be lent (under Sentinel: it is on the current primary). */
    private final Predicate<DefaultRedisClient> current;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    /** Idle connections, the most recently used first. */
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();
    private final Set<DefaultRedisClient> lent = new HashSet<>();
    private int opening;
    private int waiting;
    private boolean reaperScheduled;
    private boolean closed;

    private record Idle(DefaultRedisClient client, long sinceNanos) {
    }

    DedicatedConnections(RedisOptions options, Supplier<DefaultRedisClient> opener, Predicate<DefaultRedisClient> current) {
        this.options = options;
        this.opener = opener;
        this.current = current;
    }

    /** Runs {@code work} on a dedicated connection, on this thread; {@code what} names it in errors. */
    <T> T run(String what, Function<DefaultRedisClient, T> work) {
        DefaultRedisClient c = borrow(what);
        Throwable failure = null;
        try {
            return work.apply(c);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            giveBack(c, failure);
        }
    }

    /**
     * Runs {@code work} (which sends and returns the reply's future) on a dedicated connection.
     * With an idle connection at hand it runs at once; otherwise a virtual thread waits for one,
     * so the caller never blocks. The connection goes back before the returned future completes.
     */
    <T> CompletableFuture<T> runAsync(String what, Function<DefaultRedisClient, CompletableFuture<T>> work) {
        DefaultRedisClient c = takeIdleNow();
        if (c != null) {
            return attach(c, work);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().name("tether-dedicated-wait").start(() -> {
            try {
                attach(borrow(what), work).whenComplete((v, e) -> {
                    if (e == null) {
                        result.complete(v);
                    } else {
                        result.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private <T> CompletableFuture<T> attach(DefaultRedisClient c, Function<DefaultRedisClient, CompletableFuture<T>> work) {
        CompletableFuture<T> sent;
        try {
            sent = work.apply(c);
        } catch (RuntimeException | Error e) {
            giveBack(c, e);
            throw e;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        sent.whenComplete((v, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            giveBack(c, cause);
            if (cause == null) {
                result.complete(v);
            } else {
                result.completeExceptionally(cause);
            }
        });
        return result;
    }

    private DefaultRedisClient borrow(String what) {
        long deadline = System.nanoTime() + options.commandTimeout().toNanos();
        List<DefaultRedisClient> stale = new ArrayList<>();
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new RedisConnectionException(Reason.STOPPED, "the client is closed; " + what + " was not sent");
                }
                DefaultRedisClient c = takeIdle(stale);
                if (c != null) {
                    return c;
                }
                if (lent.size() + opening < options.maxDedicatedConnections()) {
                    opening++;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || waiting >= MAX_WAITING) {
                    throw new RedisConnectionException(Reason.OVERLOADED, "all " + options.maxDedicatedConnections()
                            + " dedicated connections (RedisOptions.maxDedicatedConnections) are busy with blocking"
                            + " commands or watch transactions"
                            + (left <= 0 ? ", and none came free within the command timeout of "
                                    + options.commandTimeout().toMillis() + " ms" : ", with " + waiting + " callers waiting")
                            + "; " + what + " was not sent");
                }
                waiting++;
                try {
                    freed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RedisConnectionException(Reason.CLOSED, "interrupted while waiting for a dedicated"
                            + " connection; " + what + " was not sent");
                } finally {
                    waiting--;
                }
            }
        } finally {
            lock.unlock();
            stale.forEach(DefaultRedisClient::close);
        }
        return openOne();
    }

    /** Opens one more connection, outside the lock: connecting takes a round trip or more. */
    private DefaultRedisClient openOne() {
        DefaultRedisClient c;
        try {
            c = opener.get();
        } catch (RuntimeException | Error e) {
            lock.lock();
            try {
                opening--;
                freed.signal();
            } finally {
                lock.unlock();
            }
            throw e;
        }
        lock.lock();
        try {
            opening--;
            if (!closed) {
                lent.add(c);
                return c;
            }
        } finally {
            lock.unlock();
        }
        c.close();
        throw new RedisConnectionException(Reason.STOPPED, "the client was closed while a dedicated connection opened");
    }

    /** An idle connection if one is usable now, else null (without waiting or opening). */
    private DefaultRedisClient takeIdleNow() {
        List<DefaultRedisClient> stale = new ArrayList<>();
        lock.lock();
        try {
            return closed ? null : takeIdle(stale);
        } finally {
            lock.unlock();
            stale.forEach(DefaultRedisClient::close);
        }
    }

    /** Under the lock: lends the most recent usable idle connection; unusable ones go to {@code stale}. */
    private DefaultRedisClient takeIdle(List<DefaultRedisClient> stale) {
        Idle next;
        while ((next = idle.pollFirst()) != null) {
            DefaultRedisClient c = next.client();
            if (c.reusable() && current.test(c)) {
                lent.add(c);
                return c;
            }
            stale.add(c);
        }
        return null;
    }

    private void giveBack(DefaultRedisClient c, Throwable failure) {
        boolean keep = reusableAfter(failure);
        lock.lock();
        try {
            lent.remove(c);
            if (keep && !closed && c.reusable()) {
                idle.addFirst(new Idle(c, System.nanoTime()));
                scheduleReaper(options.dedicatedIdleTimeout().toNanos());
                c = null;
            }
            freed.signal();
        } finally {
            lock.unlock();
        }
        if (c != null) {
            c.close();
        }
    }

    private static boolean reusableAfter(Throwable failure) {
        if (failure instanceof RedisErrorException e) {
            String code = e.error().code();
            return !code.equals("READONLY") && !code.equals("UNBLOCKED");
        }
        return !(failure instanceof RedisConnectionException) && !(failure instanceof Error);
    }

    /** Under the lock: one pending reaper at a time, due when the oldest idle connection expires. */
    private void scheduleReaper(long delayNanos) {
        if (!reaperScheduled && !closed) {
            reaperScheduled = true;
            CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, REAPER).execute(this::reap);
        }
    }

    private void reap() {
        List<DefaultRedisClient> expired = new ArrayList<>();
        lock.lock();
        try {
            reaperScheduled = false;
            long timeout = options.dedicatedIdleTimeout().toNanos();
            long now = System.nanoTime();
            Idle oldest;
            while ((oldest = idle.peekLast()) != null && now - oldest.sinceNanos() >= timeout) {
                expired.add(idle.pollLast().client());
            }
            if (oldest != null) {
                scheduleReaper(oldest.sinceNanos() + timeout - now);
            }
        } finally {
            lock.unlock();
        }
        expired.forEach(DefaultRedisClient::close);
    }

    /** Open connections: lent, idle and opening. */
    int size() {
        lock.lock();
        try {
            return lent.size() + idle.size() + opening;
        } finally {
            lock.unlock();
        }
    }

    /** Closes every connection; callers blocked on one fail with STOPPED, waiting ones too. */
    void close() {
        close(Duration.ZERO);
    }

    /**
     * As {@link #close()}, but the connections lent out close with {@code drain} (all at once),
     * so the blocking commands on them may finish; no connection is lent any more.
     */
    void close(Duration drain) {
        Closing.all(closeIdle(), drain);
    }

    /** Marks the pool closed, wakes its waiters, closes the idle connections; returns the lent ones. */
    private List<DefaultRedisClient> closeIdle() {
        List<DefaultRedisClient> idleOnes = new ArrayList<>();
        List<DefaultRedisClient> busy;
        lock.lock();
        try {
            closed = true;
            idle.forEach(i -> idleOnes.add(i.client()));
            idle.clear();
            busy = new ArrayList<>(lent);
            freed.signalAll();
        } finally {
            lock.unlock();
        }
        idleOnes.forEach(DefaultRedisClient::close);
        return busy;
    }
}
