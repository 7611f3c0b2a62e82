package dev.tether.benchmarks.compare;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/** Jedis: a plain connection for one thread, a {@link JedisPool} for many. */
abstract class JedisDriver implements Driver {

    /** One {@link Jedis} connection; one thread only. */
    static final class Single extends JedisDriver {
        private final Jedis jedis;

        Single(int port) {
            this.jedis = new Jedis("127.0.0.1", port);
        }

        @Override
        public String get(String key) {
            return jedis.get(key);
        }

        @Override
        public void set(String key, String value) {
            jedis.set(key, value);
        }

        @Override
        public int pipelineSet(String[] keys, String value) {
            try (Pipeline p = jedis.pipelined()) {
                Response<String> last = null;
                for (String key : keys) {
                    last = p.set(key, value);
                }
                p.sync();
                return last != null && "OK".equals(last.get()) ? keys.length : 0;
            }
        }

        @Override
        public void close() {
            jedis.close();
        }
    }

    /** A {@link JedisPool}; a connection is borrowed for each command. */
    static final class Pooled extends JedisDriver {
        private final JedisPool pool;

        /** {@code size} 0: the pool's defaults (maxTotal 8, maxIdle 8); else maxTotal = maxIdle = size. */
        Pooled(int port, int size) {
            if (size == 0) {
                this.pool = new JedisPool("127.0.0.1", port);
            } else {
                JedisPoolConfig config = new JedisPoolConfig();
                config.setMaxTotal(size);
                config.setMaxIdle(size);
                this.pool = new JedisPool(config, "127.0.0.1", port);
            }
        }

        @Override
        public String get(String key) {
            try (Jedis jedis = pool.getResource()) {
                return jedis.get(key);
            }
        }

        @Override
        public void set(String key, String value) {
            try (Jedis jedis = pool.getResource()) {
                jedis.set(key, value);
            }
        }

        @Override
        public int pipelineSet(String[] keys, String value) {
            try (Jedis jedis = pool.getResource()) {
                try (Pipeline p = jedis.pipelined()) {
                    for (String key : keys) {
                        p.set(key, value);
                    }
                    p.sync();
                }
            }
            return keys.length;
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
