package dev.mlos.cli.mcp;

import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;

/**
 * What a tool does to the workspace, told to clients as MCP's tool annotations, so that a client
 * may run a tool that only reads without asking. Only what differs from MCP's defaults (a tool
 * writes, destructively) is said: the tool list has a token budget. Hints only: the engine's rules
 * hold whatever a client makes of them.
 */
enum ToolEffect {
  /** Reads only. */
  READS(ToolAnnotations.builder().readOnlyHint(true).build()),
  /** Adds rows and changes none (create_need, graduate_need, relate). */
  ADDS(ToolAnnotations.builder().destructiveHint(false).build()),
  /** Changes or removes rows: MCP's default, said by saying nothing. */
  CHANGES(null);

  final ToolAnnotations annotations;

  ToolEffect(ToolAnnotations annotations) {
    this.annotations = annotations;
  }
}
