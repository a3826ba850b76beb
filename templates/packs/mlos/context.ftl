<#import "_lib.ftl" as lib>
<#assign a = row>
<#-- The agent's lens sets its own token budget (its capacity); without one, the token_budget param. -->
<#assign b = mlos.budget(artifacts, a.lens_token_budget!params.token_budget)>
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

Agent status `${a.status}`<#if a.kernel_version??>, kernel ${mlos.inline(a.kernel_version)}</#if><#if a.session_transcript?has_content && mlos.fileExists(a.session_transcript)>, session transcript [${mlos.linkText(a.session_transcript, "transcript")}](${mlos.linkFile(a.session_transcript)})</#if>. Artifacts reachable within ${params.hops} hops of this agent's needs, nearest first; ${b.used} of ${b.limit} tokens used.
<#if a.lens_owner??>
<#assign lensScopes = mlos.json(a.lens_scopes!"[]")>
<#assign lensTags = mlos.json(a.lens_tags!"[]")>

Lens (<#if a.lens_owner == "agent">this agent's own<#else>every ${mlos.inline(a.agent_type)}'s</#if>): <#if lensScopes?has_content || lensTags?has_content><#if lensScopes?has_content>scopes ${lensScopes?map(x -> mlos.code(x))?join(", ")}</#if><#if lensScopes?has_content && lensTags?has_content>; </#if><#if lensTags?has_content>tags ${lib.tagList(a.lens_tags)}</#if>, whose open needs join this agent's own (at most ${params.lens_limit})<#else>every need</#if><#if a.lens_token_budget??>; budget ${a.lens_token_budget} tokens</#if>.
</#if>

## Needs

<#if needs?has_content>
<#list needs as n>
- ${lib.needLink(n.id, n.title, (n.visible!0) == 1)} (need ${n.id}, `${n.status}`, P${n.priority!"-"}, ${n.why})
</#list>
<#else>
This agent monitors no needs and has no assigned tasks.
</#if>

## Inlined artifacts

<#list b.included as x>
<#-- The artifact's id makes the heading unique: two artifacts may share a title (MD024). -->
### Artifact ${x.id}: ${mlos.linkText(x.title, x.file_path!"")}

[${mlos.code(x.file_path)}](${mlos.linkFile(x.file_path)}) · ${mlos.inline(x.artifact_type!"-")} · ${x.hops} hop<#if x.hops != 1>s</#if> · ${x.tokens} tokens
<#-- What PROBLEM.md shows of a need's description (mlos.summary): the first paragraph with its
     markdown when it fits, a list's items as "one; two", else the words escaped on one line. -->
<#assign summary = mlos.summary(x.description!"", 300)>
<#if summary?has_content>

${summary}
</#if>

${mlos.codeBlock(x.content, "text")}

<#else>
No artifact content fits or is reachable.

</#list>
## On demand

<#if b.omitted?has_content>
Not inlined; fetch by path when needed.

<#list b.omitted as x>
- <#if x.file_path?? && mlos.fileExists(x.file_path)>[${mlos.code(x.file_path)}](${mlos.linkFile(x.file_path)})<#elseif x.file_path??>${mlos.code(x.file_path)}<#else>no file</#if>: ${mlos.linkText(x.title, "untitled")} · ${x.tokens} tokens · ${mlos.inline(x.reason)}
</#list>
<#else>
Everything reachable is inlined above.
</#if>
