package dev.tether.examples.demo;

import java.util.Objects;

/**
 * How one command failed, as the demo books it: the reason shown to the user (a
 * {@code RedisConnectionException} reason, {@code TIMEOUT}...) and what the failure lets the
 * cross-check expect of the command's id on the server.
 *
 * @param reason the reason, upper case, e.g. {@code CLOSED}
 * @param delivery whether the command may have reached the server
 * @param message the exception's message, for the summary's examples
 */
record Failure(String reason, Delivery delivery, String message) {

    /** What a failure says about the command's effect on the server. */
    enum Delivery {
        /** Never written to the socket (CLOSED, OVERLOADED...): its id must not be on the server. */
        NOT_SENT,
        /** Answered with an error reply (LOADING...): the server did not run it, its id must not be there. */
        REFUSED,
        /** Written but unanswered (DISCONNECTED, TIMEOUT...): its id may be there, at most once. */
        IN_DOUBT
    }

    Failure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(delivery, "delivery");
        message = message == null ? "" : message;
    }

    /**
     * A failure the demo did not expect: booked as in doubt, because nothing says it was not
     * sent, under the exception's class name so that it stands out in the summary.
     */
    static Failure unexpected(Throwable error) {
        return new Failure("UNEXPECTED " + error.getClass().getSimpleName(), Delivery.IN_DOUBT, error.getMessage());
    }
}
