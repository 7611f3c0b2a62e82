package dev.tether.connection;

/**
 * A source of monotonic time in nanoseconds. The runtime reads every deadline, backoff and
 * idle timeout through one, so tests can inject a fake and never sleep.
 */
@FunctionalInterface
public interface Ticker {

    /** Monotonic nanoseconds, comparable only with other readings of the same ticker. */
    long nanoTime();

    /** The ticker backed by {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
