/**
 * The Tether runtime: one single-threaded event loop per connection, on a virtual thread by
 * default. Start a connection with {@link dev.tether.core.Tether}. Each connection's lifecycle is
 * also recorded as JFR events ({@code dev.tether.core.ConnectAttempt}, {@code Connected},
 * {@code Disconnected}, {@code BackingOff}, {@code Stopped}; category Tether/Connection), on by
 * default; their classes stay inside the engine's package.
 */
module dev.tether.core {
    requires transitive dev.tether.connection;
    requires org.slf4j;
    requires jdk.jfr;

    exports dev.tether.core;
    exports dev.tether.core.net;
    exports dev.tether.core.pipe;
}
