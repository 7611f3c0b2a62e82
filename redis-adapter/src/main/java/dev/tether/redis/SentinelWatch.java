package dev.tether.redis;

import dev.tether.core.pipe.AddressResolver;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to the sentinels for {@code +switch-master} on a subscriber of its own, so that a
 * failover moves the connection as soon as it is announced, not only when the old primary dies
 * or answers READONLY. Each reconnect of the subscriber goes to the next known sentinel, so a
 * dead sentinel is left behind. After a reconnect (an announcement may have been missed in the
 * gap) the sentinels are asked again.
 */
final class SentinelWatch implements SubscriptionListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SentinelWatch.class);
    static final String SWITCH_MASTER = "+switch-master";

    private final SentinelDiscovery discovery;
    private final AtomicInteger next = new AtomicInteger();
    private final RedisSubscriber subscriber;

    SentinelWatch(SentinelDiscovery discovery) {
        this.discovery = discovery;
        List<String> sentinels = discovery.sentinels();
        AddressResolver rotate = () -> {
            String address = sentinels.get(Math.floorMod(next.getAndIncrement(), sentinels.size()));
            int colon = address.lastIndexOf(':');
            return InetSocketAddress.createUnresolved(address.substring(0, colon).replace("[", "").replace("]", ""),
                    Integer.parseInt(address.substring(colon + 1)));
        };
        this.subscriber = DefaultRedisSubscriber.connect(discovery.sentinelOptions(sentinels.get(0), false),
                DeliveryPolicy.defaults(), rotate);
        subscriber.subscribeAsync(List.of(SWITCH_MASTER), this).whenComplete((sub, error) -> {
            if (error != null) {
                log.debug("'{}': not yet listening for {}: {} (the subscriber keeps trying)", discovery.serviceName(),
                        SWITCH_MASTER, error.toString());
            }
        });
    }

    /** {@code <service> <old-ip> <old-port> <new-ip> <new-port>}: ours moves to the new address. */
    @Override
    public void onMessage(PubSubMessage message) {
        String[] parts = message.text().split(" ");
        if (parts.length == 5 && parts[0].equals(discovery.serviceName())) {
            String to = (parts[3].indexOf(':') >= 0 ? "[" + parts[3] + "]" : parts[3]) + ":" + parts[4];
            discovery.announced(to, "the sentinels announced " + SWITCH_MASTER + " for '" + parts[0] + "' from "
                    + parts[1] + ":" + parts[2] + " to " + to);
        }
    }

    @Override
    public void onNotice(PubSubNotice notice) {
        if (notice instanceof PubSubNotice.Resubscribed) {
            // An announcement may have come while we were away: check where the primary is now.
            Thread.ofVirtual().name("tether-sentinel-check").start(() -> {
                try {
                    discovery.announced(discovery.ask(), "the primary changed while the sentinel watch reconnected");
                } catch (Exception e) {
                    log.debug("'{}': could not check the primary after the watch reconnected: {}",
                            discovery.serviceName(), e.toString());
                }
            });
        }
    }

    @Override
    public void close() {
        subscriber.close();
    }
}
