// The pure parts of the Event Trigger: which kind an event is (EventType in any spelling, else
// EventId), how a payload's values are normalised, the create body's two readings and how a
// registration is read back, and the Basic pair's verifier.
import { headerMatches, newPair, pairProblem, verifierOf } from '../../nodes/WorkspaceOneUem/events/basicAuth';
import { WorkspaceOneUemEventTrigger } from '../../nodes/WorkspaceOneUem/WorkspaceOneUemEventTrigger.node';
import { normaliseEvent, readEventBody } from '../../nodes/WorkspaceOneUem/events/normalise';
import { chosenKinds, kindOf } from '../../nodes/WorkspaceOneUem/uem/eventKinds';
import { mismatchOf, readRegistration, registrationBody, registrationIdOf } from '../../nodes/WorkspaceOneUem/uem/eventNotifications';

describe('event kinds', () => {
	it.each([
		['MDMEnrollmentComplete', undefined, 'deviceEnrolled'],
		['MDM Enrollment Complete', undefined, 'deviceEnrolled'],
		['BreakMDMConfirmed', undefined, 'deviceUnenrolled'],
		['DeviceEnterpriseWipeRequested', undefined, 'enterpriseWipeRequested'],
		['DeviceWipeRequested', undefined, 'deviceWiped'],
		['Device Wipe', undefined, 'deviceWiped'],
		['DeviceDeleted', undefined, 'deviceDeleted'],
		['Compliance Status Changed', undefined, 'complianceStatusChanged'],
		['COMPROMISEDSTATUSCHANGED', undefined, 'compromisedStatusChanged'],
		['DeviceFriendlyNameChanged', undefined, 'attributeChanged'],
		['Device Operating System Changed', undefined, 'attributeChanged'],
		['DeviceAttributePhoneNumberModified', undefined, 'attributeChanged'],
		['AppInstallConfirmed', 148, 'other'],
		[undefined, 148, 'deviceEnrolled'],
		[undefined, 39, 'deviceUnenrolled'],
		[undefined, 229, 'enterpriseWipeRequested'],
		[undefined, 178, 'compromisedStatusChanged'],
		[undefined, 642, 'attributeChanged'],
		[undefined, 12345, 'other'],
	])('%s (EventId %s) is %s', (eventType, eventId, kind) => {
		expect(kindOf(eventType, eventId)).toBe(kind);
	});

	it('All Events stands for every kind; a choice keeps a stable order', () => {
		expect(chosenKinds(['*'])).toHaveLength(8);
		expect(chosenKinds(['deviceWiped', 'deviceEnrolled', 'nonsense'])).toEqual(['deviceEnrolled', 'deviceWiped']);
	});
});

describe('payload values', () => {
	const event = (fields: Record<string, unknown>) => normaliseEvent(fields).item;

	it('turns .NET dates (with or without a zone) and XML times (without a zone: UTC) into ISO 8601', () => {
		expect(event({ EventId: 39, EventTime: '/Date(1368076258271)/' }).EventTime).toBe('2013-05-09T05:10:58.271Z');
		expect(event({ EventId: 39, EventTime: '/Date(1368076258271+0200)/' }).EventTime).toBe('2013-05-09T05:10:58.271Z');
		expect(event({ EventId: 39, EventTime: '2014-01-31T14:40:52.6667849Z' }).EventTime).toBe('2014-01-31T14:40:52.666Z');
		expect(event({ EventId: 39, EventTime: '2014-01-31T14:40:52' }).EventTime).toBe('2014-01-31T14:40:52.000Z');
		expect(event({ EventId: 39, SomeNewDate: '/Date(0)/' }).SomeNewDate).toBe('1970-01-01T00:00:00.000Z');
	});

	it('keeps what it cannot read as it came, and System.Byte[] as null wherever it appears', () => {
		const item = event({ EventType: 'BreakMDMConfirmed', EventTime: 'yesterday', Udid: 'System.Byte[]', NewField: 'System.Byte[]', PhoneNumber: '' });
		expect(item).toMatchObject({ EventTime: 'yesterday', Udid: null, NewField: null, PhoneNumber: '' });
	});

	it('reads numbers XML sent as text as numbers, and nothing else', () => {
		expect(event({ EventId: '39', DeviceId: '133', EnrollmentUserId: '52', SerialNumber: '0123' })).toMatchObject({ EventId: 39, DeviceId: 133, EnrollmentUserId: 52, SerialNumber: '0123' });
	});

	it('takes a body of JSON sent as text, and an XML document whatever the case of its root', () => {
		expect(readEventBody('{"EventId":39}')).toEqual({ fields: { EventId: 39 } });
		expect(readEventBody({ EventLog: { eventid: '39', eventtype: 'BreakMDMConfirmed', extra: 'x' } })).toEqual({ fields: { EventId: '39', EventType: 'BreakMDMConfirmed', extra: 'x' } });
		expect(readEventBody({ EventId: 'not a number' })).toEqual({ problem: 'The body has neither an EventId nor an EventType: it is not a UEM event.' });
	});
});

