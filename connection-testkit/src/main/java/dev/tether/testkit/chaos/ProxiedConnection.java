package dev.tether.testkit.chaos;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client connection through a {@link ChaosProxy} and its connection to the upstream: two
 * {@link Pump}s, four threads. It ends when both directions have forwarded their end of stream,
 * when either side resets or fails, or when the proxy cuts or closes it; whoever ends it closes
 * both sockets, which wakes every thread blocked on them.
 */
final class ProxiedConnection {

    enum State {
        /** Forwarding under the current faults. */
        OPEN,
        /** Cut with FIN: both peers were sent FIN, what they still send is read and discarded. */
        FIN_CUT,
        /** Both sockets closed. */
        CLOSED
    }

    private final ChaosProxy proxy;
    private final long id;
    private final Socket client;
    private final Socket server;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private final AtomicInteger eofsForwarded = new AtomicInteger();
    private final AtomicInteger readersEnded = new AtomicInteger();
    private volatile long finDeadlineNanos;
    private volatile List<Thread> threads = List.of();

    ProxiedConnection(ChaosProxy proxy, long id, Socket client, Socket server) {
        this.proxy = proxy;
        this.id = id;
        this.client = client;
        this.server = server;
    }

    /** Starts the four pump threads; the caller holds the proxy's lifecycle lock. */
    void start() {
        Pump up = new Pump(this, proxy, Direction.UPSTREAM, client, server);
        Pump down = new Pump(this, proxy, Direction.DOWNSTREAM, server, client);
        String prefix = "c" + id + "-";
        List<Thread> ts = List.of(
                proxy.newThread(prefix + "up-read", up::readLoop),
                proxy.newThread(prefix + "up-write", up::writeLoop),
                proxy.newThread(prefix + "down-read", down::readLoop),
                proxy.newThread(prefix + "down-write", down::writeLoop));
        threads = ts;
        ts.forEach(Thread::start);
        if (state.get() == State.CLOSED) {
            interruptThreads(); // cut before the threads existed
        }
    }

    State state() {
        return state.get();
    }

    boolean isOpen() {
        return state.get() == State.OPEN;
    }

    /** Closes both sides with RST. Returns whether it was open, not already cut or closed. */
    boolean cutWithReset() {
        return terminate(true) == State.OPEN;
    }

    /**
     * Sends FIN to both peers at once and stops forwarding; the sockets are closed once both peers
     * have closed their side too, or after {@link ChaosProxy#FIN_GRACE}. Returns whether it was open.
     */
    boolean cutWithFin() {
        if (!state.compareAndSet(State.OPEN, State.FIN_CUT)) {
            return false;
        }
        finDeadlineNanos = System.nanoTime() + ChaosProxy.FIN_GRACE.toNanos();
        shutdownOutputQuietly(client);
        shutdownOutputQuietly(server);
        if (readersEnded.get() == 2) {
            terminate(false);
        }
        return true;
    }

    /** Closes both sides abortively (RST), because one of them failed. */
    void abort() {
        terminate(true);
    }

    /** Closes both sides (the proxy is closing). */
    void close() {
        terminate(false);
    }

    void readerEnded() {
        if (readersEnded.incrementAndGet() == 2 && state.get() == State.FIN_CUT) {
            terminate(false);
        }
    }

    void eofForwarded() {
        if (eofsForwarded.incrementAndGet() == 2) {
            terminate(false); // both peers closed their side: an orderly end
        }
    }

    void checkFinDeadline() {
        if (state.get() == State.FIN_CUT && System.nanoTime() - finDeadlineNanos >= 0) {
            terminate(false);
        }
    }

    /** Moves to CLOSED once; returns the state it left (CLOSED if it was already closed). */
    private State terminate(boolean reset) {
        State prev;
        do {
            prev = state.get();
            if (prev == State.CLOSED) {
                return State.CLOSED;
            }
        } while (!state.compareAndSet(prev, State.CLOSED));
        closeQuietly(client, reset);
        closeQuietly(server, reset);
        interruptThreads();
        proxy.unregister(this);
        return prev;
    }

    private void interruptThreads() {
        for (Thread t : threads) {
            if (t != Thread.currentThread()) {
                t.interrupt(); // wakes a pump parked on its queue or in a delay
            }
        }
    }

    static void closeQuietly(Socket s, boolean reset) {
        try {
            if (reset && !s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    private static void shutdownOutputQuietly(Socket s) {
        try {
            s.shutdownOutput();
        } catch (IOException ignored) {
            // already closed or reset: the peer has its answer
        }
    }

    @Override
    public String toString() {
        return "ProxiedConnection[" + id + ", " + state.get() + "]";
    }
}
