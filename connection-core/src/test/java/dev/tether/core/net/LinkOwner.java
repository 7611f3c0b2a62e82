package dev.tether.core.net;

import dev.tether.connection.Backoff;
import dev.tether.connection.CallResult;
import dev.tether.connection.ConnectResult;
import dev.tether.connection.Connection;
import dev.tether.connection.ConnectionContext;
import dev.tether.connection.InfoResult;
import dev.tether.connection.InitResult;
import dev.tether.connection.ReplyTo;
import dev.tether.connection.StopReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A tiny test behaviour that owns one {@link SocketLink}: it opens the link in connect, records
 * every {@link SocketEvent} it receives, and does what the test's calls ask (re-arm, write,
 * close, reopen). Test-only; connection-core's tests cannot use the testkit.
 */
final class LinkOwner implements Connection<Object, Object> {

    /** Opens the link for the owner's context (inside connect, on the loop). */
    @FunctionalInterface
    interface Opener {
        SocketLink open(ConnectionContext<?, ?> owner) throws IOException;
    }

    /** Calls understood by the owner. */
    enum Cmd {
        /** link.activeOnce(); replies "armed". */
        ACTIVE_ONCE,
        /** Replies "pong": the loop is responsive. */
        PING,
        /** link.close(); replies "closed". */
        CLOSE,
        /** Replies link.isOpen(). */
        IS_OPEN,
        /** Opens a new link (closing nothing); replies "opened" or the IOException. */
        OPEN,
        /** Replies the current thread (the loop thread). */
        THREAD
    }

    /** Write these bytes; replies "written" or the IOException. */
    record Write(byte[] bytes) {
    }

    /** Write {@code total} bytes in {@code chunk}-sized writes until done or a write fails. */
    record Flood(long total, int chunk) {
    }

    /** What a {@link Flood} did. */
    record FloodOutcome(long written, IOException error, long elapsedNanos) {
    }

    /** One failed connect: the error and how long open() took. */
    record ConnectFailure(IOException error, long elapsedNanos) {
    }

    private final Opener opener;
    private final boolean rearmOnData;

    final List<SocketEvent> events = new CopyOnWriteArrayList<>();
    final List<ConnectFailure> connectFailures = new CopyOnWriteArrayList<>();
    final List<StopReason> terminated = new CopyOnWriteArrayList<>();
    final CountDownLatch connecting = new CountDownLatch(1);
    volatile Thread loopThread;
    volatile SocketLink link;
    private ConnectionContext<Object, Object> context;

    /** @param rearmOnData call activeOnce() after each Data event (read everything) */
    LinkOwner(Opener opener, boolean rearmOnData) {
        this.opener = opener;
        this.rearmOnData = rearmOnData;
    }

    /** An owner that re-arms only when told to. */
    static LinkOwner manual(Opener opener) {
        return new LinkOwner(opener, false);
    }

    /** An owner that re-arms after every Data event. */
    static LinkOwner reading(Opener opener) {
        return new LinkOwner(opener, true);
    }

    /** An owner opening {@code options} in active-once mode. */
    static Opener activeOnce(SocketOptions options) {
        return owner -> SocketLink.open(options, owner);
    }

    /** An owner opening {@code options} with a read handler. */
    static Opener withHandler(SocketOptions options, ReadHandler handler) {
        return owner -> SocketLink.open(options, owner, handler);
    }

    @Override
    public InitResult init(ConnectionContext<Object, Object> ctx) {
        this.context = ctx;
        this.loopThread = Thread.currentThread();
        return InitResult.connect("open");
    }

    @Override
    public ConnectResult connect(Object info) {
        connecting.countDown();
        long start = System.nanoTime();
        try {
            link = opener.open(context);
            return ConnectResult.ok();
        } catch (IOException e) {
            connectFailures.add(new ConnectFailure(e, System.nanoTime() - start));
            return ConnectResult.backoff(Backoff.forever().because(e));
        }
    }

    @Override
    public CallResult<Object> handleCall(Object request, ReplyTo<Object> from) {
        return switch (request) {
            case Cmd.ACTIVE_ONCE -> {
                link.activeOnce();
                yield CallResult.reply("armed");
            }
            case Cmd.PING -> CallResult.reply("pong");
            case Cmd.CLOSE -> {
                link.close();
                yield CallResult.reply("closed");
            }
            case Cmd.IS_OPEN -> CallResult.reply(link != null && link.isOpen());
            case Cmd.THREAD -> CallResult.reply(Thread.currentThread());
            case Cmd.OPEN -> {
                try {
                    link = opener.open(context);
                    yield CallResult.reply("opened");
                } catch (IOException e) {
                    yield CallResult.reply(e);
                }
            }
            case Write w -> {
                try {
                    link.write(w.bytes(), 0, w.bytes().length);
                    yield CallResult.reply("written");
                } catch (IOException e) {
                    yield CallResult.reply(e);
                }
            }
            case Flood f -> CallResult.reply(flood(f));
            default -> throw new IllegalArgumentException("unexpected call " + request);
        };
    }

    private FloodOutcome flood(Flood f) {
        byte[] chunk = new byte[f.chunk()];
        long written = 0;
        long start = System.nanoTime();
        try {
            while (written < f.total()) {
                int n = (int) Math.min(chunk.length, f.total() - written);
                link.write(chunk, 0, n);
                written += n;
            }
            return new FloodOutcome(written, null, System.nanoTime() - start);
        } catch (IOException e) {
            return new FloodOutcome(written, e, System.nanoTime() - start);
        }
    }

    @Override
    public InfoResult handleInfo(Object message) {
        if (message instanceof SocketEvent event) {
            events.add(event);
            if (rearmOnData && event instanceof SocketEvent.Data data) {
                data.link().activeOnce();
            }
        }
        return InfoResult.noReply();
    }

    @Override
    public void terminate(StopReason reason) {
        terminated.add(reason);
        SocketLink l = link;
        if (l != null) {
            l.close();
        }
    }

    // ---------------------------------------------------------------- for assertions

    /** Data events received so far. */
    List<SocketEvent.Data> data() {
        return events.stream().filter(SocketEvent.Data.class::isInstance).map(SocketEvent.Data.class::cast).toList();
    }

    /** Every Data byte received so far, in order. */
    byte[] received() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (SocketEvent.Data d : data()) {
            all.writeBytes(d.bytes());
        }
        return all.toByteArray();
    }

    /** Events other than Data (Closed / Failed) received so far. */
    List<SocketEvent> ends() {
        return events.stream().filter(e -> !(e instanceof SocketEvent.Data)).toList();
    }
}
