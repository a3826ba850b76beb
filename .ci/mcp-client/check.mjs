// mlos mcp, driven by the official MCP TypeScript SDK client: the client Claude Desktop, the MCP
// Inspector and many IDE clients are built on. Each server is spawned as such a client spawns it
// (StdioClientTransport, its default environment plus LC_ALL as docs/mcp.md advises), and every
// answer goes through the SDK's own checks: its zod schemas for each result, and a tool's
// outputSchema for its structuredContent. A result the SDK rejects is a server bug.
//
//   node check.mjs SCRATCH_DIR java [JVM options...] -jar mlos.jar
//
// makes a workspace in SCRATCH_DIR/ws with the mlos command given, registers three agents, starts
// a server for each and one without --agent, and checks them; it prints one line per failed check
// and exits 1 if there was any. It needs the sqlite3 shell on the PATH (to hold the database locked, as another process
// may). McpTsClientIT runs it (docs/contributing.md).
import { spawn, spawnSync } from "node:child_process";
import { closeSync, ftruncateSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  StdioClientTransport,
  getDefaultEnvironment,
} from "@modelcontextprotocol/sdk/client/stdio.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";

const [scratch, ...mlos] = process.argv.slice(2);
if (!scratch || mlos.length === 0) {
  console.error("usage: node check.mjs SCRATCH_DIR java [JVM options...] -jar mlos.jar");
  process.exit(2);
}
const ws = path.resolve(scratch, "ws");
const failures = [];
let checks = 0;
const started = Date.now();

/** Says how long the run has taken so far (the IT shows it when a check fails). */
function phase(name) {
  console.log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${name}`);
}

function check(ok, what) {
  checks++;
  if (!ok) {
    failures.push(what);
    console.error("FAILED: " + what);
  }
  return ok;
}

/** Runs the mlos command line with args; its stdout. */
function cli(...args) {
  const r = spawnSync(mlos[0], [...mlos.slice(1), ...args], {
    cwd: scratch,
    encoding: "utf8",
    env: { ...process.env, LC_ALL: "C.UTF-8" },
  });
  if (r.status !== 0) {
    throw new Error(`mlos ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  }
  return r.stdout;
}

const servers = [];

/** A TS SDK client connected to a new server acting as agent (or none). */
async function connect(agent) {
  const args = [...mlos.slice(1), "mcp", "--workspace", ws];
  if (agent !== undefined) {
    args.push("--agent", String(agent));
  }
  args.push("--recompile-delay", "100", "--watch-interval", "100");
  const transport = new StdioClientTransport({
    command: mlos[0],
    args,
    env: { ...getDefaultEnvironment(), LC_ALL: "C.UTF-8" },
    stderr: "pipe",
  });
  const stderr = [];
  transport.stderr?.on("data", (d) => stderr.push(d.toString()));
  const client = new Client({ name: "mlos-ts-check", version: "1.0.0" });
  const errors = [];
  client.onerror = (e) => errors.push(String(e?.message ?? e));
  await client.connect(transport);
  const s = { client, transport, stderr, errors, agent };
  servers.push(s);
  return s;
}

/** tools/call through the SDK (its result schema, and outputSchema when the tool has one). */
async function call(client, name, args) {
  try {
    return await client.callTool({ name, arguments: args });
  } catch (e) {
    return { thrown: e };
  }
}

function text(result) {
  return result?.content?.[0]?.type === "text" ? result.content[0].text : undefined;
}

function show(result) {
  return result?.thrown ? "threw " + result.thrown.message : JSON.stringify(result).slice(0, 300);
}

/** A successful call whose text is JSON: the parsed object. */
function answered(result, what) {
  if (!check(result && !result.thrown && result.isError === false, `${what}: ${show(result)}`)) {
    return undefined;
  }
  try {
    return JSON.parse(text(result));
  } catch {
    return text(result);
  }
}

/**
 * A refusal: a tool result marked isError (not a protocol error, which a client shows as a failure
 * of the server) that names its rule, or, for arguments the inputSchema refuses, the fix.
 */
function refused(result, what, words) {
  if (!check(result && !result.thrown && result.isError === true, `${what}: not refused as a tool error: ${show(result)}`)) {
    return;
  }
  const t = text(result) ?? "";
  check(/^refused \([a-z_.]+\): |input validation failed: .*Fix: /s.test(t), `${what}: the refusal names neither its rule nor the fix: ${t}`);
  if (words) {
    check(t.includes(words), `${what}: expected '${words}' in: ${t}`);
  }
}

