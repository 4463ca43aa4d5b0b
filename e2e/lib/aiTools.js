'use strict';
// What the AI end-to-end tests share: the package's own tool descriptions (from the built package),
// Workspace ONE UEM tool nodes for a test's workflows, and activating a workflow on a running n8n.

const path = require('node:path');

const { REPO } = require('./pack');

const UEM_TOOL = 'n8n-nodes-workspace-one-uem.workspaceOneUemTool';
const UEM_CREDENTIAL = { workspaceOneUemApi: { id: 'workspaceOneUemCred', name: 'Workspace ONE UEM' } };

/** The description an operation gives its tool, from dist/ (call after the package is built). */
function toolDescriptionOf(resource, operation) {
	const file = path.join(REPO, 'dist', 'nodes', 'WorkspaceOneUem', 'actions', resource, `${operation}.operation.js`);
	return require(file).toolDescription;
}

/** A `$fromAI` expression, as n8n's editor writes one. */
function fromAI(key, description, type = 'string') {
	return `={{ $fromAI('${key}', '${description.replace(/'/g, "\\'")}', '${type}') }}`;
}

/** A Workspace ONE UEM tool node (version 2), connected by the caller. */
function uemToolNode(name, parameters, index = 0) {
	return {
		id: `a1f0c0de-0000-4000-8000-${String(index).padStart(12, '0')}`,
		name,
		type: UEM_TOOL,
		typeVersion: 2,
		position: [200 * index, 300],
		parameters,
		credentials: UEM_CREDENTIAL,
	};
}

/** The `ai_tool` connections from each of `tools` to `target`. */
function toolConnections(tools, target) {
	return Object.fromEntries(tools.map((node) => [node.name, { ai_tool: [[{ node: target, type: 'ai_tool', index: 0 }]] }]));
}

/** Activates an imported workflow on a running, signed-in n8n. */
async function activateWorkflow(n8n, id) {
	const workflow = await n8n.rest('GET', `/workflows/${id}`);
	const activated = await n8n.rest('POST', `/workflows/${id}/activate`, { versionId: workflow.versionId });
	if (activated.active !== true) throw new Error(`workflow ${id} did not activate`);
}

/** Waits (bounded) until `check` resolves true; n8n 2.x registers an activated workflow's webhooks a moment later. */
async function until(what, check, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	let last;
	while (Date.now() < deadline) {
		try {
			if (await check()) return;
		} catch (error) {
			last = error;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

module.exports = { UEM_TOOL, activateWorkflow, fromAI, toolConnections, toolDescriptionOf, uemToolNode, until };
