#!/usr/bin/env python3
"""Discovery-only stand-in for a Kubernetes API server, so that the real kubectl can run
`kubectl apply --dry-run=client --validate=false` on the rendered manifests offline.

kubectl needs discovery (/api, /apis, /api/v1, /apis/<group>/<version>) to map each kind to its
resource and scope, and GETs each object to choose create or patch: this answers discovery for
the kinds the manifests use and 404 for every object, so each one is "created (dry run)". Any
kind not listed here fails the dry run, as it would on a cluster without that API.
Usage: fake-apiserver.py PORT
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# group/version -> [(kind, plural, namespaced)]
RESOURCES = {
    "v1": [("Namespace", "namespaces", False), ("ServiceAccount", "serviceaccounts", True), ("Service", "services", True),
           ("Secret", "secrets", True), ("ResourceQuota", "resourcequotas", True), ("ConfigMap", "configmaps", True)],
    "apps/v1": [("Deployment", "deployments", True)],
    "policy/v1": [("PodDisruptionBudget", "poddisruptionbudgets", True)],
    "rbac.authorization.k8s.io/v1": [("ClusterRole", "clusterroles", False), ("ClusterRoleBinding", "clusterrolebindings", False),
                                     ("Role", "roles", True), ("RoleBinding", "rolebindings", True)],
    "networking.k8s.io/v1": [("NetworkPolicy", "networkpolicies", True)],
    "apiextensions.k8s.io/v1": [("CustomResourceDefinition", "customresourcedefinitions", False)],
    "coordination.k8s.io/v1": [("Lease", "leases", True)],
    "serving.knative.dev/v1": [("Service", "services", True)],
    "sources.knative.dev/v1": [("PingSource", "pingsources", True)],
    "monitoring.coreos.com/v1": [("PrometheusRule", "prometheusrules", True), ("ServiceMonitor", "servicemonitors", True)],
    "autoscaler.vpsie.com/v1alpha1": [("NodeGroup", "nodegroups", True)],
}
VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"]


def resource_list(gv):
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv,
            "resources": [{"name": plural, "singularName": "", "namespaced": ns, "kind": kind, "verbs": VERBS}
                          for kind, plural, ns in RESOURCES[gv]]}


def group_list():
    groups = {}
    for gv in RESOURCES:
        if "/" in gv:
            g, v = gv.split("/")
            groups.setdefault(g, []).append(v)
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
        {"name": g, "versions": [{"groupVersion": g + "/" + v, "version": v} for v in vs],
         "preferredVersion": {"groupVersion": g + "/" + vs[0], "version": vs[0]}} for g, vs in groups.items()]}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?")[0].rstrip("/")
        if path == "/api":
            return self.send(200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []})
        if path == "/apis":
            return self.send(200, group_list())
        if path == "/api/v1":
            return self.send(200, resource_list("v1"))
        if path.startswith("/apis/") and path.count("/") == 3 and path[len("/apis/"):] in RESOURCES:
            return self.send(200, resource_list(path[len("/apis/"):]))
        if path == "/version":
            return self.send(200, {"major": "1", "minor": "32", "gitVersion": "v1.32.0-fake"})
        return self.send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404,
                               "message": "not found (discovery-only fake API server)"})

    def send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
