import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { mapInPool } from '../../helpers/taskPool';
import { simplifyDevice } from '../../uem/devices';
import { devicesOfUser, searchUsers, simplifyUser } from '../../uem/users';
import { limitOf, optionsField, returnAllFields, simplifyField, simplifyOf } from '../common.descriptions';
import type { PreparedItem } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. name@email.com',
		default: '',
		description: 'Only users whose email address contains this text',
	},
	{
		displayName: 'User Name',
		name: 'userName',
		type: 'string',
		default: '',
		placeholder: 'e.g. jdoe',
		description: 'Only users whose user name contains this text (UEM also finds longer names: jdoe finds jdoe2; see Exact Match)',
	},
	{
		displayName: 'Include Devices',
		name: 'includeDevices',
		type: 'boolean',
		default: false,
		description:
			"Whether to add each user's devices under devices: a device search by the user's exact name, one more request per user. The start of an offboarding.",
	},
	...returnAllFields,
	simplifyField('user'),
	optionsField([
		{
			displayName: 'Exact Match',
			name: 'exactMatch',
			type: 'boolean',
			default: false,
			description: 'Whether to keep only users whose user name (or email) is exactly the one given, in any case, instead of every user whose name contains it',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['search'] } }, properties);

/** Whether a user record is exactly the one asked for (either filter, when given; case does not matter). */
function isExactly(record: IDataObject, userName: string, email: string): boolean {
	const same = (value: unknown, wanted: string) => wanted === '' || String(value ?? '').toLowerCase() === wanted.toLowerCase();
	return same(record.UserName, userName) && same(record.Email, email);
}

/**
 * Users by email or user name; with Include Devices, each user's devices under `devices`, found by
 * a device search on the exact user name (UEM's filter also finds longer names). Simplify, on by
 * default from version 2, flattens users and their devices alike.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const limit = limitOf(this, itemIndex);
	const email = String(this.getNodeParameter('email', itemIndex, '') ?? '').trim();
	const userName = String(this.getNodeParameter('userName', itemIndex, '') ?? '').trim();
	const withDevices = this.getNodeParameter('includeDevices', itemIndex, false) === true;
	const exact = (this.getNodeParameter('options', itemIndex, {}) as IDataObject).exactMatch === true;
	const simplify = simplifyOf(this, itemIndex);
	return async (api) => {
		let users = await searchUsers(api, { email, username: userName }, exact ? undefined : limit);
		if (exact) users = users.filter((record) => isExactly(record, userName, email)).slice(0, limit);
		const shaped = users.map((record) => (simplify ? simplifyUser(record) : record));
		if (!withDevices) return shaped;
		const devices = await mapInPool(users.length, api.concurrency, async (index) => {
			const name = users[index].UserName;
			return typeof name === 'string' && name !== '' ? await devicesOfUser(api, name) : [];
		});
		return shaped.map((user, index) => ({ ...user, devices: devices[index].map((device) => (simplify ? simplifyDevice(device) : device)) }));
	};
}

export const toolDescription =
	'Search the users of Workspace ONE UEM by email address or user name (the text is contained unless the tool asks for an exact match). Returns one object per user: userId, userName, email, firstName, lastName, displayName, active, organization group, role and enrolledDevices; with Include Devices on, also each user\'s devices. Use it to find a person\'s devices from their email address.';
