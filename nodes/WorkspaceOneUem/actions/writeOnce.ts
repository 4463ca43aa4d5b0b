import { NodeApiError, NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import { describeCall, type UemAnswer, type UemApi, type UemCall } from '../transport/calls';
import { deviceNotFoundError, uemHttpError } from '../transport/uemErrors';
import type { DeviceCallOrAbsent } from '../uem/devices';
import { noteCall } from '../uem/messages';

/** One item's write, as its operation planned it. */
export interface WritePlan {
	/** Where the write goes (and the device's numeric id where known), or the answer that said the device is not there. */
	where: DeviceCallOrAbsent;
	/** The item's first output fields: what it asks for, and the device as the item named it. */
	output: IDataObject;
	/** The device as the item named it, for "device not found". */
	device: { label: string; value: string };
	/** Put before every error of the item, e.g. "Lock to Serial Number C02…", so a person knows which device it concerns. */
	target: string;
	dryRun: boolean;
	/** Why a real run would refuse the item, shown by a dry run (a real run has refused it already). */
	refusal?: { message: string };
	/** Output nothing, instead of an error, for a device UEM does not have. */
	skipIfNotFound?: boolean;
	/** Written on the device's record once the write was carried out (needs the device's id). */
	note?: string;
}

function aboutTarget(node: INode, error: unknown, target: string): NodeApiError | NodeOperationError {
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError)) return new NodeOperationError(node, error as Error);
	error.message = `${target}: ${error.message}`;
	return error;
}

/**
 * Sends one write once, or in a dry run outputs exactly what would be sent. The client never
 * retries it once it may have reached UEM, so its error then says "outcome unknown".
 */
export async function writeOnce(api: UemApi, plan: WritePlan): Promise<IDataObject[]> {
	const notFound = (answer: UemAnswer) => {
		if (plan.skipIfNotFound) return [];
		throw deviceNotFoundError(api.node, answer.call, plan.device, answer.kind === 'missing' ? answer.error : {});
	};
	if ('absent' in plan.where) return notFound(plan.where.absent);
	const { call, deviceId } = plan.where;
	const output: IDataObject = { ...plan.output, ...(deviceId === undefined ? {} : { deviceId }) };
	const body = call.body === undefined ? {} : { body: call.body as IDataObject };
	const note = plan.note !== undefined && deviceId !== undefined ? noteCall(String(deviceId), plan.note) : undefined;
	if (plan.dryRun) {
		const wouldNote = note ? { wouldAddNote: describeCall(note), note: plan.note } : {};
		return [{ dryRun: true, ...output, wouldSend: describeCall(call), ...body, ...wouldNote, ...(plan.refusal ? { wouldBeRefused: plan.refusal.message } : {}) }];
	}
	let answer: UemAnswer;
	try {
		answer = await api.send(call);
	} catch (error) {
		throw aboutTarget(api.node, error, plan.target);
	}
	if (answer.kind === 'missing') {
		// UEM says what is missing: the device (5002), or something else the write names (a profile: 5061).
		const code = answer.error.errorCode;
		if (code === undefined || code === null || String(code) === '5002') return notFound(answer);
		throw aboutTarget(api.node, uemHttpError(api.node, answer.call, answer.status, answer.error), plan.target);
	}
	const response = answer.kind === 'ok' ? { response: answer.body as IDataObject } : {};
	const sent: IDataObject = { ...output, sent: `${answer.call.method} ${answer.call.path}`, ...body, status: answer.status, ...response };
	if (note) sent.note = await addNote(api, note);
	return [sent];
}

/**
 * The note that goes with a write already carried out. Its failure is not the item's: an error
 * item would invite a second run of the write, so the outcome is told beside it.
 */
async function addNote(api: UemApi, call: UemCall): Promise<IDataObject> {
	const text = (call.body as IDataObject).Note;
	try {
		const answer = await api.send(call);
		if (answer.kind === 'missing') return { added: false, text, error: uemHttpError(api.node, answer.call, answer.status, answer.error).message };
		return { added: true, text, status: answer.status, ...(answer.kind === 'ok' ? { response: answer.body as IDataObject } : {}) };
	} catch (error) {
		return { added: false, text, error: (error as Error).message };
	}
}
