/**
 * Starts a real {@code redis-server} on a free loopback port, in a temporary directory, with
 * persistence off, for integration tests, demos and benchmarks: start with
 * {@link dev.tether.redis.testkit.RedisServer#builder()}. The JUnit 5 extension
 * {@link dev.tether.redis.testkit.RedisServerExtension}, the cluster's
 * {@link dev.tether.redis.testkit.RedisClusterExtension} and the Sentinel setup's
 * {@link dev.tether.redis.testkit.RedisSentinelExtension} are the only classes that need JUnit,
 * which is therefore an optional ({@code static}) dependency.
 */
module dev.tether.redis.testkit {
    requires org.slf4j;
    requires static org.junit.jupiter.api;

    exports dev.tether.redis.testkit;
}
