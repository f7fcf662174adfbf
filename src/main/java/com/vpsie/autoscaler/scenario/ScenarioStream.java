package com.vpsie.autoscaler.scenario;

import com.vpsie.autoscaler.cluster.KubeObjects;
import com.vpsie.autoscaler.port.ClusterView;
import com.vpsie.autoscaler.vpsie.VpsieWire;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.LimitingStream;
import io.micronaut.serde.SerdeRegistry;
import io.micronaut.serde.jackson.JacksonDecoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scenario read as it arrives, one object at a time, keeping only what the planner reads: a
 * {@code kubectl get … -o json} dump of a big cluster is hundreds of MB, mostly {@code managedFields},
 * {@code last-applied-configuration} annotations and statuses the planner never looks at. Each
 * object is decoded straight from the stream (fields the records do not name are skipped
 * unread), its unread annotations dropped, and translated to the planner's records at once
 * ({@link ClusterParts}), so memory holds those records and one decoded object, never the body.
 *
 * <p>Two shapes are read: the scenario ({@code nodes}, {@code pods}, {@code nodeGroups},
 * {@code sizes}, ...), and kubectl's {@code List} ({@code items} of kind Node, Pod, DaemonSet,
 * PodDisruptionBudget or NodeGroup; other kinds are counted and left out). Refusals are
 * {@link IllegalArgumentException}s naming where, what was expected and what was given.
 */
public final class ScenarioStream {
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /**
     * The most one object may take. The API server refuses bodies over 3 MB, so no stored object is
     * larger; kubectl's indentation can double that. Past this an object is refused before it is decoded.
     */
    static final long MAX_OBJECT = 16L << 20;
    /** Annotations any rule reads; the rest (last-applied-configuration, tool state) can be megabytes per object. */
    private static final List<String> KEPT_ANNOTATION_PREFIXES = List.of("cluster-autoscaler.kubernetes.io/", "autoscaler.vpsie.com/");

    private final SerdeRegistry serde;
    private final Map<Class<?>, Decoding<?>> decodings = new ConcurrentHashMap<>();

    /** A type's argument and the deserializer made for it, made once: a body holds tens of thousands of objects. */
    private record Decoding<T>(Argument<T> argument, Deserializer<T> deserializer) {
    }

    public ScenarioStream(SerdeRegistry serde) {
        this.serde = serde;
    }

    /**
     * What a body held: the VPSie side as a scenario ({@code clusterId}, {@code sizes},
     * {@code vpsieNodeGroups}), the Kubernetes side translated. {@code kubectlList}: it was
     * kubectl's List, which carries no VPSie sizes of its own.
     */
    public record Read(Scenario vpsie, ClusterView view, boolean kubectlList, int itemsLeftOut) {
    }

    /** The body was longer than the limit, or would keep more text than its limit; nothing after that was read. */
    public static final class TooLarge extends RuntimeException {
        private final long limit;

        private TooLarge(String message, long limit) {
            super(message, null, false, false);
            this.limit = limit;
        }

        static TooLarge body(long limit) {
            return new TooLarge("body is over " + limit + " bytes; at most " + limit + " accepted here (autoscaler.plan.max-scenario-size)", limit);
        }

        static TooLarge kept(long limit) {
            return new TooLarge("body: its objects' names, labels, annotations, selectors and tolerations would take more than "
                    + (limit >= 1 << 20 ? (limit >> 20) + " MiB" : limit + " bytes")
                    + " of memory until the plan, the most one what-if may keep here (autoscaler.plan.max-kept-share of the heap)",
                    limit);
        }

        public long limit() {
            return limit;
        }
    }

    public Read read(InputStream body, long limit) throws IOException {
        return read(body, limit, limit);
    }

    /** @param keptTextLimit the most bytes the view may keep, about ({@link KeptText}) */
    public Read read(InputStream body, long limit, long keptTextLimit) throws IOException {
        return read(body, limit, keptTextLimit, null);
    }

