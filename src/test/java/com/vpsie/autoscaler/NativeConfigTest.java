package com.vpsie.autoscaler;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native image's hand-kept configuration (docs/native-image.md), checked where it can be
 * without GraalVM: every class it registers exists, every class logback.xml names is registered,
 * and so is the configurator logback instantiates by name before it reads logback.xml.
 */
class NativeConfigTest {
    private static final Path DIR = Path.of("src/main/resources/META-INF/native-image/com.vpsie/vpsie-autoscaler");

    @Test
    void everyRegisteredClassExistsAndEveryClassLogbackInstantiatesIsRegistered() throws Exception {
        Set<String> registered = registered();
        List<String> missing = new ArrayList<>();
        for (String name : registered) {
            try {
                Class.forName(name, false, getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                missing.add(name);
            }
        }
        assertThat(missing).as("classes registered for reflection that do not exist (misspelt or moved)").isEmpty();

        Set<String> named = new TreeSet<>();
        try (var xml = Files.list(Path.of("src/main/resources"))) {
            for (Path f : xml.filter(p -> p.getFileName().toString().matches("logback.*\\.xml")).toList()) {
                Matcher m = Pattern.compile("class=\"([\\w.$]+)\"").matcher(Files.readString(f));
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        // Joran's default for an <encoder> without a class, and the configurator logback's
        // ContextInitializer loads by name when -Dlogback.configurationFile points at an XML file.
        named.add("ch.qos.logback.classic.encoder.PatternLayoutEncoder");
        named.add("ch.qos.logback.classic.util.DefaultJoranConfigurator");
        assertThat(registered).as("reflect-config.json registers what logback instantiates by name").containsAll(named);
    }

    @Test
    void theLogIsSetUpInCodeFoundAsAServiceNotFromXml() throws Exception {
        assertThat(Path.of("src/main/resources/logback.xml")).as("no XML for Joran to read (and reflect on) at every start").doesNotExist();
        Path service = Path.of("src/main/resources/META-INF/services/ch.qos.logback.classic.spi.Configurator");
        assertThat(Files.readString(service).trim()).isEqualTo(LogSetup.class.getName());
        assertThat(ch.qos.logback.classic.spi.Configurator.class).isAssignableFrom(LogSetup.class);
    }

    @Test
    void theExecutableTargetsTheBaselineCpuAndLinksAllButLibc() throws Exception {
        String args = Files.readString(DIR.resolve("native-image.properties")).replaceAll("(?m)^#.*$", "");
        assertThat(args).contains("-march=compatibility", "--static-nolibc").doesNotContain("StaticExecutableWithDynamicLibC");
    }

    private static Set<String> registered() throws Exception {
        JsonNode config = JsonMapper.createDefault().readValue(Files.readAllBytes(DIR.resolve("reflect-config.json")), JsonNode.class);
        Set<String> names = new TreeSet<>();
        for (JsonNode entry : config.values()) {
            names.add(entry.get("name").getStringValue());
        }
        return names;
    }
}
