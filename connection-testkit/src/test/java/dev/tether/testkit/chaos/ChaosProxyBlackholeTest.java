package dev.tether.testkit.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Blackholes: half-open peers that swallow bytes without closing anything. */
class ChaosProxyBlackholeTest extends ProxyTestSupport {

    @Test
    void blackholeMakesReadsTimeOutWhileTheConnectionStaysOpen() throws IOException {
        Socket client = connect();
        assertEchoes(client, "hello");

        proxy.blackhole();
        send(client, "lost");

        assertEquals(Outcome.TIMEOUT, readWithShortTimeout(client));
        assertEquals(Outcome.TIMEOUT, readWithShortTimeout(client), "still no FIN, no RST, no data");
        eventually().until(() -> proxy.bytesDropped(Direction.UPSTREAM) == 4);
        assertEquals(5, echo.bytesReceived(), "nothing reached the server");
        assertEquals(1, proxy.connections());
        assertEquals(0, echo.eofs() + echo.errors(), "the server side is not closed either");
    }

    @Test
    void passAfterABlackholeForwardsNewBytesButNeverTheDroppedOnes() throws IOException {
        Socket client = connect();
        assertEchoes(client, "hello");
        proxy.blackhole();
        send(client, "lost");
        eventually().until(() -> proxy.bytesDropped(Direction.UPSTREAM) == 4);

        proxy.pass();

        assertEchoes(client, "fresh");
        assertEquals(Outcome.TIMEOUT, readWithShortTimeout(client), "the dropped bytes do not come back");
        assertEquals(10, echo.bytesReceived());
    }

    @Test
    void downstreamBlackholeLetsRequestsThroughAndSwallowsTheReplies() throws IOException {
        Socket client = connect();
        assertEchoes(client, "hello");

        proxy.blackhole(Direction.DOWNSTREAM);
        send(client, "lost");

        eventually().until(() -> echo.bytesReceived() == 9);
        eventually().until(() -> proxy.bytesDropped(Direction.DOWNSTREAM) == 4);
        assertEquals(Outcome.TIMEOUT, readWithShortTimeout(client));
        assertEquals(0, proxy.bytesDropped(Direction.UPSTREAM));

        proxy.pass(Direction.DOWNSTREAM);

        assertEchoes(client, "new!");
        assertEquals(Outcome.TIMEOUT, readWithShortTimeout(client), "the swallowed reply stays swallowed");
    }

    @Test
    void aFinSentIntoABlackholeArrivesOnlyAfterPass() throws IOException {
        Socket client = connect();
        assertEchoes(client, "hello");
        proxy.blackhole();

        client.shutdownOutput();

        eventually().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> echo.eofs() == 0 && proxy.connections() == 1);

        proxy.pass();

        eventually().until(() -> echo.eofs() == 1);
        assertEquals(Outcome.EOF, readOutcome(client), "the server closed in turn, and that came through");
        eventually().until(() -> proxy.connections() == 0);
    }

    @Test
    void blackholeOverridesADelayAndPassClearsBoth() throws IOException {
        Socket client = connect();
        assertEchoes(client, "hello");
        proxy.delay(Duration.ofSeconds(30)).blackhole(Direction.UPSTREAM);
        send(client, "gone");
        eventually().until(() -> proxy.bytesDropped(Direction.UPSTREAM) == 4);

        proxy.pass();

        assertEchoes(client, "prompt");
    }
}
