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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native image has no runtime reflection: every project type that crosses the wire (HTTP bodies
 * in and out of every controller, the VPSie and Kubernetes JSON shapes, NodeGroup status) must have
 * compile-time serde metadata (a bean introspection from {@code @Serdeable}). This walks each such
 * type and everything it contains, and names any type that lacks it.
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
            if (!c.getName().startsWith(BASE) || c.isEnum() || c.isInterface() || !seen.add(c)) {
                return;
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    walk(rc.getGenericType(), seen);
                }
            }
        }
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
