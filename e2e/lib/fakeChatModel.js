'use strict';
// A scripted stand-in for an OpenAI-compatible chat model, on 127.0.0.1: n8n's OpenAI Chat Model
// node (Chat Completions) talks to it through the credential's Base URL. Each request goes to the
// test's `script`, which reads the conversation n8n sent (the tools offered, the tool results) and
// answers with tool calls or a final text. Every request is kept for the test to check.

const http = require('node:http');

const MAX_BODY = 4 * 1024 * 1024;

/** An answer in Chat Completions' shape: tool calls, or a final text. */
function completion(reply, index) {
	const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({
		id: `call_${index}_${i}`,
		type: 'function',
		function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) },
	}));
	const message = toolCalls.length > 0 ? { role: 'assistant', content: null, tool_calls: toolCalls } : { role: 'assistant', content: reply.content ?? '' };
	return {
		id: `chatcmpl-fake-${index}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: 'fake-model',
		choices: [{ index: 0, message, logprobs: null, finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop' }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

/**
 * @param {(request: any, index: number) => ({ toolCalls?: Array<{name: string, arguments?: object}>, content?: string })} script
 * @returns {Promise<{ url: string, requests: any[], failures: string[], close(): Promise<void> }>}
 *   `url` ends in /v1, as the credential's Base URL; `failures` holds what the script threw.
 */
async function startFakeChatModel(script) {
	const requests = [];
	const failures = [];
	const server = http.createServer((request, response) => {
		let size = 0;
		const chunks = [];
		request.on('data', (chunk) => {
			size += chunk.length;
			if (size <= MAX_BODY) chunks.push(chunk);
		});
		request.on('end', () => {
			if (request.method !== 'POST' || !request.url.endsWith('/chat/completions') || size > MAX_BODY) {
				response.writeHead(404, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify({ error: { message: `not served here: ${request.method} ${request.url}` } }));
				return;
			}
			let body;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
				requests.push(body);
				// n8n's agent asks without streaming when run by `n8n execute`; a streamed answer is not scripted.
				if (body.stream === true) throw new Error('streaming is not scripted');
				const answer = completion(script(body, requests.length - 1), requests.length - 1);
				response.writeHead(200, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify(answer));
			} catch (error) {
				// A 400 is not retried by OpenAI's client: the run fails at once, and the test says why.
				failures.push(error.message);
				response.writeHead(400, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify({ error: { message: `fake model: ${error.message}`, type: 'invalid_request_error' } }));
			}
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		failures,
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

module.exports = { startFakeChatModel };
