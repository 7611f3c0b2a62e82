package dev.tether.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous face of a {@link RedisClient}, on the same shared connection: every method
 * returns at once with a future. Dependent stages ({@code thenApply}, {@code whenComplete}...)
 * never run on the connection's own threads: they run on virtual threads, so a slow stage
 * cannot hold up other callers. A future fails with {@link RedisErrorException} for a server
 * error and {@link RedisConnectionException} for everything else; cancelling one means the same
 * as a timeout.
 */
public interface RedisAsync extends RedisAsyncCommands {

    /** As {@link RedisClient#pipeline}. */
    CompletableFuture<List<Object>> pipelineAsync(List<? extends Command<?>> commands);

    /** As {@link RedisClient#transaction}. */
    CompletableFuture<List<Object>> transactionAsync(List<? extends Command<?>> commands);
}
