package dev.tether.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.redis.resp.RespValue;
import dev.tether.redis.testkit.RedisServer;
import dev.tether.redis.testkit.RedisServerExtension;
import dev.tether.testkit.LeakCheckExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cluster client finds a command's keys from the server's key specifications ({@code COMMAND})
 * exactly as the server does: for commands of every family, including keys that are not the
 * first argument, keywords (STREAMS, STORE), key counts (numkeys) and subcommands, the keys match
 * {@code COMMAND GETKEYS} on a real server, and keyless commands have none.
 */
@ExtendWith({RedisServerExtension.class, LeakCheckExtension.class})
class KeySpecsTest {

    private static final List<String[]> COMMANDS = List.of(
            new String[] {"GET", "k"}, new String[] {"SET", "k", "v", "EX", "10"}, new String[] {"MGET", "a", "b", "c"},
            new String[] {"MSET", "a", "1", "b", "2"}, new String[] {"GETEX", "k", "PERSIST"},
            new String[] {"DEL", "a", "b"}, new String[] {"RENAME", "a", "b"}, new String[] {"COPY", "a", "b", "REPLACE"},
            new String[] {"EXPIRE", "k", "10", "NX"}, new String[] {"HSET", "h", "f", "v"}, new String[] {"HGETALL", "h"},
            new String[] {"LPUSH", "l", "x"}, new String[] {"LMOVE", "src", "dst", "LEFT", "RIGHT"},
            new String[] {"LMPOP", "2", "l1", "l2", "LEFT", "COUNT", "3"}, new String[] {"BLMPOP", "1", "2", "l1", "l2", "LEFT"},
            new String[] {"SADD", "s", "m"}, new String[] {"SMOVE", "s1", "s2", "m"}, new String[] {"SINTERCARD", "2", "s1", "s2"},
            new String[] {"SINTERSTORE", "d", "s1", "s2"}, new String[] {"ZADD", "z", "1", "m"},
            new String[] {"ZUNIONSTORE", "d", "2", "z1", "z2", "WEIGHTS", "1", "2"}, new String[] {"ZINTER", "2", "z1", "z2"},
            new String[] {"ZRANGESTORE", "d", "z", "0", "-1"}, new String[] {"ZMPOP", "2", "z1", "z2", "MIN"},
            new String[] {"PFADD", "p", "a"}, new String[] {"PFMERGE", "d", "p1", "p2"}, new String[] {"SETBIT", "b", "7", "1"},
            new String[] {"BITOP", "AND", "d", "b1", "b2"}, new String[] {"GEOADD", "g", "13.3", "38.1", "palermo"},
            new String[] {"GEOSEARCHSTORE", "d", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"},
            new String[] {"XADD", "st", "*", "f", "v"}, new String[] {"XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"},
            new String[] {"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s1", ">"}, new String[] {"XINFO", "STREAM", "st"},
            new String[] {"XGROUP", "CREATE", "st", "g", "$", "MKSTREAM"}, new String[] {"EVALSHA", "abc", "2", "k1", "k2", "arg"},
            new String[] {"EVAL", "return 1", "1", "k1"}, new String[] {"FCALL", "f", "1", "k1", "a"},
            new String[] {"SORT", "l", "LIMIT", "0", "5", "STORE", "d"}, new String[] {"SORT", "l"},
            new String[] {"OBJECT", "ENCODING", "k"}, new String[] {"PING"}, new String[] {"PUBLISH", "ch", "m"},
            new String[] {"SCRIPT", "LOAD", "return 1"}, new String[] {"INFO"});

    @Test
    void everyCommandsKeysAreTheOnesTheServerNames(RedisServer server) {
        try (RedisClient redis = RedisClient.connect(RedisOptions.builder().port(server.port()).syncConnect(true).build())) {
            KeySpecs specs = KeySpecs.parse(redis.execute(Command.of("COMMAND")));
            for (String[] args : COMMANDS) {
                Command<RespValue> command = Command.of(args);
                List<String> ours = specs.keys(command).stream()
                        .map(k -> new String(k, StandardCharsets.UTF_8)).toList();
                assertEquals(serverKeys(redis, args), ours, String.join(" ", args));
            }
        }
    }

    /** COMMAND GETKEYS, or none for a command the server says has no keys. */
    private static List<String> serverKeys(RedisClient redis, String[] args) {
        String[] getkeys = new String[args.length + 2];
        getkeys[0] = "COMMAND";
        getkeys[1] = "GETKEYS";
        System.arraycopy(args, 0, getkeys, 2, args.length);
        try {
            List<String> keys = new ArrayList<>();
            for (RespValue v : RespShapes.elements(redis.execute(Command.of(getkeys)))) {
                keys.add(RespShapes.text(v));
            }
            return keys;
        } catch (RedisErrorException e) {
            if (e.getMessage().contains("no key arguments") || e.getMessage().contains("Invalid arguments")
                    || args.length == 1 && e.getMessage().contains("wrong number of arguments")) {
                return List.of();
            }
            throw e;
        }
    }
}
