package dev.tether.core.loop;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a result asked for Disconnect; the behaviour's {@code disconnect} is about to run. On by default. */
@Name("dev.tether.core.Disconnected")
@Label("Disconnected")
@Category({"Tether", "Connection"})
@Description("A result asked for Disconnect: disconnect is about to run with this info")
@StackTrace(false)
final class DisconnectedEvent extends Event {

    /** Asked before anything is allocated. */
    static final EventType TYPE = EventType.getEventType(DisconnectedEvent.class);

    @Label("Connection")
    String connection;

    @Label("Info")
    @Description("The Disconnect's info as text (e.g. the failure that closed the link)")
    String info;
}
