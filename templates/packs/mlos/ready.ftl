<#import "_lib.ftl" as lib>
<#assign meta = {
  "id": "ready-" + workspace.name,
  "title": "Ready work of " + workspace.name,
  "desc": lib.plural(ready?size, "ready item") + ", " + lib.plural(blocked?size, "blocked item") + " in " + lib.scopePlain(),
  "tags": lib.scopeTags() + lib.tagTags() + ["ready"]
}>
<#-- " (scope kernel; tags a, b)": where an item belongs, for its one-line reason; "" for an item
     without scope and tags (as mlos ready words it: no made-up scope "none"). -->
<#function where i>
  <#local tags = mlos.json(i.tags!"[]")>
  <#local parts = []>
  <#if i.scope??><#local parts = parts + ["scope " + mlos.inline(i.scope)]></#if>
  <#if tags?has_content><#local parts = parts + ["tags " + tags?join(", ")]></#if>
  <#return parts?has_content?then(" (" + parts?join("; ") + ")", "")>
</#function>
<#function reason i>
  <#if i.kind == "task">
    <#return "P" + (i.priority!"-") + " task of need " + i.need_id + " '" + mlos.inline(i.need_title) + "'" + where(i) + ", open since " + i.created_at[0..*10]>
  </#if>
  <#return "P" + (i.priority!"-") + " actionable need without live tasks" + where(i) + ", since " + i.created_at[0..*10]>
</#function>
<#function item i>
  <#if i.kind == "task">
    <#return "task " + i.id + ": " + mlos.linkText(i.label, "no description") + " (need " + lib.needLink(i.need_id, i.need_title) + ")">
  </#if>
  <#return "need " + i.id + ": " + lib.needLink(i.id, i.label)>
</#function>
# Ready work

Open tasks and actionable needs without live tasks in ${lib.scopeText()}${lib.tagText()}, ranked for everyone: priority first (score 6 - priority; an agent's lens weighs this per agent), then oldest first.
<#if ready?size gte params.ready_limit>

Listing the first ${ready?size}; raise `ready_limit` in `mlos.yaml` to list more.
</#if>

## Ready

<#list ready as i>
${i?counter}. ${item(i)}
<#-- The reason continues the item: indented to its text, as prettier aligns it ("10. " is 4 wide). -->
${""?left_pad((i?counter?c)?length + 2)}${reason(i)}
<#else>
Nothing is ready: every open item is blocked, or there is no open task and no actionable need without live tasks.
</#list>

## Blocked

<#list blocked as i>
- ${item(i)}: ${reason(i)}
<#list mlos.json(i.blockers_json!"[]") as b>
  - blocked by ${b.type} ${b.id}<#if b.type == "need"> ${lib.needLink(b.id, b.label!("need " + b.id), (b.visible!0) == 1)}<#else> ${mlos.inline(b.label!"(missing)")}</#if> (`${b.status!"missing"}`)
</#list>
<#else>
Nothing is blocked.
</#list>
