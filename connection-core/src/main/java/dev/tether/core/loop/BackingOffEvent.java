package dev.tether.core.loop;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: a backoff timer was armed (or, for Backoff.forever(), none: delay -1). On by default. */
@Name("dev.tether.core.BackingOff")
@Label("Backing Off")
@Category({"Tether", "Connection"})
@Description("The connection backs off before its next connect")
@StackTrace(false)
final class BackingOffEvent extends Event {

    /** Asked before anything is allocated. */
    static final EventType TYPE = EventType.getEventType(BackingOffEvent.class);

    @Label("Connection")
    String connection;

    @Label("Delay")
    @Description("Until the next connect; -1 when backing off until told to connect (Backoff.forever())")
    @Timespan(Timespan.MILLISECONDS)
    long delay;

    @Label("Attempt")
    @Description("Failed attempts counted in this outage (1 for the first); 0 for a delay the behaviour chose")
    int attempt;

    @Label("Cause")
    @Description("Why connect failed, or null")
    String cause;
}
