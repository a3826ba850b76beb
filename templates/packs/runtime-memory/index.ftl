<#import "_lib.ftl" as lib>
<#assign s = span[0]>
<#assign meta = {"id": "runtime-" + workspace.name, "title": "Runtime memory of " + workspace.name}>
<#if s.created??><#assign meta = meta + {"created": s.created}></#if>
<#if s.updated??><#assign meta = meta + {"updated": s.updated}></#if>
<#assign meta = meta + {
  "desc": lib.plural(sessions?size, "session") + ", " + lib.plural(runs?size, "workflow run") + ", "
      + lib.plural(skills?size, "skill") + ", " + lib.plural(proposals?size, "proposal") + ", "
      + lib.plural(profiles?size, "profile name"),
  "tags": ["runtime-memory", "index"]
}>
# Runtime memory

Everything in this runtime memory database, linked to its page.

## Profiles

<#if profiles?has_content>
Which version of each profile is active, and when, is on [PROFILES.md](${mlos.link("PROFILES.md")}).

| Profile | Behaviour versions | Personality versions |
|---|---|---|
<#list profiles as p>
| ${mlos.cell(p.profile_name)} | ${p.behavior_versions} | ${p.personality_versions} |
</#list>
<#else>
No behaviour or personality profiles yet.
</#if>

## Sessions

<#if sessions?has_content>
| Session | Actor | Channel | Status | Started | Ended | Turns | Tokens |
|---|---|---|---|---|---|---|---|
<#list sessions as x>
| ${lib.sessionLink(x.id)} | ${lib.cell(x.actor)} | ${lib.cell(x.channel!"")} | `${x.status}` | ${lib.cell(x.started_at)} | ${lib.cell(x.ended_at!"")} | ${x.turns} | ${x.tokens!"-"} |
</#list>
<#else>
No sessions yet.
</#if>

## Workflow runs

<#if runs?has_content>
| Run | Workflow | Trigger | Initiated by | Status | Started | Finished | Steps | Events |
|---|---|---|---|---|---|---|---|---|
<#list runs as r>
| ${lib.runLink(r.id)} | ${lib.cell(r.workflow_name)} | `${r.trigger_source}` | ${lib.cell(r.initiated_by)} | `${r.status}` | ${lib.cell(r.started_at)} | ${lib.cell(r.finished_at!"")} | ${r.steps} | ${r.events} |
</#list>
<#else>
No workflow runs yet.
</#if>
<#if (loose_events[0].total > 0)>

${lib.plural(loose_events[0].total, "task event")} belong to no workflow run and appear on no replay page.
</#if>

## Skills

<#if skills?has_content>
| Skill | Description | Source | Confidence | Learned | State | Proposals |
|---|---|---|---|---|---|---|
<#list skills as k>
| ${lib.cell(k.skill_key)} | ${mlos.cell(lib.oneLine(k.description, 120))} | `${k.source_type}` | ${k.confidence?c} | ${lib.cell(k.learned_at)} | `${k.state}` | ${k.proposals} |
</#list>
<#else>
No learned skills yet.
</#if>

## Proposals

<#if proposals?has_content>
| Proposal | Skill | Type | Risk | Status | Last decision | Last deploy | Updated |
|---|---|---|---|---|---|---|---|
<#list proposals as p>
| ${lib.proposalLink(p.id)} | ${lib.cell(p.skill_key)} | `${p.proposal_type}` | `${p.risk_level}` | `${p.status}` | ${lib.cell(p.last_decision!"")} | ${lib.cell(p.last_deploy!"")} | ${lib.cell(p.updated_at)} |
</#list>
<#else>
No skill-to-logic proposals yet.
</#if>
