{{/* The roles in the order they are listed and started: consumers before the registry publishes. */}}
{{- define "ci.roleOrder" -}}projector aggregator enricher normalizer registry{{- end -}}

{{- define "ci.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "ci.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector of one role's pods: name, instance, component. Call with (dict "root" $ "role" $role). */}}
{{- define "ci.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{/* A connection variable from the value or from an existing Secret. Call with (dict "name" "KAFKA_BOOTSTRAP" "c" .Values.kafka "key" "bootstrap"). */}}
{{- define "ci.connectionEnv" -}}
{{- if .c.existingSecret }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .c.existingSecret }}
      key: {{ .c.existingSecretKey }}
{{- else if (index .c .key) }}
- name: {{ .name }}
  value: {{ index .c .key | quote }}
{{- end }}
{{- end -}}
