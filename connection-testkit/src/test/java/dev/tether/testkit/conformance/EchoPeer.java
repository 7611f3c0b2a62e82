package dev.tether.testkit.conformance;

import dev.tether.testkit.ConformancePeer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback echo server that can be taken away and brought back on the same port: the peer of
 * the suite's own tests. One virtual thread accepts, one per connection writes back what it reads.
 */
final class EchoPeer implements ConformancePeer {

    private static final Duration JOIN = Duration.ofSeconds(5);

    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private ServerSocket listener; // guarded by this

    private EchoPeer(int port) {
        this.port = port;
    }

    static EchoPeer start(int port) throws IOException {
        EchoPeer peer = new EchoPeer(port == 0 ? freePort() : port);
        peer.start();
        return peer;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, loopback())) {
            return probe.getLocalPort();
        }
    }

    private static InetAddress loopback() throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public synchronized void start() throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(loopback(), port), 50);
        listener = s;
        spawn(() -> accept(s));
    }

    @Override
    public synchronized void stop() throws IOException, InterruptedException {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        for (Socket s : sockets) {
            s.close();
        }
        for (Thread t : threads) {
            t.join(JOIN);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                sockets.add(c);
                if (s.isClosed()) {
                    c.close(); // stop() closed the listener and may have missed this one
                    sockets.remove(c);
                    return;
                }
                spawn(() -> echo(c));
            } catch (IOException e) {
                return; // closed by stop()
            }
        }
    }

    private void echo(Socket c) {
        try (c) {
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // reset by the client, or closed by stop(): either way this connection is over
        } finally {
            sockets.remove(c);
        }
    }

    private void spawn(Runnable body) {
        Thread t = Thread.ofVirtual().name("echo-peer-" + port).unstarted(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(t);
        t.start();
    }
}
