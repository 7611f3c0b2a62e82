package dev.tether.redis;

import java.util.List;
import java.util.Set;

/**
 * Set commands of {@link Commands}.
 */
abstract class SetTable extends ListTable {

    SetTable() {
    }

    /** SADD key member...: how many were added. */
    public static Command<Long> sadd(String key, List<String> members) {
        return Command.build(Replies.LONG, withMembers("SADD", key, members));
    }

    /** SREM key member...: how many were removed. */
    public static Command<Long> srem(String key, List<String> members) {
        return Command.build(Replies.LONG, withMembers("SREM", key, members));
    }

    /** SMEMBERS key. */
    public static Command<Set<String>> smembers(String key) {
        return Command.build(Replies.STRING_SET, "SMEMBERS", key);
    }

    /** SISMEMBER key member. */
    public static Command<Boolean> sismember(String key, String member) {
        return Command.build(Replies.BOOLEAN, "SISMEMBER", key, member);
    }

    /** SCARD key. */
    public static Command<Long> scard(String key) {
        return Command.build(Replies.LONG, "SCARD", key);
    }
}
