package dev.tether.redis.testkit;

import java.time.Instant;

/**
 * One {@code +switch-master} line of a Sentinel's log: the moment that Sentinel switched its
 * view of the service to a new primary, by the Sentinel's own clock (millisecond stamp, read in
 * the machine's time zone). The Sentinel that led the failover logs it first; the others follow
 * when they hear of the new configuration. See {@link RedisSentinel#primarySwitches()}. The same
 * record holds a leader's {@code +promoted-slave} line ({@link RedisSentinel#promotionTo(int)}),
 * which comes earlier: the moment the chosen replica reported itself a primary.
 *
 * @param time when the Sentinel logged the switch
 * @param sentinelPort the port of the Sentinel that logged it
 * @param fromPort the port of the previous primary
 * @param toPort the port of the new primary
 */
public record PrimarySwitch(Instant time, int sentinelPort, int fromPort, int toPort) {}
