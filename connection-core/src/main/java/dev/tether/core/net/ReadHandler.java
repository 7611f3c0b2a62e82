package dev.tether.core.net;

import java.nio.ByteBuffer;

/**
 * Consumes received bytes directly on the link's reader thread instead of as messages: for a
 * protocol whose reader completes waiting callers itself to save a hand-off (Redix's socket owner
 * does). It must not block, and it must leave lifecycle decisions to the loop: close and error
 * still arrive as {@link SocketEvent}s on the owner's loop.
 */
@FunctionalInterface
public interface ReadHandler {

    /**
     * Called with the bytes just read; consume what you can (leave the rest in the buffer; it is
     * compacted and handed back with more bytes). Throwing fails and closes the link.
     */
    void onBytes(ByteBuffer data) throws Exception;
}
