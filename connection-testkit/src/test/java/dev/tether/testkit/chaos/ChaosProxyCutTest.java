package dev.tether.testkit.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Cutting connections, refusing and pausing new ones. */
class ChaosProxyCutTest extends ProxyTestSupport {

    @Test
    void cutWithResetMakesTheClientsReadFailAndResetsTheServerSideToo() throws IOException {
        Socket client = connect();
        assertEchoes(client, "hello");

        assertEquals(1, proxy.cutWithReset());

        assertEquals(Outcome.RESET, readOutcome(client));
        eventually().until(() -> echo.errors() == 1);
        assertEquals(0, echo.eofs(), "the server saw a reset, not an orderly close");
        assertEquals(0, proxy.connections());
        assertEquals(1, proxy.connectionsCut());
        eventually().until(() -> pumpThreads().isEmpty());
    }

    @Test
    void cutWithResetWakesAClientAlreadyBlockedInRead() throws Exception {
        Socket client = connect();
        assertEchoes(client, "hello");
        var blockedRead = CompletableFuture.supplyAsync(() -> readOutcome(client));
        eventually().until(() -> proxy.connections() == 1);

        proxy.cutWithReset();

        assertEquals(Outcome.RESET, blockedRead.get(5, TimeUnit.SECONDS));
    }

    @Test
    void newConnectionsAreStillProxiedAfterACut() throws IOException {
        Socket first = connect();
        assertEchoes(first, "one");
        proxy.cutWithReset();

        Socket second = connect();

        assertEchoes(second, "two");
        assertEquals(1, proxy.connections());
        assertEquals(2, proxy.acceptedTotal());
    }

    @Test
    void cutWithFinGivesTheClientEndOfStreamAndTheServerAnOrderlyClose() throws IOException {
        Socket client = connect();
        assertEchoes(client, "hello");

        assertEquals(1, proxy.cutWithFin());

        assertEquals(Outcome.EOF, readOutcome(client));
        eventually().until(() -> echo.eofs() == 1);
        assertEquals(0, echo.errors());
        assertEquals(0, proxy.connections());
        assertEquals(1, proxy.connectionsCut());
        client.close();
        eventually().until(() -> pumpThreads().isEmpty());
    }

    @Test
    void cutWithFinDiscardsWhatTheClientSendsAfterwards() throws IOException {
        Socket client = connect();
        assertEchoes(client, "hello");
        proxy.cutWithFin();
        assertEquals(Outcome.EOF, readOutcome(client));

        send(client, "too late");

        eventually().until(() -> echo.eofs() == 1);
        assertEquals(5, echo.bytesReceived(), "nothing after the cut reached the server");
    }

    @Test
    void cutsAffectEveryCurrentConnectionAndCountThem() throws IOException {
        Socket a = connect();
        Socket b = connect();
        Socket c = connect();
        for (Socket s : new Socket[] {a, b, c}) {
            assertEchoes(s, "x");
        }

        assertEquals(3, proxy.cutWithReset());

        for (Socket s : new Socket[] {a, b, c}) {
            assertEquals(Outcome.RESET, readOutcome(s));
        }
        assertEquals(0, proxy.cutWithFin(), "nothing left to cut");
        assertEquals(3, proxy.connectionsCut());
    }

    @Test
    void refuseNewClosesNewConnectionsAtOnceAndLeavesCurrentOnesAlone() throws IOException {
        Socket existing = connect();
        assertEchoes(existing, "before");
        proxy.refuseNew(true);

        Outcome outcome = connectAndRead(proxy);

        assertTrue(outcome == Outcome.RESET || outcome == Outcome.EOF, "closed at once, got " + outcome);
        assertEquals(1, proxy.refusedTotal());
        assertEquals(1, echo.accepted(), "the refused client never reached the server");
        assertEchoes(existing, "still fine");
    }

    @Test
    void refuseNewFalseAcceptsAgain() throws IOException {
        proxy.refuseNew(true);
        assertEquals(Outcome.RESET, connectAndRead(proxy));

        proxy.refuseNew(false);

        assertEchoes(connect(), "back");
    }

    @Test
    void passEndsRefusalToo() throws IOException {
        proxy.refuseNew(true).pass();

        assertEchoes(connect(), "served");
    }

    @Test
    void pausedAcceptHoldsNewClientsSilentlyUntilResumed() throws IOException {
        proxy.pauseAccept(true);
        Socket client = connect(); // the kernel completes the handshake
        send(client, "queued");

        assertEquals(Outcome.TIMEOUT, readWithShortTimeout(client));
        assertEquals(0, echo.accepted());

        proxy.pauseAccept(false);

        assertEquals("queued", readString(client, 6));
        assertEquals(1, proxy.connections());
    }

    @Test
    void anUnreachableUpstreamClosesTheClientAtOnce() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (ChaosProxy orphan = ChaosProxy.start(new InetSocketAddress("127.0.0.1", closedPort))) {
            Outcome outcome = connectAndRead(orphan);

            assertTrue(outcome == Outcome.RESET || outcome == Outcome.EOF, "closed at once, got " + outcome);
            assertEquals(1, orphan.upstreamFailures());
            assertEquals(0, orphan.connections());
        }
    }

    @Test
    void cutWithFinAfterADelayedChunkDoesNotDeliverIt() throws IOException {
        Socket client = connect();
        assertEchoes(client, "hello");
        proxy.delay(Duration.ofSeconds(30), Direction.DOWNSTREAM);
        send(client, "held");
        eventually().until(() -> echo.bytesReceived() == 9);

        proxy.cutWithFin();

        assertEquals(Outcome.EOF, readOutcome(client));
        eventually().until(() -> proxy.bytesDropped(Direction.DOWNSTREAM) == 4);
    }
}
