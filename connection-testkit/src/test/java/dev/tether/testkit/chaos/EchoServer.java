package dev.tether.testkit.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback echo server for the proxy tests: one thread per connection writes back whatever it
 * reads, and closes its socket when the client half-closes. It counts what it sees so tests can
 * tell what reached the "real" server.
 */
final class EchoServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger eofs = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicLong bytesReceived = new AtomicLong();
    private volatile boolean closed;

    private EchoServer(ServerSocket listener) {
        this.listener = listener;
    }

    static EchoServer start() throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        EchoServer server = new EchoServer(listener);
        server.spawn("echo-accept", server::acceptLoop);
        return server;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    int accepted() {
        return accepted.get();
    }

    /** Connections whose client side sent FIN. */
    int eofs() {
        return eofs.get();
    }

    /** Connections that ended with an exception, typically a reset. */
    int errors() {
        return errors.get();
    }

    long bytesReceived() {
        return bytesReceived.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                sockets.add(s);
                accepted.incrementAndGet();
                spawn("echo-conn-" + accepted.get(), () -> echo(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void echo(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                bytesReceived.addAndGet(n);
                out.write(buf, 0, n);
            }
            eofs.incrementAndGet();
        } catch (IOException e) {
            if (!closed) {
                errors.incrementAndGet();
            }
        } finally {
            sockets.remove(s);
        }
    }

    private void spawn(String name, Runnable body) {
        Thread t = Thread.ofPlatform().name(name).daemon(true).unstarted(body);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
        try {
            for (Thread t : threads) {
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
