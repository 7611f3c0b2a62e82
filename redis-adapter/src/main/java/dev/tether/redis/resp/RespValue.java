package dev.tether.redis.resp;

/**
 * One RESP value as it travels on the wire, in either direction.
 *
 * <p>The hierarchy is sealed so that callers can {@code switch} exhaustively over replies
 * and the compiler tells them when a protocol type is added; a reply handler that forgets,
 * say, {@link RespPush} becomes a compile error rather than a silent drop at run time.
 *
 * <p>The model is one-to-one with the RESP3 wire types, with two deliberate merges:
 * simple and bulk errors are both {@link RespError} (callers care that it is an error and
 * which code it carries, not how it was framed), and the three null encodings
 * ({@code _}, RESP2 {@code $-1} and {@code *-1}) all decode to {@link RespNull#INSTANCE},
 * because RESP2's distinction between a null string and a null array carries no meaning
 * that a RESP3 server would not express with plain {@code _}.
 *
 * <p>All implementations are immutable, with one documented exception: byte-array payloads
 * ({@link RespBulkString}, {@link RespVerbatimString}) are shared rather than copied, so that
 * a multi-megabyte reply is not duplicated on its way to the caller.
 */
public sealed interface RespValue
        permits RespSimpleString, RespError, RespInteger, RespBulkString, RespNull, RespDouble,
                RespBoolean, RespBigNumber, RespVerbatimString, RespArray, RespMap, RespSet,
                RespPush, Attributed {
}
