/**
 * RESP2/RESP3 wire codec: an immutable value model ({@link dev.tether.redis.resp.RespValue}),
 * an incremental decoder ({@link dev.tether.redis.resp.RespDecoder}) and an encoder
 * ({@link dev.tether.redis.resp.RespEncoder}).
 *
 * <p>The package is deliberately pure: no sockets, threads, clocks or logging. That keeps it
 * usable from any I/O model (blocking, NIO selector, virtual threads) and lets the property
 * tests drive it byte by byte without a server.
 */
package dev.tether.redis.resp;