describe('the create body and what UEM reads back', () => {
	const target = { name: 'n8n 1 abc', url: 'https://n8n.example.com/webhook/x/webhook', userName: 'n8n-u', password: 'secret-pw', kinds: ['deviceWiped' as const, 'deviceUnenrolled' as const], organizationGroupId: 571 };

	it('carries both readings of the unconfirmed field names at once', () => {
		expect(registrationBody(target)).toEqual({
			TargetName: 'n8n 1 abc',
			TargetUrl: target.url,
			Username: 'n8n-u',
			Password: 'secret-pw',
			Format: 'JSON',
			Events: ['DeviceWipeRequested', 'BreakMDMConfirmed'],
			DeviceWipe: true,
			DeviceUnenrollment: true,
			OrganizationGroupId: 571,
			LocationGroupId: 571,
		});
		expect(registrationBody({ ...target, organizationGroupId: 0 })).not.toHaveProperty('OrganizationGroupId');
	});

	it.each([[42], ['42'], [{ Value: 42 }], [{ Id: { Value: 42 } }], [{ id: 42 }], [{ EventNotificationId: '42' }]])('finds the id in %j', (answer) => {
		expect(registrationIdOf(answer)).toBe('42');
	});

	it('reads a registration in either reading, whatever the case of its fields, and says what does not match', () => {
		const flags = readRegistration({ Id: { Value: 7 }, TargetUrl: target.url, DeviceWipe: true, DeviceUnenrollment: true, DeviceDelete: false });
		const list = readRegistration({ id: 7, targetURL: target.url, events: ['DeviceWipeRequested', 'Break MDM Confirmed'] });
		for (const registration of [flags, list]) expect(mismatchOf(registration!, target)).toBeUndefined();
		expect(mismatchOf(readRegistration({ Id: 7, TargetUrl: target.url, DeviceWipe: true })!, target)).toBe('it left out Device Unenrolled');
		expect(mismatchOf(readRegistration({ Id: 7, TargetUrl: 'https://elsewhere/' })!, target)).toBe('it kept the target URL https://elsewhere/');
		expect(mismatchOf(readRegistration({ Id: 7, TargetUrl: target.url })!, target)).toBe('its answer shows no events under any field name this node knows');
	});
});

describe('the Basic pair', () => {
	const header = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

	it('keeps a verifier that holds neither the user name nor the password, and a fresh salt each time', () => {
		const pair = newPair();
		const first = verifierOf(pair);
		const second = verifierOf(pair);
		expect(JSON.stringify(first)).not.toContain(pair.password);
		expect(JSON.stringify(first)).not.toContain(pair.userName);
		expect(first.digest).not.toBe(second.digest);
		expect(headerMatches(header(pair.userName, pair.password), first)).toBe(true);
		expect(headerMatches(header(pair.userName, pair.password), second)).toBe(true);
		expect(headerMatches(`basic   ${Buffer.from(`${pair.userName}:${pair.password}`).toString('base64')}`, first)).toBe(true);
		expect(headerMatches(header(pair.userName, `${pair.password}x`), first)).toBe(false);
		expect(headerMatches(header(pair.userName, pair.password.slice(0, -1)), first)).toBe(false);
		expect(headerMatches(undefined, first)).toBe(false);
		expect(headerMatches(['Basic x'], first)).toBe(false);
	});

	it('makes a new, unguessable pair per registration', () => {
		const pairs = Array.from({ length: 50 }, newPair);
		expect(new Set(pairs.map((pair) => pair.password)).size).toBe(50);
		expect(pairs.every((pair) => Buffer.from(pair.password, 'base64url').length === 32)).toBe(true);
	});

	it.each([
		[{ userName: '', password: 'a-long-enough-password' }, 'The user name is empty.'],
		[{ userName: 'a:b', password: 'a-long-enough-password' }, 'The user name contains a colon, which HTTP Basic auth cannot carry.'],
		[{ userName: 'uem', password: 'short' }, 'The password is shorter than 16 characters: use a long random one.'],
		[{ userName: 'uem', password: 'a-long-enough-password\n' }, 'The user name or password contains a line break or another control character.'],
		[{ userName: 'uem', password: 'a-long-enough-password' }, undefined],
	])('checks a pair typed for Manual registration: %j', (fields, problem) => {
		expect(pairProblem(fields)).toBe(problem);
	});

	it("is what the Event Notification credential's Test reports, never quoting the password", async () => {
		const test = new WorkspaceOneUemEventTrigger().methods.credentialTest.eventNotificationPair;
		const check = async (data: Record<string, string>) => await test.call({} as never, { id: 'c', name: 'pair', type: 'workspaceOneUemEventNotificationApi', data });
		expect(await check({ userName: 'uem', password: 'a-long-enough-password' })).toEqual({ status: 'OK', message: 'The user name and password can be entered in the UEM console' });
		const refused = await check({ userName: 'uem', password: 'tiny-pw' });
		expect(refused).toEqual({ status: 'Error', message: 'The password is shorter than 16 characters: use a long random one.' });
		expect(JSON.stringify(refused)).not.toContain('tiny-pw');
	});
});
