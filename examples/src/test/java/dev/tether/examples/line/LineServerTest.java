package dev.tether.examples.line;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testkit.LeakCheckExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The line server on its own, through plain sockets. */
@ExtendWith(LeakCheckExtension.class)
class LineServerTest {

    private LineServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = LineServer.start(0);
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    /** A plain blocking client, with a read timeout so no test can hang. */
    private static final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        void write(String... lines) throws IOException {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String read() throws IOException {
            return in.readLine();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void answersEveryCommand() throws IOException {
        try (Client c = new Client(server.port())) {
            c.write("PING", "ECHO hello world", "INCR visits", "INCR visits", "SLOW 10 late", "NOPE");
            assertEquals("PONG", c.read());
            assertEquals("hello world", c.read());
            assertEquals("1", c.read());
            assertEquals("2", c.read());
            assertEquals("late", c.read());
            assertEquals("ERR unknown command: NOPE", c.read());
        }
    }

    @Test
    void repliesInRequestOrderEvenBehindASlowOne() throws IOException {
        try (Client c = new Client(server.port())) {
            long started = System.nanoTime();
            c.write("SLOW 200 first", "ECHO second");
            assertEquals("first", c.read());
            assertEquals("second", c.read());
            assertTrue(System.nanoTime() - started >= Duration.ofMillis(200).toNanos());
        }
    }

    @Test
    void slowRequestsWaitTogetherNotOneAfterAnother() throws IOException {
        try (Client c = new Client(server.port())) {
            long started = System.nanoTime();
            String[] requests = new String[50];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = "SLOW 100 r" + i;
            }
            c.write(requests);
            for (int i = 0; i < requests.length; i++) {
                assertEquals("r" + i, c.read());
            }
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 2_500, "50 pipelined SLOW 100 took " + tookMillis + " ms");
        }
    }

    @Test
    void quitSaysByeAndClosesTheConnection() throws IOException {
        try (Client c = new Client(server.port())) {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 1);
            c.write("QUIT");
            assertEquals("BYE", c.read());
            assertNull(c.read(), "end of stream after BYE");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 0);
        }
    }

    @Test
    void stopRefusesConnectsAndRestartListensOnTheSamePort() throws IOException {
        int port = server.port();
        try (Client c = new Client(port)) {
            c.write("INCR k");
            assertEquals("1", c.read());
            server.stop();
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
            assertTrue(readFails(c), "the connection was closed by stop");
        }
        server.restart();
        assertEquals(port, server.port());
        try (Client c = new Client(port)) {
            c.write("INCR k");
            assertEquals("2", c.read(), "counters outlive a restart");
        }
    }

    private static boolean readFails(Client c) {
        try {
            return c.read() == null;
        } catch (IOException e) {
            return true;
        }
    }
}
