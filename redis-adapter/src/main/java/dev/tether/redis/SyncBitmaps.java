package dev.tether.redis;

/** The blocking bitmap commands of {@link RedisCommands}, each over {@link #execute}; built by {@code BitmapTable}. */
interface SyncBitmaps {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);
}
