package dev.tether.benchmarks.pubsub;

import java.util.function.Consumer;

/**
 * The client under test, subscribed to one channel with one listener that receives each
 * message's payload as bytes (no client decodes it to a String: the same work for all three).
 * {@link #open} returns once the server confirmed the subscription.
 *
 * <p>Where the listener runs differs by design and is part of what is measured: Tether, on the
 * subscriber's delivery thread (fed by its reader through a bounded queue); Lettuce, on the Netty
 * event loop that reads the socket; Jedis, on the thread that called {@code subscribe} and reads
 * the socket itself.
 */
interface BenchSubscriber extends AutoCloseable {

    /** Clients {@link #open} knows. */
    java.util.List<String> CLIENTS = java.util.List.of("tether", "lettuce", "jedis");

    /** Connects {@code client} to 127.0.0.1:{@code port} and subscribes {@code channel}. */
    static BenchSubscriber open(String client, int port, String channel, Consumer<byte[]> listener)
            throws Exception {
        return switch (client) {
            case "tether" -> new TetherSubscriber(port, channel, listener);
            case "lettuce" -> new LettuceSubscriber(port, channel, listener);
            case "jedis" -> new JedisSubscriber(port, channel, listener);
            default -> throw new IllegalArgumentException("unknown client " + client + " " + CLIENTS);
        };
    }

    /** How the client is set up, for the report. */
    String describe();

    /** Unsubscribes (where that is how the client stops) and closes the connection. */
    @Override
    void close();
}
