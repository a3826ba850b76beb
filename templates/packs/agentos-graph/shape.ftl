<#import "_lib.ftl" as lib>
<#assign s = mlos.json(row.definition)>
<#assign meta = {"id": "shape-" + row.shape, "title": "Shape " + row.shape, "desc": lib.plural(records?size, "record"), "tags": ["shape", row.shape]}>
# Shape ${mlos.inline(row.shape)}

<#if s.description?has_content>
${mlos.inline(s.description)}

</#if>
<#if s.also?has_content>
A ${mlos.inline(row.shape)} is also <#list s.also as a>${lib.shapeLink(a)}<#sep>, </#list>.
</#if>
<#if implied_by?has_content>
Every <#list implied_by as i>${lib.shapeLink(i.shape)}<#sep>, </#list> is also a ${mlos.inline(row.shape)}, so those records are listed here too.
</#if>
<#if s.also?has_content || implied_by?has_content>

</#if>
Identity:

<#if s.identity?has_content>
- all of: <#list s.identity as i>${lib.name(i)}<#sep>, </#list>
</#if>
<#if s.identity_any?has_content>
- any of: <#list s.identity_any as i>${lib.name(i)}<#sep>, </#list>
</#if>
<#if !s.identity?has_content && !s.identity_any?has_content>
- none: records are identified by their content
</#if>

## Fields

<#if s.fields?has_content>
<#list s.fields as f>
- ${lib.name(f.name)}: ${lib.name(f.type)} (shape ${lib.name(f.shape)})
</#list>
<#else>
None.
</#if>

## Relations

<#if s.relations?has_content>
<#list s.relations as rel>
- ${lib.name(rel.name)}: ${lib.shapeLink(rel.target)}<#if lib.isMany(rel.many!false)>, many</#if> (shape ${lib.name(rel.shape)})
</#list>
<#else>
None.
</#if>

## Records

<#if records?has_content>
<#list records as r>
- ${lib.recordLink(r.id, r.shape, r.title)} (${lib.name(r.shape)}, updated ${mlos.inline(r.updated_at)})
</#list>
<#else>
No ${mlos.inline(row.shape)} records yet.
</#if>
