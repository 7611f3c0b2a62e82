package dev.tether.examples.demo;

import dev.tether.connection.BackoffPolicy;
import dev.tether.core.ConnectionOptions;
import dev.tether.examples.line.LineClient;
import dev.tether.examples.line.LineClientException;
import dev.tether.examples.line.LineServer;
import dev.tether.examples.line.LineSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code --line} mode: the same story with the line-protocol example instead of Redis, to
 * show that the resilience comes from the Connection behaviour, not from the Redis client. Each
 * command is {@code INCR <id>}, a counter of its own on the {@link LineServer}; counters outlive
 * server restarts. Outages stop the server (connections closed, connects refused) and start it
 * again on the same port.
 *
 * <p>The read-back sends {@code INCR <id>} once more for every id: the reply is one more than
 * the times the id had been applied. The line server also counts the request lines it received,
 * which must lie between the successes and the successes plus the commands in doubt.
 */
final class LineTarget implements Target {

    /** Read-back requests in flight at once: enough to pipeline, few enough to stay far from the mailbox bound. */
    private static final int READ_BACK_WINDOW = 1024;
    private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(10);

    private final LineServer server;
    private final LineSession lines;

    LineTarget() {
        try {
            this.server = LineServer.start(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the line server", e);
        }
        try {
            // A request made while down brings the next attempt forward (the pipe's early
            // connect); a short backoff cap keeps the recovery quick when nobody asks.
            this.lines = LineClient.start("127.0.0.1", server.port(), ConnectionOptions.builder()
                    .backoffPolicy(BackoffPolicy.fullJitter(Duration.ofMillis(20), Duration.ofMillis(500)))
                    .build());
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    @Override
    public String describe() {
        return "LineServer on 127.0.0.1:" + server.port() + " (examples/.../line), INCR <id> per command";
    }

    @Override
    public void send(String id) {
        String reply = lines.send("INCR " + id);
        if (!reply.chars().allMatch(Character::isDigit) || reply.isEmpty()) {
            throw new IllegalStateException("unexpected reply to INCR " + id + ": " + reply);
        }
        // A reply above 1 is a duplicate; the read-back sees it too, so it is not booked here.
    }

    @Override
    public Failure classify(RuntimeException error) {
        return switch (error) {
            // CLOSED and OVERLOADED were never written; DISCONNECTED, TIMEOUT and STOPPED may have run.
            case LineClientException e -> new Failure(e.reason().name(),
                    e.neverSent() ? Failure.Delivery.NOT_SENT : Failure.Delivery.IN_DOUBT, e.getMessage());
            default -> Failure.unexpected(error);
        };
    }

    @Override
    public String state() {
        return lines.pipe().state().name();
    }

    @Override
    public Outage startOutage(int number) {
        int open = server.connectionCount();
        server.stop();
        return new Outage("stop LineServer (" + open + " connection" + (open == 1 ? "" : "s") + " closed)", false);
    }

    @Override
    public Back endOutage(int number) {
        Instant at = Instant.now(); // before listening again, so a quick success cannot precede it
        try {
            server.restart();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + server.port() + " again", e);
        }
        return new Back(at, "LineServer listening again on port " + server.port());
    }

    @Override
    public CrossCheck readBack(Ledger ledger) {
        long received = server.requestsReceived(); // before the read-back adds its own
        // A sliding window of pipelined requests, answered in order: the oldest is awaited only
        // once the window is full, so the connection always has work in flight.
        ArrayDeque<Map.Entry<String, CompletableFuture<String>>> window = new ArrayDeque<>();
        String failure = null;
        try {
            for (int w = 0; w < ledger.workers() && failure == null; w++) {
                for (int s = 0; s < ledger.issued(w) && failure == null; s++) {
                    String id = Ledger.id(w, s);
                    window.addLast(Map.entry(id, lines.sendAsync("INCR " + id)));
                    if (window.size() == READ_BACK_WINDOW) {
                        failure = count(window.removeFirst(), ledger);
                    }
                }
            }
            while (!window.isEmpty() && failure == null) {
                failure = count(window.removeFirst(), ledger);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        CrossCheck check = ledger.check("INCR <id> once more for each of the ids issued"
                + (failure != null ? " (read-back failed: " + failure + ")" : ""), failure == null);
        // Every success was received once; an in-doubt command at most once; nothing else was sent.
        long low = check.acknowledged();
        long high = check.acknowledged() + check.inDoubt();
        return check.with(new CrossCheck.Extra("request lines the LineServer received",
                Formats.count(received) + ", between " + Formats.count(low) + " and " + Formats.count(high),
                received >= low && received <= high));
    }

    /** Books one read-back reply: INCR answers one more than the times the id had been applied. */
    private static String count(Map.Entry<String, CompletableFuture<String>> request, Ledger ledger)
            throws InterruptedException {
        try {
            String reply = request.getValue().get(READ_BACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ledger.sawOnServer(request.getKey(), Long.parseLong(reply) - 1);
            return null;
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (TimeoutException | NumberFormatException e) {
            return "INCR " + request.getKey() + ": " + e;
        }
    }

    @Override
    public void close() {
        try {
            lines.close();
        } finally {
            server.stop();
        }
    }
}
