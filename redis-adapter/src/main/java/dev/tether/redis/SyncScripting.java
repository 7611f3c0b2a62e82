package dev.tether.redis;

/** The blocking scripting commands of {@link RedisCommands}, each over {@link #execute}; built by {@code ScriptTable}. */
interface SyncScripting {

    /** Runs {@code command} and waits for its reply within the command timeout. */
    <T> T execute(Command<T> command);
}
