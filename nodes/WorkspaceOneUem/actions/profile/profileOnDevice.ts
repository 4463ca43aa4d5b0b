import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
} from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { describeCall } from '../../transport/calls';
import { deviceNotFoundError, uemHttpError } from '../../transport/uemErrors';
import { profileActionCallFor, type ProfileAction } from '../../uem/commands';
import { labelOf, parseDeviceIdentifier, type DeviceIdType } from '../../uem/devices';
import { deviceIdTypeField, deviceValueField, requestOptions } from '../common.descriptions';
import type { PreparedItem, UemOperation } from '../node.type';
import { dryRunField, guardWrite, refusalOf, type GuardedAction } from '../writeGuards';

const ACTIONS: Record<ProfileAction, GuardedAction & { operation: string; verb: string }> = {
	install: { name: 'Install Profile', value: 'install', destructive: false, operation: 'installOnDevice', verb: 'install' },
	remove: { name: 'Remove Profile', value: 'remove', destructive: false, operation: 'removeFromDevice', verb: 'remove' },
};

function fieldsFor(action: ProfileAction): INodeProperties[] {
	const { verb } = ACTIONS[action];
	return [
		{
			displayName: 'Profile ID',
			name: 'profileId',
			type: 'string',
			required: true,
			default: '={{ $json.profileId }}',
			placeholder: 'e.g. 305',
			description: `UEM's numeric ID of the profile to ${verb}. The default reads it from a Get Fleet Status or Get Status item before this node.`,
		},
		deviceIdTypeField(true),
		deviceValueField(
			`The device to ${verb} the profile on. The default reads the device ID from a Get Fleet Status, Get Status or Device Search item.`,
			'={{ $json.deviceId ?? $json.Id?.Value }}',
		),
		dryRunField,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			description: 'How the node calls UEM. The defaults suit most tenants.',
			options: requestOptions.filter((option) => option.name !== 'apiVersion'),
		},
	];
}

function parseProfileId(node: INode, raw: unknown): string {
	const value = raw === undefined || raw === null ? '' : String(raw).trim();
	if (!/^\d+$/.test(value)) {
		throw new NodeOperationError(node, value === '' ? 'Profile ID is empty' : `Profile ID must be a whole number, got "${value}"`, {
			description: "Use UEM's numeric profile ID (profileId in a Get Fleet Status or Get Status item).",
		});
	}
	return value;
}

/** Whatever went wrong, the person reading it must know which profile and device it concerns. */
function aboutTarget(node: INode, error: unknown, target: string): NodeApiError | NodeOperationError {
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError)) return new NodeOperationError(node, error as Error);
	error.message = `${target}: ${error.message}`;
	return error;
}

/**
 * Install on Device and Remove From Device: one profile on one device per item, sent once (a lost
 * answer is "outcome unknown", never sent again); a dry run, the default, outputs the request.
 */
export function profileOnDevice(action: ProfileAction): UemOperation {
	const guarded = ACTIONS[action];
	const description = updateDisplayOptions({ show: { resource: ['profile'], operation: [guarded.operation] } }, fieldsFor(action));

	function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
		const profileId = parseProfileId(this.getNode(), this.getNodeParameter('profileId', itemIndex, ''));
		const type = this.getNodeParameter('deviceIdType', itemIndex) as DeviceIdType;
		const identifier = parseDeviceIdentifier(this.getNode(), type, this.getNodeParameter('deviceIdValue', itemIndex, ''));
		const dryRun = this.getNodeParameter('dryRun', 0, true) === true;
		const refusal = refusalOf(this, itemIndex, guarded, () => guarded);
		if (!dryRun) guardWrite(this, itemIndex, guarded, () => guarded);
		const device = { [identifier.type]: identifier.value };
		const target = `${guarded.name} ${profileId} on ${labelOf(identifier.type)} ${identifier.value}`;

		return async (api) => {
			const where = await profileActionCallFor(api, action, profileId, identifier);
			if ('absent' in where) {
				const uem = where.absent.kind === 'missing' ? where.absent.error : {};
				throw deviceNotFoundError(api.node, where.absent.call, { label: labelOf(identifier.type), value: identifier.value }, uem);
			}
			const output: IDataObject = { action, profileId: Number(profileId), device };
			if (where.deviceId !== undefined) output.deviceId = where.deviceId;
			const body = where.call.body as IDataObject;
			if (dryRun) {
				return [{ dryRun: true, ...output, wouldSend: describeCall(where.call), body, ...(refusal ? { wouldBeRefused: refusal.message } : {}) }];
			}
			let answer;
			try {
				answer = await api.send(where.call);
			} catch (error) {
				throw aboutTarget(api.node, error, target);
			}
			if (answer.kind === 'missing') {
				// UEM says which is missing: the device (5002) or the profile (5061).
				if (String(answer.error.errorCode) === '5002') {
					throw deviceNotFoundError(api.node, answer.call, { label: labelOf(identifier.type), value: identifier.value }, answer.error);
				}
				throw aboutTarget(api.node, uemHttpError(api.node, answer.call, answer.status, answer.error), target);
			}
			const response = answer.kind === 'ok' ? { response: answer.body as IDataObject } : {};
			return [{ ...output, sent: `${answer.call.method} ${answer.call.path}`, body, status: answer.status, ...response }];
		};
	}
	return { description, prepare };
}
