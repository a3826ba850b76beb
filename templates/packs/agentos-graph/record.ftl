<#import "_lib.ftl" as lib>
<#assign r = row>
<#assign shapes = mlos.json(r.shapes_json!"")>
<#assign meta = {"id": r.id, "title": r.title, "created": r.created_at, "updated": r.updated_at, "tags": shapes}>
# ${mlos.linkText(r.title, r.id)}

A ${lib.shapeLink(r.shape)} record<#if shapes?size gt 1> that is also <#list shapes?filter(s -> s != r.shape) as s>${lib.shapeLink(s)}<#sep>, </#list></#if>. Node ${mlos.code(r.id)}, created ${mlos.inline(r.created_at)}, updated ${mlos.inline(r.updated_at)}.

## Fields

<#if fields?has_content>
<#list fields as f>
- ${lib.name(f.name)} (${lib.name(f.type)}, shape ${lib.name(f.declared_in)}): ${lib.shownValue(f.value!"", f.type)}
</#list>
<#else>
The shape declares no fields.
</#if>
<#if others?has_content>

Values no shape declares:

<#list others as o>
- ${mlos.inline(o.key)} (${o.type}): ${lib.shownValue(o.value!"", o.type)}
</#list>
</#if>
<#-- A kind that repeats, or is named like a section of this page, gets a number (MD024). -->
<#assign kinds = ["Fields", "Relations", "Referenced by"]>
<#list texts as t>
<#assign kind = lib.uniqueHeading(mlos.linkText(t.kind, "untitled"), kinds)>
<#assign kinds = kinds + [kind]>

## ${kind}

${mlos.block(t.body?trim)}
</#list>

## Relations

<#assign declaredNames = relations?map(d -> d.name)>
<#if relations?has_content>
<#list relations as d>
<#assign targets = links?filter(l -> l.label == d.name)>
- **${lib.name(d.name)}** (${lib.shapeLink(d.target)}<#if d.many == 1>, many</#if>): <#if targets?has_content><#list targets as l>${lib.recordLink(l.id, l.shape!"", l.title!"")}<#sep>, </#list><#else>none</#if>
</#list>
<#else>
The shape declares no relations.
</#if>
<#assign extra = links?filter(l -> !declaredNames?seq_contains(l.label))>
<#if extra?has_content>

Other links:

<#list extra as l>
- **${mlos.inline(l.label)}**: ${lib.recordLink(l.id, l.shape!"", l.title!"")}
</#list>
</#if>
<#assign withValues = links?filter(l -> (l.vals_json!"{}") != "{}")>
<#if withValues?has_content>

Link values:

<#list withValues as l>
<#assign vals = mlos.json(l.vals_json)>
- **${mlos.inline(l.label)}** ${lib.recordLink(l.id, l.shape!"", l.title!"")}: <#list vals?keys as k>${mlos.inline(k)} = ${mlos.inline(vals[k]?string)}<#sep>, </#list>
</#list>
</#if>

## Referenced by

<#if backlinks?has_content>
<#list backlinks as b>
- ${lib.recordLink(b.id, b.shape!"", b.title!"")} via **${mlos.inline(b.label)}**
</#list>
<#else>
Nothing links here.
</#if>