async function protocolError(promise, code, what) {
  try {
    const r = await promise;
    check(false, `${what}: answered ${JSON.stringify(r).slice(0, 200)}, expected error ${code}`);
  } catch (e) {
    check(e instanceof McpError && e.code === code, `${what}: expected McpError ${code}, got ${e?.code} ${e?.message}`);
  }
}

const TOOLS = [
  "ready_work", "get_need", "search", "create_need", "update_need", "transition_need",
  "graduate_need", "claim_task", "release_task", "start_task", "update_task", "retry_task",
  "complete_task", "register_artifact", "move_artifact", "relate", "unrelate", "remove_artifact",
  "context_pack",
  "list_agents",
];

async function main() {
  rmSync(ws, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  cli("init", "--workspace", ws);
  const agents = ["architect", "builder", "reviewer"].map((type) =>
    JSON.parse(cli("agent", "register", type, "--workspace", ws, "--json")).id,
  );

  phase("workspace made");
  // One server per agent, and one without --agent, as a project's shared .mcp.json starts it.
  const [a, b, c, shared] = await Promise.all([...agents.map((id) => connect(id)), connect(undefined)]);
  const ca = a.client;

  phase("four servers initialized");
  // initialize
  check(ca.getServerVersion()?.name === "mlos", "serverInfo.name is mlos");
  const caps = ca.getServerCapabilities() ?? {};
  check(caps.tools && caps.resources && caps.prompts, "tools, resources and prompts offered: " + JSON.stringify(caps));
  check(typeof ca.getInstructions() === "string" && ca.getInstructions().includes("claim_task"), "instructions walk through the work loop");
  await ca.ping();

  // tools/list: the SDK validates the list; outputSchemas (if any) are compiled here
  const tools = (await ca.listTools()).tools;
  check(JSON.stringify(tools.map((t) => t.name)) === JSON.stringify(TOOLS), "tool names: " + tools.map((t) => t.name));
  for (const t of tools) {
    check(t.inputSchema.type === "object" && t.inputSchema.additionalProperties === false, `${t.name}: object schema refusing unknown arguments`);
    check(typeof t.description === "string" && t.description.length > 0, `${t.name}: described`);
  }
  const required = Object.fromEntries(tools.map((t) => [t.name, t.inputSchema.required ?? []]));

  // Every tool with valid arguments, on agent A's server.
  const need = answered(await call(ca, "create_need", { title: "Parser handles nested lists — ünïcode 🎯", description: "line one\nline two", priority: 2, scope: "parser", tags: ["parser", "ts-client"] }), "create_need");
  const other = answered(await call(ca, "create_need", { title: "A second need" }), "create_need (title only)");
  // A call committed whose answer was lost is retried (trial14's kill.mjs): with the same
  // request_id the retry answers the first need, replayed, and makes no second one.
  const keyed = { title: "Made once however often it is sent", request_id: `ts-${process.pid}-${Date.now()}` };
  const once = answered(await call(ca, "create_need", keyed), "create_need with a request_id");
  const again = answered(await call(ca, "create_need", keyed), "create_need retried with its request_id");
  check(once?.id !== undefined && again?.id === once.id && again?.replayed === true && once?.replayed === undefined, "a retried create_need answers the first need, replayed: " + JSON.stringify([once, again]));
  refused(await call(ca, "create_need", { ...keyed, title: "Something else" }), "create_need reusing a request_id for other arguments", "(request.reused): argument 'request_id'");
  answered(await call(ca, "update_need", { need_id: other.id, scope: "misc", priority: 4, tags: ["misc"] }), "update_need");
  answered(await call(ca, "update_need", { need_id: other.id, clear: ["scope", "priority"] }), "update_need clear");
  answered(await call(ca, "transition_need", { need_id: need.id, status: "active", reason: "seen twice" }), "transition_need active");
  answered(await call(ca, "transition_need", { need_id: need.id, status: "actionable" }), "transition_need actionable");
  const graduated = answered(await call(ca, "graduate_need", { need_id: need.id, tasks: [{ description: "Write the parser", priority: 1 }, { description: "Test the parser" }, { description: "Contested task", priority: 1 }] }), "graduate_need");
  const taskIds = (graduated?.tasks ?? []).map((t) => t.id);
  check(taskIds.length === 3, "graduate_need gives three task ids: " + JSON.stringify(graduated));
  const [t1, t2, contested] = taskIds;
  const got = answered(await call(ca, "get_need", { need_id: need.id }), "get_need");
  check(got?.title === "Parser handles nested lists — ünïcode 🎯", "get_need keeps the title's characters: " + got?.title);
  const ready = answered(await call(ca, "ready_work", {}), "ready_work");
  check(ready?.total >= 3, "ready_work lists the three tasks: " + JSON.stringify(ready));
  const page = answered(await call(ca, "ready_work", { limit: 1, detail: true }), "ready_work limit 1 detail");
  check(page?.items?.length === 1 && typeof page?.next_cursor === "string", "ready_work pages: " + JSON.stringify(page));
  if (typeof page?.next_cursor === "string") {
    answered(await call(ca, "ready_work", { limit: 1, cursor: page.next_cursor }), "ready_work next page");
  }
  answered(await call(ca, "ready_work", { agent_id: agents[1] }), "ready_work for another agent");
  const hits = answered(await call(ca, "search", { query: "parser", type: "task", limit: 5 }), "search");
  check(hits?.total >= 2, "search finds the tasks: " + JSON.stringify(hits));
  answered(await call(ca, "claim_task", { task_id: t1 }), "claim_task");
  answered(await call(ca, "start_task", { task_id: t1 }), "start_task");
  answered(await call(ca, "update_task", { task_id: t1, description: "Write the parser again", priority: 2 }), "update_task");
  answered(await call(ca, "complete_task", { task_id: t1, status: "completed", result: "done" }), "complete_task completed");
  answered(await call(ca, "claim_task", { task_id: t2 }), "claim_task t2");
  answered(await call(ca, "release_task", { task_id: t2, reason: "later" }), "release_task");
  answered(await call(ca, "claim_task", { task_id: t2 }), "claim_task t2 again");
  answered(await call(ca, "start_task", { task_id: t2 }), "start_task t2");
  answered(await call(ca, "complete_task", { task_id: t2, status: "failed", result: "broke" }), "complete_task failed");
  answered(await call(ca, "retry_task", { task_id: t2, reason: "try again" }), "retry_task");
  const art = answered(await call(ca, "register_artifact", { file_path: "mlos.yaml", title: "The workspace's settings", artifact_type: "config" }), "register_artifact");
  writeFileSync(path.join(ws, "draft.md"), "# A draft\n");
  const draft = answered(await call(ca, "register_artifact", { file_path: "draft.md", title: "A draft" }), "register_artifact draft");
  renameSync(path.join(ws, "draft.md"), path.join(ws, "notes.md"));
  const moved = answered(await call(ca, "move_artifact", { artifact_id: draft?.id, file_path: "notes.md", reason: "renamed" }), "move_artifact");
  check(moved?.id === draft?.id && moved?.file_path === "notes.md" && moved?.moved_from === "draft.md", "move_artifact keeps the id: " + JSON.stringify(moved));
  const edge = { source_type: "task", source_id: t1, relationship_type: "produced", target_type: "artifact", target_id: art?.id };
  answered(await call(ca, "relate", edge), "relate");
  answered(await call(ca, "relate", { source_type: "need", source_id: other.id, relationship_type: "references", target_type: "need", target_id: need.id }), "relate need to need");
  answered(await call(ca, "unrelate", { ...edge, reason: "wrong edge" }), "unrelate");
  answered(await call(ca, "remove_artifact", { artifact_id: art?.id, reason: "not needed" }), "remove_artifact");
  answered(await call(ca, "context_pack", {}), "context_pack");
  answered(await call(ca, "context_pack", { agent_id: agents[2] }), "context_pack of another agent");
  const listed = answered(await call(ca, "list_agents", { all: true, limit: 10 }), "list_agents");
  check(listed?.agents?.length === 3, "list_agents lists three: " + JSON.stringify(listed));
  answered(await ca.callTool({ name: "ready_work" }), "ready_work without an arguments member");

  phase("every tool called");
  // Wrong and hostile arguments: each a tool result marked isError, naming the fix.
  for (const t of tools) {
    if (required[t.name].length > 0) {
      refused(await call(ca, t.name, {}), `${t.name} without its required arguments`);
    }
    refused(await call(ca, t.name, { no_such_argument: 1 }), `${t.name} with an unknown argument`);
  }
  refused(await call(ca, "get_need", { need_id: String(need.id) }), "get_need with a string id");
  refused(await call(ca, "get_need", { need_id: 1.5 }), "get_need with a fraction");
  refused(await call(ca, "get_need", { need_id: -1 }), "get_need with a negative id");
  refused(await call(ca, "get_need", { need_id: 1e30 }), "get_need with a huge id", "Fix: ");
  refused(await call(ca, "get_need", { need_id: null }), "get_need with a null id");
  refused(await call(ca, "get_need", { need_id: 424242 }), "get_need of a need that does not exist", "Fix: find the need's id");
  refused(await call(ca, "search", { query: "x".repeat(201) }), "search with a query over its maxLength");
  // Longer than the 4 MiB the server reads: the tool's error, which a client hands to the model.
  refused(await call(ca, "create_need", { title: "t", description: "x".repeat(5_000_000) }), "create_need over 4 MiB", "nothing was written. Fix: send less");
  refused(await call(ca, "create_need", { title: "two\nlines" }), "create_need with a title on two lines");
  refused(await call(ca, "create_need", { title: "t", tags: ["Not A Tag"] }), "create_need with a bad tag");
  refused(await call(ca, "create_need", { title: "t", priority: 9 }), "create_need with priority 9");
  refused(await call(ca, "transition_need", { need_id: other.id, status: "resolved" }), "transition_need skipping steps");
  refused(await call(ca, "transition_need", { need_id: other.id, status: "nonsense" }), "transition_need to no status");
  refused(await call(ca, "complete_task", { task_id: t1, status: "completed", result: "again" }), "complete_task of a completed task");
  refused(await call(ca, "release_task", { task_id: t1 }), "release_task of a completed task", "Fix: nothing to do");
  refused(await call(ca, "register_artifact", { file_path: "../outside.md" }), "register_artifact outside the workspace");
  refused(await call(ca, "register_artifact", { file_path: "/etc/passwd" }), "register_artifact of an absolute path", "Fix: ");
  refused(await call(ca, "register_artifact", { file_path: "no/such/file.md" }), "register_artifact of a missing file");
  refused(await call(ca, "relate", { source_type: "need", source_id: need.id, relationship_type: "blocks", target_type: "need", target_id: need.id }), "relate a need to itself");
  refused(await call(ca, "ready_work", { cursor: "not a cursor" }), "ready_work with a forged cursor", "Fix: ");
  refused(await call(ca, "ready_work", { limit: 0 }), "ready_work with limit 0");
  refused(await call(ca, "graduate_need", { need_id: other.id, tasks: [] }), "graduate_need without tasks");
  refused(await call(ca, "create_need", { title: "\ud800 lone surrogate" }), "create_need with a lone surrogate", "Fix: ");
  await protocolError(ca.callTool({ name: "no_such_tool", arguments: {} }), -32602, "an unknown tool");

  phase("hostile arguments refused");
  // Resources and their templates.
  const resources = (await ca.listResources()).resources;
  check(resources.length > 0, "resources/list offers pages");
  for (const r of resources) {
    const read = await ca.readResource({ uri: r.uri });
    check(read.contents?.[0]?.uri === r.uri && typeof read.contents[0].text === "string", `resources/read ${r.uri}`);
  }
  const templates = (await ca.listResourceTemplates()).resourceTemplates;
  check(templates.some((t) => t.uriTemplate === "mlos://needs/{id}"), "a template for need pages");
  const needPage = await ca.readResource({ uri: `mlos://needs/${need.id}` });
  check(needPage.contents[0].text.includes("ünïcode 🎯"), "the need's page has its title");
  await protocolError(ca.readResource({ uri: "mlos://needs/424242" }), -32002, "a page of no need");
  await protocolError(ca.readResource({ uri: "mlos://workspace/../mlos.db" }), -32002, "a path out of the pages");
  await protocolError(ca.readResource({ uri: "file:///etc/passwd" }), -32002, "a file URI");

  // A subscription sees another agent's write.
  const updates = [];
  const { ResourceUpdatedNotificationSchema } = await import("@modelcontextprotocol/sdk/types.js");
  ca.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updates.push(n.params.uri));
  await ca.subscribeResource({ uri: "mlos://workspace/READY.md" });
  await protocolError(ca.subscribeResource({ uri: "mlos://nope" }), -32602, "a subscription to no resource");

  // Prompts.
  const prompts = (await ca.listPrompts()).prompts;
  check(prompts.some((p) => p.name === "boot"), "the boot prompt is listed");
  const boot = await ca.getPrompt({ name: "boot" });
  check(boot.messages?.[0]?.content?.type === "text", "boot gives a text message");
  await ca.getPrompt({ name: "boot", arguments: { agent_id: String(agents[1]) } });
  await protocolError(ca.getPrompt({ name: "boot", arguments: { agent_id: "abc" } }), -32602, "boot for a non-id");
  await protocolError(ca.getPrompt({ name: "boot", arguments: { agent_id: 1 } }), -32602, "boot with a number for agent_id");
  await protocolError(ca.getPrompt({ name: "boot", arguments: { agentId: "1" } }), -32602, "boot with an argument it does not take");
  await protocolError(ca.getPrompt({ name: "nope" }), -32602, "an unknown prompt");
  await ca.setLoggingLevel("warning");

  phase("resources and prompts read");
  // Three agents claim the same ready task at once: exactly one wins.
  const claims = await Promise.all([a, b, c].map((s) => call(s.client, "claim_task", { task_id: contested })));
  const winners = claims.filter((r) => !r.thrown && r.isError === false);
  check(winners.length === 1, "exactly one claim wins: " + claims.map(show).join(" | "));
  const winner = winners.length === 1 ? JSON.parse(text(winners[0])) : undefined;
  check(agents.includes(winner?.assigned_agent_id) && winner?.changed === true, "the winner holds the task: " + JSON.stringify(winner));
  claims.filter((r) => r !== winners[0]).forEach((r) => refused(r, "a losing claim", "task.claimed"));
  console.log("a losing claim is told: " + text(claims.find((r) => r !== winners[0])));

  phase("claims raced");
  // The server without --agent: a claim names its agent, and the boot prompt asks for one.
  const open = answered(await call(shared.client, "create_need", { title: "For the shared server" }), "create_need without an agent");
  answered(await call(shared.client, "transition_need", { need_id: open?.id, status: "active" }), "transition_need without an agent");
  answered(await call(shared.client, "transition_need", { need_id: open?.id, status: "actionable" }), "transition_need without an agent");
  const sharedTask = answered(await call(shared.client, "graduate_need", { need_id: open?.id, tasks: [{ description: "One task" }] }), "graduate_need without an agent")?.tasks?.[0]?.id;
  refused(await call(shared.client, "claim_task", { task_id: sharedTask }), "claim_task without agent_id on a server without --agent", "pass agent_id");
  const claimed = answered(await call(shared.client, "claim_task", { task_id: sharedTask, agent_id: agents[2] }), "claim_task with agent_id");
  check(claimed?.assigned_agent_id === agents[2], "the task is claimed for the agent named: " + JSON.stringify(claimed));
  await protocolError(shared.client.getPrompt({ name: "boot" }), -32602, "boot without agent_id on a server without --agent");
  check((await shared.client.getPrompt({ name: "boot", arguments: { agent_id: String(agents[2]) } })).messages?.length > 0, "boot for an agent named");

  // Many requests at once on one connection: each answered under its own id.
  const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => call(b.client, i % 2 ? "search" : "get_need", i % 2 ? { query: "parser" } : { need_id: need.id })));
  burst.forEach((r, i) => answered(r, `burst request ${i}`));

  // A long call, cancelled: another process (the sqlite3 shell) holds the database for 2.5 s. A
  // write waits for it; the client gives up after 1 s and cancels. A second write, queued behind
  // the first, is aborted by the user. Neither can be answered before the lock is gone, so both
  // cancellations come in time: the first, under way and waiting for the lock, stops there and
  // writes nothing (it used to land once the lock was free, so a client that retried wrote twice);
  // the second, cancelled before the server started on it, is not run at all; and no answer
  // reaches the client (which would report it as an error, checked at the end).
  const holder = spawn("sqlite3", [path.join(ws, "mlos.db")], { stdio: ["pipe", "pipe", "inherit"] });
  const gone = new Promise((resolve) => holder.once("close", resolve));
  const held = Promise.race([new Promise((resolve) => holder.stdout.once("data", () => resolve(true))), gone.then(() => false)]);
  // .timeout: the servers' background compile may be writing when the shell asks for the lock.
  holder.stdin.end(".timeout 20000\nBEGIN EXCLUSIVE;\nSELECT 'locked';\n.shell sleep 2.5\nCOMMIT;\n");
  if (!check(await held, "the sqlite3 shell holds the database locked")) {
    throw new Error("no lock: is the sqlite3 shell on the PATH?");
  }
  const first = "Written while the database was locked";
  const second = "Aborted while the database was locked";
  const timedOut = b.client.callTool({ name: "create_need", arguments: { title: first } }, undefined, { timeout: 1000 });
  const ac = new AbortController();
  const aborted = b.client.callTool({ name: "create_need", arguments: { title: second } }, undefined, { signal: ac.signal });
  ac.abort("the user pressed stop");
  await protocolError(aborted, -32001, "an aborted call");
  await protocolError(timedOut, -32001, "a call past its timeout");
  await gone;
  const landed = answered(await call(b.client, "search", { query: "locked", type: "need" }), "search after the lock");
  check(landed?.hits?.filter((h) => h.title === first).length === 0, `'${first}' did not land (cancelled while it waited for the lock): ` + JSON.stringify(landed));
  check(landed?.hits?.filter((h) => h.title === second).length === 0, `'${second}' did not run (cancelled before the server started on it): ` + JSON.stringify(landed));

  phase("cancellations");
  // The subscription's update arrives (B's write above, or the claim).
  const deadline = Date.now() + 10000;
  while (!updates.includes("mlos://workspace/READY.md") && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  check(updates.includes("mlos://workspace/READY.md"), "notifications/resources/updated for READY.md: " + JSON.stringify(updates));
  await ca.unsubscribeResource({ uri: "mlos://workspace/READY.md" });

  phase("update seen");
  // A file that takes longer to hash than the client waits (2 s here; the SDK's default is 60 s,
  // 10 GB and more): at its timeout the SDK cancels the call, which stops the hash with nothing
  // recorded. A client that asks for progress and keeps waiting while told of it gets it registered.
  const big = path.join(ws, "docs", "big.bin");
  mkdirSync(path.dirname(big), { recursive: true });
  const fd = openSync(big, "w");
  ftruncateSync(fd, 4 * 1024 ** 3); // sparse: seconds of hashing, no disk space
  closeSync(fd);
  let told = 0;
  let registered;
  try {
    registered = await ca.callTool({ name: "register_artifact", arguments: { file_path: "docs/big.bin" } }, undefined, {
      timeout: 2000,
      resetTimeoutOnProgress: true,
      onprogress: () => told++,
    });
  } catch (e) {
    registered = { thrown: e };
  }
  check(answered(registered, "register_artifact of a 4 GB file, told of progress")?.outcome === "added", "register_artifact of a 4 GB file lands: " + show(registered));
  check(told > 0, `notifications/progress while it hashed: ${told}`);

  phase("a long hash registered");
  // Close: each server is gone once the client's close returns. The SDK closes stdin, and after
  // 2 s sends SIGTERM: a server still recompiling the last writes on a busy machine may take that
  // long, and SIGTERM runs the same shutdown. No wall-clock bound here (it failed under CI's load);
  // McpIT checks that a server exits at the end of stdin by itself, with its exit code.
  for (const s of servers) {
    const pid = s.transport.pid;
    const t0 = Date.now();
    await s.client.close();
    const took = Date.now() - t0;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    check(!alive, `server of agent ${s.agent ?? "(none)"} exits when its client closes (took ${took} ms, alive ${alive})`);
    // An answer to a cancelled request would show here ("Received a response for an unknown
    // message ID"), as would a message the SDK's schemas reject.
    check(s.errors.length === 0, `client of agent ${s.agent ?? "(none)"} saw no errors: ${s.errors.join(" | ")}`);
  }
}

try {
  await main();
} catch (e) {
  failures.push("stopped: " + (e?.stack ?? e));
  console.error("FAILED: stopped: " + (e?.stack ?? e));
} finally {
  for (const s of servers) {
    await s.client.close().catch(() => {});
  }
}
if (failures.length > 0) {
  for (const s of servers) {
    if (s.stderr.length) console.error(`--- stderr of the server of agent ${s.agent ?? "(none)"}\n${s.stderr.join("")}`);
  }
  console.error(`${failures.length} of ${checks} checks failed`);
  process.exit(1);
}
phase("servers closed");
console.log(`mlos mcp passed ${checks} checks of the MCP TypeScript SDK client`);
