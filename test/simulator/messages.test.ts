// The simulator's messages (push, email, SMS) and device notes: what is accepted, recorded and refused.
import { startSimulator } from '../../simulator';
import { api, call, fetchToken, type Answer } from '../harness/uemClient';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

interface UemAnswerBody {
	errorCode?: number;
	message?: string;
	Value?: number;
	PhoneNumber?: string;
	DeviceNotes?: Array<{ Id: number; DeviceId: number; Note: string; CreatedOn: string }>;
}

describe('simulator messages and notes', () => {
	let sim: Simulator;
	let token: string;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 300, seed: 5 });
		token = (await fetchToken(sim)).json.access_token as string;
	});
	afterAll(async () => await sim.close());

	const post = async (path: string, body?: unknown): Promise<Answer<UemAnswerBody>> =>
		await call<UemAnswerBody>(`${sim.url}${path}`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}`, Accept: 'application/json;version=1', 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	const withPhone = () => sim.fleet.devices.find((d) => d.phoneNumber !== '')!;
	const withoutPhone = () => sim.fleet.devices.find((d) => d.phoneNumber === '')!;

	describe('messages', () => {
		it('accepts a push with 202 and no body, and records it as it arrived', async () => {
			const device = sim.fleet.devices[3];
			const answer = await post(`/api/mdm/devices/${device.id}/messages/push`, { MessageBody: 'Please restart today', Application: 'Intelligent Hub' });
			expect(answer.status).toBe(202);
			expect(answer.text).toBe('');
			expect(sim.messages.at(-1)).toEqual({
				deviceId: device.id,
				channel: 'push',
				to: null,
				subject: null,
				application: 'Intelligent Hub',
				body: 'Please restart today',
				at: expect.any(Number),
			});
			expect(sim.commands.of(device.id)).toEqual(['Message:push']);
		});

		it("sends an email to the user's address with its subject", async () => {
			const device = sim.fleet.devices[4];
			const answer = await post(`/api/mdm/devices/${device.id}/messages/email`, { MessageBody: 'Your device is out of compliance.', Subject: 'Action needed' });
			expect(answer.status).toBe(202);
			expect(sim.messages.at(-1)).toMatchObject({ deviceId: device.id, channel: 'email', to: device.email, subject: 'Action needed', body: 'Your device is out of compliance.' });
			expect(sim.commands.of(device.id)).toEqual(['Message:email']);
		});

		it("sends an SMS to the user's phone number, shown as PhoneNumber in the device JSON", async () => {
			const device = withPhone();
			const answer = await post(`/api/mdm/devices/${device.id}/messages/sms`, { MessageBody: 'Return your loaner by Friday' });
			expect(answer.status).toBe(202);
			expect(sim.messages.at(-1)).toMatchObject({ deviceId: device.id, channel: 'sms', to: device.phoneNumber, body: 'Return your loaner by Friday' });
			expect(sim.commands.of(device.id)).toContain('Message:sms');
			expect((await api<UemAnswerBody>(sim, `/api/mdm/devices/${device.id}`, token)).json.PhoneNumber).toBe(device.phoneNumber);
		});

		it('gives most users a phone number, some none (deterministically)', async () => {
			const share = sim.fleet.devices.filter((d) => d.phoneNumber !== '').length / sim.fleet.devices.length;
			expect(share).toBeGreaterThan(0.7);
			expect(share).toBeLessThan(0.98);
			expect(withPhone().phoneNumber).toMatch(/^\+44 7700 900\d{3}$/);
			const again = await startSimulator({ devices: 300, seed: 5 });
			try {
				expect(again.fleet.devices.map((d) => d.phoneNumber)).toEqual(sim.fleet.devices.map((d) => d.phoneNumber));
			} finally {
				await again.close();
			}
		});

		it('refuses an SMS to a user without a phone number (400), and records nothing', async () => {
			const device = withoutPhone();
			const before = sim.messages.length;
			const answer = await post(`/api/mdm/devices/${device.id}/messages/sms`, { MessageBody: 'Hello' });
			expect(answer.status).toBe(400);
			expect(answer.json).toMatchObject({ errorCode: 1001, message: expect.stringMatching(/no phone number/) });
			expect(answer.json.message).toContain(device.userName);
			expect(sim.messages.length).toBe(before);
			expect(sim.commands.of(device.id)).toEqual([]);
		});

		it('refuses a missing or blank MessageBody (400 1001) on every channel, and an email without a Subject', async () => {
			const device = sim.fleet.devices[10];
			const before = sim.messages.length;
			const refusals = [
				await post(`/api/mdm/devices/${device.id}/messages/push`),
				await post(`/api/mdm/devices/${device.id}/messages/push`, { Application: 'Hub' }),
				await post(`/api/mdm/devices/${device.id}/messages/email`, { MessageBody: '', Subject: 'Hi' }),
				await post(`/api/mdm/devices/${device.id}/messages/sms`, { MessageBody: '   ' }),
				await post(`/api/mdm/devices/${device.id}/messages/email`, { MessageBody: 'Text' }),
				await post(`/api/mdm/devices/${device.id}/messages/email`, { MessageBody: 'Text', Subject: ' ' }),
			];
			expect(refusals.map((a) => [a.status, a.json.errorCode])).toEqual(Array(6).fill([400, 1001]));
			expect(refusals[4].json.message).toBe('Subject is required.');
			expect(sim.messages.length).toBe(before);
			expect(sim.commands.of(device.id)).toEqual([]);
		});

		it('answers 404 5002 for an unknown device, 422 for a non-numeric id, 405 for a GET', async () => {
			const unknown = await post('/api/mdm/devices/999999/messages/push', { MessageBody: 'x' });
			const word = await post('/api/mdm/devices/abc/messages/email', { MessageBody: 'x', Subject: 'y' });
			const get = await api(sim, `/api/mdm/devices/${sim.fleet.devices[0].id}/messages/sms`, token);
			expect(unknown.status).toBe(404);
			expect(unknown.json).toMatchObject({ errorCode: 5002, message: 'Device not found.' });
			expect(word.status).toBe(422);
			expect(get.status).toBe(405);
			expect(sim.snapshot().byRoute).toMatchObject({ deviceMessagePush: expect.any(Number), deviceMessageEmail: expect.any(Number), deviceMessageSms: expect.any(Number) });
		});
	});

	describe('notes', () => {
		it('adds notes with new ids, keeps them on the device, logs each, and lists them', async () => {
			const device = sim.fleet.devices[20];
			const first = await post(`/api/mdm/devices/${device.id}/notes`, { DeviceId: device.id, Note: 'Screen cracked, replacement ordered' });
			const second = await post(`/api/mdm/devices/${device.id}/notes`, { DeviceId: String(device.id), Note: 'Replacement shipped' });
			const third = await post(`/api/mdm/devices/${device.id}/notes`, { Note: 'Closed' });
			expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
			const ids = [first, second, third].map((a) => a.json.Value as number);
			expect(new Set(ids).size).toBe(3);
			expect(ids).toEqual([...ids].sort((a, b) => a - b));
			expect(device.notes.map((n) => [n.id, n.text])).toEqual([
				[ids[0], 'Screen cracked, replacement ordered'],
				[ids[1], 'Replacement shipped'],
				[ids[2], 'Closed'],
			]);
			expect(sim.commands.of(device.id)).toEqual(['Note', 'Note', 'Note']);
			const listed = await api<UemAnswerBody>(sim, `/api/mdm/devices/${device.id}/notes`, token);
			expect(listed.status).toBe(200);
			expect(listed.json.DeviceNotes).toEqual(
				device.notes.map((n) => ({ Id: n.id, DeviceId: device.id, Note: n.text, CreatedOn: new Date(n.at).toISOString().replace('Z', '') })),
			);
		});

		it('answers 204 for a device without notes', async () => {
			const answer = await api(sim, `/api/mdm/devices/${sim.fleet.devices[21].id}/notes`, token);
			expect(answer.status).toBe(204);
			expect(answer.text).toBe('');
		});

		it('refuses an empty Note, a DeviceId that is not the path id (400), and adds nothing', async () => {
			const device = sim.fleet.devices[22];
			const other = sim.fleet.devices[23];
			const refusals = [
				await post(`/api/mdm/devices/${device.id}/notes`, { DeviceId: device.id, Note: '' }),
				await post(`/api/mdm/devices/${device.id}/notes`, { DeviceId: device.id }),
				await post(`/api/mdm/devices/${device.id}/notes`),
				await post(`/api/mdm/devices/${device.id}/notes`, { DeviceId: other.id, Note: 'Wrong device' }),
			];
			expect(refusals.map((a) => [a.status, a.json.errorCode])).toEqual(Array(4).fill([400, 1001]));
			expect(refusals[3].json.message).toContain(String(other.id));
			expect(device.notes).toEqual([]);
			expect(other.notes).toEqual([]);
			expect(sim.commands.of(device.id)).toEqual([]);
		});

		it('answers 404 5002 for an unknown device and 422 for a non-numeric id, on add and list', async () => {
			const answers = [
				await post('/api/mdm/devices/999999/notes', { Note: 'x' }),
				await api<UemAnswerBody>(sim, '/api/mdm/devices/999999/notes', token),
				await post('/api/mdm/devices/abc/notes', { Note: 'x' }),
				await api<UemAnswerBody>(sim, '/api/mdm/devices/abc/notes', token),
			];
			expect(answers.map((a) => a.status)).toEqual([404, 404, 422, 422]);
			expect(answers.slice(0, 2).map((a) => a.json.errorCode)).toEqual([5002, 5002]);
		});
	});
});
