package dev.tether.redis;

import dev.tether.redis.RedisConnectionException.Reason;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How one command finished, as a {@link CommandListener} sees it: its name (never its arguments),
 * the node it went to ({@code host:port}, or the socket path), the node's role, the latency from
 * sending to the outcome, and the outcome.
 *
 * @param command the command's name, upper case ({@code GET}, {@code CLIENT}...)
 * @param node the node's address, {@code host:port} or a Unix socket path
 * @param role {@code primary} or {@code replica} (a Cluster replica serving reads, a Sentinel replica)
 * @param latencyNanos from when the command was handed to the connection to its outcome
 * @param outcome how it ended
 * @param failure the reason when {@code outcome} is {@link Outcome#FAILED}, else null
 * @param batchSize how many commands were sent together (1, or a pipeline's or transaction's size)
 */
public record CommandFinished(String command, String node, String role, long latencyNanos, Outcome outcome,
                              Reason failure, int batchSize) {

    /** How a command ended. */
    public enum Outcome {
        /** The server answered with a reply that is not an error. */
        OK,
        /** The server answered with an error ({@link RedisErrorException}, or a {@link RedisError} in a batch). */
        SERVER_ERROR,
        /** A transaction a watched key changed: EXEC answered null and nothing ran. */
        ABORTED,
        /** Between client and server: {@link #failure()} says why (TIMEOUT, DISCONNECTED...). */
        FAILED
    }

    /** Checks the fields: a failure reason exactly when the outcome is FAILED. */
    public CommandFinished {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.FAILED) != (failure != null)) {
            throw new IllegalArgumentException("a failure reason goes with outcome FAILED only, got " + outcome
                    + " and " + failure);
        }
    }

    /** The latency as a duration. */
    public Duration latency() {
        return Duration.ofNanos(latencyNanos);
    }

    /**
     * The outcome as one lower-case word for a metric tag: {@code ok}, {@code server_error},
     * {@code aborted}, or the failure's reason ({@code timeout}, {@code disconnected}...).
     */
    public String outcomeTag() {
        return (outcome == Outcome.FAILED ? failure.name() : outcome.name()).toLowerCase(Locale.ROOT);
    }
}
