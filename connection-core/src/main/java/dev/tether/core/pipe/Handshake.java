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
     * server).
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

    /** The server refused this client for good: the pipe stops with this as the reason. */
    final class Refused extends Exception {

        /** A refusal with the server's words. */
        public Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
