package dev.tether.redis.resp;

/**
 * The RESP null: RESP3 {@code _\r\n} and the RESP2 null bulk string {@code $-1\r\n} and null
 * array {@code *-1\r\n} all decode to the single {@link #INSTANCE}.
 *
 * <p>It is a singleton (an enum, so that serialization and reflection cannot mint a second
 * one) because a null carries no data: callers may test it with {@code ==} and decoding it
 * allocates nothing. RESP2's null-string/null-array split is dropped because no command
 * gives the two different meanings.
 */
public enum RespNull implements RespValue {
    /** The only null value. */
    INSTANCE;

    @Override
    public String toString() {
        return "_";
    }
}
