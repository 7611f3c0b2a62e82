package dev.tether.core.pipe;

import java.net.SocketAddress;

/**
 * Where a pipe connects, asked again before every connect attempt: for servers found through a
 * discovery service (Redis Sentinel names the current primary), so that each reconnect goes to
 * wherever the service is now. Set with {@link Pipe.Builder#resolver}; the pipe's
 * {@link dev.tether.core.net.SocketOptions} keep everything else (timeouts, TLS, buffers), with
 * the resolved address in place of theirs.
 */
@FunctionalInterface
public interface AddressResolver {

    /**
     * The address for this attempt. It runs on the pipe's loop, inside connect, like the
     * handshake: keep it bounded (by the connect timeout). Throwing an ordinary exception fails
     * this attempt, and the pipe backs off by its policy and asks again; throwing
     * {@link Handshake.Refused} stops the pipe (the service does not exist: asking again cannot help),
     * and requests fail with {@link PipeException.Reason#HANDSHAKE_REFUSED}.
     *
     * @return an {@link java.net.InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress}
     * @throws Exception when no address can be had now
     */
    SocketAddress resolve() throws Exception;
}
