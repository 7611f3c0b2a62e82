package dev.tether.examples.demo;

import java.time.Instant;

/**
 * The system the demo hammers and breaks: a client, the server behind it, and the means to take
 * that server away. One implementation per mode: {@link LocalRedisTarget} (a redis-server it
 * kills), {@link ProxiedRedisTarget} (an existing server behind a chaos proxy) and
 * {@link LineTarget} (the line-protocol example).
 *
 * <p>{@link #send} is called by many workers at once; everything else by the demo's main thread.
 */
interface Target extends AutoCloseable {

    /** One line saying what runs where, for the header. */
    String describe();

    /**
     * Sends the command that stores {@code id} on the server and waits for its reply.
     *
     * @throws RuntimeException whatever the client throws; {@link #classify} books it
     */
    void send(String id);

    /** Books an exception {@link #send} threw. */
    Failure classify(RuntimeException error);

    /** The client's connection state, for the progress line. */
    String state();

    /**
     * Starts outage {@code number} (1-based) and says what was done. Commands issued from now on
     * cannot succeed until {@link #endOutage} (or, for a {@link Outage#instant() instant} one,
     * until the client reconnects).
     */
    Outage startOutage(int number);

    /** Brings the server back and says when it was back, by the server's clock where it has one. */
    Back endOutage(int number);

    /** Reads everything the run stored from the server into {@code ledger} and checks it. */
    CrossCheck readBack(Ledger ledger);

    /** Stops the client, and every server and proxy the target started. */
    @Override
    void close();

    /**
     * What an outage did.
     *
     * @param description for the log, e.g. {@code kill -9 redis-server (pid 4242)}
     * @param instant true when there is nothing to end: the connection was killed and the server
     *     stays up, so service is back at once
     */
    record Outage(String description, boolean instant) {
    }

    /**
     * The end of an outage.
     *
     * @param at when service was back: the restarted server's "Ready to accept connections" time
     *     stamp, or the moment the demo restored the path to it
     * @param description for the log
     */
    record Back(Instant at, String description) {
    }
}
