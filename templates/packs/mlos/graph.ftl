<#import "_lib.ftl" as lib>
<#assign total = nodes?has_content?then(nodes[0].total, 0)>
<#assign meta = {
  "id": "graph-" + workspace.name,
  "title": "Need graph of " + workspace.name,
  "desc": lib.plural(nodes?size, "node") + " and " + lib.plural(edges?size, "edge") + " in " + lib.scopePlain(),
  "tags": lib.scopeTags() + ["graph"]
}>
<#function nid type id><#return {"need": "N", "task": "T", "artifact": "A", "agent": "G"}[type] + id></#function>
# Need graph

Needs in ${lib.scopeText()}, their tasks and artifacts, and the relationships between them.
<#if total gt nodes?size>

Showing the first ${nodes?size} of ${total} nodes (needs first, then tasks, then artifacts); raise `graph_limit` in `mlos.yaml` to see more.
</#if>

<#if nodes?has_content>
```mermaid
flowchart LR
<#list nodes as n>
<#assign label = lib.oneLine(n.label!"", 60)>
<#if n.type == "need">
  ${nid(n.type, n.id)}[${mlos.mermaid("need " + n.id + ": " + label + " (" + (n.status!"") + ")")}]
<#elseif n.type == "task">
  ${nid(n.type, n.id)}(${mlos.mermaid("task " + n.id + ": " + label + " (" + (n.status!"") + ")")})
<#else>
  ${nid(n.type, n.id)}[/${mlos.mermaid(label + " (" + (n.status!"artifact") + ")")}/]
</#if>
</#list>
<#list edges as e>
  ${nid(e.source_type, e.source_id)} -->|${e.relationship_type}| ${nid(e.target_type, e.target_id)}
</#list>
```
<#else>
Nothing to draw: no needs in ${lib.scopeText()}.
</#if>
