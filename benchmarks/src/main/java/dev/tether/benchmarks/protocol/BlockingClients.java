package dev.tether.benchmarks.protocol;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The baselines: one plain blocking socket per caller, a request written and its reply read on
 * the caller's thread. No pipelining, no reconnects, nothing shared: the floor a multiplexed
 * client is measured against.
 */
final class BlockingClients {

    private BlockingClients() {
    }

    /** A blocking memcached text-protocol client that knows {@code get}. */
    static final class Memcached implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Memcached(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        /** The value of {@code key}, or null on a miss. */
        byte[] get(String key) throws IOException {
            out.write(("get " + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String header = line();
            if (header.equals("END")) {
                return null;
            }
            String[] parts = header.split(" ");
            if (!parts[0].equals("VALUE")) {
                throw new IOException("unexpected reply: " + header);
            }
            byte[] value = in.readNBytes(Integer.parseInt(parts[3]));
            line(); // the \r\n after the data
            if (!line().equals("END")) {
                throw new IOException("no END after the value");
            }
            return value;
        }

        private String line() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("closed");
                }
                if (b != '\r') {
                    buf.write(b);
                }
            }
            return buf.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A blocking client of the example's line server: one line out, one line back. */
    static final class Line implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final java.io.BufferedReader in;

        Line(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        String send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = in.readLine();
            if (reply == null) {
                throw new IOException("closed");
            }
            return reply;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
