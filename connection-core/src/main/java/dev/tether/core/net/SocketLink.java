package dev.tether.core.net;

import dev.tether.connection.ConnectionContext;
import dev.tether.connection.Ticker;
import dev.tether.core.loop.Engine;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A socket owned by one connection, Erlang-style: a reader thread delivers what arrives to the
 * owner's {@code handleInfo} as {@link SocketEvent}s, and the owner writes from its loop.
 *
 * <p>Open it inside {@code connect}; on failure return {@code Backoff}. Flow control is "active
 * once": after each {@link SocketEvent.Data} the reader reads nothing more until the owner calls
 * {@link #activeOnce()}, so the kernel's buffers, not the heap, absorb a fast peer. A link opened
 * with a {@link ReadHandler} instead hands bytes to it on the reader thread (no hand-off); close
 * and failure still arrive as events.
 *
 * <p>Writes run on the caller's thread and return when the bytes are with the kernel. Each is
 * bounded by the write timeout: a peer that stops reading fails the write with a
 * {@link SocketTimeoutException} and closes the link, so the owner's loop never freezes. Since
 * writes are synchronous, at most one write's bytes are in flight per link. The deadline grows
 * with the write's size (the write timeout, plus a tenth of a second per MiB; the pipe writes a
 * large value in 1 MiB slices, each a write with its own deadline, so a value on a slow link
 * that keeps moving is not a stalled peer), and is
 * measured on the owner's {@link Ticker} (a fake one in tests moves it), and a watchdog thread
 * looks at it every few tens of milliseconds of real time.
 *
 * <p>A link opened with {@link #connect(SocketOptions, String)} has no reader thread at all: its
 * owner reads with {@link #read(ByteBuffer, Duration)} on whichever thread it chooses (the
 * request/reply pipe lets a waiting caller read its own reply, saving every hand-off).
 *
 * <p>Every link and its reader are registered with the runtime while they live, so leak checks
 * see them. {@link #close()} is idempotent and safe from any thread.
 */
public final class SocketLink implements AutoCloseable {

    private static final AtomicLong IDS = new AtomicLong();
    private static final int MAX_DIRECT_BUFFER = 64 * 1024 * 1024;

    private final SocketOptions options;
    private final Transport transport;
    private final Consumer<SocketEvent> deliver;
    private final ReadHandler handler;
    private final String description;
    private final Ticker ticker;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock armLock = new ReentrantLock();
    private final Condition armedChanged = armLock.newCondition();
    private boolean armed = true; // guarded by armLock
    /** When the write in progress passes its deadline, on the ticker; 0 while no write is in progress. */
    private volatile long writeDeadlineNanos;
    private volatile long writeBudgetNanos;
    /** What a write may add to the write timeout per byte: a floor of about 10 MB/s. */
    private static final long NANOS_PER_BYTE = 100;
    private volatile boolean writeTimedOut;

    private SocketLink(SocketOptions options, Transport transport, Consumer<SocketEvent> deliver, ReadHandler handler,
                       String owner, Ticker ticker) {
        this.options = options;
        this.ticker = ticker;
        this.transport = transport;
        this.deliver = deliver;
        this.handler = handler;
        this.description = "socket-" + IDS.incrementAndGet() + " " + options.describe() + " of " + owner;
    }

    /**
     * Connects (blocking, within the connect timeout) and starts delivering to {@code owner} in
     * active-once mode: the first Data event is armed. Write deadlines are measured on the
     * owner's {@link ConnectionContext#ticker() ticker}.
     *
     * @throws IOException if connecting or the TLS handshake failed or timed out
     */
    public static SocketLink open(SocketOptions options, ConnectionContext<?, ?> owner) throws IOException {
        return open(options, owner, null);
    }

    /**
     * Connects and hands received bytes to {@code handler} on the reader thread; close and errors
     * still arrive at {@code owner} as {@link SocketEvent}s.
     */
    public static SocketLink open(SocketOptions options, ConnectionContext<?, ?> owner, ReadHandler handler)
            throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(owner, "owner");
        Transport transport = Transport.connect(options);
        SocketLink link = new SocketLink(options, transport, deliveryTo(owner), handler, owner.name(),
                Objects.requireNonNull(owner.ticker(), "owner.ticker()"));
        Engine.addSocket(link, link.description);
        WriteWatchdog.watch(link);
        link.startReader(owner.name());
        return link;
    }

    /**
     * Connects (blocking, within the connect timeout) a link whose owner reads for itself with
     * {@link #read(ByteBuffer, Duration)}: no reader thread, no events. One thread at a time may
     * read, and one at a time may write; the two may overlap.
     *
     * <p>Write deadlines are measured on the system ticker; see
     * {@link #connect(SocketOptions, String, Ticker)} to measure them on the owner's.
     *
     * @param owner the owner's name, for logs and leak reports
     * @throws IOException if connecting or the TLS handshake failed or timed out
     */
    public static SocketLink connect(SocketOptions options, String owner) throws IOException {
        return connect(options, owner, Ticker.system());
    }

    /**
     * As {@link #connect(SocketOptions, String)}, with write deadlines measured on {@code ticker}:
     * the owner's, so that a fake ticker in a test decides when a write has run too long. The
     * watchdog still looks every few tens of milliseconds of real time.
     *
     * @param owner the owner's name, for logs and leak reports
     * @param ticker the clock of the write deadline, usually {@link ConnectionContext#ticker()}
     * @throws IOException if connecting or the TLS handshake failed or timed out
     */
    public static SocketLink connect(SocketOptions options, String owner, Ticker ticker) throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(ticker, "ticker");
        Transport transport = Transport.connect(options);
        SocketLink link = new SocketLink(options, transport, null, null, owner, ticker);
        Engine.addSocket(link, link.description);
        WriteWatchdog.watch(link);
        return link;
    }

    /**
     * True when {@link #read(ByteBuffer, Duration)} honours a timeout (plain TCP). TLS and Unix
     * domain links read only without one.
     */
    public boolean timedReads() {
        return transport.timedReads();
    }

    /**
     * Reads into {@code dst} at its position, for a link opened with {@link #connect}: blocks
     * until some bytes arrive, the peer closes (-1), or {@code timeout} passes (a
     * {@link SocketTimeoutException}, after which the link is still usable). A null timeout
     * blocks without limit. Any other failure closes the link.
     *
     * @throws UnsupportedOperationException for a timeout on a link without {@link #timedReads()}
     */
    public int read(ByteBuffer dst, Duration timeout) throws IOException {
        return readWithin(dst, timeout == null ? 0 : Math.max(1, timeout.toMillis()));
    }

    /**
     * As {@link #read(ByteBuffer, Duration)}, with the timeout in milliseconds, 0 for none: the
     * form for hot paths, which allocates nothing.
     */
    public int readWithin(ByteBuffer dst, long timeoutMillis) throws IOException {
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis must be 0 (none) or positive, got " + timeoutMillis);
        }
        if (closed.get()) {
            throw new ClosedChannelException();
        }
        try {
            if (timeoutMillis > 0) {
                return transport.readWithin(dst, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
            }
            return transport.timedReads() ? transport.readWithin(dst, 0) : transport.read(dst);
        } catch (SocketTimeoutException e) {
            if (writeTimedOut) {
                throw writeTimeout(e);
            }
            throw e;
        } catch (IOException e) {
            close();
            throw writeTimedOut ? writeTimeout(e) : e;
        }
    }

    private static Consumer<SocketEvent> deliveryTo(ConnectionContext<?, ?> owner) {
        // The runtime's own connections take events past the mailbox bound (meant for callers):
        // at most one Data event is outstanding per link, so the reader must not drop events.
        return Engine.deliveryTo(owner);
    }

    private void startReader(String owner) {
        Thread reader = Thread.ofVirtual().name("tether-reader-" + owner).unstarted(this::readLoop);
        Engine.addReader(reader, "reader of " + description);
        reader.start();
    }

    /** Lets the reader deliver one more {@link SocketEvent.Data} (active-once mode). */
    public void activeOnce() {
        armLock.lock();
        try {
            armed = true;
            armedChanged.signal();
        } finally {
            armLock.unlock();
        }
    }

    /** Writes all of {@code bytes[offset, offset+length)}; see the class notes on deadlines. */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        if (closed.get()) {
            throw new ClosedChannelException();
        }
        long budget = options.writeTimeout().toNanos() + length * NANOS_PER_BYTE;
        writeBudgetNanos = budget;
        writeDeadlineNanos = (ticker.nanoTime() + budget) | 1; // never 0, which means "no write in progress"
        try {
            transport.write(bytes, offset, length);
        } catch (IOException e) {
            if (writeTimedOut) {
                throw writeTimeout(e);
            }
            close();
            throw e;
        } finally {
            writeDeadlineNanos = 0;
        }
    }

    /** Writes all remaining bytes of a heap buffer; see the class notes on deadlines. */
    public void write(ByteBuffer buffer) throws IOException {
        if (!buffer.hasArray()) {
            throw new IllegalArgumentException("SocketLink writes from array-backed heap buffers; got "
                    + (buffer.isDirect() ? "a direct buffer" : "a read-only buffer"));
        }
        write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        buffer.position(buffer.limit());
    }

    private SocketTimeoutException writeTimeout(IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException("write to " + options.describe() + " did not finish within "
                + writeBudgetNanos / 1_000_000 + " ms: the peer is not reading");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /**
     * Called by the watchdog: aborts the link if the current write is past its deadline, as this
     * link's ticker tells (the owner's, possibly a test's fake).
     */
    void checkWriteDeadline() {
        long deadline = writeDeadlineNanos;
        if (deadline == 0 || closed.get()) {
            return;
        }
        if (ticker.nanoTime() - deadline > 0) {
            writeTimedOut = true;
            close();
        }
    }

    /** True until closed by either side. */
    public boolean isOpen() {
        return !closed.get();
    }

    /** Where this link is connected, for logs: e.g. "tcp 127.0.0.1:6379". */
    public String peer() {
        return options.describe();
    }

    /** Closes the socket and stops the reader; no event is delivered for a close by the owner. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.close();
            WriteWatchdog.forget(this);
            Engine.removeSocket(this);
            armLock.lock();
            try {
                armedChanged.signalAll();
            } finally {
                armLock.unlock();
            }
        }
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(options.readBufferSize());
        SocketEvent end = null;
        try {
            while (awaitArmed()) {
                int n = transport.read(buffer);
                if (n < 0) {
                    end = new SocketEvent.Closed(this);
                    break;
                }
                if (n == 0) {
                    continue;
                }
                buffer.flip();
                if (handler != null) {
                    handler.onBytes(buffer);
                    buffer = compactOrGrow(buffer);
                } else {
                    byte[] copy = new byte[buffer.remaining()];
                    buffer.get(copy);
                    buffer.clear();
                    disarm();
                    deliver.accept(new SocketEvent.Data(this, copy));
                }
            }
        } catch (IOException e) {
            end = new SocketEvent.Failed(this, writeTimedOut ? writeTimeout(e) : e);
        } catch (Throwable e) {
            // Errors too: the owner must hear that its link is gone, whatever killed the reader.
            end = new SocketEvent.Failed(this, new IOException("read handler of " + description + " failed: " + e, e));
        } finally {
            Thread.interrupted();
            boolean closedByOwner = !closed.compareAndSet(false, true);
            if (!closedByOwner) {
                transport.close();
                WriteWatchdog.forget(this);
                Engine.removeSocket(this);
            }
            Engine.removeReader(Thread.currentThread());
            if (end != null && (!closedByOwner || writeTimedOut)) {
                deliver.accept(end);
            }
        }
    }

    private ByteBuffer compactOrGrow(ByteBuffer buffer) throws IOException {
        if (buffer.position() > 0 || buffer.limit() < buffer.capacity()) {
            buffer.compact();
            return buffer;
        }
        // The handler consumed nothing from a full buffer: one frame is larger than the buffer.
        if (buffer.capacity() >= MAX_DIRECT_BUFFER) {
            throw new IOException("read handler of " + description + " made no progress on "
                    + buffer.capacity() + " bytes");
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_DIRECT_BUFFER, buffer.capacity() * 2));
        bigger.put(buffer);
        return bigger;
    }

    private boolean awaitArmed() {
        if (handler != null) {
            return !closed.get();
        }
        armLock.lock();
        try {
            while (!armed && !closed.get()) {
                armedChanged.await(1, TimeUnit.SECONDS);
            }
            return !closed.get();
        } catch (InterruptedException e) {
            return false;
        } finally {
            armLock.unlock();
        }
    }

    private void disarm() {
        armLock.lock();
        try {
            armed = false;
        } finally {
            armLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SocketLink[" + description + (closed.get() ? ", closed" : "") + "]";
    }
}
