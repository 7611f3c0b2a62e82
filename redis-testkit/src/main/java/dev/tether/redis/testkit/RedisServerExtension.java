package dev.tether.redis.testkit;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving each test class one {@link RedisServer}, started lazily when a
 * {@code RedisServer} parameter is first resolved (test constructor, {@code @BeforeAll},
 * {@code @BeforeEach}, test methods) and closed after all tests of the class.
 *
 * <pre>{@code
 * @ExtendWith(RedisServerExtension.class)
 * class PingTest {
 *     @Test
 *     void answers_ping(RedisServer redis) {
 *         assertEquals("PONG", redis.execute("PING"));
 *     }
 * }
 * }</pre>
 *
 * <p>To configure the server, register it programmatically instead:
 * {@code @RegisterExtension static RedisServerExtension redis = RedisServerExtension.withArgs("--maxmemory", "10mb");}
 * or {@link #configure(Consumer)} for any builder option. A {@code @Nested} class gets its own
 * server. This, {@link RedisClusterExtension} and {@link RedisSentinelExtension} are the only
 * classes of the kit that need JUnit on the class path.
 */
public final class RedisServerExtension implements ParameterResolver, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RedisServerExtension.class);
    private static final String KEY = "server";

    private final Consumer<? super RedisServerBuilder> configuration;

    /** An extension with default servers; what {@code @ExtendWith(RedisServerExtension.class)} uses. */
    public RedisServerExtension() {
        this(builder -> { });
    }

    private RedisServerExtension(Consumer<? super RedisServerBuilder> configuration) {
        this.configuration = configuration;
    }

    /**
     * An extension whose servers get these extra {@code redis-server} arguments.
     *
     * @param args options and values, as for {@link RedisServerBuilder#arg(String...)}
     * @return the extension, for {@code @RegisterExtension}
     */
    public static RedisServerExtension withArgs(String... args) {
        // Validate now, where the mistake is, rather than when the first test runs.
        RedisServer.builder().arg(args);
        String[] copy = args.clone();
        return new RedisServerExtension(builder -> builder.arg(copy));
    }

    /**
     * An extension whose servers are configured by {@code configuration}, e.g.
     * {@code configure(b -> b.password("s3cret").appendOnly())}.
     *
     * @param configuration applied to a fresh builder before each start
     * @return the extension, for {@code @RegisterExtension}
     */
    public static RedisServerExtension configure(Consumer<? super RedisServerBuilder> configuration) {
        return new RedisServerExtension(Objects.requireNonNull(configuration, "configuration"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisServer.class;
    }

    @Override
    public RedisServer resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }

    /**
     * The server of the test class {@code context} belongs to, started if needed.
     *
     * @param context any extension context of the class or of one of its tests
     * @return the running server
     */
    public RedisServer server(ExtensionContext context) {
        return classContext(context).getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> start(), RedisServer.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RedisServer server = context.getStore(NAMESPACE).remove(KEY, RedisServer.class);
        if (server != null) {
            server.close();
        }
    }

    private RedisServer start() {
        RedisServerBuilder builder = RedisServer.builder();
        configuration.accept(builder);
        return builder.start();
    }

    /** Walks up from a method-level context to the context of its class. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent()) {
            Optional<ExtensionContext> parent = current.getParent();
            if (parent.isEmpty()) {
                break;
            }
            current = parent.get();
        }
        return current;
    }
}
