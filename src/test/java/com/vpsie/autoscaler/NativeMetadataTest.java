package com.vpsie.autoscaler;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the native image compiles in, counted where it comes from: our classes and the Deployment's
 * runtime classpath as the native build sees it (the lambda-artifact profile off, so none of
 * {@code lambda.only}). Micronaut registers every bean definition and introspection it finds there
 * with GraalVM, and every {@code META-INF/native-image} file adds reflection or resources. The
 * counts are pinned: a dependency or bean that adds to them fails here, and one that removes some
 * lowers the pin (docs/native-image.md says what they were and when).
 */
class NativeMetadataTest {
    /**
     * Counted 2026-12-07. Before, with the Lambda machinery, Bean Validation and micronaut-kubernetes
     * in the native image: 103 jars, 606 bean definitions, 178 introspections, 288 reflection entries,
     * 3 resource patterns, 2 build features (micronaut-kubernetes' registered all 1,867 client-java
     * model classes for reflection, with their methods and fields).
     */
    private static final Metadata PINNED = new Metadata(90, 451, 169, 288, 3, 1);

    /** {@code features}: GraalVM features the jars' native-image.properties switch on; each can register more at build time. */
    record Metadata(int jars, int beanDefinitions, int introspections, int reflectionEntries, int resourcePatterns, int features) {
    }

    @Test
    void theNativeImageCarriesNoLambdaMachineryAndNoMoreMetadataThanPinned() throws IOException {
        List<String> lambdaOnly = Arrays.stream(System.getProperty("lambda.only", "").split(",")).filter(s -> !s.isBlank())
                .map(c -> "/" + c.substring(0, c.indexOf(':')).replace('.', '/') + "/" + c.substring(c.indexOf(':') + 1) + "/").toList();
        assertThat(lambdaOnly).as("the lambda.only property Maven passes (pom.xml)").isNotEmpty();
        List<Path> jars = Arrays.stream(Files.readString(Path.of("target/runtime.classpath")).strip().split(":"))
                .filter(j -> lambdaOnly.stream().noneMatch(j::contains)).map(Path::of).toList();

        Counter count = new Counter();
        try (Stream<Path> classes = Files.walk(Path.of("target/classes"))) {
            for (Path f : classes.filter(Files::isRegularFile).toList()) {
                String name = Path.of("target/classes").relativize(f).toString().replace('\\', '/');
                try (InputStream in = Files.newInputStream(f)) {
                    count.add(name, in);
                }
            }
        }
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry e : zip.stream().filter(e -> !e.isDirectory()).toList()) {
                    try (InputStream in = zip.getInputStream(e)) {
                        count.add(e.getName(), in);
                    }
                }
            }
        }
        Metadata now = new Metadata(jars.size(), count.beanDefinitions, count.introspections, count.reflectionEntries, count.resourcePatterns,
                count.features);
        assertThat(now).as("what the native image compiles in: a change here is a change to the image; if it is meant, "
                + "set PINNED and say why in docs/native-image.md").isEqualTo(PINNED);
    }

    private static final Pattern FEATURES = Pattern.compile("--features=([\\w.$,]+)");

    private static final class Counter {
        int beanDefinitions;
        int introspections;
        int reflectionEntries;
        int resourcePatterns;
        int features;

        void add(String name, InputStream in) throws IOException {
            if (name.startsWith("META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/")) {
                beanDefinitions++;
            } else if (name.startsWith("META-INF/micronaut/io.micronaut.core.beans.BeanIntrospectionReference/")) {
                introspections++;
            } else if (name.startsWith("META-INF/native-image/") && name.endsWith("reflect-config.json")) {
                reflectionEntries += json(in).size();
            } else if (name.startsWith("META-INF/native-image/") && name.endsWith("reachability-metadata.json")) {
                JsonNode all = json(in);
                reflectionEntries += size(all.get("reflection"));
                resourcePatterns += size(all.get("resources"));
            } else if (name.startsWith("META-INF/native-image/") && name.endsWith("native-image.properties")) {
                Matcher m = FEATURES.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    features += m.group(1).split(",").length;
                }
            } else if (name.startsWith("META-INF/native-image/") && name.endsWith("resource-config.json")) {
                JsonNode all = json(in);
                JsonNode resources = all.get("resources");
                resourcePatterns += resources == null ? 0 : resources.isArray() ? resources.size() : size(resources.get("includes"));
                resourcePatterns += size(all.get("bundles"));
            }
        }

        private static int size(JsonNode node) {
            return node == null ? 0 : node.size();
        }

        private static JsonNode json(InputStream in) throws IOException {
            return JsonMapper.createDefault().readValue(in.readAllBytes(), JsonNode.class);
        }
    }
}
