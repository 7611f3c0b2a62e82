package dev.tether.redis;

/** What the start and end of BITCOUNT and BITPOS count: bytes (the default) or bits. */
public enum BitUnit {
    /** Start and end are byte offsets. */
    BYTE,
    /** Start and end are bit offsets. */
    BIT
}
