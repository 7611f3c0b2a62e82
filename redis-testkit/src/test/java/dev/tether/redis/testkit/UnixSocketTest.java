package dev.tether.redis.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketTest {

    @Test
    void unix_socket_mode_answers_over_the_socket_path() throws IOException {
        try (RedisServer redis = RedisServer.builder().unixSocket().start()) {
            Path socket = redis.unixSocket().orElseThrow();
            assertTrue(socket.toString().getBytes(StandardCharsets.UTF_8).length < 104, socket.toString());
            assertTrue(Files.exists(socket));
            assertEquals("+PONG\r\n", pingOver(socket));
            assertEquals("PONG", Resp.callUnix(socket, Duration.ofSeconds(2), null, "PING"));
            assertEquals("PONG", redis.execute("PING"), "TCP still works");
        }
    }

    @Test
    void an_explicit_socket_path_is_used(@TempDir Path temp) throws IOException {
        Path socket = temp.resolve("r.sock");
        try (RedisServer redis = RedisServer.builder().unixSocket(socket).start()) {
            assertEquals(socket, redis.unixSocket().orElseThrow());
            assertEquals("+PONG\r\n", pingOver(socket));
            redis.stop();
            assertFalse(Files.exists(socket), "redis removes its socket on SIGTERM");
        }
    }

    @Test
    void a_password_protected_socket_needs_AUTH_and_the_helper_sends_it() {
        try (RedisServer redis = RedisServer.builder().unixSocket().password("pw").start()) {
            Path socket = redis.unixSocket().orElseThrow();
            assertEquals("PONG", Resp.callUnix(socket, Duration.ofSeconds(2), "pw", "PING"));
            RedisReplyException refused = org.junit.jupiter.api.Assertions.assertThrows(RedisReplyException.class,
                    () -> Resp.callUnix(socket, Duration.ofSeconds(2), null, "PING"));
            assertEquals("NOAUTH", refused.prefix());
        }
    }

    private static String pingOver(Path socket) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("PING\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer reply = ByteBuffer.allocate(64);
            while (reply.position() < 7 && channel.read(reply) >= 0) {
                // "+PONG\r\n" is 7 bytes; read until we have them or the server closes
            }
            reply.flip();
            return StandardCharsets.US_ASCII.decode(reply).toString();
        }
    }
}
