// The simulator's Slack webhook recorder, control endpoints and command line.
import { randomUUID } from 'node:crypto';

import { startSimulator } from '../../simulator';
import { call, fetchToken } from '../harness/uemClient';
import { startNodeScript } from '../harness/processes';

describe('simulator Slack webhook and command line', () => {
	it('records what is posted to the Slack webhook and answers like Slack', async () => {
		const sim = await startSimulator({ devices: 5 });
		try {
			const post = (body: string) =>
				call(sim.slackWebhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
			const ok = await post(JSON.stringify({ text: '3 profiles failed' }));
			const bad = await post('{not json');
			const empty = await post(JSON.stringify({ username: 'x' }));
			expect([ok.text, bad.text, empty.text]).toEqual(['ok', 'invalid_payload', 'no_text']);
			expect(sim.slack.messages.map((m) => m.text)).toEqual(['3 profiles failed']);
			const listed = await call<Array<{ text: string }>>(`${sim.url}/_simulator/slack`);
			expect(listed.json[0].text).toBe('3 profiles failed');
		} finally {
			await sim.close();
		}
	});

	it('starts alone from the command line with the fleet size and port asked for', async () => {
		const secret = randomUUID();
		const cli = await startNodeScript(
			['simulator/cli.js', '--devices', '321', '--port', '0', '--client-id', 'cli-test', '--client-secret', secret],
			{ ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/ },
		);
		try {
			const url = cli.match[1];
			const client = { clientId: 'cli-test', clientSecret: secret };
			const token = await fetchToken({ url, tokenUrl: `${url}/connect/token`, clients: [client] });
			const counters = await call<{ devices: number; tokenExchanges: number }>(`${url}/_simulator/counters`);
			expect(token.status).toBe(200);
			expect(counters.json).toMatchObject({ devices: 321, tokenExchanges: 1 });
			expect(cli.output()).not.toContain(secret);
		} finally {
			expect(await cli.stop()).toBe(0);
		}
	});
});
