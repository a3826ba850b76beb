<#import "_lib.ftl" as lib>
<#assign n = row>
<#assign needTags = mlos.json(n.tags!"[]")>
<#-- Front matter tags: the scope, the need's own tags (without repeating the scope), the status. -->
<#assign metaTags = n.scope???then([n.scope] + needTags?filter(t -> t != n.scope), needTags) + [n.status]>
<#-- The front matter, in this key order. The usual case is one hash literal (cheaper than adding
     hashes); the general case adds the optional keys one by one, in the same order. -->
<#if n.created_at?? && n.updated_at?? && n.description?has_content>
<#assign meta = {"id": "need-" + n.id, "title": n.title, "created": n.created_at, "updated": n.updated_at,
  "desc": mlos.oneLine(n.description, 200), "tags": metaTags}>
<#else>
<#assign meta = {"id": "need-" + n.id, "title": n.title}>
<#if n.created_at??><#assign meta = meta + {"created": n.created_at}></#if>
<#if n.updated_at??><#assign meta = meta + {"updated": n.updated_at}></#if>
<#if n.description?has_content><#assign meta = meta + {"desc": mlos.oneLine(n.description, 200)}></#if>
<#assign meta = meta + {"tags": metaTags}>
</#if>
<#if n.source_transcript??><#assign meta = meta + {"source_transcript": n.source_transcript}></#if>
# ${mlos.linkText(n.title, "Need " + n.id)}

- Need: ${n.id}
- Status: `${n.status}`
- Priority: ${n.priority!"-"}
- Scope: ${mlos.linkText(n.scope!"", "-")}
- Tags: ${needTags?has_content?then(lib.tagList(n.tags), "-")}
- Created: ${mlos.linkText(n.created_at!"", "-")}
- Updated: ${mlos.linkText(n.updated_at!"", "-")}
- Source transcript: <#if n.source_transcript?has_content && mlos.fileExists(n.source_transcript)>[${mlos.linkText(n.source_transcript, "transcript")}](${mlos.linkFile(n.source_transcript)})<#else>${mlos.linkText(n.source_transcript!"", "-")}</#if>

## Description

<#if n.description?has_content>
${mlos.block(n.description)}
<#else>
_No description._
</#if>

## Parent and children

<#if n.parent_need_id?? && n.parent_title??>
Parent: ${lib.needLink(n.parent_need_id, n.parent_title, (n.parent_visible!0) == 1)} (need ${n.parent_need_id})
<#elseif n.parent_need_id??>
Parent: need ${n.parent_need_id}, which is not in the database.
<#else>
Parent: none (a root need).
</#if>
<#if children?has_content>

Children:

<#list children as c>
- ${lib.needLink(c.id, c.title, (c.visible!0) == 1)} (need ${c.id}, `${c.status}`, P${c.priority!"-"})
</#list>
<#else>

Children: none.
</#if>

## Tasks

<#if tasks?has_content>
<#list tasks as t>
- Task ${t.id} · `${t.status}` · P${t.priority!"-"} · assigned ${t.agent_type???then(lib.agentLink(t.assigned_agent_id, t.agent_type, t.agent_status), t.assigned_agent_id???then("#" + t.assigned_agent_id + " (missing)", "-"))}: ${mlos.linkText(t.description, "no description")}<#if t.result?has_content> Result: ${mlos.inline(t.result)}</#if>
</#list>
<#else>
<#if n.status == "resolved">
No tasks were recorded for this need; it is resolved.
<#elseif n.status == "deferred">
No tasks: this need is deferred.
<#else>
No tasks yet<#if n.status == "actionable" || n.status == "in_progress">.<#else> (tasks are created once a need is actionable).</#if>
</#if>
</#if>

## Relationships

<#if edges?has_content>
<#list edges as e>
<#if e.other_type == "need">
<#assign target = lib.needLink(e.other_id, e.label!("need " + e.other_id), (e.visible!0) == 1)>
<#elseif e.other_type == "artifact">
<#assign target = lib.fileLink(e.label!("artifact " + e.other_id), e.file_path!"")>
<#else>
<#assign target = mlos.inline(e.label!"(missing)")>
</#if>
<#if e.direction == "out">
- this need **${e.relationship_type}** ${e.other_type} ${e.other_id}: ${target}
<#else>
- ${e.other_type} ${e.other_id} (${target}) **${e.relationship_type}** this need
</#if>
</#list>
<#else>
No relationships.
</#if>

## Recent history

<#if history?has_content>
<#list history as h>
- ${mlos.inline(h.changed_at)}: <#if h.operation == "insert">created as ${mlos.code(h.new_status!"?")}<#elseif h.operation == "update" && (h.old_status!"") != (h.new_status!"")>${mlos.code(h.old_status!"?")} -> ${mlos.code(h.new_status!"?")}<#else>${h.operation}d</#if>
</#list>
<#else>
No recorded history.
</#if>
