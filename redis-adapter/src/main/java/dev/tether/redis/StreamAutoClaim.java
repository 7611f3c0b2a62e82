package dev.tether.redis;

import java.util.List;

/**
 * The reply of XAUTOCLAIM.
 *
 * @param nextId     the cursor to pass as the next call's start ({@code 0-0} once the scan is done)
 * @param entries    the entries now owned by the claiming consumer
 * @param deletedIds ids that were pending but no longer exist in the stream (removed from the pending list)
 */
public record StreamAutoClaim(String nextId, List<StreamEntry> entries, List<String> deletedIds) {
}
