// Organization Group, Smart Group and User through n8n's engine against the simulator (and the
// searches of all four new resources, App's too, for their errors): what each outputs (simplified
// and whole), errors per item under Continue On Fail, bad input refused before any request, and the
// Smart Group picker through n8n's own LoadOptionsContext.
import type { INodeExecutionData } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { listSearch, pickerContext } from '../harness/pickers';
import { runWorkflow, simulatorCredentials, type UemStep } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('Organization Group, Smart Group and User', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 400, seed: 23 });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.resetCounters());

	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
	const picked = (value: number | string, mode = 'list') => ({ __rl: true, mode, value: String(value) });
	const run = async (step: UemStep, input?: Array<Record<string, unknown>>) =>
		await runWorkflow({ steps: [{ continueOnFail: true, ...step, parameters: { options: { requestsPerMinute: 0 }, ...step.parameters } }], credentials: simulatorCredentials(sim), input });

	it.each([
		['organizationGroup', 'groupSearch', {}],
		['smartGroup', 'smartGroupSearch', {}],
		['user', 'userSearch', { userName: 'user' }],
		['app', 'appSearch', {}],
	])("%s › Search: UEM's refusal is an error on its item, a Limit below 1 one before any request", async (resource, route, parameters) => {
		sim.settings.forced[route] = { status: 403, body: { errorCode: 1011, message: 'Insufficient permissions.', activityId: 'act-403' } };
		try {
			const result = await run({ typeVersion: 2, parameters: { resource, operation: 'search', limit: '={{ $json.limit }}', ...parameters } }, [{ limit: 5 }, { limit: 0 }]);
			expect(json(result.items)).toEqual([
				expect.objectContaining({ error: 'The OAuth client is not allowed to do this (HTTP 403: error 1011, Insufficient permissions.)', httpCode: 403, errorCode: 1011, activityId: 'act-403' }),
				expect.objectContaining({ error: 'Limit must be a whole number of at least 1, got 0' }),
			]);
			expect(sim.snapshot().byRoute).toEqual({ [route]: 1 });
		} finally {
			delete sim.settings.forced[route];
		}
	});

	describe('Organization Group', () => {
		it('searches groups by name, each with its organizationGroupId', async () => {
			const all = await run({ parameters: { resource: 'organizationGroup', operation: 'search', returnAll: true } });
			expect(json(all.items).map((group) => [group.organizationGroupId, group.Name])).toEqual(sim.fleet.groups.map((group) => [group.id, group.name]));
			const some = await run({ typeVersion: 2, parameters: { resource: 'organizationGroup', operation: 'search', name: 'a', limit: 2 } });
			expect(json(some.items).map((group) => group.Name)).toEqual(sim.fleet.groups.filter((group) => group.name.toLowerCase().includes('a')).slice(0, 2).map((group) => group.name));
		});

		it('lists the children of a picked group without the group itself; an unknown group is an error on its item only', async () => {
			const global = sim.fleet.groups.find((group) => group.parentId === null)!;
			const result = await run(
				{ typeVersion: 2, parameters: { resource: 'organizationGroup', operation: 'getChildren', organizationGroup: picked('={{ $json.group }}', 'id') } },
				[{ group: global.id }, { group: 9 }, { group: 'emea' }],
			);
			const items = json(result.items);
			const below = sim.fleet.groups.filter((group) => group.id !== global.id);
			expect(items.slice(0, below.length).map((group) => [group.organizationGroupId, (group.ParentLocationGroup as { Id: { Value: number } }).Id.Value])).toEqual(
				below.map((group) => [group.id, group.parentId]),
			);
			expect(items[below.length]).toMatchObject({ httpCode: 404, errorCode: 5015, error: 'UEM found nothing at /api/system/groups/9/children (HTTP 404: error 5015, Organization group not found.)' });
			expect(items[below.length + 1].error).toBe('Organization Group must be a whole number, got "emea"');
			// The bad item made no request: one token exchange is not an API request, two children calls are.
			expect(sim.snapshot().byRoute).toEqual({ groupChildren: 2 });
		});
	});

	describe('Smart Group', () => {
		it('refuses an organization group that is not a number before any request, on its item only', async () => {
			const result = await run({ parameters: { resource: 'smartGroup', operation: 'search', organizationGroupId: '={{ $json.group }}', returnAll: true } }, [{ group: 'emea' }, { group: 571 }]);
			expect(json(result.items)[0].error).toBe('Organization Group must be UEM\'s numeric ID, got "emea"');
			expect(json(result.items).slice(1).every((item) => typeof item.smartGroupId === 'number')).toBe(true);
			expect(sim.snapshot().byRoute).toEqual({ smartGroupSearch: 1 });
		});

		it('searches the smart groups a group sees, by name, each with its smartGroupId and device count', async () => {
			const emea = 571;
			const result = await run({ typeVersion: 2, parameters: { resource: 'smartGroup', operation: 'search', organizationGroup: picked(emea), returnAll: true } });
			const visible = sim.fleet.smartGroups.filter((group) => sim.fleet.groupAndAncestors(emea).has(group.managedBy));
			expect(json(result.items).map((group) => [group.smartGroupId, group.Name, group.Devices])).toEqual(visible.map((group) => [group.id, group.name, sim.fleet.devicesOfSmartGroup(group).length]));
			const byName = await run({ parameters: { resource: 'smartGroup', operation: 'search', name: 'ANDROID', returnAll: true } });
			expect(json(byName.items).map((group) => group.Name)).toEqual(['Corporate Android']);
		});

		it('lists the devices of a smart group by its criteria, simplified by default in version 2 and whole in version 1', async () => {
			const group = sim.fleet.smartGroups.find((candidate) => candidate.name === 'Corporate Android')!;
			const expected = sim.fleet.devicesOfSmartGroup(group);
			expect(expected.length).toBeGreaterThan(20);
			expect(new Set(expected.map((device) => `${device.platform}/${device.ownership === 'E' ? 'E' : 'C|S'}`))).toEqual(new Set(['Android/C|S']));
			const simplified = await run({ typeVersion: 2, parameters: { resource: 'smartGroup', operation: 'listDevices', smartGroup: picked(group.id), returnAll: true } });
			expect(json(simplified.items).map((device) => [device.smartGroupId, device.deviceId, device.platform])).toEqual(expected.map((device) => [group.id, device.id, 'Android']));
			const whole = await run({ parameters: { resource: 'smartGroup', operation: 'listDevices', smartGroupId: String(group.id), limit: 3 } });
			expect(json(whole.items).map((device) => device.Id)).toEqual(expected.slice(0, 3).map((device) => ({ Value: device.id })));
		});

		it('makes an unknown smart group an error on its item only, with UEM\'s code', async () => {
			const result = await run({ parameters: { resource: 'smartGroup', operation: 'listDevices', smartGroupId: '={{ $json.id }}', returnAll: true } }, [{ id: 99 }, { id: '' }]);
			expect(json(result.items)).toEqual([
				expect.objectContaining({ httpCode: 404, errorCode: 5041 }),
				expect.objectContaining({ error: 'Smart Group is empty' }),
			]);
			expect(sim.snapshot().requests).toBe(1);
		});

		it('offers smart groups in the picker by name with their managing group, those the chosen group sees', async () => {
			const context = (parameters = {}) => pickerContext(simulatorCredentials(sim), parameters);
			const all = await listSearch('searchSmartGroups', context());
			expect(all.results).toEqual(sim.fleet.smartGroups.map((group) => ({ name: `${group.name} (${sim.fleet.group(group.managedBy)!.name})`, value: String(group.id) })));
			const americas = await listSearch('searchSmartGroups', context({ organizationGroup: picked(572) }), 'windows');
			expect(americas.results.map((entry) => entry.value)).toEqual(['45']);
			expect(americas.paginationToken).toBeUndefined();
		});
	});

	describe('User', () => {
		it('finds users by user name and email, simplified by default in version 2, whole in version 1', async () => {
			const someone = sim.fleet.users()[7];
			const simplified = await run({ typeVersion: 2, parameters: { resource: 'user', operation: 'search', email: someone.email, limit: 10 } });
			expect(json(simplified.items)).toEqual([
				{
					userId: someone.id,
					uuid: someone.uuid,
					userName: someone.userName,
					email: someone.email,
					firstName: someone.firstName,
					lastName: someone.lastName,
					displayName: `${someone.firstName} ${someone.lastName}`,
					active: true,
					phoneNumber: someone.phoneNumber || null,
					organizationGroupId: someone.groupId,
					organizationGroupName: sim.fleet.group(someone.groupId)!.name,
					role: 'Full Access',
					enrolledDevices: 1,
				},
			]);
			const whole = await run({ parameters: { resource: 'user', operation: 'search', userName: someone.userName, limit: 10 } });
			expect(json(whole.items)).toEqual([expect.objectContaining({ Id: { Value: someone.id }, UserName: someone.userName, Email: someone.email })]);
		});

		it("gives an offboarding the leaver's devices: exactly theirs (not jdoe2's), in both record shapes", async () => {
			const leaver = [sim.fleet.enrol({ userName: 'jdoe', ownership: 'E' }), sim.fleet.enrol({ userName: 'jdoe', ownership: 'C', platform: 'WinRT' })];
			const colleague = sim.fleet.enrol({ userName: 'jdoe2' });
			try {
				const both = await run({ typeVersion: 2, parameters: { resource: 'user', operation: 'search', userName: 'jdoe', includeDevices: true, returnAll: true } });
				expect(json(both.items).map((user) => [user.userName, user.enrolledDevices, (user.devices as Array<{ deviceId: number }>).map((device) => device.deviceId)])).toEqual([
					['jdoe', 2, leaver.map((device) => device.id)],
					['jdoe2', 1, [colleague.id]],
				]);
				const exact = await run({ parameters: { resource: 'user', operation: 'search', userName: 'JDoe', includeDevices: true, returnAll: true, options: { exactMatch: true, requestsPerMinute: 0 } } });
				expect(json(exact.items).map((user) => [user.UserName, (user.devices as Array<{ Id: { Value: number }; Ownership: string }>).map((device) => [device.Id.Value, device.Ownership])])).toEqual([
					['jdoe', [[leaver[0].id, 'E'], [leaver[1].id, 'C']]],
				]);
			} finally {
				for (const device of [...leaver, colleague]) sim.fleet.remove(device);
			}
		});

		it('refuses a Limit below 1 before any request, on its item only', async () => {
			const result = await run({ parameters: { resource: 'user', operation: 'search', userName: 'user', limit: '={{ $json.limit }}' } }, [{ limit: 0 }, { limit: 1 }]);
			expect(json(result.items).map((item) => item.error ?? item.UserName)).toEqual(['Limit must be a whole number of at least 1, got 0', sim.fleet.users()[0].userName]);
			expect(sim.snapshot().requests).toBe(1);
		});
	});
});
