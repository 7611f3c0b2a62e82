/**
 * A memcached text-protocol client built on {@link dev.tether.core.pipe.Pipe}: the requests
 * ({@link dev.tether.examples.memcached.MemcachedRequest}), how they look on the wire
 * ({@link dev.tether.examples.memcached.MemcachedCodec}) and the handle applications hold
 * ({@link dev.tether.examples.memcached.MemcachedClient}). Pipelining, deadlines, reconnects and
 * the stall check are the pipe's.
 */
package dev.tether.examples.memcached;
