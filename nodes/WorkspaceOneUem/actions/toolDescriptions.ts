import type { INodeProperties } from 'n8n-workflow';

/** A resource module as the node and the router see it: its fields, and its operations under their values. */
export type ResourceModule = { description: INodeProperties[] } & Record<string, unknown>;

const HELP =
	'What the AI agent or MCP client reads about this tool: what it does, what to give it and what it returns. Name the identifier the tool takes if it is not what this text says.';

/** The values of a resource's Operation selector, in the editor's order. */
function operationValues(resource: ResourceModule): string[] {
	const selector = resource.description.find((field) => field.name === 'operation' && field.type === 'options');
	return (selector?.options ?? []).flatMap((option) => ('value' in option && typeof option.value === 'string' ? [option.value] : []));
}

function toolDescriptionOf(operation: unknown): string | undefined {
	const text = (operation as { toolDescription?: unknown } | undefined)?.toolDescription;
	return typeof text === 'string' && text.trim() !== '' ? text : undefined;
}

/**
 * The tool variant's Description, one field per operation, prefilled with the text its operation
 * file exports as `toolDescription` (written for a model, not for a person in the editor).
 * `@tool` shows them only in the variant n8n makes for AI agents and MCP clients; because the
 * node has its own `toolDescription`, n8n adds no generic one ("Get a device in Workspace ONE
 * UEM"), and sends the one shown for the chosen operation. An operation without a text gets no
 * field, and n8n's generic description.
 */
export function toolDescriptionFields(resources: Record<string, ResourceModule>): INodeProperties[] {
	return Object.entries(resources).flatMap(([resource, module]) =>
		operationValues(module).flatMap((operation): INodeProperties[] => {
			const text = toolDescriptionOf(module[operation]);
			if (text === undefined) return [];
			return [
				{
					displayName: 'Description',
					name: 'toolDescription',
					type: 'string',
					default: text,
					required: true,
					typeOptions: { rows: 4 },
					displayOptions: { show: { '@tool': [true], resource: [resource], operation: [operation] } },
					description: HELP,
				},
			];
		}),
	);
}

/** Sentences several operations' tool descriptions share. */
export const TOOL_TEXT = {
	deviceFields:
		'deviceId, serialNumber, name, userName, userEmail, platform, model, osVersion, ownership, enrollmentStatus, complianceStatus, lastSeen, organizationGroupId and organizationGroupName',
	oneDevice:
		'The device is given by the identifier this tool takes (its serial number unless the tool says otherwise); an error starting "Device not found" means UEM has no device with it: check the identifier with the user, or find the device with a device or user search.',
	write:
		'This changes a real device. Nothing is sent unless a person allowed writes on this tool in n8n, nor while Dry Run is on (the answer then shows only wouldSend, the request it would send). A refusal says why: tell the user instead of retrying.',
	destructive:
		'Destructive actions also need a confirmation typed by a person on the node, and stop at the number of devices that person allowed per run: no tool argument can give either.',
} as const;
