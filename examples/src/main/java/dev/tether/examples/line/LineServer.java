package dev.tether.examples.line;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small line server on loopback, the peer of {@link LineClient}. One request per line, one
 * reply line per request, replies in request order, so clients may pipeline:
 * <ul>
 *   <li>{@code PING} replies {@code PONG}</li>
 *   <li>{@code ECHO text} replies {@code text}</li>
 *   <li>{@code INCR key} replies the key's counter plus one; counters outlive restarts</li>
 *   <li>{@code SLOW ms text} replies {@code text} {@code ms} milliseconds after it arrived (at
 *       most a minute); later requests wait for it, as a pipelined reply must</li>
 *   <li>{@code QUIT} replies {@code BYE} and closes the connection</li>
 *   <li>anything else replies {@code ERR unknown command: ...}</li>
 * </ul>
 *
 * <p>Each connection has a reader and a writer, both virtual threads: the reader parses requests
 * and queues their replies with the time each is due; the writer sends them in order once due.
 * That is what lets many {@code SLOW} requests be in flight at once. {@link #stop()} closes
 * everything the server opened; {@link #restart()} listens again on the same port.
 */
public final class LineServer implements AutoCloseable {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
    private static final long MAX_SLOW_MILLIS = 60_000;
    private static final int MAX_QUEUED_REPLIES = 4096;

    /** A reply and when it may be sent; {@code close} ends the connection after it. */
    private record Pending(String line, long dueNanos, boolean close) {
        static final Pending END = new Pending(null, 0, true);
    }

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final Object lifecycle = new Object();
    private volatile int port;
    private ServerSocket listener; // guarded by lifecycle

    private LineServer() {
    }

    /** Starts a server on 127.0.0.1:{@code port}; 0 picks a free port, kept across restarts. */
    public static LineServer start(int port) throws IOException {
        LineServer server = new LineServer();
        server.listen(port);
        return server;
    }

    /** The port it listens on, the same across restarts. */
    public int port() {
        return port;
    }

    /** Open client connections. */
    public int connectionCount() {
        return connections.size();
    }

    /** Request lines read since the server was made, over every connection and restart. */
    public long requestsReceived() {
        return requests.get();
    }

    /** Stops, then listens again on the same port: every client is disconnected. */
    public void restart() throws IOException {
        stop();
        listen(port);
    }

    /**
     * Stops listening (connects are refused), then closes every connection and waits, bounded,
     * for its threads to end. Idempotent; {@link #restart()} brings the server back.
     */
    public void stop() {
        synchronized (lifecycle) {
            if (listener != null) {
                closeQuietly(listener);
                listener = null;
            }
            connections.forEach(LineServer::closeQuietly);
            threads.forEach(Thread::interrupt);
            long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
            for (Thread t : threads) {
                try {
                    t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void listen(int requestedPort) throws IOException {
        synchronized (lifecycle) {
            ServerSocket s = new ServerSocket();
            try {
                s.setReuseAddress(true); // rebinding right after a stop must not wait for TIME_WAIT
                s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), requestedPort), 128);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            listener = s;
            port = s.getLocalPort();
            spawn("accept", () -> acceptLoop(s));
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                connections.add(client);
                if (s.isClosed()) { // stop() ran meanwhile and may have missed this one
                    closeQuietly(client);
                    connections.remove(client);
                    return;
                }
                BlockingQueue<Pending> replies = new ArrayBlockingQueue<>(MAX_QUEUED_REPLIES);
                spawn("reader", () -> readLoop(client, replies));
                spawn("writer", () -> writeLoop(client, replies));
            } catch (IOException e) {
                return; // the listener was closed
            }
        }
    }

    private void readLoop(Socket client, BlockingQueue<Pending> replies) {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                requests.incrementAndGet();
                Pending reply = answer(line, System.nanoTime());
                while (!replies.offer(reply, 100, TimeUnit.MILLISECONDS)) {
                    if (client.isClosed()) {
                        return; // the writer is gone: nobody will take it
                    }
                }
                if (reply.close()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // reset by the client or closed by stop(): this connection is over
        } finally {
            replies.offer(Pending.END); // if the queue is full the writer is failing or interrupted anyway
        }
    }

    private Pending answer(String line, long now) {
        String[] words = line.split(" ", 3);
        String command = words[0].toUpperCase(Locale.ROOT);
        return switch (command) {
            case "PING" -> new Pending("PONG", now, false);
            case "ECHO" -> new Pending(line.length() > 5 ? line.substring(5) : "", now, false);
            case "INCR" -> words.length < 2 ? error("INCR needs a key")
                    : new Pending(Long.toString(counters.computeIfAbsent(words[1], k -> new AtomicLong()).incrementAndGet()),
                    now, false);
            case "SLOW" -> slow(words, now);
            case "QUIT" -> new Pending("BYE", now, true);
            default -> error("unknown command: " + line);
        };
    }

    private static Pending slow(String[] words, long now) {
        try {
            long millis = Math.min(MAX_SLOW_MILLIS, Math.max(0, Long.parseLong(words[1])));
            return new Pending(words.length > 2 ? words[2] : "", now + TimeUnit.MILLISECONDS.toNanos(millis), false);
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            return error("SLOW needs milliseconds");
        }
    }

    private static Pending error(String message) {
        return new Pending("ERR " + message, System.nanoTime(), false);
    }

    private void writeLoop(Socket client, BlockingQueue<Pending> replies) {
        try (client) {
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            while (true) {
                Pending reply = replies.take();
                if (reply.line() == null) {
                    return;
                }
                long wait = reply.dueNanos() - System.nanoTime();
                if (wait > 0) {
                    out.flush();
                    TimeUnit.NANOSECONDS.sleep(wait); // the simulated latency of SLOW
                }
                out.write((reply.line() + "\n").getBytes(StandardCharsets.UTF_8));
                if (reply.close()) {
                    out.flush();
                    return;
                }
                if (replies.isEmpty()) {
                    out.flush(); // one write for everything that was ready together
                }
            }
        } catch (IOException | InterruptedException e) {
            // closed by stop() or by the client
        } finally {
            connections.remove(client);
        }
    }

    private void spawn(String role, Runnable body) {
        Thread t = Thread.ofVirtual().name("line-server-" + port + "-" + role).unstarted(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(t);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // best effort: the descriptor is released either way
        }
    }

    @Override
    public String toString() {
        return "LineServer[127.0.0.1:" + port + ", " + connectionCount() + " connections]";
    }
}
