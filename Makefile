# vpsie-autoscaler — see README.md.
SHELL := /bin/bash
# A recipe line that pipes fails when any part fails (Maven's status survives the filter below).
.SHELLFLAGS := -o pipefail -c
MVN ?= mvn -B -q -Dstyle.color=never
# Maven 3.8 writes colour resets (ESC[0m) even in batch mode with colours off: stripped from what it prints.
PLAIN := 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'

# One artifact per runtime, from one build: the Deployment's thin jar with target/lib (Deployment,
# Knative, JVM image) and the Lambda's deployment package (infra/lambda/template.yaml). The native image is built from the Deployment's classpath.
JAR := target/vpsie-autoscaler-0.1.0-SNAPSHOT.jar
LAMBDA_ZIP := target/vpsie-autoscaler-0.1.0-SNAPSHOT-lambda.zip
# The class-data archive bin/vpsie-autoscaler starts the jar with (made by a training run of the jar):
# an AOT cache (.aot) when java is JDK 25 or later, an AppCDS archive (.jsa) before.
ARCHIVE := $(shell VPSIE_AUTOSCALER_JAR=$(JAR) bin/vpsie-autoscaler archive)
SOURCES := pom.xml $(shell find src/main -type f 2>/dev/null)
# Manifests name a tag a registry holds: the release README's install steps name, unless VERSION is given.
RELEASE ?= v0.2.0
TAG := $(if $(filter command line environment,$(origin VERSION)),$(VERSION),$(RELEASE))
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
BUILD_DATE ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
STAMP := -Dbuild.version=$(VERSION) -Dbuild.commit=$(COMMIT) -Dbuild.date=$(BUILD_DATE)
PORT ?= 8080
REGISTRY ?= ghcr.io/vpsieinc
IMAGE ?= $(REGISTRY)/vpsie-autoscaler
PLATFORMS ?= linux/amd64,linux/arm64
DOCKER_ARGS := --build-arg VERSION=$(VERSION) --build-arg COMMIT=$(COMMIT) --build-arg BUILD_DATE=$(BUILD_DATE)

.PHONY: FORCE kubeconfig simulate simulate-features build test run run-kube native smoke image image-jvm image-push deploy deploy-knative manifests e2e clean bench bench-dump bench-http bench-lambda bench-startup help

help:
	@echo "make <target>, one of:"
	@grep -E '^## ' Makefile | sed -e 's/^## /  /' -e 's|\$$(PORT)|$(PORT)|g' -e 's|\$$(IMAGE)|$(IMAGE)|g' \
		-e 's|\$$(VERSION)|$(VERSION)|g' -e 's|\$$(TAG)|$(TAG)|g' -e 's|\$$(PLATFORMS)|$(PLATFORMS)|g'

## build: one artifact per runtime, $(JAR) with target/lib/ (Deployment, Knative, JVM image) and $(LAMBDA_ZIP) (AWS Lambda's deployment package), stamped with VERSION, COMMIT, BUILD_DATE, and the first one's class-data archive; only when sources changed
build: $(JAR) $(LAMBDA_ZIP) $(ARCHIVE)

# The jar carries VERSION and COMMIT (/v1/version): it is built again when they change, not only its sources.
BUILD_ID := target/build-id
$(BUILD_ID): FORCE
	@mkdir -p target; echo '$(VERSION) $(COMMIT)' | cmp -s - $@ || echo '$(VERSION) $(COMMIT)' > $@
FORCE:

# Both jars come from one package run, which then checks that each carries only its own runtime.
$(JAR) $(LAMBDA_ZIP) &: $(SOURCES) $(BUILD_ID)
	$(MVN) package -DskipTests $(STAMP) $(PLAIN)
	.ci/check-artifacts.sh $(JAR) $(LAMBDA_ZIP)

# A training run of the jar (about 10 s): the archive that makes bin/vpsie-autoscaler start in half the time.
$(ARCHIVE): $(JAR) bin/vpsie-autoscaler bin/smoke-test
	VPSIE_AUTOSCALER_JAR=$(JAR) bin/vpsie-autoscaler train

## test: every test (unit, contract, Kubernetes mock, Lambda handlers, manifests, end to end in the sandbox)
# Quiet by default: the whole log goes to target/test.log and a summary is printed (VERBOSE=1 prints it all).
test:
ifeq ($(VERBOSE),1)
	mvn -B -ntp test $(STAMP)
