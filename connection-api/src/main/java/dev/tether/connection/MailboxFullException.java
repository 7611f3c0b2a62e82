package dev.tether.connection;

/**
 * A bounded queue of the connection process was full: its mailbox (when calling, casting or
 * sending) or its postponed-message queue (when a behaviour returned Postpone). Nothing was
 * enqueued; the sender decides whether to retry, shed or slow down.
 */
public class MailboxFullException extends ConnectionException {

    /** The capacity of the queue that was full. */
    private final int capacity;

    /**
     * An exception naming the {@code connection}, which of its queues was full, and that queue's
     * {@code capacity}.
     */
    public MailboxFullException(String connection, String queue, int capacity) {
        super(queue + " of " + connection + " is full (capacity " + capacity + ")");
        this.capacity = capacity;
    }

    /** The capacity of the queue that was full. */
    public int capacity() {
        return capacity;
    }
}
