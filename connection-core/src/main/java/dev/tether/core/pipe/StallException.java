package dev.tether.core.pipe;

import java.net.SocketTimeoutException;

/**
 * Why the stall check tore a connection down: a reply overdue by the stall interval past its
 * request's deadline (bytes trickling in meanwhile do not count). It is the disconnect's info (as seen by
 * connection listeners) and the cause of the {@link PipeException.Reason#DISCONNECTED} failures
 * of the requests in flight, so an error translator can tell a presumed-dead peer from a drop.
 */
public final class StallException extends SocketTimeoutException {

    /** A stall with a message saying how overdue the reply is. */
    public StallException(String message) {
        super(message);
    }
}
