package dev.tether.redis;

/** The blocking stream commands of {@link RedisCommands}, each over {@link #execute}; built by {@code StreamTable}. */
interface SyncStreams {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);
}
