<#import "_lib.ftl" as lib>
<#assign s = row>
<#assign meta = {"id": "session-" + s.id, "title": "Session " + s.id, "created": s.started_at}>
<#if s.updated??><#assign meta = meta + {"updated": s.updated}></#if>
<#assign meta = meta + {
  "desc": lib.plural(s.turns, "turn") + " of " + s.actor + (s.channel??)?then(" via " + (s.channel!""), "") + ", " + s.status,
  "tags": ["runtime-memory", "session", s.status] + (s.channel??)?then([s.channel!""], [])
}>
# Session ${mlos.inline(s.id)}

- Session: ${mlos.inline(s.id)}
- Actor: ${mlos.inline(s.actor)}
- Channel: ${lib.cell(s.channel!"")}
- Status: `${s.status}`
- Started: ${lib.cell(s.started_at)}
- Ended: ${lib.cell(s.ended_at!"")}
- Turns: ${s.turns}
- Tokens: ${s.tokens!"-"}<#if (s.uncounted > 0)> (${s.uncounted} of ${lib.plural(s.turns, "turn")} without a count)</#if>
<#if s.metadata != "{}">

Metadata:

<@lib.block text=s.metadata lang="text"/>
</#if>
<#if skills?has_content>

Skills learned from this session:

<#list skills as k>
- ${mlos.code(k.skill_key)} (confidence ${k.confidence})<#if k.first_proposal??>, proposed as ${lib.proposalLink(k.first_proposal)}</#if>
</#list>
</#if>

## Turns

<#list turns as t>
### ${t.turn_index}. ${t.role}

${mlos.inline(t.created_at)} · <#if t.token_count??>${lib.plural(t.token_count, "token")}<#else>tokens not counted</#if> · turn ${mlos.inline(t.id)}

<@lib.block text=t.content lang="text"/>
<#if t.metadata??>

Turn metadata:

<@lib.block text=t.metadata lang="text"/>
</#if>
<#if t?has_next>

</#if>
<#else>
No turns recorded.
</#list>
