/**
 * Tether's Redis client, built on the Connection behaviour: start with
 * {@link dev.tether.redis.RedisClient}. The RESP codec is public too, in
 * {@code dev.tether.redis.resp}.
 */
module dev.tether.redis {
    requires transitive dev.tether.core;
    requires org.slf4j;
    requires jdk.jfr;

    exports dev.tether.redis;
    exports dev.tether.redis.resp;
}
