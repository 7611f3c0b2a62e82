/**
 * A pipelined request/reply layer for any protocol: {@link dev.tether.core.pipe.Pipe} runs the
 * connection, a {@link dev.tether.core.pipe.Codec} says how requests and replies look on the wire,
 * and each {@link dev.tether.core.pipe.Request} is typed by its reply. The guide
 * {@code docs/writing-a-protocol-client.md} walks through a memcached client built on it.
 */
package dev.tether.core.pipe;
