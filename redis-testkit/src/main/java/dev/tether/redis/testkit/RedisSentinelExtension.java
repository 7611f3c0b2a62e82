package dev.tether.redis.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests one {@link RedisSentinel} setup (the defaults of
 * {@link RedisSentinel#start()}) shared by every test class of the test run: started lazily when a
 * {@code RedisSentinel} parameter is first resolved (test constructor, {@code @BeforeAll},
 * {@code @BeforeEach}, test methods), closed when the run ends.
 *
 * <pre>{@code
 * @ExtendWith(RedisSentinelExtension.class)
 * class FailoverTest {
 *     @Test
 *     void the_sentinels_name_a_primary(RedisSentinel sentinel) {
 *         assertEquals("PONG", sentinel.primary().execute("PING"));
 *     }
 * }
 * }</pre>
 *
 * <p>The setup lives in the root context's store, which JUnit (5.13 and later) closes as an
 * {@link AutoCloseable} at the end of the run; this relies on
 * {@code junit.jupiter.extensions.store.close.autocloseable.enabled} keeping its default
 * {@code true}. Since the setup is shared, a test that fails over, kills, restarts or pauses a
 * process should bring it back and call {@link RedisSentinel#awaitStable(java.time.Duration)}
 * before it ends (in a {@code finally} block or an {@code @AfterEach}).
 */
public final class RedisSentinelExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisSentinelExtension.class);
    private static final String KEY = "sentinel";

    /** The extension; what {@code @ExtendWith(RedisSentinelExtension.class)} uses. */
    public RedisSentinelExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisSentinel.class;
    }

    @Override
    public RedisSentinel resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return sentinel(extensionContext);
    }

    /**
     * The Sentinel setup of the test run, started if needed.
     *
     * @param context any extension context of the run
     * @return the running setup
     */
    public RedisSentinel sentinel(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> RedisSentinel.start(), RedisSentinel.class);
    }
}
