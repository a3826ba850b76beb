<#import "_lib.ftl" as lib>
<#assign r = row>
<#-- The names of its _shapes list (the query keeps only names; its _shape alone when the list is
     missing or of another form). What of the record's data is not read, and why: -->
<#assign shapes = mlos.json(r.shapes_json!"")>
<#assign leftOut = []>
<#list mlos.json(r.shapes_left_json!"") as k>
<#if k[0] == "$">
<#assign leftOut = leftOut + ["node value `_shapes` (the shapes the record is) is " + (k[1] == "missing")?then("missing", (k[1] == "not JSON")?then("no JSON", "not a list")) + ", so the record is read as a " + mlos.inline(r.shape) + " only (its `_shape`), and a field or relation only another of its shapes declares is not shown"]>
<#else>
<#assign leftOut = leftOut + ["node value `_shapes`, " + mlos.code(k[0]) + ": not a shape name (a string), left out"]>
</#if>
</#list>
<#list left_out as x>
<#assign where = "its row in the shape registry (table settings, key " + mlos.code("shape:" + x.shape) + ")">
<#if x.problem == "missing">
<#assign leftOut = leftOut + ["shape " + mlos.inline(x.shape) + ": " + where + " is missing, so the fields and relations it declares are not shown"]>
<#elseif x.problem == "row">
<#assign leftOut = leftOut + ["shape " + lib.shapeLink(x.shape) + ": " + where + " is not of the form the import writes, so the fields and relations it declares are not shown (the shape's page says why)"]>
<#else>
<#assign leftOut = leftOut + ["shape " + lib.shapeLink(x.shape) + ": part of " + where + " is not of the form the import writes, so some of the fields or relations it declares are not shown (the shape's page says which)"]>
</#if>
</#list>
<#assign meta = {"id": r.id, "title": r.title, "created": r.created_at, "updated": r.updated_at, "tags": shapes}>
# ${mlos.linkText(r.title, r.id)}

A ${lib.shapeLink(r.shape)} record<#if shapes?size gt 1> that is also <#list shapes?filter(s -> s != r.shape) as s>${lib.shapeLink(s)}<#sep>, </#list></#if>. Node ${mlos.code(r.id)}, created ${mlos.inline(r.created_at)}, updated ${mlos.inline(r.updated_at)}.
<#if leftOut?has_content>

Part of what this page is made from is missing or not of the form the import writes, so it is left out:

<#list leftOut as k>
- ${k}
</#list>

To fix it, import the record again (the import writes its `_shape` and `_shapes` values, and the row of every shape in the shape files: put a missing shape's file back first), or correct these values with SQL.
</#if>

## Fields

<#if fields?has_content>
<#list fields as f>
- ${lib.name(f.name)} (${lib.name(f.type)}, shape ${lib.name(f.declared_in)}): ${lib.shownValue(f.value!"", f.type)}
</#list>
<#elseif leftOut?has_content>
No field is shown: see what is left out above.
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
<#elseif leftOut?has_content>
No declared relation is shown: see what is left out above.
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
