package com.vpsie.autoscaler;

import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native image has no runtime reflection: every project type that crosses the wire (HTTP bodies
 * in and out of every controller, the VPSie and Kubernetes JSON shapes, NodeGroup status) must have
 * compile-time serde metadata (a bean introspection from {@code @Serdeable}). This walks each such
 * type and everything it contains (record components, generic arguments, enums, the cases of sealed
 * interfaces), and names any type that lacks it. Roots: controllers' bodies and answers, the error
 * body, the wire holders, and every type the sources decode by hand.
 */
class SerdeMetadataTest {
    private static final String BASE = "com.vpsie.autoscaler";

    @Test
    void everyProjectTypeOnTheWireHasCompileTimeSerdeMetadata() throws Exception {
        Set<Type> roots = new LinkedHashSet<>();
        List<Class<?>> controllers = projectClasses().stream().filter(c -> c.isAnnotationPresent(Controller.class)).toList();
        assertThat(controllers).as("controllers found").hasSizeGreaterThan(5);
        for (Class<?> c : controllers) {
            for (Method m : c.getDeclaredMethods()) {
                if (Stream.of(Get.class, Post.class, Put.class, Delete.class).anyMatch(m::isAnnotationPresent)) {
                    roots.add(m.getGenericReturnType());
                    for (Parameter p : m.getParameters()) {
                        if (p.isAnnotationPresent(Body.class)) {
                            roots.add(p.getParameterizedType());
                        }
                    }
                }
            }
        }
        for (String holder : List.of("vpsie.VpsieWire", "cluster.KubeWire", "cluster.KubeObjects")) {
            for (Class<?> nested : Class.forName(BASE + "." + holder).getDeclaredClasses()) {
                if (nested.isRecord()) {
                    roots.add(nested);
                }
            }
        }
        roots.addAll(typesReadByHand());
        roots.add(Class.forName(BASE + ".webhook.Problem"));
        roots.add(Class.forName(BASE + ".vpsie.Envelope"));
        roots.add(Class.forName(BASE + ".apis.v1alpha1.NodeGroup$Status"));
        roots.add(Class.forName(BASE + ".apis.v1alpha1.NodeGroup$Spec"));

        Set<Class<?>> seen = new LinkedHashSet<>();
        roots.forEach(t -> walk(t, seen));
        Set<String> missing = new TreeSet<>();
        for (Class<?> c : seen) {
            if (BeanIntrospector.SHARED.findIntrospection(c).isEmpty()) {
                missing.add(c.getName());
            }
        }
        assertThat(seen).as("wire types found").hasSizeGreaterThan(30);
        assertThat(missing).as("wire types without @Serdeable (native image would fail to (de)serialize them)").isEmpty();
    }

    /** Collects the project's own classes reachable from a type: records' components, generic arguments. */
    private static void walk(Type t, Set<Class<?>> seen) {
        if (t instanceof ParameterizedType p) {
            walk(p.getRawType(), seen);
            for (Type a : p.getActualTypeArguments()) {
                walk(a, seen);
            }
        } else if (t instanceof WildcardType w) {
            for (Type u : w.getUpperBounds()) {
                walk(u, seen);
            }
        } else if (t instanceof Class<?> c) {
            if (c.isArray()) {
                walk(c.getComponentType(), seen);
                return;
            }
            if (!c.getName().startsWith(BASE) || !seen.add(c)) {
                return;
            }
            if (c.isSealed()) {
                // a closed set of cases: each case crosses the wire as itself
                seen.remove(c);
                for (Class<?> sub : c.getPermittedSubclasses()) {
                    walk(sub, seen);
                }
                return;
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    walk(rc.getGenericType(), seen);
                }
            }
        }
    }

    /**
     * Types decoded from bytes the controllers and adapters read themselves ({@code JsonBodies},
     * the scenario stream, the VPSie and Kubernetes clients): named in the sources as
     * {@code Argument.of(X.class)}, {@code Argument.listOf(X.class)}, {@code readValue(…, X.class)}
     * or {@code decode(…, X.class)}, so they are found there rather than listed here by hand.
     */
    static Set<Class<?>> typesReadByHand() throws IOException {
        Pattern use = Pattern.compile("(?:Argument\\.(?:of|listOf)\\(|(?:readValue|decode)\\([^;]*?,\\s*)([A-Z][\\w.]*)\\.class");
        Set<Class<?>> found = new LinkedHashSet<>();
        Path src = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                String pkg = src.relativize(f.getParent()).toString().replace('/', '.');
                Matcher m = use.matcher(text);
                while (m.find()) {
                    resolve(m.group(1), pkg, text).ifPresent(found::add);
                }
            }
        }
        assertThat(found).as("types read by hand found in the sources").hasSizeGreaterThan(10);
        return found;
    }

    /** A simple or dotted name as the file sees it: its own package, or an import. */
    private static Optional<Class<?>> resolve(String name, String pkg, String text) {
        String outer = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        String nested = name.contains(".") ? name.substring(name.indexOf('.')).replace('.', '$') : "";
        Matcher imported = Pattern.compile("import ([\\w.]+\\." + outer + ");").matcher(text);
        List<String> candidates = new ArrayList<>();
        if (imported.find()) {
            candidates.add(imported.group(1) + nested);
        }
        candidates.add(pkg + "." + outer + nested);
        candidates.add("java.lang." + outer + nested);
        for (String candidate : candidates) {
            try {
                return Optional.of(Class.forName(candidate, false, SerdeMetadataTest.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                // not this reading of the name
            }
        }
        throw new AssertionError("cannot resolve " + name + " read in package " + pkg);
    }

    private static List<Class<?>> projectClasses() throws IOException {
        Path root = Path.of("target/classes");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().startsWith("$")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    out.add(Class.forName(name, false, SerdeMetadataTest.class.getClassLoader()));
                } catch (ClassNotFoundException | NoClassDefFoundError e) {
                    // generated or optional classes: not ours to check
                }
            }
        }
        return out;
    }
}
