package dev.tether.redis;

/** The blocking geo commands of {@link RedisCommands}, each over {@link #execute}; built by {@code GeoTable}. */
interface SyncGeo {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);
}
