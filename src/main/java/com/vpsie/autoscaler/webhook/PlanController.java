package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.capacity.Drift;
import com.vpsie.autoscaler.capacity.GroupPlan;
import com.vpsie.autoscaler.capacity.Replacement;
import com.vpsie.autoscaler.capacity.UnschedulablePod;
import com.vpsie.autoscaler.config.LimitsConfig;
import com.vpsie.autoscaler.reconcile.GroupQueries;
import com.vpsie.autoscaler.reconcile.PlanView;
import com.vpsie.autoscaler.scenario.KeptBudget;
import com.vpsie.autoscaler.scenario.Scenario;
import com.vpsie.autoscaler.scenario.ScenarioStream;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.SerdeRegistry;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The planner's view: of the live cluster ({@code GET}), or of any scenario ({@code POST}, no side effects). */
@Controller("/v1/plan")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PlanController {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PlanController.class);
    private final GroupQueries queries;
    private final ScenarioStream scenarios;
    private final long scenarioLimit;
    private final long keptTextLimit;

    private final WhatIfAdmission admission;

    public PlanController(GroupQueries queries, SerdeRegistry serde, LimitsConfig.WhatIf limits, WhatIfAdmission admission) {
        this.queries = queries;
        this.admission = admission;
        this.scenarios = new ScenarioStream(serde);
        this.scenarioLimit = limits.maxScenarioSize();
        this.keptTextLimit = limits.maxKept();
    }

    @Serdeable
    public record CandidateAnswer(String node, double utilization, Instant unneededSince, Instant removableAt) {
    }

    @Serdeable
    public record BlockedAnswer(String node, String code, String reason) {
    }

    @Serdeable
    public record GroupAnswer(String name, int currentNodes, int provisioningNodes, int desiredNodes, int scaleUp,
                              List<CandidateAnswer> scaleDownCandidates, List<String> scaleDown, List<BlockedAnswer> scaleDownBlocked,
                              List<String> reasons, double hourlyNow, double hourlyPlanned) {
        static GroupAnswer of(GroupPlan p) {
            return new GroupAnswer(p.name(), p.currentNodes(), p.provisioningNodes(), p.desiredNodes(), p.scaleUp(),
                    p.scaleDownCandidates().stream().map(c -> new CandidateAnswer(c.node(), Math.round(c.utilization() * 1000) / 1000.0,
                            c.unneededSince(), c.removableAt())).toList(),
                    p.scaleDown(), p.scaleDownBlocked().stream().map(b -> new BlockedAnswer(b.node(), b.blocker().code().name(), b.blocker().message())).toList(),
                    p.reasons(), ReplacementAnswer.round(p.hourlyNow()), ReplacementAnswer.round(p.hourlyPlanned()));
        }
    }

    @Serdeable
    public record PodAnswer(String pod, String reason) {
    }

    /** A pending pod no node is planned for because it is not ready to schedule: {@code reason} "waiting for gates". */
    @Serdeable
    public record GatedAnswer(String pod, String reason, List<String> gates) {
    }

    /**
     * A replacement: proposed (the first one starts first), or under way and where it stands;
     * {@code cause} as disruption budgets name it (Consolidation, Unhealthy, Drifted, Expired).
     */
    @Serdeable
    public record ReplacementAnswer(String nodeGroup, List<String> nodes, String byNodeGroup, int newNodes, double hourlyBefore,
                                    double hourlyAfter, double savingPercent, String state, String cause, String reason) {
        static ReplacementAnswer of(Replacement r) {
            return new ReplacementAnswer(r.group(), r.nodes(), r.byGroup(), r.newNodes(), round(r.hourlyBefore()), round(r.hourlyAfter()),
                    Math.round(r.savingPercent() * 10) / 10.0, r.state().name(), r.cause().wire(), r.reason());
        }

        static double round(double price) {
            return Math.round(price * 1e6) / 1e6;
        }
    }

    /**
     * A node that differs from a new node of its group: each difference ({@code kind} LABELS, TAINTS,
     * SIZE or KUBERNETES_VERSION) and whether it is mended in place; {@code action} MEND_IN_PLACE
     * when all are, else REPLACE.
     */
    @Serdeable
    public record DriftAnswer(String node, String nodeGroup, String action, List<DifferenceAnswer> differences) {
        static DriftAnswer of(Drift d) {
            return new DriftAnswer(d.node(), d.group(), d.inPlace() ? "MEND_IN_PLACE" : "REPLACE",
                    d.differences().stream().map(x -> new DifferenceAnswer(x.kind().name(), x.inPlace(), x.says())).toList());
        }
    }

    @Serdeable
    public record DifferenceAnswer(String kind, boolean inPlace, String says) {
    }

    /**
     * One cluster-wide limit of the AutoscalerPolicy: {@code limit} (nodes, cores, memory in bytes,
     * hourlyPrice in dollars), its {@code max} and what the managed groups hold once this plan is carried out.
     */
    @Serdeable
    public record LimitAnswer(String limit, double max, double planned) {
        static List<LimitAnswer> of(com.vpsie.autoscaler.capacity.Plan.Limited l) {
            return l == null ? List.of() : l.uses().stream().map(u -> new LimitAnswer(u.limit(), u.max(),
                    "hourlyPrice".equals(u.limit()) ? ReplacementAnswer.round(u.planned()) : u.planned())).toList();
        }
    }

    /**
     * A group the plan would create for pods no group can host (AutoscalerPolicy
     * {@code spec.autoProvisioning}): its name, the VPSie size by id and name, one node's hourly price,
     * how many nodes, their hourly price together, and the pods.
     */
    @Serdeable
    public record NewGroupAnswer(String name, long sizeId, String sizeName, int cpu, long ramMb, double hourlyPrice, int nodes,
                                 double hourlyTotal, List<String> pods) {
        static NewGroupAnswer of(com.vpsie.autoscaler.capacity.AutoProvisioning.NewGroup g) {
            return new NewGroupAnswer(g.name(), g.size().id(), g.size().name(), g.size().cpu(), g.size().ramMb(),
                    ReplacementAnswer.round(g.size().hourly()), g.nodes(), ReplacementAnswer.round(g.hourly()), g.pods());
        }
    }

    @Serdeable
    public record PlanAnswer(String expander, List<GroupAnswer> nodeGroups, List<PodAnswer> unschedulablePods,
                             Map<String, String> skippedNodeGroups, List<GatedAnswer> waitingForGates, List<ReplacementAnswer> replacements,
                             List<DriftAnswer> drifted, List<LimitAnswer> limits, List<NewGroupAnswer> newGroups) {
        static PlanAnswer of(PlanView v) {
            return new PlanAnswer(v.plan().expander(), v.plan().nodeGroups().stream().map(GroupAnswer::of).toList(),
                    v.plan().unschedulablePods().stream().map((UnschedulablePod u) -> new PodAnswer(u.pod(), u.reason())).toList(),
                    v.skippedWhy(), v.gated().stream().map(g -> new GatedAnswer(g.pod(), "waiting for gates", g.gates())).toList(),
                    v.plan().replacements().stream().map(ReplacementAnswer::of).toList(),
                    v.plan().drifted().stream().map(DriftAnswer::of).toList(), LimitAnswer.of(v.plan().limits()),
                    v.plan().newGroups().stream().map(NewGroupAnswer::of).toList());
        }
    }

    @Get
    @ApiErrors
    public PlanAnswer live() {
        return PlanAnswer.of(queries.livePlan());
    }

    /**
     * The what-if, read as it arrives ({@link ScenarioStream}): a scenario, or what
     * {@code kubectl get nodes,pods,poddisruptionbudgets,daemonsets -A -o json} prints, in which case
     * the live NodeGroups (unless the dump has some) and the live VPSie sizes are used.
     */
    @Post(consumes = MediaType.ALL)
    @ApiErrors
    @BodyErrors
    public PlanAnswer whatIf(@RequestBody(required = true, description = "a scenario (sizes, vpsieNodeGroups, nodeGroups, nodes, pods, daemonSets, "
            + "podDisruptionBudgets), or the List kubectl get -o json prints",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = com.vpsie.autoscaler.scenario.Scenario.class)))
                              @Body InputStream body) {
        try (WhatIfAdmission.Ticket ticket = admission.enter()) {
            ScenarioStream.Read read;
            try {
                read = scenarios.read(body, scenarioLimit, keptTextLimit, ticket.share());
            } catch (ScenarioStream.TooLarge e) {
                throw new ProblemException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body", e.getMessage());
            } catch (KeptBudget.Exhausted e) {
                throw WhatIfAdmission.busy(e);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, ScenarioStream.where(e), e.getMessage());
            } catch (IOException e) {
                // The reader's own words name its classes and limits' property names in another product's terms.
                LOG.info("what-if body not read to its end: {}", e.toString());
                throw new ProblemException(HttpStatus.BAD_REQUEST, "body", "body: could not be read to its end (cut off, sent too slowly, "
                        + "or over the server's limits)");
            }
            return PlanAnswer.of(read.kubectlList() ? queries.whatIfOnLiveGroups(read.view()) : queries.whatIf(read.view(), read.vpsie()::sizeOf,
                    read.vpsie()::offers));
        }
    }
}
