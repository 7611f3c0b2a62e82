package dev.tether.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback listener that never answers a connect: it never accepts, and its accept queue is
 * filled by the test itself, so the kernel drops further SYNs and a connect to it blocks until its
 * own timeout. This is the "peer that never answers" of docs/behaviour-contract.md, 'Starting and
 * stopping', which stop must
 * be able to interrupt, without leaving loopback.
 */
final class ConformanceBlackhole implements AutoCloseable {

    private static final int FILL_CONNECT_TIMEOUT_MILLIS = 250;
    private static final int MAX_FILLERS = 16;

    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    private ConformanceBlackhole(ServerSocket listener) {
        this.listener = listener;
    }

    /**
     * Opens the listener and fills its accept queue.
     *
     * @throws IllegalStateException if the queue did not fill: the kernel accepted every connect
     */
    static ConformanceBlackhole open() throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        ConformanceBlackhole hole = new ConformanceBlackhole(listener);
        try {
            hole.fill();
        } catch (IOException | RuntimeException e) {
            hole.close();
            throw e;
        }
        return hole;
    }

    private void fill() throws IOException {
        for (int i = 0; i < MAX_FILLERS; i++) {
            Socket s = new Socket();
            try {
                s.connect(address(), FILL_CONNECT_TIMEOUT_MILLIS);
                fillers.add(s);
            } catch (SocketTimeoutException full) {
                s.close();
                return; // the queue is full: the next connect hangs as well
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        }
        throw new IllegalStateException("could not fill the accept queue of a loopback listener with "
                + MAX_FILLERS + " connects: this kernel accepts them all, so no connect can be made to hang");
    }

    /** Where a connect blocks. */
    InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        for (Socket s : fillers) {
            s.close();
        }
        listener.close();
    }
}
