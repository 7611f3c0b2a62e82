package dev.tether.testkit.chaos;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * The accept loop of a {@link ChaosProxy}, on its own thread: accepts a client, connects to the
 * upstream, and hands both sockets to the proxy; or, when told to, holds new clients (paused) or
 * resets them at once (refusing). It ends when the proxy closes the listening socket.
 */
final class Acceptor {

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final long PAUSE_POLL_MILLIS = 10;
    private static final System.Logger LOG = System.getLogger(ChaosProxy.class.getName());

    private final ChaosProxy proxy;
    private final ServerSocket listener;
    private volatile boolean refuseNew;
    private volatile boolean paused;

    Acceptor(ChaosProxy proxy, ServerSocket listener) {
        this.proxy = proxy;
        this.listener = listener;
    }

    void refuseNew(boolean refuse) {
        this.refuseNew = refuse;
    }

    void pause(boolean pause) {
        this.paused = pause;
    }

    void run() {
        while (!proxy.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!proxy.isClosed()) {
                    LOG.log(System.Logger.Level.WARNING, proxy + ": accept failed", e);
                    sleepQuietly(); // do not spin on a persistent error
                }
                continue;
            }
            while (paused && !proxy.isClosed()) {
                sleepQuietly(); // the client waits as if it were still in the backlog
            }
            proxy.counters().accepted.increment();
            if (proxy.isClosed()) {
                ProxiedConnection.closeQuietly(client, true);
            } else if (refuseNew) {
                proxy.counters().refused.increment();
                ProxiedConnection.closeQuietly(client, true); // RST: the service is down
            } else {
                connectUpstream(client);
            }
        }
    }

    private void connectUpstream(Socket client) {
        Socket server = new Socket();
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(proxy.upstream(), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            proxy.counters().upstreamFailures.increment();
            LOG.log(System.Logger.Level.DEBUG, proxy + ": upstream unreachable", e);
            ProxiedConnection.closeQuietly(server, true);
            ProxiedConnection.closeQuietly(client, true);
            return;
        }
        proxy.register(client, server);
    }

    private static void sleepQuietly() {
        try {
            TimeUnit.MILLISECONDS.sleep(PAUSE_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
