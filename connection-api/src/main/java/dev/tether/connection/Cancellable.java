package dev.tether.connection;

/** A scheduled thing that can be cancelled: a timer or a delayed message. */
@FunctionalInterface
public interface Cancellable {

    /**
     * Cancels it if it has not happened yet.
     *
     * @return true if this call prevented it from happening; false if it had already
     *     happened or was already cancelled
     */
    boolean cancel();
}
