<#import "_lib.ftl" as lib>
<#assign a = row>
<#assign b = mlos.budget(artifacts, params.token_budget)>
<#-- One hash literal per case (cheaper than adding hashes), keys in the front matter's order. -->
<#assign desc = lib.plural(b.included?size, "artifact") + " inlined (" + b.used + " of " + b.limit + " tokens), " + b.omitted?size + " on demand">
<#if a.started_at??>
<#assign meta = {"id": "context-" + a.id, "title": "Context pack for " + a.agent_type + " #" + a.id,
  "created": a.started_at, "desc": desc, "tags": [a.agent_type, "context_pack"]}>
<#else>
<#assign meta = {"id": "context-" + a.id, "title": "Context pack for " + a.agent_type + " #" + a.id,
  "desc": desc, "tags": [a.agent_type, "context_pack"]}>
</#if>
<#if a.session_transcript??><#assign meta = meta + {"source_transcript": a.session_transcript}></#if>
# Context pack: ${mlos.inline(a.agent_type)} #${a.id}

Agent status `${a.status}`<#if a.kernel_version??>, kernel ${mlos.inline(a.kernel_version)}</#if>. Artifacts reachable within ${params.hops} hops of this agent's needs, nearest first; ${b.used} of ${b.limit} tokens used.

## Needs

<#if needs?has_content>
<#list needs as n>
- ${lib.needLink(n.id, n.title, n.visible == 1)} (need ${n.id}, `${n.status}`, P${n.priority!"-"}, ${n.why})
</#list>
<#else>
This agent monitors no needs and has no assigned tasks.
</#if>

## Inlined artifacts

<#list b.included as x>
### ${mlos.inline(x.title)}

${mlos.code(x.file_path)} · ${mlos.inline(x.artifact_type!"-")} · ${x.hops} hop<#if x.hops != 1>s</#if> · ${x.tokens} tokens
<#if x.description?has_content>

${mlos.block(lib.oneLine(x.description, 300))}
</#if>

<#assign f = mlos.fence(x.content)>
${f}
${mlos.block(x.content)?ensure_ends_with("\n")}${f}

<#else>
No artifact content fits or is reachable.

</#list>
## On demand

<#if b.omitted?has_content>
Not inlined; fetch by path when needed.

| Path | Title | Tokens | Why |
|---|---|---|---|
<#list b.omitted as x>
| <#if x.file_path??>${mlos.codeCell(x.file_path)}<#else>-</#if> | ${mlos.cell(x.title)} | ${x.tokens} | ${mlos.cell(x.reason)} |
</#list>
<#else>
Everything reachable is inlined above.
</#if>
