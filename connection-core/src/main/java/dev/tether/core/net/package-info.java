/**
 * Sockets owned by a connection: {@link dev.tether.core.net.SocketLink} connects TCP, Unix domain
 * sockets or TLS from inside a {@code connect} callback and delivers what it reads to the owning
 * connection as {@link dev.tether.core.net.SocketEvent} info messages (Erlang's active mode,
 * "active once" by default).
 */
package dev.tether.core.net;
