package dev.tether.core.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The write watchdog scans only while links are open; with none it waits without waking. */
class WriteWatchdogTest {

    private static Thread watchdog() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("tether-write-watchdog")).findFirst().orElse(null);
    }

    @Test
    void withNoLinkOpenTheWatchdogWaitsWithoutATimeoutAndWakesForTheNextLink() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            SocketOptions options = SocketOptions.tcp("127.0.0.1", server.getLocalPort());
            SocketLink first = SocketLink.connect(options, "watchdog-test");
            try (Socket accepted = server.accept()) {
                Thread scanner = watchdog();
                assertNotNull(scanner, "a link is open: the watchdog runs");
                first.close();
                // WAITING, not TIMED_WAITING: no periodic wake-up while nothing can time out
                await().atMost(Duration.ofSeconds(5)).until(() -> scanner.getState() == Thread.State.WAITING);
            }
            SocketLink second = SocketLink.connect(options, "watchdog-test");
            try (Socket accepted = server.accept()) {
                Thread scanner = watchdog();
                await().atMost(Duration.ofSeconds(5)).until(() -> scanner.getState() == Thread.State.TIMED_WAITING);
            } finally {
                second.close();
            }
        }
    }
}
