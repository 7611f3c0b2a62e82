package dev.tether.core.loop;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: the process stopped; terminate has run. On by default. */
@Name("dev.tether.core.Stopped")
@Label("Stopped")
@Category({"Tether", "Connection"})
@Description("The connection process stopped; terminate has run")
@StackTrace(false)
final class StoppedEvent extends Event {

    /** Asked before anything is allocated. */
    static final EventType TYPE = EventType.getEventType(StoppedEvent.class);

    @Label("Connection")
    String connection;

    @Label("Reason")
    @Description("The stop reason, described")
    String reason;

    @Label("Normal")
    @Description("Whether the reason is a normal stop (Normal or Shutdown)")
    boolean normal;
}
