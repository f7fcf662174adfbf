package com.vpsie.autoscaler.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.vpsie.autoscaler.cluster.KubeObjects;
import com.vpsie.autoscaler.vpsie.VpsieWire;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A scenario read as it arrives, one object at a time, keeping only what the planner reads: a
 * {@code kubectl get … -o json} dump of a big cluster is hundreds of MB, mostly {@code managedFields},
 * {@code last-applied-configuration} annotations and statuses the planner never looks at. Each
 * object's JSON is copied without those into a small buffer and decoded on its own, so memory holds
 * the translated objects and one raw object, never the body.
 *
 * <p>Two shapes are read: the scenario ({@code nodes}, {@code pods}, {@code nodeGroups},
 * {@code sizes}, ...), and kubectl's {@code List} ({@code items} of kind Node, Pod, DaemonSet,
 * PodDisruptionBudget or NodeGroup; other kinds are counted and left out). Refusals are
 * {@link IllegalArgumentException}s naming where, what was expected and what was given.
 */
public final class ScenarioStream {
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Annotations any rule reads; the rest (last-applied-configuration, tool state) can be megabytes per object. */
    private static final List<String> KEPT_ANNOTATION_PREFIXES = List.of("cluster-autoscaler.kubernetes.io/", "autoscaler.vpsie.com/");
    /**
     * The status fields the planner's records read, per kind; the rest of a status (a pod's
     * conditions and container statuses, a node's images and addresses: a third of a real dump)
     * is not copied. From the records' compile-time introspections, so they cannot drift apart.
     */
    private static final Map<String, Set<String>> KEPT_STATUS = Map.of(
            "Pod", fields(KubeObjects.PodStatus.class), "Node", fields(KubeObjects.NodeStatus.class));

    private final JsonMapper json;

    public ScenarioStream(JsonMapper json) {
        this.json = json;
    }

    /** What a body held. {@code kubectlList}: it was kubectl's List, which carries no VPSie sizes of its own. */
    public record Read(Scenario scenario, boolean kubectlList, int itemsLeftOut) {
    }

    /** The body was longer than the limit; nothing after the limit was read. */
    public static final class TooLarge extends RuntimeException {
        private final long limit;

        TooLarge(long limit) {
            super("body is over " + limit + " bytes; at most " + limit + " accepted here (autoscaler.plan.max-scenario-size)", null, false, false);
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    public Read read(InputStream body, long limit) throws IOException {
        Counting in = new Counting(body, limit);
        Parts parts = new Parts();
        boolean list = false;
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("body: expected a JSON object (a scenario, or the List kubectl prints), got "
                        + describe(first));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "clusterId" -> parts.clusterId = p.currentToken() == JsonToken.VALUE_NULL ? null : text(p, "clusterId");
                    case "sizes" -> items(p, "sizes", null, raw -> parts.sizes.add(decode(raw, VpsieWire.Offer.class)));
                    case "vpsieNodeGroups" -> items(p, "vpsieNodeGroups", null,
                            raw -> parts.vpsieGroups.add(decode(raw, VpsieWire.NodeGroup.class)));
                    case "nodeGroups" -> items(p, "nodeGroups", "NodeGroup", parts::add);
                    case "nodes" -> items(p, "nodes", "Node", parts::add);
                    case "pods" -> items(p, "pods", "Pod", parts::add);
                    case "daemonSets" -> items(p, "daemonSets", "DaemonSet", parts::add);
                    case "podDisruptionBudgets" -> items(p, "podDisruptionBudgets", "PodDisruptionBudget", parts::add);
                    case "items" -> {
                        list = true;
                        items(p, "items", null, parts::add);
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("body: expected one JSON object, got more after it");
            }
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("body: not valid JSON at offset " + e.getLocation().getByteOffset() + ": " + e.getOriginalMessage());
        }
        return new Read(new Scenario(parts.clusterId, nullIfEmpty(parts.sizes), nullIfEmpty(parts.vpsieGroups), parts.nodeGroups, parts.nodes,
                parts.pods, parts.daemonSets, parts.pdbs), list, parts.leftOut);
    }

