package dev.tether.core.pipe;

import dev.tether.core.loop.Engine;
import dev.tether.core.net.SocketLink;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine of one live connection: who writes, who reads, and the in-flight queue between them.
 * Lifecycle decisions stay on the pipe's loop ({@link PipeConnection}); a lane only reports that
 * its link failed.
 *
 * <p><b>Writing (combining).</b> A caller queues its request in {@link #submissions} and, if the
 * write lock is free, takes it and writes every queued request in one go on its own thread:
 * encode, link into the in-flight queue (the reply slot exists before any byte is written), and
 * write in chunks of at most {@link #CHUNK} bytes, so the server works while the rest is encoded.
 * A caller that finds the lock taken leaves its request to the holder, which looks at the queue
 * again after unlocking, so no request is stranded.
 *
 * <p><b>Reading.</b> Exactly one thread reads at a time: whoever holds {@link #token}. A
 * synchronous caller that wrote its request takes the token if it is free and reads until its own
 * reply arrives, completing every earlier request on the way (leader/follower); a serial caller
 * therefore sleeps once per request, in its own read, like a blocking client. When the reader
 * leaves with replies still due, one waiting caller with the only reply due is woken to read for
 * itself; with several due, a drainer takes over: a pooled platform thread ({@link ReaderPool})
 * that reads while replies are due and then gives the thread back, so many concurrent callers are
 * served by one reader without passing the token from caller to caller. A connection quiet for a
 * few milliseconds gets a watcher ({@link IdleWatch}): a virtual thread blocked in a read, so a
 * reset or a push is seen at once while no platform thread is held. Links without timed reads
 * (TLS, Unix sockets) keep one drainer on a virtual thread for their whole life, and their
 * callers only wait; so do the lanes of a pipe built with a dedicated reader, whose drainer is a
 * platform thread (it reads all the time, and may wait in the push listener).
 *
 * <p><b>Teardown.</b> {@link #close} marks the lane closed under the write lock, so no request is
 * linked after it, then fails what is in flight. It never unlinks anything, and a reader still
 * busy with bytes read before the close stops at the next frame; the lane's codec is its own, so
 * that reader never shares decoding state with the next connection's.
 *
 * <p>Longer than 400 lines on purpose: writing, reading and teardown share the in-flight queue,
 * the token and the closed flag, and the invariants between them read best in one file.
 */
final class Lane<B extends Request<?>> {

    /**
     * Whether callers read their own replies (leader/follower). The system property
     * {@code tether.pipe.callersRead=false} turns it off, leaving all reading to drainers: only
     * for measuring one design against the other (see BENCHMARKS.md), not a tuning knob.
     */
    private static final boolean CALLERS_READ = !"false".equals(System.getProperty("tether.pipe.callersRead"));

    private static final long MAX_READ_WAIT_MILLIS = 1_000;
    /**
     * The longest a waiting caller parks before it looks at the ticker again: deadlines are
     * decided on the connection's ticker, which a park in real time cannot follow (a test's fake
     * time jumps), so a wait is cut into real-time slices of at most this much.
     */
    static final long MAX_PARK_NANOS = MAX_READ_WAIT_MILLIS * 1_000_000L;

    /** Bytes written at once while encoding goes on: the server starts on the first chunk early. */
    static final int CHUNK = 16 * 1024;
    /** The slice of a caller's large array written at once (see {@link #writeDirect}). */
    private static final int DIRECT_SLICE = 1024 * 1024;
    private static final int RETAINED_WRITE_BUFFER = 64 * 1024;
    private static final int INITIAL_WRITE_BUFFER = 512;

    final SocketLink link;
    private final Codec<B> codec;
    private final PipeConnection<B> owner;
    private final boolean callersRead;
    private final boolean dedicatedReader;
    private final int maxFrameBytes;
    private final int readBufferSize;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Exchange<?>> submissions = new ConcurrentLinkedQueue<>();
    private final WriteBuffer out = new WriteBuffer(INITIAL_WRITE_BUFFER);
    private final WriteBuffer.Direct direct = this::writeDirect;
    private final ArrayList<Exchange<?>> oneWay = new ArrayList<>(); // guarded by writeLock
    private Exchange<?> tail; // guarded by writeLock
    private Exchange<?> encoding; // the request being encoded; guarded by writeLock

    private final AtomicBoolean token = new AtomicBoolean();
    private final AtomicBoolean drainerRunning = new AtomicBoolean();
    private volatile Exchange<?> head; // the sentinel before the oldest unanswered request
    private ByteBuffer readBuffer; // touched only by the token holder
    private volatile long lastReadNanos;
    /** Reads so far; written only by the token holder. */
    private volatile long reads;
    private long readsAtLastLook; // IdleWatch's thread only
    private volatile boolean closed;
    /** True while the reader is inside the push listener (which may block it, for backpressure). */
    private volatile boolean inPush;
    /** Why the link failed, once it did; read by the loop when the failure report was lost. */
    volatile IOException failure;

    Lane(SocketLink link, Codec<B> codec, PipeConnection<B> owner, int readBufferSize, int maxFrameBytes,
         boolean dedicatedReader) {
        this.link = link;
        this.codec = codec;
        this.owner = owner;
        this.dedicatedReader = dedicatedReader;
        this.callersRead = CALLERS_READ && link.timedReads() && !dedicatedReader;
        this.maxFrameBytes = maxFrameBytes;
        this.readBufferSize = readBufferSize;
        this.readBuffer = ByteBuffer.allocate(readBufferSize);
        Exchange<?> sentinel = new Exchange<>(null, 0, null, null, null);
        this.head = sentinel;
        this.tail = sentinel;
        this.lastReadNanos = owner.now();
        if (!callersRead) {
            startDrainer(true);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** The oldest request written and not yet answered (possibly given up by its caller), or null. */
    Exchange<?> oldest() {
        return head.next;
    }

    long lastReadNanos() {
        return lastReadNanos;
    }

    /** Whether the reader is in the push listener now: then nothing is read by the client's choice. */
    boolean inPushListener() {
        return inPush;
    }

    // ---------------------------------------------------------------- writing

    /** Queues {@code x} and writes it now unless another thread is writing (which then will). */
    void submit(Exchange<?> x) {
        if (head.next == null && submissions.isEmpty() && writeLock.tryLock()) {
            // Nothing in flight, nobody writing, nothing queued (so nothing of this thread's own
            // is ahead of it): the serial path writes at once, without a queue node.
            try {
                writeQueued(x);
            } finally {
                writeLock.unlock();
            }
        } else {
            submissions.add(x);
        }
        while (!submissions.isEmpty() && writeLock.tryLock()) {
            try {
                if (head.next != null) {
                    // Replies are due, so the socket is busy anyway: let callers just woken by the last
                    // batch of replies queue theirs first, and write them all at once.
                    Thread.yield();
                }
                writeQueued(null);
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Writes {@code first} (unless null), then everything queued; under the write lock. */
    private void writeQueued(Exchange<?> first) {
        if (closed) {
            if (first != null) {
                owner.reroute(first);
            }
            for (Exchange<?> x; (x = submissions.poll()) != null; ) {
                owner.reroute(x);
            }
            return;
        }
        boolean anyAwaitsReply = false;
        for (Exchange<?> x = first != null ? first : submissions.poll(); x != null; x = submissions.poll()) {
            if (x.isDone()) {
                x.fail(owner.timeout(x)); // a cancelled future; a timed-out caller is failed already
                continue; // never written
            }
            // A batch (several reply frames) is linked first and streamed: whole chunks go out
            // while the rest is still being encoded, so the server starts early. Any request
            // awaiting a reply may send a large array straight from the caller's (WriteBuffer.put,
            // never copied whole); it is linked before its first such write (see writeDirect), so
            // its reply slot always exists before any of its bytes are written.
            boolean streamed = x.request.replyFrames() > 1;
            boolean awaitsReply = x.request.replyFrames() > 0;
            Exchange<?> before = tail;
            if (streamed) {
                link(x);
                out.spillAt(CHUNK, this::spill);
            }
            if (awaitsReply) {
                encoding = x;
                out.directTo(direct);
            }
            int mark = out.size();
            try {
                encode(x);
            } catch (RuntimeException e) {
                boolean written = out.spillAt(0, null) | out.directTo(null);
                encoding = null;
                if (written) {
                    // Part of it is on the wire: the stream cannot be repaired.
                    IOException cause = e instanceof UncheckedIOException io ? io.getCause()
                            : new IOException("a request failed to encode after part of it was written", e);
                    failed(cause);
                    x.fail(owner.disconnected(cause));
                    return;
                }
                out.truncate(mark);
                if (streamed) { // nothing of it written and nothing after it: take it off the tail
                    before.next = null;
                    tail = before;
                }
                x.fail(e);
                continue;
            }
            out.directTo(null);
            boolean linkedWhileEncoding = x.lane == this;
            encoding = null;
            if (streamed) {
                out.spillAt(0, null);
                anyAwaitsReply = true;
            } else if (awaitsReply) {
                if (!linkedWhileEncoding) {
                    link(x);
                }
                anyAwaitsReply = true;
            } else {
                x.writtenOneWay = true;
                oneWay.add(x); // answered by nothing: complete once its bytes are out
            }
            if (out.size() >= CHUNK && !flush()) {
                return;
            }
        }
        if (flush() && anyAwaitsReply && callersRead) {
            ensureReader(); // (links without timed reads have their lifelong drainer reading already)
        }
    }

    /** Puts {@code x} at the end of the in-flight queue; under the write lock. */
    private void link(Exchange<?> x) {
        x.lane = this;
        tail.next = x;
        tail = x;
    }

    /** Writes what a streamed batch has encoded so far, from inside its encoding; under the write lock. */
    private void spill() {
        try {
            link.write(out.array(), 0, out.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.reset();
    }

    /**
     * Writes what is buffered, then {@code bytes} straight from the caller's array, in slices of
     * {@link #DIRECT_SLICE} (so the JDK's temporary native buffer stays small); under the write lock.
     */
    private void writeDirect(byte[] bytes, int offset, int length) {
        Exchange<?> x = encoding;
        if (x != null && x.lane != this) {
            link(x); // its bytes start going out now: its reply slot first
        }
        try {
            if (out.size() > 0) {
                link.write(out.array(), 0, out.size());
                out.reset();
            }
            for (int done = 0; done < length; ) {
                int n = Math.min(DIRECT_SLICE, length - done);
                link.write(bytes, offset + done, n);
                done += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void encode(Exchange<?> x) {
        codec.encode((B) x.request, out);
    }

    /**
     * Writes the buffer and completes the one-way requests in it; false (and the link reported
     * failed, and those one-way requests failed) if the write failed.
     */
    private boolean flush() {
        if (out.size() == 0) {
            return true;
        }
        IOException failure = null;
        try {
            link.write(out.array(), 0, out.size());
        } catch (IOException e) {
            failure = e;
            failed(e);
        } finally {
            out.clear(RETAINED_WRITE_BUFFER);
        }
        if (!oneWay.isEmpty()) {
            for (Exchange<?> x : oneWay) {
                if (failure == null) {
                    x.succeed(null);
                } else {
                    x.fail(owner.disconnected(failure));
                }
            }
            oneWay.clear();
        }
        return failure == null;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Waits for {@code x}, reading for everyone while it holds the token. Returns once {@code x}
     * is complete, or when its deadline passed (then {@code x} is failed with {@code timeout}).
     */
    void await(Exchange<?> x) {
        while (!x.isSettled()) {
            long left = x.deadline - owner.now();
            if (left <= 0) {
                x.fail(owner.timeout(x));
                continue;
            }
            if (callersRead && !closed && x.lane == this && token.compareAndSet(false, true)) {
                try {
                    readUntil(x);
                } finally {
                    token.set(false);
                }
                ensureReader();
            } else {
                LockSupport.parkNanos(this, Math.min(left, MAX_PARK_NANOS));
            }
        }
        if (!token.get() && head.next != null) {
            ensureReader(); // we may have been woken to read, and left instead
        }
    }

    private void readUntil(Exchange<?> x) {
        while (!x.isDone() && !closed) {
            long left = x.deadline - owner.now();
            if (left <= 0) {
                return;
            }
            // At most a second per read: the timeout then rarely changes (setting it costs), and a
            // read that times out early just goes round again.
            if (!readOnce(Math.min(MAX_READ_WAIT_MILLIS, Math.max(1, (left + 999_999) / 1_000_000)))) {
                return;
            }
        }
    }

    /**
     * Makes sure somebody reads while replies are due: wakes the caller of the oldest unanswered
     * request if it waits, or starts a drainer. Called by whoever let go of the token.
     */
    private void ensureReader() {
        if (closed || token.get()) {
            return;
        }
        Exchange<?> first = head.next;
        if (first == null) {
            return;
        }
        if (first.next == null && !first.isDone() && first.waiter != null) {
            // One reply due, and its caller waits: it reads for itself (a serial caller's path).
            if (first.waiter != Thread.currentThread()) { // a writing caller reads next anyway
                LockSupport.unpark(first.waiter);
            }
            return;
        }
        startDrainer(false); // several due: one reader for all beats passing the token caller to caller
    }

    /**
     * Starts a drainer: a lifelong one (links without timed reads) on a virtual thread, which
     * costs nothing while idle; a passing one on a pooled platform thread, see {@link ReaderPool}.
     */
    private void startDrainer(boolean lifelong) {
        if (drainerRunning.compareAndSet(false, true)) {
            Runnable drain = new Runnable() {
                @Override
                public void run() {
                    Engine.addReader(this, "drainer of " + link);
                    try {
                        drain(lifelong);
                    } finally {
                        Engine.removeReader(this);
                    }
                }
            };
            if (lifelong && dedicatedReader) {
                // Reads all the time (a subscriber's stream): a platform thread reads straight from
                // the socket, where a virtual one would add the poller and a carrier per wake-up.
                Thread t = new Thread(drain, "tether-reader-" + owner.name());
                t.setDaemon(true);
                t.start();
            } else if (lifelong) {
                Thread.ofVirtual().name("tether-drainer-" + owner.name()).start(drain);
            } else {
                ReaderPool.run(drain);
            }
        }
    }

    /**
     * From {@link IdleWatch}: if nothing was read since its last look, nothing is due and nobody
     * reads, starts a watcher.
     */
    void watchIfQuiet() {
        long seen = reads;
        boolean quiet = seen == readsAtLastLook;
        readsAtLastLook = seen;
        if (quiet && !closed && head.next == null && !token.get() && drainerRunning.compareAndSet(false, true)) {
            IdleWatch.forget(this); // watched already: no need to look at it until the watcher leaves
            Thread.ofVirtual().name("tether-watcher-" + owner.name()).start(this::watch);
        }
    }

    /**
     * The watcher: reads while the connection is quiet (delivering pushes, noticing a reset at
     * once), and leaves once it has answered requests and nothing more is due, handing reading
     * back to callers.
     */
    private void watch() {
        try {
            if (!token.compareAndSet(false, true)) {
                return; // a caller came first and reads
            }
            try {
                while (!closed) {
                    Exchange<?> before = head;
                    if (!readOnce(0)) {
                        return;
                    }
                    if (head != before && head.next == null) {
                        return; // answered what was asked, nothing more due
                    }
                }
            } finally {
                token.set(false);
            }
        } finally {
            drainerRunning.set(false);
            watchWhileOpen(); // looked at again from the next quiet spell
            ensureReader(); // a request may have been written as the watcher was leaving
        }
    }

    private void drain(boolean lifelong) {
        try {
            while (!closed) {
                if (!token.compareAndSet(false, true)) {
                    return; // a caller reads; it passes reading on when it is done
                }
                try {
                    while (!closed && (lifelong || head.next != null)) {
                        if (!readOnce(0)) {
                            return;
                        }
                    }
                } finally {
                    token.set(false);
                }
                if (head.next == null || closed) {
                    return;
                }
            }
        } finally {
            drainerRunning.set(false);
            ensureReader(); // a request may have arrived as this drainer was leaving
        }
    }

    /** Called once the lane is published: from now on, a quiet spell gets a watcher. */
    void opened() {
        if (callersRead) {
            watchWhileOpen();
        }
    }

    /**
     * Puts this lane in the {@link IdleWatch} set unless it is closed. A teardown sets
     * {@link #closed} before it takes the lane out of the set, so checking again after adding
     * leaves no closed lane in the set, whichever ran first.
     */
    private void watchWhileOpen() {
        if (!closed) {
            IdleWatch.watch(this);
            if (closed) {
                IdleWatch.forget(this);
            }
        }
    }

    /**
     * One read (waiting at most {@code timeoutMillis}, 0 for no limit) and the frames it
     * completes; false when the link failed (already reported).
     */
    private boolean readOnce(long timeoutMillis) {
        int n;
        try {
            n = link.readWithin(readBuffer, timeoutMillis);
        } catch (SocketTimeoutException e) {
            return true;
        } catch (java.nio.channels.ClosedChannelException e) {
            // Closed on this side: by a teardown (reported already), or by a write that timed out,
            // which closes the link and then reports its own, truer cause: give it a moment first.
            // A bounded real-time wait for another thread, not a timing decision: no ticker.
            long until = System.nanoTime() + 100_000_000L;
            while (!closed && System.nanoTime() - until < 0) {
                LockSupport.parkNanos(100_000);
            }
            failed(e); // nothing once the writer reported
            return false;
        } catch (IOException e) {
            failed(e);
            return false;
        }
        if (n < 0) {
            failed(new EOFException("the server closed the connection"));
            return false;
        }
        lastReadNanos = owner.now();
        reads++; // only the token holder writes it
        try {
            dispatch();
            return true;
        } catch (IOException | RuntimeException e) {
            failed(e instanceof IOException io ? io : new ProtocolException("the codec failed: " + e));
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatch() throws IOException {
        ByteBuffer in = readBuffer.flip();
        boolean pushed = false;
        try {
            while (in.hasRemaining() && !closed) { // a closed lane's requests are failed already
                Exchange<?> first = head.next;
                Object frame = codec.decode(in, first == null ? null : (B) first.request);
                if (frame == Codec.NEED_MORE) {
                    break;
                }
                if (frame instanceof Codec.Push push) {
                    pushed = true;
                    inPush = true;
                    try {
                        owner.push(push.frame());
                    } finally {
                        inPush = false;
                        lastReadNanos = owner.now(); // a long wait in the listener is not the peer's silence
                    }
                    continue;
                }
                if (first == null) {
                    throw new ProtocolException("a reply nobody asked for: " + frame);
                }
                if (first.accept(frame)) {
                    first.release(); // answered: its request (and any large value in it) can go
                    head = first; // first becomes the sentinel: unlinked from the queue
                }
            }
        } finally {
            readBuffer = compactOrGrow(in);
            if (pushed) {
                owner.pushesRead();
            }
        }
    }

    /**
     * Keeps the unread bytes for the next read. A buffer grown for a large frame goes back to its
     * first size once nothing is left in it, so one large reply does not pin memory for the
     * connection's life.
     */
    private ByteBuffer compactOrGrow(ByteBuffer in) throws IOException {
        if (!in.hasRemaining() && in.capacity() > readBufferSize) {
            return ByteBuffer.allocate(readBufferSize);
        }
        if (in.position() > 0 || in.limit() < in.capacity()) {
            return in.compact();
        }
        if (in.capacity() >= maxFrameBytes) {
            throw new ProtocolException("a frame larger than " + maxFrameBytes + " bytes");
        }
        ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(maxFrameBytes, 2L * in.capacity()));
        return bigger.put(in);
    }

    // ---------------------------------------------------------------- failure and teardown

    private void failed(IOException e) {
        if (!closed) {
            failure = e;
            closed = true; // no caller reads or writes here any more; the loop tears down
            IdleWatch.forget(this);
            link.close();
            if (owner.live != this) {
                // Not published yet: the handshake waits for its reply on the loop itself, which
                // therefore cannot tear this lane down; fail what is in flight here, at once.
                PipeException error = owner.disconnected(e);
                for (Exchange<?> x = head.next; x != null; x = x.next) {
                    x.fail(error);
                }
            }
            owner.laneFailed(this, e);
        }
    }

    /**
     * Tears the lane down (on the loop): requests not yet written go back to the owner, those in
     * flight fail with {@code inFlight}.
     */
    void close(RuntimeException inFlight) {
        writeLock.lock();
        try {
            closed = true;
            IdleWatch.forget(this);
            link.close();
            for (Exchange<?> x; (x = submissions.poll()) != null; ) {
                owner.reroute(x);
            }
        } finally {
            writeLock.unlock();
        }
        for (Exchange<?> x = head.next; x != null; x = x.next) {
            x.fail(inFlight);
        }
    }
}
