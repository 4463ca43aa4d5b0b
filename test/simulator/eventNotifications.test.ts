// The simulator's Event Notifications: the API (create, get, search, update, delete) in both
// readings of a target's fields, UEM's error shapes and a 204 for an empty search; and UEM pushing
// events to the targets that want them, in the console's payload (JSON with \/Date(ms)\/ and
// System.Byte[], or XML), with each target's Basic pair, and in bursts at a steady pace.
import { randomBytes } from 'node:crypto';

import { startSimulator } from '../../simulator';
import { startServer } from '../harness/loopbackServers';
import { call, fetchToken } from '../harness/uemClient';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
type Receiver = Awaited<ReturnType<typeof startServer>>;

interface TargetBody {
	errorCode?: number;
	message?: string;
	Value?: number;
	Id?: { Value: number };
	EventNotifications?: TargetBody[];
	[field: string]: unknown;
}

const userPassword = randomBytes(12).toString('base64url');
const xmlPassword = randomBytes(12).toString('base64url');

describe('simulator event notifications', () => {
	let sim: Simulator;
	let receiver: Receiver;
	let headers: Record<string, string>;
	const path = '/api/system/eventnotifications';
	const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', route: string, body?: unknown) =>
		call<TargetBody>(`${sim.url}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const target = (fields: Record<string, unknown> = {}) => ({
		TargetName: 'n8n test',
		TargetUrl: `${receiver.origin}/hook`,
		Username: 'uem-user',
		Password: userPassword,
		...fields,
	});

	beforeAll(async () => {
		sim = await startSimulator({ devices: 120, seed: 21 });
		receiver = await startServer((_req, res) => res.end('ok'));
		const token = (await fetchToken(sim)).json.access_token as string;
		headers = { Authorization: `Bearer ${token}`, Accept: 'application/json;version=1', 'Content-Type': 'application/json' };
	});
	afterAll(async () => {
		await receiver.close();
		await sim.close();
	});
	afterEach(async () => {
		sim.settings.eventNotifications = { reading: 'flags', strict: false, available: true, forbidden: false };
		for (const each of sim.eventNotifications.targets()) await request('DELETE', `${path}/${each.id}`);
		receiver.received.length = 0;
	});

	it('answers an empty search with 204, creates a target ("flags": 201 and the target), finds, updates and deletes it', async () => {
		expect((await request('GET', `${path}/search`)).status).toBe(204);
		const created = await request('POST', path, target({ DeviceWipe: true, EnterpriseWipe: true, OrganizationGroupId: 572 }));
		expect(created.status).toBe(201);
		const id = created.json.Id?.Value;
		expect(created.json).toMatchObject({ TargetName: 'n8n test', TargetUrl: `${receiver.origin}/hook`, DeviceWipe: true, EnterpriseWipe: true, DeviceEnrollment: false, OrganizationGroupId: 572 });
		expect(created.json).not.toHaveProperty('Password');
		expect((await request('GET', `${path}/search?targetname=N8N`)).json.EventNotifications?.map((t) => t.Id?.Value)).toEqual([id]);
		expect((await request('GET', `${path}/search?targetname=other`)).status).toBe(204);

		const updated = await request('PUT', `${path}/${id}`, target({ DeviceEnrollment: true }));
		expect(updated.json).toMatchObject({ DeviceEnrollment: true, DeviceWipe: false });
		expect(sim.eventNotifications.targets()[0].password).toBe(userPassword);
		expect((await request('DELETE', `${path}/${id}`)).status).toBe(200);
		expect(await request('GET', `${path}/${id}`)).toMatchObject({ status: 404, json: { errorCode: 8, message: 'Event notification not found.' } });
	});

	it('plays the "list" reading: events by EventType name, LocationGroupId, {Value} for a create, TargetURL read back', async () => {
		sim.settings.eventNotifications.reading = 'list';
		const created = await request('POST', path, target({ Events: ['BreakMDMConfirmed', 'DeviceWipeRequested'], LocationGroupId: 571, DeviceEnrollment: true }));
		expect(created).toMatchObject({ status: 200, json: { Value: expect.any(Number) } });
		const read = await request('GET', `${path}/${created.json.Value}`);
		expect(read.json).toMatchObject({ TargetURL: `${receiver.origin}/hook`, LocationGroupId: 571, Events: ['BreakMDMConfirmed', 'DeviceWipeRequested'] });
		expect((await request('POST', path, target({ Events: ['NoSuchEvent'] }))).json).toMatchObject({ errorCode: 1012, message: "Unknown event type 'NoSuchEvent'." });
	});

	it.each([
		['no event chosen', { reading: 'flags' }, {}, 400, 'Select at least one event.'],
		['a relative URL', { reading: 'flags' }, { TargetUrl: '/hook', DeviceWipe: true }, 400, "Invalid target URL '/hook'."],
		['an unknown group', { reading: 'flags' }, { DeviceWipe: true, OrganizationGroupId: 4242 }, 422, 'Invalid organization group id 4242.'],
		['a field it does not know, when strict', { reading: 'flags', strict: true }, { DeviceWipe: true, Events: [] }, 400, "Could not find member 'Events'"],
		['a role without the permission', { reading: 'flags', forbidden: true }, { DeviceWipe: true }, 403, 'does not have permission'],
		['a server without the API', { reading: 'flags', available: false }, { DeviceWipe: true }, 404, 'Resource not found.'],
	])('refuses %s the way UEM does', async (_case, knobs, fields, status, message) => {
		sim.settings.eventNotifications = { strict: false, available: true, forbidden: false, ...knobs } as typeof sim.settings.eventNotifications;
		const answer = await request('POST', path, target(fields));
		expect(answer.status).toBe(status);
		expect(answer.json.message).toContain(message);
		expect(answer.json.activityId).toEqual(expect.any(String));
		expect(sim.eventNotifications.targets()).toEqual([]);
	});

	it("pushes an event to each target that wants it and covers the device's group, with the target's pair, in its format", async () => {
		await request('POST', path, target({ DeviceWipe: true, OrganizationGroupId: 571 }));
		await request('POST', path, target({ TargetName: 'xml one', Username: 'x', Password: xmlPassword, DeviceWipe: true, Format: 'XML' }));
		await request('POST', path, target({ TargetName: 'enrolments only', DeviceEnrollment: true }));
		const inEmea = sim.fleet.devices.find((device) => device.groupId === 571)!;
		const answers = await sim.events.push('deviceWiped', { deviceId: inEmea.id, at: Date.UTC(2026, 0, 2, 3, 4, 5, 678) });
		expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
		const [json, xml] = receiver.received;
		expect(json.headers.authorization).toBe(`Basic ${Buffer.from(`uem-user:${userPassword}`).toString('base64')}`);
		expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(json.body).toContain('"EventTime":"\\/Date(1767323045678)\\/"');
		expect(json.body).toContain('"Udid":"System.Byte[]"');
		expect(JSON.parse(json.body)).toMatchObject({ EventId: 25, EventType: 'DeviceWipeRequested', DeviceId: inEmea.id, SerialNumber: inEmea.serialNumber, MACAddress: 'System.Byte[]' });
		expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
		expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><Eventlog xmlns:xsd=/);
		expect(xml.body).toContain('<EventTime>2026-01-02T03:04:05.6780000Z</EventTime>');
		expect(xml.body).toContain('<CompromisedStatus />');

		const elsewhere = sim.fleet.devices.find((device) => device.groupId === 573)!;
		expect(await sim.events.push('deviceWiped', { deviceId: elsewhere.id })).toHaveLength(1);
		await expect(sim.events.push('deviceExploded')).rejects.toThrow('unknown event kind "deviceExploded"');
	});

	it('sends a burst at a steady pace, every event another device, and records each answer', async () => {
		await request('POST', path, target({ DeviceWipe: true, DeviceUnenrollment: true }));
		const [registered] = sim.eventNotifications.targets();
		const started = Date.now();
		const answers = await sim.events.burst(registered, { count: 100, withinMs: 500, concurrency: 8 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(490);
		expect(answers.every((answer) => answer.status === 200)).toBe(true);
		expect(new Set(answers.map((answer) => answer.deviceId)).size).toBe(100);
		expect(new Set(receiver.received.map((each) => JSON.parse(each.body).DeviceId)).size).toBe(100);
		expect(new Set(receiver.received.map((each) => JSON.parse(each.body).EventType))).toEqual(new Set(['DeviceWipeRequested', 'BreakMDMConfirmed']));
	});
});