    /**
     * One array's objects, each copied (filtered) and handed on; a null array is an empty one.
     * {@code kind}: what the array holds when its name says so; null: each object's own {@code kind}
     * (which decides how its status is filtered if it comes before the status).
     */
    private void items(JsonParser p, String field, String kind, Consumer<Raw> each) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException(field + ": expected an array, got " + describe(p.currentToken()));
        }
        int i = 0;
        // One buffer for the array's objects: a dump has tens of thousands, each copied whole before it is decoded.
        ByteArrayOutputStream scratch = new ByteArrayOutputStream(8192);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(field + "[" + i + "]: expected an object, got " + describe(p.currentToken()));
            }
            each.accept(copy(p, scratch, field, i, kind));
            i++;
        }
    }

    /** An object's JSON without managedFields and unread annotations, what it is taken as (its array's kind, else its own), and where it was. */
    record Raw(byte[] json, String kind, String field, int index) {
        /** Worded only for an error. */
        String where() {
            return field + "[" + index + "]";
        }
    }

    private Raw copy(JsonParser p, ByteArrayOutputStream out, String field, int index, String arrayKind) throws IOException {
        out.reset();
        String kind = arrayKind;  // what the object is taken as: its array's kind, else its own once read
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("kind") && arrayKind == null && p.currentToken() == JsonToken.VALUE_STRING) {
                    kind = p.getText();
                }
                g.writeFieldName(name);
                if (name.equals("metadata") && p.currentToken() == JsonToken.START_OBJECT) {
                    copyMetadata(p, g);
                } else if (name.equals("spec") && p.currentToken() == JsonToken.START_OBJECT) {
                    copySpec(p, g);
                } else if (name.equals("status") && p.currentToken() == JsonToken.START_OBJECT && kind != null && KEPT_STATUS.containsKey(kind)) {
                    copyOnly(p, g, KEPT_STATUS.get(kind)::contains);
                } else {
                    g.copyCurrentStructure(p);
                }
            }
            g.writeEndObject();
        }
        return new Raw(out.toByteArray(), kind, field, index);
    }

    private static void copyMetadata(JsonParser p, JsonGenerator g) throws IOException {
        g.writeStartObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("managedFields")) {
                p.skipChildren();
                continue;
            }
            g.writeFieldName(name);
            if (name.equals("annotations") && p.currentToken() == JsonToken.START_OBJECT) {
                copyOnly(p, g, key -> KEPT_ANNOTATION_PREFIXES.stream().anyMatch(key::startsWith));
            } else {
                g.copyCurrentStructure(p);
            }
        }
        g.writeEndObject();
    }

    /** The object under the parser, with only the fields {@code kept} names. */
    private static void copyOnly(JsonParser p, JsonGenerator g, Predicate<String> kept) throws IOException {
        g.writeStartObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (kept.test(name)) {
                g.writeFieldName(name);
                g.copyCurrentStructure(p);
            } else {
                p.skipChildren();
            }
        }
        g.writeEndObject();
    }

    private static Set<String> fields(Class<?> record) {
        return Set.of(BeanIntrospector.SHARED.getIntrospection(record).getPropertyNames());
    }

    /** A DaemonSet's pod template carries metadata of its own, filtered the same way. */
    private static void copySpec(JsonParser p, JsonGenerator g) throws IOException {
        g.writeStartObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            g.writeFieldName(name);
            if (name.equals("template") && p.currentToken() == JsonToken.START_OBJECT) {
                g.writeStartObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String inner = p.currentName();
                    p.nextToken();
                    g.writeFieldName(inner);
                    if (inner.equals("metadata") && p.currentToken() == JsonToken.START_OBJECT) {
                        copyMetadata(p, g);
                    } else {
                        g.copyCurrentStructure(p);
                    }
                }
                g.writeEndObject();
            } else {
                g.copyCurrentStructure(p);
            }
        }
        g.writeEndObject();
    }

    private <T> T decode(Raw raw, Class<T> type) {
        try {
            T value = json.readValue(raw.json(), Argument.of(type));
            if (value == null) {
                throw new IllegalArgumentException(raw.where() + ": expected an object, got null");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(raw.where())) {
                throw iae;
            }
            throw new IllegalArgumentException(raw.where() + ": not a valid " + type.getSimpleName() + ": " + firstLine(e.getMessage()));
        }
    }

    /** The objects read so far, by kind. */
    private final class Parts {
        String clusterId;
        final List<VpsieWire.Offer> sizes = new ArrayList<>();
        final List<VpsieWire.NodeGroup> vpsieGroups = new ArrayList<>();
        final List<KubeObjects.NodeGroupObject> nodeGroups = new ArrayList<>();
        final List<KubeObjects.Node> nodes = new ArrayList<>();
        final List<KubeObjects.Pod> pods = new ArrayList<>();
        final List<KubeObjects.DaemonSet> daemonSets = new ArrayList<>();
        final List<KubeObjects.PodDisruptionBudget> pdbs = new ArrayList<>();
        int leftOut;

        void add(Raw raw) {
            switch (raw.kind() == null ? "" : raw.kind()) {
                case "Node" -> nodes.add(decode(raw, KubeObjects.Node.class));
                case "Pod" -> pods.add(decode(raw, KubeObjects.Pod.class));
                case "DaemonSet" -> daemonSets.add(decode(raw, KubeObjects.DaemonSet.class));
                case "PodDisruptionBudget" -> pdbs.add(decode(raw, KubeObjects.PodDisruptionBudget.class));
                case "NodeGroup" -> nodeGroups.add(decode(raw, KubeObjects.NodeGroupObject.class));
                default -> leftOut++;
            }
        }
    }

    private static String text(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(field + ": expected a string, got " + describe(p.currentToken()));
        }
        return p.getText();
    }

    private static <T> List<T> nullIfEmpty(List<T> l) {
        return l.isEmpty() ? null : l;
    }

    /** A JSON token as a person names what was given: "an array", "a string", "nothing" at the end of the input. */
    public static String describe(JsonToken t) {
        return t == null ? "nothing" : switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "malformed";
        }
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    /** Counts what is read and stops at the limit, so an endless body costs at most the limit. */
    private static final class Counting extends FilterInputStream {
        private final long limit;
        private long count;

        Counting(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, limit + 1 - count));
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(int n) {
            count += n;
            if (count > limit) {
                throw new TooLarge(limit);
            }
        }
    }
}
