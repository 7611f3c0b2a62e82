package dev.tether.core.pipe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback line server for the pipe's tests. Each line is echoed back, except: {@code DROP}
 * closes the connection without answering, {@code MUTE} makes the connection stop answering
 * (and reading) for good, {@code TWICE x} answers {@code x} twice, {@code PUSHME x} sends
 * {@code PUSH x} and then {@code x}.
 */
final class LinePeer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    LinePeer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("line-peer-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    /** Closes every connection accepted so far (the listener stays). */
    void dropAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private void accept() {
        while (!closed.get()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                sockets.add(s);
                Thread.ofPlatform().daemon().name("line-peer-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = s.getOutputStream();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("DROP")) {
                    return;
                }
                if (line.equals("MUTE")) {
                    s.getInputStream().transferTo(OutputStream.nullOutputStream());
                    return;
                }
                String reply = line.startsWith("TWICE ") ? line.substring(6) + "\n" + line.substring(6)
                        : line.startsWith("PUSHME ") ? "PUSH " + line.substring(7) + "\n" + line.substring(7)
                        : line;
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                if (!in.ready()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away or we dropped it
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() throws IOException {
        closed.set(true);
        server.close();
        dropAll();
    }
}
