package dev.tether.redis.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Loads the module on the module path, in a layer that sees only it and slf4j-api (no JUnit), and
 * starts a server from there: the module descriptor is valid and the launcher needs no JUnit.
 */
class ModulePathTest {

    private static final String MODULE = "dev.tether.redis.testkit";

    @Test
    void the_launcher_works_as_a_module_without_JUnit() throws Exception {
        Path classes = Path.of(RedisServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path slf4j = Path.of(org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration()
                .resolve(ModuleFinder.of(classes, slf4j), ModuleFinder.of(), Set.of(MODULE));
        ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());

        Module module = layer.findModule(MODULE).orElseThrow();
        assertTrue(module.getDescriptor().requires().stream().anyMatch(requires ->
                requires.name().equals("org.junit.jupiter.api")
                        && requires.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)));
        assertTrue(layer.findModule("org.junit.jupiter.api").isEmpty(), "JUnit is not in the layer");
        assertTrue(module.isExported("dev.tether.redis.testkit"));

        ClassLoader loader = layer.findLoader(MODULE);
        Class<?> serverClass = Class.forName("dev.tether.redis.testkit.RedisServer", true, loader);
        assertEquals(module, serverClass.getModule());
        Object builder = serverClass.getMethod("builder").invoke(null);
        try (AutoCloseable server = (AutoCloseable) builder.getClass().getMethod("start").invoke(builder)) {
            Object reply = serverClass.getMethod("execute", String[].class).invoke(server, (Object) new String[] {"PING"});
            assertEquals("PONG", reply);
        }
        assertThrows(NoClassDefFoundError.class,
                () -> Class.forName("dev.tether.redis.testkit.RedisServerExtension", true, loader),
                "only the extension needs JUnit");
        assertThrows(NoClassDefFoundError.class,
                () -> Class.forName("dev.tether.redis.testkit.RedisClusterExtension", true, loader),
                "only the cluster extension needs JUnit");
        assertEquals(module, Class.forName("dev.tether.redis.testkit.RedisCluster", true, loader).getModule());
    }
}
