package dev.tether.examples.quickstart;

// snippet:redis-quickstart
import dev.tether.redis.*;
import java.util.List;
import java.util.Map;

final class RedisQuickstart {
    public static void main(String[] args) {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
        try (RedisClient redis = RedisClient.connect(uri)) {
            redis.set("greeting", "hello");
            String value = redis.get("greeting");                // "hello"
            long visits = redis.incr("visits");
            List<Object> replies = redis.pipeline(List.of(       // written back to back, replies in order
                    Commands.incr("a"), Commands.get("greeting")));
            System.out.println(value + ", visit " + visits + ", " + replies);
            redis.hset("user:1", Map.of("name", "Ada"));
            redis.async().hgetall("user:1")                      // a Map under RESP2 and RESP3 alike
                 .thenAccept(user -> System.out.println(user))   // runs on a virtual thread
                 .join();                                        // wait for it: close() would fail it
        }
    }
}
// end-snippet
