package dev.tether.testkit.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pass, delay, slow drip and corruption: what arrives, when, and in how many pieces. */
class ChaosProxyForwardingTest extends ProxyTestSupport {

    @Test
    void passForwardsBytesBothWaysAndCountsThem() throws IOException {
        Socket client = connect();

        assertEchoes(client, "PING\r\n");

        assertEquals(6, echo.bytesReceived());
        eventually().until(() -> proxy.bytesForwarded(Direction.DOWNSTREAM) == 6);
        assertEquals(6, proxy.bytesForwarded(Direction.UPSTREAM));
        assertEquals(12, proxy.bytesForwarded(Direction.BOTH));
        assertEquals(0, proxy.bytesDropped(Direction.BOTH));
        assertEquals(1, proxy.connections());
        assertEquals(1, proxy.acceptedTotal());
    }

    @Test
    void passForwardsAMegabyteIntactWhileTheClientWritesAndReadsConcurrently() throws Exception {
        Socket client = connect();
        byte[] payload = pattern(1 << 20, 1);

        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                send(client, payload);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        byte[] echoed = readExactly(client, payload.length);
        writer.get(10, TimeUnit.SECONDS);

        assertArrayEquals(payload, echoed);
    }

    @Test
    void halfCloseByTheClientEndsTheConnectionInOrderAndFreesItsThreads() throws IOException {
        Socket client = connect();
        assertEchoes(client, "bye");

        client.shutdownOutput();

        assertEquals(Outcome.EOF, readOutcome(client));
        eventually().until(() -> echo.eofs() == 1);
        eventually().until(() -> proxy.connections() == 0 && pumpThreads().isEmpty());
        assertEquals(0, proxy.connectionsCut());
    }

    @Test
    void delayInBothDirectionsAddsAtLeastTwiceTheDelayToARoundTrip() throws IOException {
        Socket client = connect();
        assertEchoes(client, "warm-up");
        proxy.delay(Duration.ofMillis(200));

        long start = System.nanoTime();
        assertEchoes(client, "ping");
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(elapsedMillis >= 400, "round trip took only " + elapsedMillis + " ms");
    }

    @Test
    void delayUpstreamOnlyAddsAtLeastTheDelayToARoundTrip() throws IOException {
        Socket client = connect();
        proxy.delay(Duration.ofMillis(250), Direction.UPSTREAM);

        long start = System.nanoTime();
        assertEchoes(client, "ping");
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(elapsedMillis >= 250, "round trip took only " + elapsedMillis + " ms");
    }

    @Test
    void delayKeepsTheOrderOfManySmallWrites() throws IOException {
        Socket client = connect();
        proxy.delay(Duration.ofMillis(50));
        StringBuilder expected = new StringBuilder();

        for (int i = 0; i < 200; i++) {
            String line = "line-" + i + "\n";
            expected.append(line);
            send(client, line);
        }

        assertEquals(expected.toString(), readString(client, expected.length()));
    }

    @Test
    void slowDripForwardsInSmallChunksAtTheGivenPace() throws IOException {
        Socket client = connect();
        assertEchoes(client, "warm-up");
        proxy.slowDrip(4, Duration.ofMillis(50), Direction.DOWNSTREAM);
        byte[] payload = pattern(64, 2);
        byte[] received = new byte[payload.length];
        InputStream in = client.getInputStream();

        long start = System.nanoTime();
        send(client, payload);
        int reads = 0;
        int off = 0;
        while (off < received.length) {
            int n = in.read(received, off, received.length - off);
            assertTrue(n > 0, "stream ended early");
            assertTrue(n <= received.length, "read more than sent");
            off += n;
            reads++;
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertArrayEquals(payload, received);
        assertTrue(reads >= 8, "64 bytes dripped 4 at a time arrived in only " + reads + " reads");
        assertTrue(elapsedMillis >= 15 * 50, "16 drips 50 ms apart took only " + elapsedMillis + " ms");
        assertEquals(64 + 7, echo.bytesReceived(), "upstream is not dripped: the server has it all");
    }

    @Test
    void corruptionWithTheSameSeedFlipsTheSameBitsDownstreamOnly() throws IOException {
        byte[] payload = pattern(4096, 3);

        byte[] first = echoThroughFreshCorruption(payload, 0.05, 42);
        byte[] second = echoThroughFreshCorruption(payload, 0.05, 42);

        assertArrayEquals(first, second, "same seed, same bytes: same corruption");
        int changed = 0;
        for (int i = 0; i < payload.length; i++) {
            if (first[i] != payload[i]) {
                changed++;
                assertEquals(1, Integer.bitCount((first[i] ^ payload[i]) & 0xFF), "one bit flipped at " + i);
            }
        }
        assertTrue(changed > 0 && changed < payload.length / 4, "5% of 4096 bytes, got " + changed);
        assertEquals(2L * changed, proxy.bytesCorrupted(Direction.DOWNSTREAM));
        assertEquals(0, proxy.bytesCorrupted(Direction.UPSTREAM));
        assertEquals(2L * payload.length, echo.bytesReceived(), "the server got every byte");
        assertNotEquals(0, proxy.bytesForwarded(Direction.DOWNSTREAM));
    }

    private byte[] echoThroughFreshCorruption(byte[] payload, double probability, long seed) throws IOException {
        Socket client = connect();
        proxy.corrupt(probability, seed);
        send(client, payload);
        byte[] echoed = readExactly(client, payload.length);
        proxy.pass();
        client.close();
        return echoed;
    }

    @Test
    void corruptNextInvertsExactlyTheNextBytesDownstreamThenForwardsFaithfully() throws IOException {
        Socket client = connect();

        proxy.corruptNext(3);
        send(client, "+OK\r\n");
        byte[] corrupted = readExactly(client, 5);

        byte[] original = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            assertEquals((byte) ~original[i], corrupted[i], "byte " + i + " inverted");
        }
        assertEquals("\r\n", new String(corrupted, 3, 2, StandardCharsets.US_ASCII));
        assertEchoes(client, "+OK\r\n");
        assertEquals(3, proxy.bytesCorrupted(Direction.DOWNSTREAM));
    }
}
