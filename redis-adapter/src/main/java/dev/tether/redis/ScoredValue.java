package dev.tether.redis;

/** A sorted-set member with its score, as ZRANGE ... WITHSCORES returns them. */
public record ScoredValue(String member, double score) {
}
