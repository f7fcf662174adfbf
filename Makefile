# vpsie-autoscaler — see README.md.
SHELL := /bin/bash
MVN ?= mvn -B -q
JAR := target/vpsie-autoscaler-0.1.0-SNAPSHOT.jar
COMMIT ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
STAMP := -Dbuild.commit=$(COMMIT)
PORT ?= 8080

.PHONY: build test run run-kube clean bench

## build: the runnable jar (target/vpsie-autoscaler-*.jar)
build:
	$(MVN) package -DskipTests $(STAMP)

## test: every test (unit, contract, end-to-end in the sandbox)
test:
	mvn -B -ntp test $(STAMP)

## run: the function with the sandbox (simulated cluster and VPSie) on port $(PORT)
run: build
	PORT=$(PORT) java -Dmicronaut.environments=sandbox -jar $(JAR)

## run-kube: the function against the cluster in KUBECONFIG with the VPSie simulator; dry run unless DRY_RUN=false
KUBECONFIG ?= $(HOME)/.kube/config
DRY_RUN ?= true
NAMESPACE ?= vpsie-autoscaler
run-kube: build
	@test -f "$(KUBECONFIG)" || { echo "run-kube: no kubeconfig at $(KUBECONFIG); set KUBECONFIG=path" >&2; exit 2; }
	PORT=$(PORT) AUTOSCALER_CLUSTER=kubernetes java -Dmicronaut.environments=sandbox \
		-Dkubernetes.client.kube-config-path=$(KUBECONFIG) -Dautoscaler.kubernetes.namespace=$(NAMESPACE) \
		-Dautoscaler.dry-run=$(DRY_RUN) -jar $(JAR)

clean:
	$(MVN) clean

## bench: JMH benchmarks of the planner and POST /v1/plan (BENCH=regex to pick; figures in docs/performance.md)
BENCH ?= Benchmark
JMH_OPTS ?= -f 1 -wi 3 -i 5 -w 2s -r 2s
bench:
	$(MVN) test-compile $(STAMP)
	$(MVN) dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
	java -Xmx2g -cp target/test-classes:target/classes:$$(cat target/bench.classpath) org.openjdk.jmh.Main '$(BENCH)' $(JMH_OPTS) \
		-rf json -rff target/jmh.json
