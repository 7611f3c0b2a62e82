/**
 * Optional Micrometer binding for Tether's Redis client: start with
 * {@link dev.tether.micrometer.TetherMetrics}. Micrometer's jar names itself
 * {@code micrometer.core} (an automatic module).
 */
module dev.tether.micrometer {
    requires transitive dev.tether.redis;
    requires transitive micrometer.core;

    exports dev.tether.micrometer;
}
