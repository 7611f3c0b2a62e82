package dev.tether.redis;

import java.util.Map;

/**
 * The summary form of XPENDING: how many entries a group has delivered but not acknowledged.
 *
 * @param count     how many entries are pending
 * @param lowestId  the smallest pending id, or null when none is pending
 * @param highestId the greatest pending id, or null when none is pending
 * @param consumers each consumer with pending entries and how many it holds, in the server's order
 */
public record StreamPendingSummary(long count, String lowestId, String highestId, Map<String, Long> consumers) {
}
