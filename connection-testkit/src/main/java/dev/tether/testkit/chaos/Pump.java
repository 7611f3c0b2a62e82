package dev.tether.testkit.chaos;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One direction of a {@link ProxiedConnection}: a reader thread that reads chunks from one socket
 * into a bounded queue, and a writer thread that applies the faults in force and writes them to the
 * other socket. Splitting the two lets a delay shift every chunk by the same amount from the time
 * it was read, in order, while reading goes on; when the queue is full the reader stops reading
 * (backpressure through TCP).
 */
final class Pump {

    /** The longest a pump sleeps before it looks at the faults and the connection state again. */
    private static final System.Logger LOG = System.getLogger(ChaosProxy.class.getName());
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private enum Kind { DATA, EOF, ERROR }

    private enum Due { NOW, DROP, STOPPED }

    private record Chunk(Kind kind, byte[] data, long readNanos) {}

    private final ProxiedConnection conn;
    private final ChaosProxy proxy;
    private final Direction dir;
    private final Socket from;
    private final Socket to;
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(ChaosProxy.MAX_QUEUED_CHUNKS);
    /** Writer thread only: when the last drip went out, if any did. */
    private long lastDripNanos;
    private boolean dripped;

    Pump(ProxiedConnection conn, ChaosProxy proxy, Direction dir, Socket from, Socket to) {
        this.conn = conn;
        this.proxy = proxy;
        this.dir = dir;
        this.from = from;
        this.to = to;
    }

    void readLoop() {
        try {
            InputStream in = from.getInputStream();
            byte[] buf = new byte[ChaosProxy.CHUNK_SIZE];
            while (true) {
                int n = in.read(buf);
                long now = System.nanoTime();
                if (n < 0) {
                    queue.put(new Chunk(Kind.EOF, null, now));
                    return;
                }
                if (proxy.switches().get(dir).blackhole() || conn.state() == ProxiedConnection.State.FIN_CUT) {
                    proxy.counters().dropped(dir, n); // read while blackholed: gone for good
                } else {
                    queue.put(new Chunk(Kind.DATA, Arrays.copyOf(buf, n), now));
                }
            }
        } catch (IOException e) {
            if (conn.isOpen()) {
                try {
                    queue.put(new Chunk(Kind.ERROR, null, System.nanoTime()));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the connection is being torn down
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            conn.readerEnded();
        }
    }

    void writeLoop() {
        try {
            OutputStream out = to.getOutputStream();
            while (conn.state() != ProxiedConnection.State.CLOSED) {
                Chunk c = queue.poll(POLL_NANOS, NANOSECONDS);
                if (c == null) {
                    conn.checkFinDeadline();
                    continue;
                }
                if (conn.state() == ProxiedConnection.State.FIN_CUT) {
                    if (c.kind() != Kind.DATA) {
                        return; // our reader has ended; the connection closes when both have
                    }
                    proxy.counters().dropped(dir, c.data().length);
                    continue;
                }
                try {
                    switch (c.kind()) {
                        case DATA -> forward(c.data(), c.readNanos(), out);
                        case EOF -> {
                            if (awaitDue(c.readNanos(), true) == Due.NOW) {
                                to.shutdownOutput();
                                conn.eofForwarded();
                            }
                            return;
                        }
                        case ERROR -> {
                            if (awaitDue(c.readNanos(), true) == Due.NOW) {
                                conn.abort();
                            }
                            return;
                        }
                    }
                } catch (IOException e) {
                    if (conn.isOpen()) {
                        conn.abort(); // the peer went away: pass the reset on to the other side
                        return;
                    }
                }
            }
        } catch (IOException e) {
            conn.abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the connection is being torn down
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** A bug, not a network event: say so, and do not leave the connection half alive. */
    private void fail(RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, Thread.currentThread().getName() + " failed", e);
        conn.abort();
    }

    /**
     * Waits until a chunk read at {@code readNanos} is due under the current delay. Data is dropped
     * if a blackhole is in force; an end of stream or a reset is held until the blackhole lifts.
     */
    private Due awaitDue(long readNanos, boolean marker) throws InterruptedException {
        while (true) {
            if (!conn.isOpen()) {
                return Due.STOPPED;
            }
            Faults f = proxy.switches().get(dir);
            long wait;
            if (f.blackhole()) {
                if (!marker) {
                    return Due.DROP;
                }
                wait = POLL_NANOS;
            } else {
                wait = f.delayNanos() - (System.nanoTime() - readNanos);
                if (wait <= 0) {
                    return Due.NOW;
                }
            }
            NANOSECONDS.sleep(Math.min(wait, POLL_NANOS));
        }
    }

    private void forward(byte[] data, long readNanos, OutputStream out) throws IOException, InterruptedException {
        int off = 0;
        try {
            if (awaitDue(readNanos, false) != Due.NOW) {
                return;
            }
            while (off < data.length && conn.isOpen()) {
                Faults f = proxy.switches().get(dir);
                if (f.blackhole()) {
                    return;
                }
                int n = data.length - off;
                if (f.dripping()) {
                    long wait = dripped ? f.dripIntervalNanos() - (System.nanoTime() - lastDripNanos) : 0;
                    if (wait > 0) {
                        NANOSECONDS.sleep(Math.min(wait, POLL_NANOS));
                        continue;
                    }
                    n = Math.min(n, f.dripBytes());
                }
                corrupt(data, off, n, f);
                proxy.counters().forwarded(dir, n); // before the write: once the peer has it, it is counted
                try {
                    out.write(data, off, n);
                } catch (IOException e) {
                    proxy.counters().forwarded(dir, -n); // not forwarded after all: dropped, below
                    throw e;
                }
                off += n;
                if (f.dripping()) {
                    lastDripNanos = System.nanoTime();
                    dripped = true;
                }
            }
        } finally {
            if (off < data.length) {
                proxy.counters().dropped(dir, data.length - off); // blackholed, cut, or closed first
            }
        }
    }

    /** Inverts the bytes still owed to {@code corruptNext}, then lets the seeded coin flip bits. */
    private void corrupt(byte[] data, int off, int n, Faults f) {
        int end = off + n;
        int i = off;
        int changed = 0;
        AtomicLong owed = proxy.switches().corruptNextCounter(dir);
        while (i < end && owed.get() > 0 && owed.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
            data[i++] ^= (byte) 0xFF;
            changed++;
        }
        changed += f.corrupt(data, i, end - i);
        if (changed > 0) {
            proxy.counters().corrupted(dir, changed);
        }
    }
}
