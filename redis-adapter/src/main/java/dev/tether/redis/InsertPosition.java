package dev.tether.redis;

/** Where LINSERT puts the new element relative to the pivot. */
public enum InsertPosition {
    /** Just before the pivot. */
    BEFORE,
    /** Just after the pivot. */
    AFTER
}
