package dev.tether.redis;

/** The blocking HyperLogLog commands of {@link RedisCommands}, each over {@link #execute}; built by {@code HyperLogLogTable}. */
interface SyncHyperLogLogs {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);
}
