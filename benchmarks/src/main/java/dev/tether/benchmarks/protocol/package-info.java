/**
 * The request/reply layer measured on the two example protocols (memcached and the line
 * protocol) against plain blocking sockets: {@link dev.tether.benchmarks.protocol.ProtocolCompare}.
 */
package dev.tether.benchmarks.protocol;
