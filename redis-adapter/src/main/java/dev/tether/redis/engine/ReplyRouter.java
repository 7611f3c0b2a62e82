package dev.tether.redis.engine;

import dev.tether.core.net.ReadHandler;
import dev.tether.redis.resp.Attributed;
import dev.tether.redis.resp.RespDecoder;
import dev.tether.redis.resp.RespError;
import dev.tether.redis.resp.RespLimits;
import dev.tether.redis.resp.RespProtocolException;
import dev.tether.redis.resp.RespPush;
import dev.tether.redis.resp.RespValue;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The reader side of one socket: decodes replies and hands each to the oldest waiting request,
 * completing callers directly on the reader thread (no hand-off through the loop; REDIS-SPEC
 * lets the reader do this as long as lifecycle decisions stay on the loop). RESP3 push frames
 * go to the push sink and are never matched to a request, so one stray push cannot shift every
 * later reply by one.
 *
 * <p>One router per socket: after a reconnect the old router, its decoder and its queue are
 * dropped whole, so a reply can never reach a request of another connection.
 */
final class ReplyRouter implements ReadHandler {

    private final RespDecoder decoder;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final Consumer<RespPush> pushes;
    private volatile long lastReadNanos = System.nanoTime();
    private volatile RespError unsolicitedError;
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private boolean dead; // guarded by lock
    private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();

    ReplyRouter(RespLimits limits, Consumer<RespPush> pushes) {
        this.decoder = new RespDecoder(limits);
        this.pushes = pushes;
    }

    /** Registers a request before its bytes are written. Loop thread. */
    void expect(Pending pending) {
        pending.writtenNanos = System.nanoTime();
        outstanding.incrementAndGet();
        waiting.add(pending);
    }

    /** Requests registered and not yet answered (a reply or a failure). */
    int outstanding() {
        return outstanding.get();
    }

    /** True when requests are waiting for replies. */
    boolean hasOutstanding() {
        return !waiting.isEmpty();
    }

    /**
     * How long replies have been due without a byte arriving: zero when nothing is waiting, else
     * the time since the later of the last read and the oldest request's write. Compared by the
     * health check with the head request's allowance.
     */
    long silentNanos(long now) {
        Pending head = waiting.peek();
        if (head == null) {
            return 0;
        }
        return now - Math.max(lastReadNanos, head.writtenNanos);
    }

    /** An error the server sent before any command was written (a refusal on accept), or null. */
    RespError unsolicitedError() {
        return unsolicitedError;
    }

    /** The oldest request still waiting, or null. */
    Pending head() {
        return waiting.peek();
    }

    /** System.nanoTime() of the last read that returned bytes. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    /**
     * Routes what was read. Under {@link #lock}, so that {@link #failAll} (the loop tearing the
     * link down) never interleaves with a reader that is between matching a reply to the head
     * request and removing that head: the reader would then remove the next, live request and
     * hand every later reply to the wrong caller.
     */
    @Override
    public void onBytes(ByteBuffer data) {
        lastReadNanos = System.nanoTime();
        lock.lock();
        try {
            if (dead) {
                throw new java.io.UncheckedIOException(new java.io.IOException("the link was torn down"));
            }
            RespValue value;
            while ((value = decoder.next(data)) != null) {
                route(value);
            }
        } finally {
            lock.unlock();
        }
    }

    private void route(RespValue value) {
        RespValue v = value instanceof Attributed a ? a.value() : value;
        if (v instanceof RespPush push) {
            pushes.accept(push);
            return;
        }
        Pending head = waiting.peek();
        if (head == null) {
            if (v instanceof RespError error) {
                // A server that refuses a connection ("max number of clients reached") says so
                // before it reads anything: keep the reason for the handshake, then drop the link.
                unsolicitedError = error;
            }
            throw new RespProtocolException("the server sent a reply no command was waiting for: " + v, decoder.bytesConsumed());
        }
        if (head.accept(v)) {
            waiting.poll();
            outstanding.decrementAndGet();
        }
    }

    /**
     * Fails every waiting request; the socket is gone. Loop thread, after the link closed. Waits
     * for a reader still routing a batch (at most one read buffer of replies), then no reply is
     * routed again.
     */
    void failAll(RuntimeException error) {
        lock.lock();
        try {
            dead = true;
            Pending p;
            while ((p = waiting.poll()) != null) {
                outstanding.decrementAndGet();
                p.fail(error);
            }
        } finally {
            lock.unlock();
        }
    }
}
