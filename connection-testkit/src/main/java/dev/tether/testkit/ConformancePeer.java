package dev.tether.testkit;

import java.net.InetSocketAddress;

/**
 * The server a connection under {@link ConnectionConformance} talks to: a real server on
 * loopback (an in-process line server, a {@code redis-server} process...) that the suite can take
 * away and bring back. The suite starts one per test through
 * {@link ConnectionConformance#startPeer()} and closes it when the test ends.
 *
 * <pre>{@code
 * public ConformancePeer startPeer() throws IOException {
 *     LineServer server = LineServer.start(0);
 *     return new ConformancePeer() {
 *         public InetSocketAddress address() { return new InetSocketAddress("127.0.0.1", server.port()); }
 *         public void stop()  { server.stop(); }
 *         public void start() throws IOException { server.restart(); }
 *         public void close() { server.stop(); }
 *     };
 * }
 * }</pre>
 */
public interface ConformancePeer {

    /** Where the peer listens: a loopback address whose port stays the same across restarts. */
    InetSocketAddress address();

    /**
     * Takes the peer away: first stops listening, so that connects to {@link #address()} are
     * refused, then closes every connection it has open. Returns once both are done. In that
     * order, a connection cannot slip back in between.
     */
    void stop() throws Exception;

    /** Brings the peer back, listening at the same {@link #address()}; returns once it accepts. */
    void start() throws Exception;

    /** {@link #stop()} then {@link #start()}: every connection is dropped and the peer is back at once. */
    default void restart() throws Exception {
        stop();
        start();
    }

    /** Stops the peer for good and releases everything it opened (sockets, threads, processes). */
    void close() throws Exception;
}
