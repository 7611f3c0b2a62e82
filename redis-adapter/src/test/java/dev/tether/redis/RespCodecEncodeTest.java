package dev.tether.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tether.core.pipe.WriteBuffer;
import dev.tether.redis.resp.RespEncoder;
import dev.tether.redis.resp.RespLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The codec writes text arguments straight into its buffer and each command's head from a cache:
 * the bytes must be exactly what the reference encoder makes of the same arguments as UTF-8.
 */
class RespCodecEncodeTest {

    private static byte[] viaCodec(Command<?> command) {
        WriteBuffer out = new WriteBuffer(16);
        new RespCodec(RespLimits.DEFAULT).encode(new RedisRequest.Single<>(command, null), out);
        return out.toByteArray();
    }

    private static byte[] reference(String... args) {
        RespEncoder encoder = new RespEncoder();
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        encoder.writeCommand(bytes);
        return encoder.output().toByteArray();
    }

    @Test
    void asciiAndNonAsciiTextEncodeAsUtf8() {
        for (String value : new String[] {"", "plain", "caf\u00e9", "\u20ac100", "\ud83d\ude00 smile", "lone \ud800 surrogate",
                "x".repeat(20_000)}) {
            assertArrayEquals(reference("SET", "k", value), viaCodec(Commands.set("k", value)), value.length() > 40 ? "long" : value);
        }
    }

    @Test
    void commandsOfEveryArgumentCountGetTheRightHead() {
        for (int argc = 1; argc <= 12; argc++) { // the head cache covers fewer than 8
            List<String> args = new ArrayList<>(List.of("rpush"));
            for (int i = 1; i < argc; i++) {
                args.add("v" + i);
            }
            String[] array = args.toArray(String[]::new);
            byte[] expected = reference(array);
            assertArrayEquals(expected, viaCodec(Command.of(array)), "argc " + argc);
        }
    }

    @Test
    void binaryAndNumericArgumentsKeepTheirBytes() {
        byte[] key = {0, (byte) 0xff, '\r', '\n'};
        byte[] value = {(byte) 0xc3};
        RespEncoder encoder = new RespEncoder();
        encoder.writeCommand("SET".getBytes(StandardCharsets.US_ASCII), key, value);
        assertArrayEquals(encoder.output().toByteArray(), viaCodec(Commands.set(key, value)));
        assertArrayEquals(reference("EXPIRE", "k", "30"), viaCodec(Commands.expire("k", java.time.Duration.ofSeconds(30))));
    }

    @Test
    void theNameIsSentAsGivenAndReportedUpperCase() {
        Command<?> lower = Command.of("get", "k");
        assertEquals("GET", lower.name());
        assertArrayEquals(reference("get", "k"), viaCodec(lower));
        assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), lower.argument(1));
    }

    @Test
    void badArgumentsAreRefusedWhenTheCommandIsBuilt() {
        assertEquals("argument 2 of SET is null",
                assertThrows(IllegalArgumentException.class, () -> Commands.set("k", (String) null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Command.of(new String[0]));
        assertThrows(IllegalArgumentException.class, () -> Command.of("", "x"));
    }
}
