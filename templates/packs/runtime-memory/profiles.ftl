<#import "_lib.ftl" as lib>
<#assign asOf = versions?has_content?then(versions[0].as_of!"", "")>
<#assign meta = {"id": "profiles-" + workspace.name, "title": "Active profiles of " + workspace.name}>
<#if versions?has_content><#assign meta = meta + {"created": versions?map(v -> v.created_at)?sort?first}></#if>
<#if asOf?has_content><#assign meta = meta + {"updated": asOf}></#if>
<#assign meta = meta + {
  "desc": "Active behaviour and personality profile of " + lib.plural(names?size, "profile name") + asOf?has_content?then(" at " + asOf, ""),
  "tags": ["runtime-memory", "profiles"] + names?map(n -> n.profile_name)
}>
<#macro active rows kind>
<#local found = rows?filter(x -> x.state == "active")>
### Active ${kind} profile

<#if found?has_content>
<#local v = found[0]>
Version ${v.version}, effective from ${lib.cell(v.effective_from)} <#if v.effective_to??>to ${lib.cell(v.effective_to)}<#else>with no end</#if>; created ${lib.cell(v.created_at)} by ${mlos.inline(v.created_by)}.
<#if v.rationale?has_content>

Rationale: ${mlos.inline(v.rationale)}
</#if>
<#if v.source_ref?has_content>

Source: ${mlos.inline(v.source_ref)}
</#if>

<@lib.block text=v.body_json lang="text"/>
<#elseif rows?has_content>
No ${kind} profile version is active at ${lib.cell(asOf)}.
<#else>
No ${kind} profile versions.
</#if>
</#macro>
# Active profiles

<#if !names?has_content>
No behaviour or personality profiles yet.
<#else>
Judged at **${lib.cell(asOf)}**: <#if params.as_of??>the `as_of` parameter<#else>the latest instant recorded in the database (set the `as_of` parameter to judge another)</#if>.
A version is active when `effective_from <= as_of` and `effective_to` is empty or later than `as_of`; when several versions of one profile are, the highest version wins and the others are _overridden_.
<#-- Two names can escape to the same heading (whitespace runs are one space): numbered (MD024). -->
<#assign headings = []>
<#list names as n>
<#assign mine = versions?filter(v -> v.profile_name == n.profile_name)>
<#assign heading = lib.uniqueHeading(mlos.linkText(n.profile_name, "unnamed"), headings)>
<#assign headings = headings + [heading]>

## ${heading}

<@active rows=mine?filter(v -> v.kind == "behaviour") kind="behaviour"/>

<@active rows=mine?filter(v -> v.kind == "personality") kind="personality"/>

### Versions

<#list mine as v>
- ${v.kind}: version v${v.version}; effective from ${lib.cell(v.effective_from)}; effective to ${lib.cell(v.effective_to!"")}; created ${lib.cell(v.created_at)}; by ${mlos.inline(v.created_by)}; state ${(v.state == "active")?then("**active**", v.state)}
</#list>
</#list>
</#if>
