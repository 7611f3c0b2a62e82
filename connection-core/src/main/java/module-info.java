/**
 * The Tether runtime: one single-threaded event loop per connection, on a virtual thread by
 * default. Start a connection with {@link dev.tether.core.Tether}.
 */
module dev.tether.core {
    requires transitive dev.tether.connection;
    requires org.slf4j;

    exports dev.tether.core;
    exports dev.tether.core.net;
    exports dev.tether.core.pipe;
}