else
	@mkdir -p target; rm -rf target/surefire-reports; echo "make test: running every test (2-3 min); the log goes to target/test.log"
	@mvn -B -ntp -Dstyle.color=never test $(STAMP) > target/test.log 2>&1; java .ci/TestSummary.java target/test.log $$?
endif

# Ctrl-C (130) and a TERM (143) are how a server run ends: not a failure of make.
ENDED_BY_SIGNAL := s=$$?; [ $$s -eq 0 ] || [ $$s -eq 130 ] || [ $$s -eq 143 ]

## run: the function with the sandbox (simulated cluster and VPSie) on port $(PORT), started by bin/vpsie-autoscaler
run: build
	@PORT=$(PORT) VPSIE_AUTOSCALER_JAR=$(JAR) bin/vpsie-autoscaler -Dmicronaut.environments=sandbox; $(ENDED_BY_SIGNAL)

## run-kube: the function against the cluster in KUBECONFIG with the VPSie simulator; dry run unless DRY_RUN=false
KUBECONFIG ?= $(HOME)/.kube/config
DRY_RUN ?= true
NAMESPACE ?= vpsie-autoscaler
run-kube: kubeconfig build
	@PORT=$(PORT) AUTOSCALER_CLUSTER=kubernetes VPSIE_AUTOSCALER_JAR=$(JAR) bin/vpsie-autoscaler -Dmicronaut.environments=sandbox \
		-Dkubernetes.client.kube-config-path=$(KUBECONFIG) -Dautoscaler.kubernetes.namespace=$(NAMESPACE) \
		-Dautoscaler.dry-run=$(DRY_RUN); $(ENDED_BY_SIGNAL)

# Checked before anything is built: no point in a build that cannot run.
kubeconfig:
	@test -f "$(KUBECONFIG)" || { echo "run-kube: no kubeconfig at $(KUBECONFIG); set KUBECONFIG=path" >&2; exit 2; }

## native: the GraalVM native executable target/vpsie-autoscaler (the Deployment's classpath: no Lambda machinery), then its smoke test (needs GraalVM's native-image; the Dockerfile has it)
native:
	$(MVN) package -Dpackaging=native-image -Dmaven.test.skip=true $(STAMP) $(PLAIN)
	bin/smoke-test target/vpsie-autoscaler

## smoke: bin/smoke-test against the jar started by bin/vpsie-autoscaler (the check the native build runs on its executable)
smoke: build
	VPSIE_AUTOSCALER_JAR=$(JAR) bin/smoke-test bin/vpsie-autoscaler

## image: the native image for this machine's architecture, loaded into the local Docker as $(IMAGE):$(VERSION)
image:
	docker buildx build --load $(DOCKER_ARGS) -t $(IMAGE):$(VERSION) .

## image-jvm: the JVM image (fast to build; same entrypoint and flags)
image-jvm:
	docker buildx build --load --target jvm $(DOCKER_ARGS) -t $(IMAGE):$(VERSION)-jvm .

## image-push: multi-arch ($(PLATFORMS)) native image pushed to $(IMAGE):$(VERSION) and :latest
image-push:
	docker buildx build --push --platform $(PLATFORMS) $(DOCKER_ARGS) -t $(IMAGE):$(VERSION) -t $(IMAGE):latest .

## manifests: the Helm chart rendered to dist/ (kubectl apply -f dist/ installs mode deployment; dist/knative/, dist/monitoring/, dist/lambda/) with the image $(IMAGE):$(TAG), and packaged in dist/charts/
manifests:
	@mkdir -p target; rm -rf dist
	@$(MVN) test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test $(PLAIN)
	@java -cp target/test-classes:target/classes:$$(cat target/test-classpath.txt) com.vpsie.autoscaler.infra.RenderManifests $(IMAGE) $(TAG) dist

## deploy: mode deployment (2 replicas, scheduled reconcile) into the cluster of your kubeconfig (Helm users: docs/install.md)
deploy: manifests
	kubectl apply -f dist/crds.yaml && kubectl apply -f dist/

## deploy-knative: the Knative Service and its PingSource heartbeat
deploy-knative: manifests
	kubectl apply -f dist/knative/crds.yaml && kubectl apply -f dist/knative/

## e2e: real kubectl, promtool, amtool and Alertmanager against the built jar (installs Debian packages if missing)
e2e: build
	JAR=$(JAR) .ci/e2e.sh

## simulate: run a simulation file (SCENARIO=infra/scenarios/burst.json); writes target/simulation/<name>/report.json and chart.svg
SCENARIO ?= infra/scenarios/burst.json
simulate: build
ifeq ($(VERBOSE),1)
	java -cp $(JAR) com.vpsie.autoscaler.simulation.SimulationMain $(SCENARIO)
