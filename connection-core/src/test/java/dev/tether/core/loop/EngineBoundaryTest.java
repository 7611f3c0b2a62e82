package dev.tether.core.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine stays inside: of every compiled class in {@code dev.tether.core.loop} (nested ones
 * included), only {@link Engine} is public, and no class there has a constructor that code
 * outside the package could call, except the value the bridge takes ({@link Engine.Settings},
 * a copy of the connection options, which runs nothing). The classes are found by listing the package's class files
 * where {@link Engine} was loaded from, so a class added later is checked too.
 */
class EngineBoundaryTest {

    private static final String PACKAGE = "dev.tether.core.loop";

    @Test
    void onlyTheBridgeIsPublic() throws Exception {
        List<Class<?>> classes = compiledClassesOfThePackage();
        List<String> offenders = new ArrayList<>();
        for (Class<?> c : classes) {
            int modifiers = c.getModifiers();
            if (c != Engine.class && c != Engine.Settings.class && (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers))) {
                offenders.add(c.getName());
            }
        }
        assertEquals(List.of(), offenders, "classes of " + PACKAGE + " that are not package-private");
        assertTrue(Modifier.isPublic(Engine.class.getModifiers()) && Modifier.isFinal(Engine.class.getModifiers()),
                "Engine is the one public, final door");
    }

    @Test
    void noConstructorIsReachableFromOutside() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (Class<?> c : compiledClassesOfThePackage()) {
            if (c == Engine.Settings.class) {
                continue;
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers())) {
                    offenders.add(k.toString());
                }
            }
        }
        assertEquals(List.of(), offenders, "constructors of " + PACKAGE + " callable from outside it");
        for (Constructor<?> k : Engine.class.getDeclaredConstructors()) {
            assertTrue(Modifier.isPrivate(k.getModifiers()), "Engine cannot be instantiated: " + k);
        }
    }

    @Test
    void theScanSeesTheEngine() throws Exception {
        TreeSet<String> names = new TreeSet<>();
        for (Class<?> c : compiledClassesOfThePackage()) {
            names.add(c.getSimpleName());
        }
        // Guards the two tests above against passing on an empty or wrong listing.
        for (String expected : List.of("Engine", "ConnectionLoop", "Mailbox", "PendingCall", "LiveRegistry",
                "NameRegistry", "SystemScheduler", "CompletionFuture")) {
            assertTrue(names.contains(expected), expected + " not found among " + names);
        }
    }

    /** Every class compiled into the package, from the directory or jar Engine came from. */
    private static List<Class<?>> compiledClassesOfThePackage() throws IOException, URISyntaxException,
            ClassNotFoundException {
        Path origin = Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String folder = PACKAGE.replace('.', '/') + "/";
        TreeSet<String> binaryNames = new TreeSet<>();
        if (Files.isDirectory(origin)) {
            try (Stream<Path> files = Files.list(origin.resolve(folder))) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
                        .forEach(n -> binaryNames.add(PACKAGE + "." + n.substring(0, n.length() - ".class".length())));
            }
        } else {
            try (JarFile jar = new JarFile(origin.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String n = e.nextElement().getName();
                    if (n.startsWith(folder) && n.endsWith(".class") && n.indexOf('/', folder.length()) < 0
                            && !n.endsWith("package-info.class")) {
                        binaryNames.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : binaryNames) {
            classes.add(Class.forName(name, false, Engine.class.getClassLoader()));
        }
        return classes;
    }
}
