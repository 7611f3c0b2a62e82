package dev.tether.examples.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of the run, shared by every worker: commands issued, succeeded, and failed by
 * reason. A command counts as issued before it is submitted, so a command that never completes
 * shows up as unaccounted ({@code issued - succeeded - failed}) instead of vanishing.
 */
final class Tally {

    private final LongAdder issued = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
    private final Map<String, Failure> firstFailures = new ConcurrentHashMap<>();

    void issued() {
        issued.increment();
    }

    void succeeded() {
        succeeded.increment();
    }

    void failed(Failure failure) {
        failed.computeIfAbsent(failure.reason(), r -> new LongAdder()).increment();
        firstFailures.putIfAbsent(failure.reason(), failure);
    }

    /** The counters now; only exact once every worker has ended. */
    Snapshot snapshot() {
        Map<String, Long> byReason = new TreeMap<>();
        failed.forEach((reason, count) -> byReason.put(reason, count.sum()));
        // Read issued last: it only grows, so a snapshot taken mid-run never shows a negative
        // number of commands in flight.
        long ok = succeeded.sum();
        long failedTotal = byReason.values().stream().mapToLong(Long::longValue).sum();
        return new Snapshot(issued.sum(), ok, failedTotal, Map.copyOf(byReason), Map.copyOf(firstFailures));
    }

    /**
     * The counters at one moment.
     *
     * @param failedByReason failures per reason, sorted by reason when iterated through {@link #reasons()}
     * @param firstFailures the first failure booked for each reason, with its message
     */
    record Snapshot(long issued, long succeeded, long failed, Map<String, Long> failedByReason,
                    Map<String, Failure> firstFailures) {

        long failed(String reason) {
            return failedByReason.getOrDefault(reason, 0L);
        }

        /** Issued but neither succeeded nor failed: in flight during the run, a lost command after it. */
        long unaccounted() {
            return issued - succeeded - failed;
        }

        Iterable<String> reasons() {
            return new TreeMap<>(failedByReason).keySet();
        }
    }
}
