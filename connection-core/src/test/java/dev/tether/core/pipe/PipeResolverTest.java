package dev.tether.core.pipe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.BackoffPolicy;
import dev.tether.connection.ConnectionState;
import dev.tether.connection.StartFailedException;
import dev.tether.connection.StopReason;
import dev.tether.core.ConnectionOptions;
import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.LineCodec.Line;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The address resolver and {@link Pipe#reconnect}, against real loopback line servers: the
 * resolver is asked before every connect; reconnect drops the connection (in-flight requests fail
 * DISCONNECTED) and connects at once to wherever the resolver says now, also in the middle of a
 * long backoff; a resolver that throws fails the attempt (backoff, asked again), one that throws
 * Refused stops the pipe; messages name the resolved address.
 */
class PipeResolverTest {

    private LinePeer a;
    private LinePeer b;
    private Pipe<Line> pipe;
    private final AtomicReference<LinePeer> target = new AtomicReference<>();
    private final AtomicInteger resolved = new AtomicInteger();

    @AfterEach
    void stopAll() throws IOException {
        if (pipe != null) {
            pipe.close();
        }
        for (LinePeer p : new LinePeer[] {a, b}) {
            if (p != null) {
                p.close();
            }
        }
    }

    private Pipe.Builder<Line> builder(Duration backoff, AddressResolver resolver) {
        return Pipe.builder(LineCodec::new, SocketOptions.tcp("service.invalid", 1))
                .connection(ConnectionOptions.builder().backoffPolicy(BackoffPolicy.constant(backoff)).build())
                .resolver(resolver);
    }

    private AddressResolver toTarget() {
        return () -> {
            resolved.incrementAndGet();
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), target.get().port());
        };
    }

    @Test
    void reconnectGoesWhereTheResolverSaysNowAndFailsWhatWasInFlight() throws IOException {
        a = new LinePeer();
        b = new LinePeer();
        target.set(a);
        pipe = builder(Duration.ofMillis(20), toTarget()).startConnected();
        assertEquals("one", pipe.call(new Line("one")));
        assertEquals(1, a.accepted());
        assertTrue(pipe.toString().contains(":" + a.port()), "messages name the resolved address: " + pipe);
        CompletableFuture<Object> muted = pipe.callAsync(new Line("MUTE"));
        target.set(b);
        pipe.reconnect("the primary moved");
        CompletionException e = assertThrows(CompletionException.class, muted::join);
        PipeException failure = assertInstanceOf(PipeException.class, e.getCause());
        assertEquals(PipeException.Reason.DISCONNECTED, failure.reason(), "in flight at the move: may have run");
        await().atMost(Duration.ofSeconds(5)).until(() -> b.accepted() == 1 && pipe.state() == ConnectionState.CONNECTED);
        assertEquals("two", pipe.call(new Line("two")));
        assertEquals(1, a.accepted(), "nothing more went to the old address");
        assertTrue(pipe.toString().contains(":" + b.port()), pipe.toString());
        assertTrue(resolved.get() >= 2, "asked on every connect: " + resolved.get());
    }

    @Test
    void reconnectCutsALongBackoffShort() throws IOException {
        a = new LinePeer();
        target.set(a);
        pipe = builder(Duration.ofHours(1), toTarget()).startConnected();
        a.close();
        a = null;
        await().atMost(Duration.ofSeconds(5)).until(() -> pipe.state() == ConnectionState.BACKING_OFF);
        b = new LinePeer();
        target.set(b);
        pipe.reconnect("a new address was announced");
        await().atMost(Duration.ofSeconds(5)).until(() -> pipe.state() == ConnectionState.CONNECTED);
        assertEquals("back", pipe.call(new Line("back")));
        assertEquals(1, b.accepted());
    }

    @Test
    void aResolverThatThrowsFailsTheAttemptAndIsAskedAgain() throws IOException {
        a = new LinePeer();
        AtomicInteger calls = new AtomicInteger();
        pipe = builder(Duration.ofMillis(10), () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("no sentinel answered");
            }
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), a.port());
        }).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> pipe.state() == ConnectionState.CONNECTED);
        assertEquals(3, calls.get());
        assertEquals("ok", pipe.call(new Line("ok")));
    }

    @Test
    void aResolverThatRefusesStopsThePipe() {
        StartFailedException e = assertThrows(StartFailedException.class, () -> builder(Duration.ofMillis(10),
                () -> {
                    throw new Handshake.Refused("no service named 'nope' is monitored", null);
                }).startConnected());
        assertTrue(e.reason().describe().contains("no service named 'nope'"), e.reason().describe());
        Pipe<Line> started = builder(Duration.ofMillis(10), () -> {
            throw new Handshake.Refused("no service named 'nope' is monitored", null);
        }).start();
        StopReason reason = started.stopped().join();
        assertTrue(reason.describe().contains("nope"), reason.describe());
        assertEquals(ConnectionState.STOPPED, started.state());
    }
}
