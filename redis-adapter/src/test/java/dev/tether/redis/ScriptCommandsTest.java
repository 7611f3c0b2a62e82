package dev.tether.redis;

import dev.tether.redis.RedisTestSupport.Face;
import static dev.tether.redis.RedisTestSupport.PROTOCOLS_AND_FACES;
import static dev.tether.redis.RedisTestSupport.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.redis.resp.RespArray;
import dev.tether.redis.resp.RespBulkString;
import dev.tether.redis.resp.RespInteger;
import dev.tether.redis.resp.RespValue;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scripts and functions against a real server, under RESP2 and RESP3, sync and async: above all
 * that {@code evalScript} sends EVALSHA and falls back to EVAL once, only on NOSCRIPT, as the
 * server's own command statistics show.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class ScriptCommandsTest {

    private static final Script ECHO = Script.of("return {KEYS[1], ARGV[1], 42}");
    private static final String LIBRARY = """
            #!lua name=mylib
            redis.register_function('greet', function(keys, args) return args[1] .. ' ' .. keys[1] end)
            redis.register_function{function_name = 'peek', callback = function(keys, args)
              return redis.call('GET', keys[1]) end, flags = {'no-writes'}}
            """;

    private RedisServer server;

    @BeforeEach
    void start(RedisServer server) {
        this.server = server;
        server.execute("FLUSHALL");
        server.execute("SCRIPT", "FLUSH");
        server.execute("FUNCTION", "FLUSH");
        server.execute("CONFIG", "RESETSTAT");
    }

    /** {@code calls} of {@code command} in INFO commandstats (0 when it never ran). */
    private long calls(String command) {
        String info = (String) server.execute("INFO", "commandstats");
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void a_script_knows_its_sha1() {
        Script script = Script.of("return 1");
        assertEquals("e0e1f9fabfc9d4800c877a703b823ac0578ff8db", script.sha1());
        assertEquals("return 1", script.source());
        assertEquals(script, Script.of("return 1"));
        assertEquals("Script[e0e1f9fabfc9d4800c877a703b823ac0578ff8db]", script.toString());
        assertThrows(NullPointerException.class, () -> Script.of(null));
        assertEquals("EVALSHA keys", assertThrows(NullPointerException.class,
                () -> Commands.evalsha(script, null, List.of(), Replies.RAW)).getMessage());
        assertEquals("SCRIPT EXISTS needs at least one sha1",
                assertThrows(IllegalArgumentException.class, () -> Commands.scriptExists(List.of())).getMessage());
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void eval_script_falls_back_to_eval_once_then_hits_evalsha(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            List<String> keys = List.of("k");
            List<String> args = List.of("a");
            RespValue first = face.call(redis, c -> c.evalScript(ECHO, keys, args), a -> a.evalScript(ECHO, keys, args));
            assertEquals(new RespArray(List.of(RespBulkString.of("k"), RespBulkString.of("a"), new RespInteger(42))), first);
            assertEquals(1, calls("eval"), "the first run loads the script with EVAL");
            assertEquals(1, calls("evalsha"));

            ReplyConverter<List<String>> strings = v -> Replies.list(v, Replies::string);
            List<String> second = face.call(redis, c -> c.evalScript(ECHO, keys, args, strings), a -> a.evalScript(ECHO, keys, args, strings));
            assertEquals(List.of("k", "a", "42"), second);
            assertEquals(1, calls("eval"), "the second run is an EVALSHA hit");
            assertEquals(2, calls("evalsha"));
            assertEquals(List.of(true), redis.scriptExists(ECHO.sha1()));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void script_load_exists_and_flush(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            Script script = Script.of("return 'loaded " + protocol + face + "'");
            assertEquals(script.sha1(), face.call(redis, c -> c.scriptLoad(script), a -> a.scriptLoad(script)));
            String unknown = "0".repeat(40);
            assertEquals(List.of(true, false), face.call(redis, c -> c.scriptExists(script.sha1(), unknown),
                    a -> a.scriptExists(script.sha1(), unknown)));
            assertEquals("loaded " + protocol + face, face.call(redis,
                    c -> c.evalScript(script, List.of(), List.of(), Replies.STRING), a -> a.evalScript(script, List.of(), List.of(), Replies.STRING)));
            assertEquals(0, calls("eval"), "a loaded script needs no EVAL");
            assertEquals(true, face.call(redis, RedisClient::scriptFlush, RedisAsync::scriptFlush));
            assertEquals(List.of(false), redis.scriptExists(script.sha1()));
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void a_script_error_is_a_redis_error_and_never_retried(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            Script failing = Script.of("return redis.error_reply('MYERR boom')");
            RedisErrorException custom = assertThrows(RedisErrorException.class, () -> face.call(redis,
                    c -> c.evalScript(failing, List.of(), List.of()), a -> a.evalScript(failing, List.of(), List.of())));
            assertEquals("MYERR", custom.code());
            assertEquals(1, calls("eval"), "NOSCRIPT, then one EVAL, which failed");

            redis.set("text", "not a number");
            Script incr = Script.of("return redis.call('INCR', KEYS[1])");
            redis.scriptLoad(incr);
            RedisErrorException wrong = assertThrows(RedisErrorException.class, () -> face.call(redis,
                    c -> c.evalScript(incr, List.of("text"), List.of()), a -> a.evalScript(incr, List.of("text"), List.of())));
            assertTrue(wrong.getMessage().contains("not an integer"), wrong.getMessage());
            assertEquals(1, calls("eval"), "an error other than NOSCRIPT is not retried with EVAL");
        }
    }

    @ParameterizedTest(name = "RESP{0} {1}")
    @MethodSource(PROTOCOLS_AND_FACES)
    void a_function_library_is_loaded_called_replaced_and_deleted(int protocol, Face face) {
        try (RedisClient redis = connect(server, protocol)) {
            assertEquals("mylib", face.call(redis, c -> c.functionLoad(LIBRARY, false), a -> a.functionLoad(LIBRARY, false)));
            RedisErrorException twice = assertThrows(RedisErrorException.class,
                    () -> face.call(redis, c -> c.functionLoad(LIBRARY, false), a -> a.functionLoad(LIBRARY, false)));
            assertTrue(twice.getMessage().contains("already exists"), twice.getMessage());
            assertEquals("mylib", face.call(redis, c -> c.functionLoad(LIBRARY, true), a -> a.functionLoad(LIBRARY, true)));

            List<String> keys = List.of("world");
            List<String> args = List.of("hello");
            assertEquals(RespBulkString.of("hello world"), face.call(redis, c -> c.fcall("greet", keys, args), a -> a.fcall("greet", keys, args)));
            assertEquals("hello world", face.call(redis, c -> c.fcall("greet", keys, args, Replies.STRING),
                    a -> a.fcall("greet", keys, args, Replies.STRING)));
            redis.set("world", "round");
            assertEquals("round", face.call(redis, c -> c.fcallReadOnly("peek", keys, List.of(), Replies.STRING),
                    a -> a.fcallReadOnly("peek", keys, List.of(), Replies.STRING)));
            assertEquals(RespBulkString.of("round"), face.call(redis, c -> c.fcallReadOnly("peek", keys, List.of()),
                    a -> a.fcallReadOnly("peek", keys, List.of())));
            assertThrows(RedisErrorException.class, () -> face.call(redis,
                    c -> c.fcallReadOnly("greet", keys, args), a -> a.fcallReadOnly("greet", keys, args)));

            assertEquals(true, face.call(redis, c -> c.functionDelete("mylib"), a -> a.functionDelete("mylib")));
            assertThrows(RedisErrorException.class, () -> face.call(redis, c -> c.fcall("greet", keys, args), a -> a.fcall("greet", keys, args)));
            redis.functionLoad(LIBRARY, false);
            assertEquals(true, face.call(redis, RedisClient::functionFlush, RedisAsync::functionFlush));
            assertThrows(RedisErrorException.class, () -> redis.functionDelete("mylib"));
        }
    }
}
