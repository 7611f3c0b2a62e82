package dev.tether.redis;

/** The operations of BITOP. NOT takes exactly one source key. */
public enum BitOperation {
    /** Bitwise AND of the sources. */
    AND,
    /** Bitwise OR of the sources. */
    OR,
    /** Bitwise XOR of the sources. */
    XOR,
    /** Bitwise NOT of the one source. */
    NOT
}
