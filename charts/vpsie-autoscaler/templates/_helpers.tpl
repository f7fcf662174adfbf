{{- define "vpsie-autoscaler.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "vpsie-autoscaler.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: autoscaler
{{- end -}}

{{- define "vpsie-autoscaler.labels" -}}
{{ include "vpsie-autoscaler.selector" . }}
app.kubernetes.io/part-of: vpsie-autoscaler
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "vpsie-autoscaler.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "vpsie-autoscaler.vpsieSecret" -}}
{{- .Values.vpsie.existingSecret | default (printf "%s-vpsie" (include "vpsie-autoscaler.fullname" .)) -}}
{{- end -}}

{{- define "vpsie-autoscaler.authSecret" -}}
{{- .Values.auth.existingSecret | default (printf "%s-auth" (include "vpsie-autoscaler.fullname" .)) -}}
{{- end -}}

{{/* Whether an optional object is rendered: enabled true, or auto where its API exists. */}}
{{- define "vpsie-autoscaler.wanted" -}}
{{- $v := toString (index . 0) -}}
{{- if or (eq $v "true") (and (eq $v "auto") ((index . 1).Capabilities.APIVersions.Has (index . 2))) -}}true{{- end -}}
{{- end -}}

{{/* The function's environment, the same in both modes. */}}
{{- define "vpsie-autoscaler.env" -}}
- name: AUTOSCALER_KUBERNETES_NAMESPACE
  value: {{ .Release.Namespace | quote }}
- name: AUTOSCALER_AUTH_TOKENS
  valueFrom: {secretKeyRef: {name: {{ include "vpsie-autoscaler.authSecret" . }}, key: auth-tokens}}
- name: VPSIE_CREDENTIALS_DIR
  value: /var/run/secrets/vpsie
{{- with .Values.vpsie.baseUrl }}
- name: VPSIE_BASE_URL
  value: {{ . | quote }}
{{- end }}
- name: LOG_FORMAT
  value: {{ .Values.logFormat | quote }}
{{- if .Values.dryRun }}
- name: AUTOSCALER_DRY_RUN
  value: "true"
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The credentials Secret is mounted whole: whichever keys it has (client-id and client-secret, or token) are files. */}}
{{- define "vpsie-autoscaler.volumes" -}}
- name: vpsie-credentials
  secret:
    secretName: {{ include "vpsie-autoscaler.vpsieSecret" . }}
- name: tmp
  emptyDir: {sizeLimit: 64Mi}
{{- end -}}

{{- define "vpsie-autoscaler.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities: {drop: [ALL]}
{{- end -}}

{{- define "vpsie-autoscaler.podSecurity" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
seccompProfile: {type: RuntimeDefault}
{{- end -}}
