package dev.tether.core.pipe;

/**
 * What a protocol says on every new connection before any caller's request is written: a
 * greeting, authentication, a database selection. It runs on the pipe's loop, inside connect,
 * so a failure is a failed connect: the pipe backs off and tries again by its policy.
 *
 * @param <B> the protocol's request type
 */
@FunctionalInterface
public interface Handshake<B extends Request<?>> {

    /**
     * Talks to the server through {@code session}. Throwing fails this connect attempt; throwing
     * {@link Refused} stops the pipe instead (wrong credentials: retrying would only hammer the
     * server), unless it {@linkplain Refused#retry() allows a retry}.
     */
    void run(Session session) throws Exception;

    /** The new connection, before callers can use it. */
    interface Session {

        /**
         * Writes {@code request} and waits for its reply within the connect timeout.
         *
         * @throws PipeException if the connection dropped or the reply did not come in time
         */
        <T> T call(Request<T> request);

        /** The peer, for messages: e.g. "tcp 127.0.0.1:11211". */
        String peer();
    }

    /**
     * The server refused this client (wrong credentials, a database or permission it does not
     * grant). Requests fail with {@link PipeException.Reason#HANDSHAKE_REFUSED} while this is why
     * the pipe is down. A plain refusal stops the pipe (retrying would only hammer the server);
     * one that {@linkplain #retry() allows a retry} makes it back off by its policy and try again,
     * for a client whose next attempt may present something else (rotated credentials).
     */
    final class Refused extends Exception {

        private final boolean retry;

        /** A refusal with the server's words that stops the pipe. */
        public Refused(String message, Throwable cause) {
            this(message, cause, false);
        }

        /** A refusal with the server's words; {@code retry}: back off and try again instead of stopping. */
        public Refused(String message, Throwable cause, boolean retry) {
            super(message, cause);
            this.retry = retry;
        }

        /** True when the pipe backs off and tries again rather than stopping. */
        public boolean retry() {
            return retry;
        }
    }
}