else
	@LOG_FILE=target/simulation.log java -Dlogback.configurationFile=logback-to-file.xml -cp $(JAR) com.vpsie.autoscaler.simulation.SimulationMain $(SCENARIO)
	@echo "full log: target/simulation.log (VERBOSE=1 make simulate prints it)"
endif

## simulate-features: headroom, scheduled floors, consolidation, disruption budgets, quiet hours and the cheapest end state, each beside the same scenario without it, as one table
FEATURE_SCENARIOS := burst-cold burst-warm morning-peak-cold morning-peak-scheduled expensive-after-burst expensive-consolidated \
	empty-one-per-step empty-budget-2 empty-budget-all quiet-hours-off quiet-hours-capped cheapest-replace-only cheapest-end-state \
	repair-dead-kubelet repair-outage-guard repair-never-ready drift-roll expiry-roll new-group-burst
simulate-features: build
ifeq ($(VERBOSE),1)
	java -cp $(JAR) com.vpsie.autoscaler.simulation.SimulationMain $(FEATURE_SCENARIOS:%=infra/scenarios/%.json)
else
	@LOG_FILE=target/simulation.log java -Dlogback.configurationFile=logback-to-file.xml -cp $(JAR) com.vpsie.autoscaler.simulation.SimulationMain $(FEATURE_SCENARIOS:%=infra/scenarios/%.json)
	@echo "full log: target/simulation.log (VERBOSE=1 make simulate-features prints it)"
endif

## clean: remove target/, bench/bare/target/ and dist/
clean:
	$(MVN) clean $(PLAIN)
	rm -rf dist bench/bare/target

## bench: JMH benchmarks of the planner and POST /v1/plan (BENCH=regex to pick; figures in docs/performance.md)
BENCH ?= Benchmark
JMH_OPTS ?= -f 1 -wi 3 -i 5 -w 2s -r 2s
bench:
	$(MVN) test-compile $(STAMP) $(PLAIN)
	$(MVN) dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath $(PLAIN)
ifeq ($(VERBOSE),1)
	java -Xmx2g -cp target/test-classes:target/classes:$$(cat target/bench.classpath) org.openjdk.jmh.Main '$(BENCH)' $(JMH_OPTS) \
		-rf json -rff target/jmh.json
else
	@echo "make bench: JMH $(JMH_OPTS) on '$(BENCH)' (a few minutes); the full output goes to target/bench.log"
	@java -Xmx2g -cp target/test-classes:target/classes:$$(cat target/bench.classpath) org.openjdk.jmh.Main '$(BENCH)' $(JMH_OPTS) \
		-rf json -rff target/jmh.json > target/bench.log 2>&1 || { tail -40 target/bench.log; exit 1; }
	@grep -E '^\[[a-z]+\] ' target/bench.log | sort -u
	@sed -n '/^Benchmark  /,$$p' target/bench.log | awk '/^Benchmark / || /:p0\.50 / || ($$2 == "sample" && $$1 !~ /:/)'
	@echo "medians are the :p0.50 rows; full output: target/bench.log, JSON: target/jmh.json"
endif

## bench-http: the webhooks and GET /v1/plan under wrk (installed from Debian if missing), each beside GET /health; figures in docs/performance.md
bench-http: build
	bench/http.sh

## bench-dump: POST /v1/plan with a generated 200 MB kubectl dump and a 16 MB compact scenario (1,000 nodes, 30,000 pods), heap capped; figures in docs/performance.md
bench-dump: build
	$(MVN) test-compile $(STAMP) $(PLAIN)
	$(MVN) dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath $(PLAIN)
	bench/dump.sh

## bench-lambda: RUNS=5 in-process cold starts of the Lambda HTTP API handler on the Lambda package (unpacked as Lambda unpacks it), with the SAM template's JVM options (no AWS: no runtime, no SnapStart); figures in docs/startup.md
bench-lambda: build
	$(MVN) test-compile $(STAMP) $(PLAIN)
	RUNS=$${RUNS:-5} PACKAGE=$(LAMBDA_ZIP) bench/lambda.sh

## bench-startup: our jar (as shipped before, and through bin/vpsie-autoscaler) and a bare Micronaut app, on java and on a JDK 25 where installed, RUNS=5 starts each; figures in docs/startup.md
bench-startup: build
	$(MVN) -f bench/bare/pom.xml package -DskipTests $(PLAIN)
	RUNS=$${RUNS:-5} JAR=$(JAR) bench/startup.sh