    /** @param share what this read may keep of the budget all what-ifs share; it throws {@link KeptBudget.Exhausted} when others hold it */
    public Read read(InputStream body, long limit, long keptTextLimit, KeptBudget.Share share) throws IOException {
        CountedBody in = new CountedBody(body, limit);
        Parts parts = new Parts(keptTextLimit, share);
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
                    case "kubeVersion" -> parts.kubeVersion = p.currentToken() == JsonToken.VALUE_NULL ? null : text(p, "kubeVersion");
                    case "autoscalerPolicy" -> {
                        if (p.currentToken() != JsonToken.VALUE_NULL) {
                            parts.add("AutoscalerPolicy", p, field, 0);
                        }
                    }
                    case "sizes" -> items(p, in, field, i -> parts.sizes.add(Scenario.size(parts.decodeWhole(p, VpsieWire.Offer.class, field, i), field, i)));
                    case "vpsieNodeGroups" -> items(p, in, field, i -> parts.vpsieGroups.add(parts.decodeWhole(p, VpsieWire.NodeGroup.class, field, i)));
                    case "nodeGroups" -> items(p, in, field, i -> parts.add("NodeGroup", p, field, i));
                    case "nodes" -> items(p, in, field, i -> parts.add("Node", p, field, i));
                    case "pods" -> items(p, in, field, i -> parts.add("Pod", p, field, i));
                    case "daemonSets" -> items(p, in, field, i -> parts.add("DaemonSet", p, field, i));
                    case "podDisruptionBudgets" -> items(p, in, field, i -> parts.add("PodDisruptionBudget", p, field, i));
                    case "items" -> {
                        list = true;
                        items(p, in, field, i -> parts.item(p, i));
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("body: expected one JSON object, got more after it");
            }
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("body: not valid JSON at offset " + e.getLocation().getByteOffset() + ": " + withoutSource(e.getOriginalMessage()));
        }
        Scenario vpsie = new Scenario(parts.clusterId, nullIfEmpty(parts.sizes), nullIfEmpty(parts.vpsieGroups), null, null, null, null, null,
                parts.kubeVersion, null);
        return new Read(vpsie, parts.cluster.view(), list, parts.leftOut);
    }

    /**
     * Jackson's own words without the where it appends ("(start marker at [Source: REDACTED ...;
     * line: 1, column: 68])"), which names no source and says the place a second time.
     */
    public static String withoutSource(String message) {
        int at = message.indexOf(" (start marker at [Source:");
        return at < 0 ? message : message.substring(0, at);
    }

    /** Where a refusal of {@link #read} found the fault: each one's message starts with it ("pods[3]: ..."), else the body. */
    public static String where(IllegalArgumentException refusal) {
        String m = refusal.getMessage();
        int colon = m == null ? -1 : m.indexOf(": ");
        return colon > 0 && m.substring(0, colon).matches("[A-Za-z0-9_.\\[\\]]+") ? m.substring(0, colon) : "body";
    }

    private interface Item {
        void read(int index) throws IOException;
    }

    /**
     * One array's objects, each read where the parser stands on its start; a null array is an empty
     * one. An object is read only up to {@link #MAX_OBJECT} bytes, so one giant string cannot fill the heap.
     */
    private static void items(JsonParser p, CountedBody in, String field, Item each) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException(field + ": expected an array, got " + describe(p.currentToken()));
        }
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(field + "[" + i + "]: expected an object, got " + describe(p.currentToken()));
            }
            in.objectStarts();
            try {
                each.read(i);
            } catch (ObjectTooLarge e) {
                throw new IllegalArgumentException(field + "[" + i + "]: expected an object of at most " + MAX_OBJECT / (1 << 20)
                        + " MiB (the API server stores none over 3 MB), got more");
            }
        }
        in.objectEnds();
    }

    /** The objects read so far: the VPSie side as given, the Kubernetes side translated. */
    private final class Parts {
        final Deserializer.DecoderContext context = serde.newDecoderContext(null);
        final KeptText kept;
        final ClusterParts cluster;
        String clusterId;
        String kubeVersion;
        final List<VpsieWire.Offer> sizes = new ArrayList<>();
        final List<VpsieWire.NodeGroup> vpsieGroups = new ArrayList<>();
        int leftOut;

        Parts(long keptTextLimit, KeptBudget.Share share) {
            kept = new KeptText(keptTextLimit, share);
            cluster = new ClusterParts(kept);
        }

        /** An object the view keeps nearly whole (a NodeGroup, a VPSie size or node group), counted by its bytes in the body. */
        <T> T decodeWhole(JsonParser p, Class<T> type, String list, int index) throws IOException {
            long start = p.currentTokenLocation().getByteOffset();
            T value = decode(p, type, list, index);
            kept.whole(p.currentLocation().getByteOffset() - start);
            return value;
        }

        /** The object under the parser, taken as {@code kind}; false, and nothing read, for a kind the planner does not use. */
        boolean add(String kind, JsonParser p, String list, int index) throws IOException {
            switch (kind) {
                case "Node" -> {
                    KubeObjects.Node n = decode(p, KubeObjects.Node.class, list, index);
                    KubeObjects.ObjectMeta meta = trimmed(n.metadata());
                    cluster.node(meta == n.metadata() ? n : new KubeObjects.Node(meta, n.spec(), n.status()), list, index);
                }
                case "Pod" -> {
                    KubeObjects.Pod pod = decode(p, KubeObjects.Pod.class, list, index);
                    KubeObjects.ObjectMeta meta = trimmed(pod.metadata());
                    cluster.pod(meta == pod.metadata() ? pod : new KubeObjects.Pod(meta, pod.spec(), pod.status()), list, index);
                }
                case "DaemonSet" -> {
                    KubeObjects.DaemonSet d = decode(p, KubeObjects.DaemonSet.class, list, index);
                    KubeObjects.PodTemplate t = d.spec() == null ? null : d.spec().template();
                    cluster.daemonSet(t == null ? d : new KubeObjects.DaemonSet(d.metadata(),
                            new KubeObjects.DaemonSetSpec(new KubeObjects.PodTemplate(trimmed(t.metadata()), t.spec()))), list, index);
                }
                case "PodDisruptionBudget" -> cluster.podDisruptionBudget(decode(p, KubeObjects.PodDisruptionBudget.class, list, index), list, index);
                case "NodeGroup" -> cluster.nodeGroup(decodeWhole(p, KubeObjects.NodeGroupObject.class, list, index), list, index);
                case "AutoscalerPolicy" -> cluster.policy(decodeWhole(p, KubeObjects.PolicyObject.class, list, index), list, index);
                default -> {
                    return false;
                }
            }
            return true;
        }

        /**
         * A List item, taken as its own {@code kind}. kubectl (and every client that writes
         * Kubernetes objects) puts {@code apiVersion} and {@code kind} first, so the rest is decoded
         * from the stream; an object that names its kind only after a nested field is copied first.
         */
        void item(JsonParser p, int index) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("kind") && value == JsonToken.VALUE_STRING) {
                    if (!add(p.getText(), new ResumedObject(p), "items", index)) {
                        ResumedObject.skipRest(p);
                        leftOut++;
                    }
                    return;
                }
                if (value.isStructStart()) {
                    copied(p, name, index);
                    return;
                }
                // a scalar before the kind (apiVersion): nothing the planner reads
            }
            leftOut++;  // no kind at all
        }

        private void copied(JsonParser p, String firstName, int index) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            String kind = null;
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                g.writeStartObject();
                g.writeFieldName(firstName);
                g.copyCurrentStructure(p);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals("kind") && p.currentToken() == JsonToken.VALUE_STRING) {
                        kind = p.getText();
                    }
                    g.writeFieldName(name);
                    g.copyCurrentStructure(p);
                }
                g.writeEndObject();
            }
            try (JsonParser copy = FACTORY.createParser(out.toByteArray())) {
                copy.nextToken();
                if (kind == null || !add(kind, copy, "items", index)) {
                    leftOut++;
                }
            }
        }

        /**
         * The object under the parser, decoded where it stands. {@code JacksonDecoder.create} is
         * marked internal in Micronaut serde (its public mappers take only whole documents); a
         * serde upgrade that changes it fails this class's compile or ScenarioStreamTest.
         */
        <T> T decode(JsonParser p, Class<T> type, String list, int index) throws IOException {
            try {
                Decoding<T> d = decoding(type, context);
                T value = d.deserializer().deserializeNullable(JacksonDecoder.create(p, LimitingStream.DEFAULT_LIMITS), context, d.argument());
                if (value == null) {
                    throw new IllegalArgumentException(list + "[" + index + "]: expected an object, got null");
                }
                return value;
            } catch (IOException | RuntimeException e) {
                rethrowBodyFault(e);
                String where = list + "[" + index + "]";
                if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(where)) {
                    throw iae;
                }
                throw new IllegalArgumentException(where + ": not a valid " + BodyNames.of(type) + ": " + BodyNames.fields(type, firstLine(e.getMessage())));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <T> Decoding<T> decoding(Class<T> type, Deserializer.DecoderContext context) throws IOException {
        Decoding<?> known = decodings.get(type);
        if (known == null) {
            Argument<T> argument = Argument.of(type);
            Deserializer<T> deserializer = (Deserializer<T>) context.findDeserializer(argument).createSpecific(context, argument);
            known = new Decoding<>(argument, deserializer);
            decodings.put(type, known);
        }
        return (Decoding<T>) known;
    }

    /** The body's faults (malformed, too long, one object too large) are not the object's, whatever the decoder wrapped them in. */
    private static void rethrowBodyFault(Throwable e) throws JsonParseException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException malformed) {
                throw malformed;
            }
            if (t instanceof TooLarge || t instanceof ObjectTooLarge) {
                throw (RuntimeException) t;
            }
        }
    }

    /** Metadata without the annotations no rule reads. */
    private static KubeObjects.ObjectMeta trimmed(KubeObjects.ObjectMeta m) {
        if (m == null || m.annotations() == null || m.annotations().isEmpty()) {
            return m;
        }
        Map<String, String> kept = new HashMap<>();
        m.annotations().forEach((key, value) -> {
            if (KEPT_ANNOTATION_PREFIXES.stream().anyMatch(key::startsWith)) {
                kept.put(key, value);
            }
        });
        return kept.size() == m.annotations().size() ? m : new KubeObjects.ObjectMeta(m.name(), m.namespace(), m.resourceVersion(),
                m.labels(), kept, m.ownerReferences(), m.uid(), m.deletionTimestamp(), m.creationTimestamp());
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
            case END_ARRAY -> "the end of an array";
            case END_OBJECT -> "the end of an object";
            case FIELD_NAME -> "a field";
            default -> "something else";
        };
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "malformed";
        }
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
