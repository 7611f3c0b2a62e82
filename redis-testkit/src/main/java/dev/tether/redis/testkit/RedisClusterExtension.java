package dev.tether.redis.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests one {@link RedisCluster} (the defaults of
 * {@link RedisCluster#start()}) shared by every test class of the test run: started lazily when a
 * {@code RedisCluster} parameter is first resolved (test constructor, {@code @BeforeAll},
 * {@code @BeforeEach}, test methods), closed when the run ends.
 *
 * <pre>{@code
 * @ExtendWith(RedisClusterExtension.class)
 * class SlotsTest {
 *     @Test
 *     void the_owner_answers(RedisCluster cluster) {
 *         RedisServer owner = cluster.nodeForSlot(cluster.slotOf("foo"));
 *         assertEquals("OK", cluster.execute(owner.port(), "SET", "foo", "bar"));
 *     }
 * }
 * }</pre>
 *
 * <p>The cluster lives in the root context's store, which JUnit (5.13 and later) closes as an
 * {@link AutoCloseable} at the end of the run; this relies on
 * {@code junit.jupiter.extensions.store.close.autocloseable.enabled} keeping its default
 * {@code true}. Since the cluster is shared, a test that moves slots or fails over should call
 * {@link RedisCluster#awaitStable(java.time.Duration)} before it ends and leave the data it wrote
 * in keys of its own.
 */
public final class RedisClusterExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisClusterExtension.class);
    private static final String KEY = "cluster";

    /** The extension; what {@code @ExtendWith(RedisClusterExtension.class)} uses. */
    public RedisClusterExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisCluster.class;
    }

    @Override
    public RedisCluster resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster(extensionContext);
    }

    /**
     * The cluster of the test run, started if needed.
     *
     * @param context any extension context of the run
     * @return the running cluster
     */
    public RedisCluster cluster(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> RedisCluster.start(), RedisCluster.class);
    }
}
