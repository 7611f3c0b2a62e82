package dev.tether.redis;

import dev.tether.redis.Subscription.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A subscriber's handshake: the client's (HELLO, AUTH, SETNAME, PING), then every name the
 * subscriber holds subscribed again, all in one pipelined write, before the connection opens to
 * new requests. A command refused with NOPERM is retried name by name (again in one write), and
 * only the names refused then are dropped, each holder told with
 * {@link PubSubNotice.SubscribeFailed}. After a disconnect, every confirmed subscription is then
 * told {@link PubSubNotice.Resubscribed}. Any other refusal fails the connect attempt, which the
 * pipe retries with backoff.
 */
final class SubscriberHandshake implements dev.tether.core.pipe.Handshake<RedisRequest<?>> {

    private final Handshake client;
    private final DefaultRedisSubscriber subscriber;

    SubscriberHandshake(Handshake client, DefaultRedisSubscriber subscriber) {
        this.client = client;
        this.subscriber = subscriber;
    }

    @Override
    public void run(Session session) throws Exception {
        client.run(session);
        subscriber.handshaking(true);
        try {
            resubscribe(session);
        } finally {
            subscriber.handshaking(false);
        }
    }

    private void resubscribe(Session session) throws IOException {
        SubscriptionRegistry registry = subscriber.registry();
        List<PubSubCommand> commands = new ArrayList<>();
        for (Map.Entry<Kind, List<String>> e : registry.names().entrySet()) {
            commands.addAll(PubSubCommand.chunked(e.getKey(), true, e.getValue()));
        }
        if (!commands.isEmpty()) {
            List<PubSubCommand> oneByOne = new ArrayList<>();
            List<Object> results = session.call(new RedisRequest.PubSub(commands, null, null));
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) instanceof RedisError error) {
                    PubSubCommand c = commands.get(i);
                    if (!error.code().equals("NOPERM")) {
                        throw new IOException("the server refused " + c + " while resubscribing: " + error.message());
                    }
                    oneByOne.addAll(PubSubCommand.oneByOne(c.kind(), c.names()));
                }
            }
            if (!oneByOne.isEmpty()) {
                List<Object> singles = session.call(new RedisRequest.PubSub(oneByOne, null, null));
                for (int i = 0; i < singles.size(); i++) {
                    if (singles.get(i) instanceof RedisError error) {
                        PubSubCommand c = oneByOne.get(i);
                        for (DefaultSubscription holder : registry.holders(c.kind(), c.names().get(0))) {
                            subscriber.refuse(holder, c.names().get(0), error);
                        }
                    }
                }
            }
        }
        if (subscriber.resubscribeDue()) {
            for (DefaultSubscription s : registry.subscriptions()) {
                if (s.confirmed()) {
                    subscriber.delivery().notice(s, new PubSubNotice.Resubscribed(s.kind(), s.held()));
                }
            }
        }
    }
}
