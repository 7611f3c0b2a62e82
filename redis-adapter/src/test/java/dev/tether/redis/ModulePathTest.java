package dev.tether.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.connection.Connection;
import dev.tether.core.Tether;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Redis module resolves on the module path and exports the client and codec, not the engine. */
class ModulePathTest {

    private static Path locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void redisModuleExportsTheClientAndCodecButNotTheEngine() throws Exception {
        ModuleFinder finder = ModuleFinder.of(locationOf(Connection.class), locationOf(Tether.class),
                locationOf(RedisClient.class), locationOf(org.slf4j.Logger.class));
        Configuration config = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("dev.tether.redis"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(config, ClassLoader.getPlatformClassLoader());
        Module redis = layer.findModule("dev.tether.redis").orElseThrow();
        Set<String> exports = redis.getDescriptor().exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("dev.tether.redis", "dev.tether.redis.resp"), exports);
        // The engine is package-private inside the client's package: no package beyond the exported ones.
        assertEquals(exports, redis.getDescriptor().packages());
        Class<?> options = layer.findLoader("dev.tether.redis").loadClass("dev.tether.redis.RedisOptions");
        Object parsed = options.getMethod("fromUri", String.class).invoke(null, "redis://127.0.0.1:6390/2");
        assertEquals(2, options.getMethod("database").invoke(parsed));
    }
}
