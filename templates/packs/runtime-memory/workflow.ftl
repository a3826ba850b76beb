<#import "_lib.ftl" as lib>
<#assign r = row>
<#assign meta = {
  "id": "workflow-run-" + r.id,
  "title": r.workflow_name + " run " + r.id,
  "created": r.started_at
}>
<#if r.updated??><#assign meta = meta + {"updated": r.updated}></#if>
<#assign meta = meta + {
  "desc": r.workflow_name + " " + r.status + ": " + lib.plural(steps?size, "step") + ", " + lib.plural(events?size, "event") + ", triggered by " + r.trigger_source,
  "tags": ["runtime-memory", "workflow-run", r.status, r.trigger_source]
}>
<#macro eventTable rows>
<#list rows as e>
- ${lib.cell(e.created_at)}: event ${mlos.inline(e.id)}; type `${e.event_type}`; level <#if e.event_level == "high" || e.event_level == "critical">**${e.event_level}**<#else>${e.event_level}</#if>; message ${lib.cell(e.message)}; payload ${lib.cell(e.payload!"")}
</#list>
</#macro>
# ${mlos.inline(r.workflow_name)} run ${mlos.inline(r.id)}

- Run: ${mlos.inline(r.id)}
- Workflow: ${mlos.inline(r.workflow_name)}
- Trigger: `${r.trigger_source}`
- Initiated by: ${mlos.inline(r.initiated_by)}
- Status: `${r.status}`
- Started: ${lib.cell(r.started_at)}
- Finished: ${lib.cell(r.finished_at!"")}
<#if r.context != "{}">

Context:

<@lib.block text=r.context lang="text"/>
</#if>

## Steps

<#list steps as st>
<#assign stepEvents = events?filter(e -> (e.step_id!"") == st.id)>
### ${st.step_index}. ${mlos.inline(st.step_name)}

`${st.status}` · started ${lib.cell(st.started_at)} · <#if st.finished_at??>finished ${lib.cell(st.finished_at)}<#else>not finished</#if> · step ${mlos.inline(st.id)}
<#if st.details??>

<@lib.block text=st.details lang="text"/>
</#if>

<#if stepEvents?has_content>
<@eventTable rows=stepEvents/>
<#else>
No events.
</#if>

<#else>
No steps recorded.

</#list>
<#assign runEvents = events?filter(e -> !e.step_id??)>
## Run-level events

<#if runEvents?has_content>
<@eventTable rows=runEvents/>
<#else>
No events outside the steps.
</#if>
