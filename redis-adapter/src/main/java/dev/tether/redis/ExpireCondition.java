package dev.tether.redis;

/** When EXPIRE or PEXPIRE may set a time to live (Redis 7.0+). */
public enum ExpireCondition {
    /** NX: only when the key has no time to live. */
    NX,
    /** XX: only when the key already has a time to live. */
    XX,
    /** GT: only when the new time to live is greater than the current one (no expiry counts as infinite). */
    GT,
    /** LT: only when the new time to live is less than the current one (no expiry counts as infinite). */
    LT
}
