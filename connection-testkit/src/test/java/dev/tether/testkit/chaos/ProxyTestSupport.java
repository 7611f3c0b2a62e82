package dev.tether.testkit.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** An echo server behind a fresh proxy for every test, and small blocking-socket helpers. */
abstract class ProxyTestSupport {

    /** Read timeout for clients that expect an answer. */
    static final int ANSWER_TIMEOUT_MILLIS = 5_000;
    /** Read timeout for clients that expect silence. */
    static final int SILENCE_TIMEOUT_MILLIS = 300;

    /** How a single read on a client socket ended. */
    enum Outcome { DATA, EOF, RESET, TIMEOUT }

    EchoServer echo;
    ChaosProxy proxy;
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void startEchoServerBehindProxy() throws IOException {
        echo = EchoServer.start();
        proxy = ChaosProxy.start(echo.address());
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (Socket c : clients) {
            c.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        echo.close();
    }

    static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
    }

    Socket connect() throws IOException {
        return connect(proxy);
    }

    Socket connect(ChaosProxy target) throws IOException {
        Socket s = new Socket();
        clients.add(s);
        s.setTcpNoDelay(true);
        s.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
        s.connect(target.address(), 2_000);
        return s;
    }

    /**
     * Connects and reads once: what a client of a proxy that closes new connections at once sees.
     * The RST may even beat the end of the client's own connect, which then fails: also a reset.
     */
    Outcome connectAndRead(ChaosProxy target) {
        try {
            return readOutcome(connect(target));
        } catch (IOException e) {
            return Outcome.RESET;
        }
    }

    static void send(Socket s, String text) throws IOException {
        send(s, text.getBytes(StandardCharsets.US_ASCII));
    }

    static void send(Socket s, byte[] bytes) throws IOException {
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
    }

    static byte[] readExactly(Socket s, int n) throws IOException {
        byte[] out = new byte[n];
        InputStream in = s.getInputStream();
        int off = 0;
        while (off < n) {
            int r = in.read(out, off, n - off);
            if (r < 0) {
                throw new IOException("EOF after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return out;
    }

    static String readString(Socket s, int n) throws IOException {
        return new String(readExactly(s, n), StandardCharsets.US_ASCII);
    }

    /** Sends {@code text} and checks that the echo comes back unchanged. */
    static void assertEchoes(Socket s, String text) throws IOException {
        send(s, text);
        assertEquals(text, readString(s, text.length()));
    }

    /** Reads one byte and says how that went; the socket's own SO_TIMEOUT applies. */
    static Outcome readOutcome(Socket s) {
        try {
            return s.getInputStream().read() < 0 ? Outcome.EOF : Outcome.DATA;
        } catch (SocketTimeoutException e) {
            return Outcome.TIMEOUT;
        } catch (IOException e) {
            return Outcome.RESET;
        }
    }

    /** Reads with the short timeout: what a client sees when it should hear nothing. */
    static Outcome readWithShortTimeout(Socket s) throws IOException {
        int before = s.getSoTimeout();
        s.setSoTimeout(SILENCE_TIMEOUT_MILLIS);
        try {
            return readOutcome(s);
        } finally {
            if (!s.isClosed()) {
                s.setSoTimeout(before);
            }
        }
    }

    /** Names of live threads that belong to some chaos proxy. */
    static Set<String> chaosThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("chaos-proxy-"))
                .collect(Collectors.toSet());
    }

    /** Names of live per-connection pump threads of any chaos proxy. */
    static Set<String> pumpThreads() {
        return chaosThreads().stream().filter(n -> !n.endsWith("-accept")).collect(Collectors.toSet());
    }

    /** A deterministic, non-repeating-looking payload. */
    static byte[] pattern(int size, int salt) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ((i * 31 + salt * 17 + (i >>> 8)) & 0xFF);
        }
        return b;
    }
}
