package dev.tether.core.pipe;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The protocol-specific part of a {@link Pipe}: how a request is written and how the bytes that
 * come back are cut into frames. Everything else (the in-flight queue, combined writes, deadlines,
 * reconnects, the written/unwritten boundary, the stall check) is the pipe's.
 *
 * <p>A pipe makes a fresh codec for every connection (it is built from a factory, usually the
 * codec's constructor), so a codec may keep decoding state across calls, and nothing of a dead
 * connection's half-read frame reaches the next one. {@link #encode} runs under the connection's
 * write lock and {@link #decode} under its read token, so each side is single-threaded, but the
 * two run concurrently with each other: keep no state shared between them.
 *
 * @param <B> the protocol's request type (usually a sealed interface extending {@link Request})
 */
public interface Codec<B extends Request<?>> {

    /**
     * What {@link #decode} returns when the bytes at hand hold no complete frame. The pipe then
     * reads more and calls decode again with the unconsumed bytes followed by the new ones.
     */
    Object NEED_MORE = new Object() {
        @Override
        public String toString() {
            return "NEED_MORE";
        }
    };

    /** The protocol's request class; a request of another class is refused with a clear message. */
    Class<B> requestType();

    /**
     * Appends {@code request}'s bytes to {@code out}. Throwing an unchecked exception fails this
     * caller alone (say, with {@link IllegalArgumentException} for a key the protocol cannot
     * carry); nothing of the request is written. Prefer validating when the request is built:
     * a batch (more than one reply frame) is streamed, its first 16 KiB chunks written while the
     * rest is encoded, and one that throws after a chunk went out leaves the stream unrepairable,
     * so the connection is torn down (the caller gets DISCONNECTED).
     */
    void encode(B request, WriteBuffer out);

    /**
     * Decodes at most one frame from {@code in}, which holds received bytes between its position
     * and limit; advance the position past what you consume.
     *
     * <p>Return the frame (which may be null), {@link #NEED_MORE}, or a {@link Push} for a frame
     * that answers no request. {@code head} is the oldest request still waiting for a frame (null
     * when none is), for protocols whose frame layout depends on the request (a memcached
     * {@code get} ends with {@code END}, a {@code set} with one status line). A resumable decoder
     * may consume a partial frame before it returns NEED_MORE; one that is not leaves the position
     * where the frame starts and is called again with more bytes.
     *
     * @throws IOException for bytes that break the protocol: the connection is torn down, and its
     *     requests in flight fail as disconnected with this as the cause
     */
    Object decode(ByteBuffer in, B head) throws IOException;

    /**
     * A frame that answers no request (a RESP3 push, a server notice). Return it from
     * {@link Codec#decode}; the pipe hands {@code frame} to the push listener and leaves reply
     * matching untouched.
     *
     * @param frame the decoded frame
     */
    record Push(Object frame) {
    }
}
