"""Round-table coordination: each agent claims the unmet need it is best placed to serve."""


def pick_need(agent, needs):
    """Return the highest-priority open need the agent monitors and nobody else is working on."""
    candidates = [n for n in needs if n["id"] in agent["monitored_needs"] and not n.get("claimed_by")]
    candidates.sort(key=lambda n: (n["priority"], n["id"]))
    return candidates[0] if candidates else None
