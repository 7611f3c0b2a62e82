package dev.tether.core.loop;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: the connection is up ({@code connect}, or {@code init}, returned Ok). On by default. */
@Name("dev.tether.core.Connected")
@Label("Connected")
@Category({"Tether", "Connection"})
@Description("The connection is up: connect (or init) returned Ok")
@StackTrace(false)
final class ConnectedEvent extends Event {

    /** Asked before anything is allocated. */
    static final EventType TYPE = EventType.getEventType(ConnectedEvent.class);

    @Label("Connection")
    String connection;
}
