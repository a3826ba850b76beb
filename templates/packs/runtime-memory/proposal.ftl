<#import "_lib.ftl" as lib>
<#assign p = row>
<#assign meta = {
  "id": "proposal-" + p.id,
  "title": "Proposal " + p.id + ": " + p.proposal_type + " from " + p.skill_key,
  "created": p.created_at
}>
<#if p.updated??><#assign meta = meta + {"updated": p.updated}></#if>
<#assign meta = meta + {
  "desc": p.risk_level + "-risk " + p.proposal_type + " by " + p.proposed_by + ", " + p.status + ": "
      + lib.plural(validations?size, "validation") + ", " + lib.plural(approvals?size, "approval") + ", "
      + lib.plural(deploys?size, "deploy outcome"),
  "tags": ["runtime-memory", "proposal", p.status, p.risk_level, p.proposal_type]
}>
<#if p.skill_source_type == "conversation" && p.skill_source_ref??><#assign meta = meta + {"source_transcript": p.skill_source_ref}></#if>
# Proposal ${mlos.inline(p.id)}

Lineage: skill ${mlos.code(p.skill_key)} -> proposal (`${p.status}`) -> ${lib.plural(validations?size, "validation")} -> ${lib.plural(approvals?size, "approval")} -> ${lib.plural(deploys?size, "deploy outcome")}.

## Skill

- Skill: ${mlos.inline(p.skill_id)}
- Key: ${mlos.inline(p.skill_key)}
- Description: ${mlos.inline(p.skill_description)}
- Source: `${p.skill_source_type}`<#if p.skill_source_ref??>: <#if p.source_session_id??>${lib.sessionLink(p.source_session_id, p.skill_source_ref)}<#else>${mlos.inline(p.skill_source_ref)}</#if></#if>
- Confidence: ${p.skill_confidence}
- Learned: ${lib.cell(p.skill_learned_at)}
- State: `${p.skill_state}`

## Proposal

- Proposed by: `${p.proposed_by}`
- Type: `${p.proposal_type}`
- Risk: `${p.risk_level}`
- Status: `${p.status}`
- Determinism score: ${p.determinism_score???then(p.determinism_score?string, "-")}
- Created: ${lib.cell(p.created_at)}
- Updated: ${lib.cell(p.updated_at)}

<@lib.block text=p.body_json lang="text"/>

## Validations

<#if validations?has_content>
<#list validations as v>
- ${lib.cell(v.validated_at)}: result ${mlos.inline(v.id)}; validator `${v.validator}`; build ${lib.pass(v.build_pass)}; lint ${lib.pass(v.lint_pass)}; test ${lib.pass(v.test_pass)}; policy ${lib.pass(v.policy_pass)}; details ${lib.cell(v.details!"")}
</#list>
<#else>
Not validated yet.
</#if>

## Approvals

<#if approvals?has_content>
<#list approvals as a>
- ${lib.cell(a.decided_at)}: approval ${mlos.inline(a.id)}; approver ${mlos.inline(a.approver)}; type `${a.approval_type}`; decision **${a.decision}**; notes ${lib.cell(a.notes!"")}
</#list>
<#else>
No approval decisions yet.
</#if>

## Deploy outcomes

<#if deploys?has_content>
<#list deploys as d>
- ${lib.cell(d.deployed_at)}: outcome ${mlos.inline(d.id)}; target ${mlos.inline(d.deployment_target)}; deployment ${lib.cell(d.deployment_id!"")}; status `${d.status}`; summary ${lib.cell(d.summary!"")}; metrics ${lib.cell(d.metrics!"")}
</#list>
<#else>
Not deployed.
</#if>
<#if siblings?has_content>

## Other proposals from this skill

<#list siblings as o>
- ${lib.proposalLink(o.id)}: `${o.proposal_type}`, `${o.status}`, created ${mlos.inline(o.created_at)}
</#list>
</#if>
