package dev.tether.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The extended form of XPENDING: the pending entries between two ids, at most so many,
 * optionally only those idle long enough or held by one consumer. Immutable; start from
 * {@link #range}.
 */
public final class StreamPendingQuery {

    private final String start;
    private final String end;
    private final long count;
    private final Duration minIdle;
    private final String consumer;

    private StreamPendingQuery(String start, String end, long count, Duration minIdle, String consumer) {
        this.start = start;
        this.end = end;
        this.count = count;
        this.minIdle = minIdle;
        this.consumer = consumer;
    }

    /** The pending entries with ids from {@code start} to {@code end} ({@code -} and {@code +} for all), at most {@code count}. */
    public static StreamPendingQuery range(String start, String end, long count) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (count <= 0) {
            throw new IllegalArgumentException("XPENDING count must be positive, got " + count);
        }
        return new StreamPendingQuery(start, end, count, null, null);
    }

    /** IDLE: only entries not delivered for at least {@code idle}. */
    public StreamPendingQuery minIdle(Duration idle) {
        if (idle == null || idle.isNegative()) {
            throw new IllegalArgumentException("XPENDING IDLE must not be negative, got " + idle);
        }
        return new StreamPendingQuery(start, end, count, idle, consumer);
    }

    /** Only the entries held by {@code name}. */
    public StreamPendingQuery consumer(String name) {
        return new StreamPendingQuery(start, end, count, minIdle, Objects.requireNonNull(name, "consumer"));
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>(6);
        if (minIdle != null) {
            args.add("IDLE");
            args.add(Long.toString(minIdle.toMillis()));
        }
        args.add(start);
        args.add(end);
        args.add(Long.toString(count));
        if (consumer != null) {
            args.add(consumer);
        }
        return args;
    }

    @Override
    public String toString() {
        return "StreamPendingQuery" + arguments();
    }
}
