/**
 * The Connection behaviour: callbacks, one sealed result type per callback, the handle, the
 * reply handle, exceptions, time abstractions and backoff policies. This module starts no
 * threads; the runtime lives in {@code dev.tether.core}.
 */
module dev.tether.connection {
    exports dev.tether.connection;
}
