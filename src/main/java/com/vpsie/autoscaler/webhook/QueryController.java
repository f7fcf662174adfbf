package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.apis.v1alpha1.NodeGroup;
import com.vpsie.autoscaler.reconcile.Decision;
import com.vpsie.autoscaler.reconcile.DecisionLog;
import com.vpsie.autoscaler.reconcile.GroupQueries;
import com.vpsie.autoscaler.reconcile.NodeGroupSummary;
import com.vpsie.autoscaler.reconcile.Reconciling;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.util.List;

/** The heartbeat and the read-only views: node groups and recent decisions. */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class QueryController {
    private static final int MAX_DECISIONS = 500;

    private final GroupQueries queries;
    private final Reconciling reconciler;
    private final DecisionLog decisions;

    public QueryController(GroupQueries queries, Reconciling reconciler, DecisionLog decisions) {
        this.queries = queries;
        this.reconciler = reconciler;
        this.decisions = decisions;
    }

    /** The heartbeat (Knative PingSource, CronJob): reconcile every group, or one. */
    @Post("/reconcile")
    @ApiErrors
    @ApiResponse(responseCode = "404", description = "no NodeGroup of that name", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<Decision> reconcile(@QueryValue @Nullable String nodeGroup) {
        List<String> all = queries.groupNames();
        if (nodeGroup != null && !all.contains(nodeGroup)) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "nodeGroup", "no NodeGroup named '" + nodeGroup + "'; known: " + all);
        }
        return reconciler.reconcile(nodeGroup == null ? all : List.of(nodeGroup), "heartbeat");
    }

    @Get("/nodegroups")
    @ApiErrors
    public List<NodeGroupSummary> nodeGroups() {
        return queries.summaries();
    }

    @Get("/nodegroups/{name}")
    @ApiErrors
    @ApiResponse(responseCode = "404", description = "no NodeGroup of that name", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public NodeGroupSummary nodeGroup(@PathVariable String name) {
        List<NodeGroupSummary> all = queries.summaries();
        return all.stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "name", "no NodeGroup named '" + name + "'; known: "
                        + all.stream().map(NodeGroupSummary::name).toList()));
    }

    @Get("/decisions")
    @ApiErrors
    @ApiResponse(responseCode = "400", description = "limit is not an integer from 1 to 500", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<Decision> decisions(@QueryValue(defaultValue = "50") String limit) {
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_DECISIONS) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "limit", "expected an integer from 1 to " + MAX_DECISIONS + ", got '" + limit + "'");
        }
        return decisions.recent(n);
    }
}
