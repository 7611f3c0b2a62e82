package dev.tether.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for a failover's announcements on every known sentinel, each on a subscriber of its
 * own, so that a failover moves the connection as soon as the first sentinel announces it, not
 * only when the old primary dies or answers READONLY. The sentinel that leads a failover says, in
 * order: {@code +failover-state-wait-promotion} right after it sent the chosen replica
 * {@code REPLICAOF NO ONE}; {@code +promoted-slave} when that replica's {@code INFO} (polled every
 * second) shows it a primary; {@code +switch-master} after it has reconfigured the other
 * replicas. Meanwhile the old primary, if alive, still takes writes, which it drops when it
 * rejoins as a replica. So the connection moves on the first of the three, and keeps trying the
 * named node (its ROLE checked) until it answers as the primary (see
 * {@link SentinelDiscovery#announced}). Sentinels learn of a failover at different
 * times (the one that ran it at once, the others from its hello messages, up to a second later
 * here), so listening to one would often hear late; a dead sentinel costs nothing while the
 * others listen. After a subscriber reconnects (an announcement may have been missed in the
 * gap), the sentinels are asked where the primary is.
 */
final class SentinelWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SentinelWatch.class);
    static final String SWITCH_MASTER = "+switch-master";
    /** {@code slave <ip>:<port> <ip> <port> @ <service> <old-ip> <old-port>}: the replica the leader made the primary. */
    static final String PROMOTED = "+promoted-slave";
    /** As {@link #PROMOTED}, said when the leader sent that replica {@code REPLICAOF NO ONE}. */
    static final String PROMOTING = "+failover-state-wait-promotion";
    /** What replica reads listen to as well: a node down or back, a replica added. */
    private static final List<String> NODE_EVENTS = List.of("+sdown", "-sdown", "+slave");

    private final SentinelDiscovery discovery;
    private final Map<String, RedisSubscriber> subscribers = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    SentinelWatch(SentinelDiscovery discovery) {
        this.discovery = discovery;
        discovery.sentinels().forEach(this::watch);
    }

    /** Starts listening on the sentinel at {@code address}, once. */
    void watch(String address) {
        if (closed.get()) {
            return;
        }
        subscribers.computeIfAbsent(address, a -> {
            RedisSubscriber s = RedisSubscriber.connect(discovery.sentinelOptions(a, false));
            List<String> channels = new java.util.ArrayList<>(List.of(SWITCH_MASTER, PROMOTED, PROMOTING));
            if (discovery.readsFromReplicas()) {
                channels.addAll(NODE_EVENTS);
            }
            s.subscribeAsync(channels, new Listener()).whenComplete((sub, error) -> {
                if (error != null) {
                    log.debug("'{}': not yet listening on sentinel {}: {} (its subscriber keeps trying)",
                            discovery.serviceName(), a, error.toString());
                }
            });
            return s;
        });
        if (closed.get()) {
            close(); // closed meanwhile: nothing may outlive it
        }
    }

    private final class Listener implements SubscriptionListener {
        /** {@code <service> <old-ip> <old-port> <new-ip> <new-port>}: ours moves to the new address. */
        @Override
        public void onMessage(PubSubMessage message) {
            String[] parts = message.text().split(" ");
            if (message.channel().equals(PROMOTED) || message.channel().equals(PROMOTING)) {
                discovery.topologyChanged();
                if (parts.length == 8 && parts[0].equals("slave") && parts[5].equals(discovery.serviceName())) {
                    String to = SentinelDiscovery.hostPort(parts[2], parts[3]);
                    discovery.announced(to, "a sentinel announced " + message.channel() + " for '" + parts[5] + "': "
                            + to + " replaces " + SentinelDiscovery.hostPort(parts[6], parts[7]));
                }
                return;
            }
            if (!message.channel().equals(SWITCH_MASTER)) {
                // "<role> <name> <ip> <port> @ <service> <ip> <port>", or "master <service> <ip> <port>"
                if (message.text().contains(" @ " + discovery.serviceName() + " ")
                        || parts.length >= 2 && parts[0].equals("master") && parts[1].equals(discovery.serviceName())) {
                    discovery.topologyChanged();
                }
                return;
            }
            discovery.topologyChanged();
            if (parts.length == 5 && parts[0].equals(discovery.serviceName())) {
                String to = SentinelDiscovery.hostPort(parts[3], parts[4]);
                discovery.announced(to, "a sentinel announced " + SWITCH_MASTER + " for '" + parts[0] + "' from "
                        + SentinelDiscovery.hostPort(parts[1], parts[2]) + " to " + to);
            }
        }

        @Override
        public void onNotice(PubSubNotice notice) {
            if (notice instanceof PubSubNotice.Resubscribed) {
                // An announcement may have come while this subscriber was away: check where the primary is now.
                Thread.ofVirtual().name("tether-sentinel-check").start(() -> {
                    try {
                        discovery.announced(discovery.ask(), "the primary changed while a sentinel watch reconnected");
                    } catch (Exception e) {
                        log.debug("'{}': could not check the primary after a watch reconnected: {}",
                                discovery.serviceName(), e.toString());
                    }
                });
            }
        }
    }

    @Override
    public void close() {
        closed.set(true);
        subscribers.values().removeIf(s -> {
            s.close();
            return true;
        });
    }
}
