package dev.tether.redis;

/**
 * One entry of the extended form of XPENDING.
 *
 * @param id          the entry id
 * @param consumer    the consumer it was last delivered to
 * @param idleMillis  milliseconds since it was last delivered
 * @param deliveries  how many times it was delivered
 */
public record StreamPendingEntry(String id, String consumer, long idleMillis, long deliveries) {
}
