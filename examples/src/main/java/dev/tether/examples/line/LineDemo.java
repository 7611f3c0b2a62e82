package dev.tether.examples.line;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionException;
import dev.tether.core.ConnectionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a {@link LineServer} and a {@link LineClient} on loopback: pipelines requests, restarts
 * the server, and shows the client reconnecting by itself. Events are logged through SLF4J. The
 * longer story, with load, repeated outages and every reply checked against the server, is the
 * resilience demo's line mode ({@code dev.tether.examples.demo.ResilienceDemo --line}); this is a
 * first look:
 *
 * <pre>{@code
 * mvn -q -pl examples -am process-classes -Pdemo -Ddemo.main=dev.tether.examples.line.LineDemo
 * }</pre>
 */
public final class LineDemo {

    private LineDemo() {
    }

    /** Runs the demo; takes no arguments and ends by itself within a few seconds. */
    public static void main(String[] args) throws Exception {
        try (LineServer server = LineServer.start(0)) {
            ConnectionOptions options = ConnectionOptions.builder()
                    .backoffPolicy(BackoffPolicy.fullJitter(Duration.ofMillis(20), Duration.ofSeconds(1)))
                    .listener(event -> System.out.println("event: " + event))
                    .build();
            try (LineSession lines = LineClient.start("127.0.0.1", server.port(), options)) {
                System.out.println("ECHO hello -> " + lines.send("ECHO hello"));

                List<CompletableFuture<String>> replies = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    replies.add(lines.sendAsync("SLOW 100 reply-" + i));
                }
                System.out.println("10 pipelined SLOW 100 -> " + replies.stream().map(CompletableFuture::join).toList());

                server.restart();
                for (int attempt = 1; attempt <= 50; attempt++) {
                    try {
                        System.out.println("after restart, INCR demo -> " + lines.send("INCR demo"));
                        break;
                    } catch (ConnectionException e) {
                        System.out.println("attempt " + attempt + ": " + e.getMessage());
                        Thread.sleep(50); // a demo's pause between retries, bounded by the loop
                    }
                }
            }
        }
    }
}
