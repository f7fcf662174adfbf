package com.vpsie.autoscaler.webhook;

import com.vpsie.autoscaler.reconcile.Explanations;
import com.vpsie.autoscaler.reconcile.GroupQueries;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** "Why, and when" for one node or one pod of the live cluster, every reason with its code. */
@Controller("/v1/explain")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ExplainController {
    private final GroupQueries queries;

    public ExplainController(GroupQueries queries) {
        this.queries = queries;
    }

    /** Whether the node stays or goes, every reason with its code (floor, blocking pods by name, budgets and until when, a window, timers). */
    @Get("/nodes/{name}")
    @ApiErrors
    @ApiResponse(responseCode = "404", description = "no node of that name", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Explanations.NodeAnswer node(@PathVariable String name) {
        return queries.explainNode(name).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "name", "no node named '" + name + "'"));
    }

    /** Whether the pod runs or waits, which group would take it and how many nodes that needs, and every group's reason when none can. */
    @Get("/pods/{namespace}/{name}")
    @ApiErrors
    @ApiResponse(responseCode = "404", description = "no pod of that namespace and name", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Explanations.PodAnswer pod(@PathVariable String namespace, @PathVariable String name) {
        return queries.explainPod(namespace, name)
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, "name", "no pod named '" + namespace + "/" + name + "'"));
    }
}
