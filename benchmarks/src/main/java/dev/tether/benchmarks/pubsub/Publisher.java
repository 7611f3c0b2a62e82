package dev.tether.benchmarks.pubsub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The publisher every client is measured against: a raw loopback socket writing
 * {@code PUBLISH <channel> <payload>} in RESP, so that no client library sits on the publishing
 * side. A daemon thread reads the replies (integers: how many subscribers got the message) and
 * counts them, and counts the replies that said 0 (nobody was subscribed).
 *
 * <p>Payloads are {@link #PAYLOAD_BYTES} bytes. Byte 0 says which phase a message belongs to
 * ({@link #THROUGHPUT}, its warm-up included, or {@link #LATENCY}); a latency message carries
 * {@code System.nanoTime()} at the time of its write in bytes 1-8 (big-endian) and its sequence
 * number in bytes 9-12; the rest is filler.
 *
 * <p>Two ways to publish: {@link #burst} as fast as the socket takes it (pre-built batches of
 * PUBLISH commands, one write per batch), and {@link #paced} at a fixed rate, one write per
 * message, the timestamp taken just before the write.
 */
final class Publisher implements AutoCloseable {

    /** The size of every payload. */
    static final int PAYLOAD_BYTES = 32;
    static final byte THROUGHPUT = 'T';
    static final byte LATENCY = 'L';
    /** Commands per write in {@link #burst}. */
    static final int BATCH = 256;

    private final Socket socket;
    private final OutputStream out;
    private final byte[] header;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong zeroReplies = new AtomicLong();
    private long sent;

    /** Connects to 127.0.0.1:{@code port}; every message goes to {@code channel}. */
    Publisher(int port, String channel) throws IOException {
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        byte[] ch = channel.getBytes(StandardCharsets.UTF_8);
        this.header = ("*3\r\n$7\r\nPUBLISH\r\n$" + ch.length + "\r\n" + channel + "\r\n$" + PAYLOAD_BYTES + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        InputStream in = socket.getInputStream();
        Thread.ofPlatform().daemon(true).name("publisher-replies").start(() -> drain(in));
    }

    /** Reads ":<n>\r\n" replies until the socket closes; anything else (an error reply) is printed. */
    private void drain(InputStream in) {
        byte[] buf = new byte[64 * 1024];
        boolean lineStart = true;
        boolean zero = false;
        int pos = 0; // position within the current line
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (lineStart && b != ':') {
                        System.err.println("publisher: unexpected reply starting with '" + (char) b + "'");
                    }
                    if (b == '\n') {
                        if (zero) {
                            zeroReplies.incrementAndGet();
                        }
                        replies.incrementAndGet();
                        lineStart = true;
                        pos = 0;
                        zero = false;
                        continue;
                    }
                    if (pos == 1) {
                        zero = b == '0';
                    } else if (pos == 2 && b != '\r') {
                        zero = false;
                    }
                    lineStart = false;
                    pos++;
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private int writeCommand(byte[] buf, int at, byte[] payload) {
        System.arraycopy(header, 0, buf, at, header.length);
        at += header.length;
        System.arraycopy(payload, 0, buf, at, PAYLOAD_BYTES);
        at += PAYLOAD_BYTES;
        buf[at++] = '\r';
        buf[at++] = '\n';
        return at;
    }

    private int commandBytes() {
        return header.length + PAYLOAD_BYTES + 2;
    }

    /** A filler payload whose byte 0 is {@code phase}. */
    static byte[] payload(byte phase) {
        byte[] p = new byte[PAYLOAD_BYTES];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) ('a' + i % 26);
        }
        p[0] = phase;
        return p;
    }

    /**
     * Publishes {@code count} identical {@code phase} messages as fast as the socket takes them,
     * {@link #BATCH} commands per write. Returns the nanoseconds the writes took (not waiting for
     * the replies: see {@link #awaitReplies}).
     */
    long burst(byte phase, int count) throws IOException {
        byte[] p = payload(phase);
        byte[] batch = new byte[commandBytes() * BATCH];
        int at = 0;
        for (int i = 0; i < BATCH; i++) {
            at = writeCommand(batch, at, p);
        }
        long t0 = System.nanoTime();
        int left = count;
        while (left > 0) {
            int n = Math.min(left, BATCH);
            out.write(batch, 0, n * commandBytes());
            left -= n;
        }
        out.flush();
        sent += count;
        return System.nanoTime() - t0;
    }

    /**
     * Publishes {@code count} {@link #LATENCY} messages at {@code perSecond}: message i is due at
     * start + i / perSecond; the thread parks until the next one is due, then writes every message
     * that is due, each in a write of its own with {@code System.nanoTime()} taken just before it.
     * A late publisher catches up rather than skipping. Returns the nanoseconds it took.
     */
    long paced(int count, int perSecond) throws IOException {
        byte[] p = payload(LATENCY);
        byte[] cmd = new byte[commandBytes()];
        ByteBuffer view = ByteBuffer.wrap(p);
        long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * period;
            long now;
            while ((now = System.nanoTime()) - due < 0) {
                LockSupport.parkNanos(due - now);
            }
            view.putInt(9, i);
            view.putLong(1, System.nanoTime());
            writeCommand(cmd, 0, p);
            out.write(cmd);
        }
        out.flush();
        sent += count;
        return System.nanoTime() - start;
    }

    /** Waits (at most {@code timeoutMs}) until the server answered every PUBLISH sent; true if it did. */
    boolean awaitReplies(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (replies.get() < sent) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** PUBLISH commands written so far. */
    long sent() {
        return sent;
    }

    /** Replies read so far. */
    long replies() {
        return replies.get();
    }

    /** Replies that said no subscriber got the message. */
    long zeroReplies() {
        return zeroReplies.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
