package dev.tether.examples.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.core.net.SocketOptions;
import dev.tether.core.pipe.Pipe;
import dev.tether.core.pipe.PipeException.Reason;
import dev.tether.core.pipe.Request;
import dev.tether.examples.memcached.MemcachedRequest.Counter;
import dev.tether.testkit.ConformancePeer;
import dev.tether.testkit.PipeConformance;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * The test kit's conformance suite for adapters on the pipe layer, run for the memcached client
 * against a real memcached. The numbered request is a self-creating counter that starts at
 * {@code n} and adds nothing, so its reply is {@code n} on every call, across server restarts
 * too, and a reply delivered to the wrong caller shows.
 */
class MemcachedConformanceTest extends PipeConformance<MemcachedRequest<?>> {

    @Override
    protected ConformancePeer startPeer() throws Exception {
        MemcachedProcess memcached = MemcachedProcess.start();
        return new ConformancePeer() {
            @Override
            public InetSocketAddress address() {
                return new InetSocketAddress("127.0.0.1", memcached.port());
            }

            @Override
            public void stop() {
                memcached.kill(); // stops listening and drops every connection at once
            }

            @Override
            public void start() throws Exception {
                memcached.restart();
            }

            @Override
            public void close() throws Exception {
                memcached.close();
            }
        };
    }

    @Override
    protected Pipe.Builder<MemcachedRequest<?>> newPipe(SocketOptions socket) {
        return Pipe.builder(MemcachedCodec::new, socket).errorTranslator(MemcachedException::from);
    }

    @Override
    protected Request<?> numbered(int n) {
        return new Counter("n-" + n, 0, n);
    }

    @Override
    protected Object expectedReply(int n) {
        return (long) n;
    }

    @Override
    protected Reason reasonOf(Throwable error) {
        return error instanceof MemcachedException e && e.getCause() instanceof dev.tether.core.pipe.PipeException p
                ? p.reason() : null;
    }

    @Test
    void aCounterCreatesItselfThenCounts() throws Exception {
        try (MemcachedClient client = MemcachedClient.connect("127.0.0.1", peer().address().getPort())) {
            assertEquals(7, client.counter("conformance:counter", 1, 7));
            assertEquals(8, client.counter("conformance:counter", 1, 7));
            assertEquals(18, client.counter("conformance:counter", 10, 0));
        }
    }
}
