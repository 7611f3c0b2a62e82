package dev.tether.redis;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A JFR event per Redis command (a pipeline or transaction is one event), off by default; when
 * switched on, only commands slower than its threshold (default 20 ms) are recorded:
 * {@code -XX:StartFlightRecording:settings=default,+dev.tether.redis.Command#enabled=true}.
 * Fields: the command name (never its arguments), node, role and outcome; the duration is the
 * event's own.
 */
@Name("dev.tether.redis.Command")
@Label("Redis Command")
@Category({"Tether", "Redis"})
@Description("A Redis command, from handing it to the connection to its outcome")
@Enabled(false)
@Threshold("20 ms")
@StackTrace(false)
final class RedisCommandEvent extends Event {

    /** The event's type, asked before anything is allocated: is it on at all? */
    static final EventType TYPE = EventType.getEventType(RedisCommandEvent.class);

    @Label("Command")
    @Description("The command's name, or PIPELINE(n) / MULTI(n) for a batch")
    String command;

    @Label("Node")
    String node;

    @Label("Role")
    String role;

    @Label("Outcome")
    @Description("OK, SERVER_ERROR, ABORTED, or the connection failure's reason")
    String outcome;
}
