/**
 * What tests of code built on Tether need: a scripted connection, fake time, leak checks, a
 * chaos TCP proxy and conformance tests. JUnit is optional: only the extension and the
 * conformance suites use it; so is Awaitility, which only {@code PipeConformance} uses.
 */
module dev.tether.testkit {
    requires transitive dev.tether.core;
    requires static org.junit.jupiter.api;
    requires static awaitility;
    requires org.slf4j;

    exports dev.tether.testkit;
    exports dev.tether.testkit.chaos;
}
