package dev.tether.redis;

/**
 * Which node of a slot's shard serves a cluster client's read-only commands (those the server
 * flags "readonly": GET, HGETALL, XRANGE...). Writes always go to the primary. A replica serves
 * reads after READONLY (sent in its connection's handshake) and may lag behind its primary: a
 * read right after a write can miss it.
 */
public enum ReadFrom {
    /** The primary only: every read sees every acknowledged write. The default. */
    PRIMARY,
    /** A replica of the slot's primary when one is known and connected, else the primary. */
    REPLICA_PREFERRED,
    /** Any node of the shard, primary or replica, spreading the reads. */
    ANY
}
