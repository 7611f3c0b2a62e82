package dev.tether.examples.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a run of {@link ResilienceDemo} found, for the program's exit status and for tests.
 *
 * @param mode {@code redis}, {@code redis-uri} or {@code line}
 * @param issued commands issued
 * @param succeeded commands that succeeded
 * @param failedByReason failed commands per reason ({@code CLOSED}, {@code DISCONNECTED}...)
 * @param unaccounted issued minus succeeded minus failed: commands that never completed
 * @param outages each outage and its recovery
 * @param crossCheckPassed whether the server holds every acknowledged id exactly once, no id
 *     twice and no id of a command that failed as never sent
 * @param problems what went wrong, one sentence each; empty when {@link #passed()}
 * @param elapsed the whole run, read-back included
 */
public record DemoResult(String mode, long issued, long succeeded, Map<String, Long> failedByReason,
                         long unaccounted, List<Recovery> outages, boolean crossCheckPassed,
                         List<String> problems, Duration elapsed) {

    public DemoResult {
        failedByReason = Map.copyOf(failedByReason);
        outages = List.copyOf(outages);
        problems = List.copyOf(problems);
    }

    /**
     * One outage.
     *
     * @param number 1-based
     * @param description what the demo did
     * @param down how long the server was away (zero for a killed connection)
     * @param recovery from the server being back to the first success of a command issued after
     *     the outage began; null if no such success came
     */
    public record Recovery(int number, String description, Duration down, Duration recovery) {
    }

    /** Nothing unaccounted, the cross-check passed, and the client recovered from every outage. */
    public boolean passed() {
        return problems.isEmpty();
    }

    /** The process exit status: 0 when {@link #passed()}, 1 otherwise. */
    public int exitCode() {
        return passed() ? 0 : 1;
    }

    /** All failures, whatever the reason. */
    public long failed() {
        return failedByReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
