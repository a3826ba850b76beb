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

<#-- Numbered as PROFILES.md numbers its headings: two names that escape alike ("a  b", "a b") differ. -->
<#assign headings = []>
<#list profiles as p>
<#assign plain = mlos.linkText(p.profile_name, "unnamed")>
<#assign heading = lib.uniqueHeading(plain, headings)>
<#assign headings = headings + [heading]>
- ${mlos.inline(p.profile_name)}${heading?remove_beginning(plain)}: behaviour versions ${p.behavior_versions}; personality versions ${p.personality_versions}
</#list>
<#else>
No behaviour or personality profiles yet.
</#if>

## Sessions

<#if sessions?has_content>
<#list sessions as x>
- ${lib.sessionLink(x.id)}: actor ${lib.cell(x.actor)}; channel ${lib.cell(x.channel!"")}; status `${x.status}`; started ${lib.cell(x.started_at)}; ended ${lib.cell(x.ended_at!"")}; turns ${x.turns}; tokens ${x.tokens!"-"}
</#list>
<#else>
No sessions yet.
</#if>

## Workflow runs

<#if runs?has_content>
<#list runs as r>
- ${lib.runLink(r.id)}: workflow ${lib.cell(r.workflow_name)}; trigger `${r.trigger_source}`; initiated by ${lib.cell(r.initiated_by)}; status `${r.status}`; started ${lib.cell(r.started_at)}; finished ${lib.cell(r.finished_at!"")}; steps ${r.steps}; events ${r.events}
</#list>
<#else>
No workflow runs yet.
</#if>
<#if (loose_events[0].total > 0)>

${lib.plural(loose_events[0].total, "task event")} belong to no workflow run and appear on no replay page.
</#if>

## Skills

<#if skills?has_content>
<#list skills as k>
- ${lib.cell(k.skill_key)}: description ${mlos.inline(lib.oneLine(k.description, 120))}; source `${k.source_type}`; confidence ${k.confidence}; learned ${lib.cell(k.learned_at)}; state `${k.state}`; proposals ${k.proposals}
</#list>
<#else>
No learned skills yet.
</#if>

## Proposals

<#if proposals?has_content>
<#list proposals as p>
- ${lib.proposalLink(p.id)}: skill ${lib.cell(p.skill_key)}; type `${p.proposal_type}`; risk `${p.risk_level}`; status `${p.status}`; last decision ${lib.cell(p.last_decision!"")}; last deploy ${lib.cell(p.last_deploy!"")}; updated ${lib.cell(p.updated_at)}
</#list>
<#else>
No skill-to-logic proposals yet.
</#if>
