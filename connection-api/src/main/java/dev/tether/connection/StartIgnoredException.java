package dev.tether.connection;

/**
 * {@code init} returned {@link Ignore}: nothing was started and {@code terminate} was not
 * called. This is not a failure of the behaviour, but the caller gets no handle.
 */
public class StartIgnoredException extends ConnectionException {

    /** An exception naming the {@code connection} whose init returned Ignore. */
    public StartIgnoredException(String connection) {
        super("init of " + connection + " returned Ignore: nothing was started");
    }
}
