package dev.tether.redis;

/**
 * What XINFO STREAM tells of a stream (the same record under RESP2's flat array and RESP3's map).
 *
 * @param length          how many entries it holds
 * @param groups          how many consumer groups it has
 * @param lastGeneratedId the greatest id ever added (may be above the last entry's, if it was deleted)
 * @param firstEntry      its first entry, or null when it is empty
 * @param lastEntry       its last entry, or null when it is empty
 */
public record StreamInfo(long length, long groups, String lastGeneratedId, StreamEntry firstEntry, StreamEntry lastEntry) {
}
