package dev.tether.benchmarks.compare;

/**
 * The few operations the workloads need, implemented once per client. How each client is set up
 * for each workload is decided in {@link #open}; see the package documentation.
 */
interface Driver extends AutoCloseable {

    String get(String key);

    void set(String key, String value);

    /** SETs every key to {@code value} in one pipeline and waits for all replies; returns the replies that were OK. */
    int pipelineSet(String[] keys, String value);

    @Override
    void close();

    static Driver open(String client, String workload, int port) {
        return switch (client) {
            case "tether" -> new TetherDriver(port, false);
            case Compare.TETHER_MICROMETER -> new TetherDriver(port, true);
            case "lettuce" -> new LettuceDriver(port, workload.equals("W3"));
            case "jedis" -> switch (workload) {
                // W1/W3: one thread, one plain connection (the blocking-socket floor).
                case "W1", "W3" -> new JedisDriver.Single(port);
                // W2: a pool of 64 for 64 threads (maxIdle 64 too, or returns beyond 8 would close sockets).
                case "W2" -> new JedisDriver.Pooled(port, 64);
                // W5: the pool's defaults (maxTotal 8).
                default -> new JedisDriver.Pooled(port, 0);
            };
            default -> throw new IllegalArgumentException("unknown client " + client + " (tether, lettuce, jedis)");
        };
    }
}
