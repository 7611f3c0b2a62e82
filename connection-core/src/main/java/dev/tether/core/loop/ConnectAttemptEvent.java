package dev.tether.core.loop;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR: one run of the behaviour's {@code connect} callback, from its call to its result (the
 * event's duration is how long connect took). On by default: connects are rare.
 */
@Name("dev.tether.core.ConnectAttempt")
@Label("Connect Attempt")
@Category({"Tether", "Connection"})
@Description("The connect callback ran: with what info and what it returned")
@StackTrace(false)
final class ConnectAttemptEvent extends Event {

    /** Asked before anything is allocated. */
    static final EventType TYPE = EventType.getEventType(ConnectAttemptEvent.class);

    @Label("Connection")
    String connection;

    @Label("Info")
    @Description("The info connect ran with (a Connect's info, or BACKOFF after a backoff timer)")
    String info;

    @Label("Result")
    @Description("Ok, Backoff, Stop, or threw")
    String result;
}
